"""Background runs: start one, find the latest, and the context a handler works in.

An app registers a handler per run kind in its `AppConfig.ready` (as it declares its routers):

    register_handler("parse_resume", parse_resume_run)

and starts runs with `start_run("parse_resume", profile, input_hash=digest)`. The core's one task
(`platform_core.tasks.execute_run`) takes the run id once the transaction commits, calls the
handler with a `RunContext`, and records the outcome. A handler reports progress through the
context (each report is also a heartbeat) and raises `RunError` with a message a person can act
on; any other exception ends the run `failed` with a generic message, its traceback in the log.
`reap_stale_runs` (every minute in the consumer) fails runs whose worker stopped.
"""

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from .models import Run

logger = logging.getLogger(__name__)

Handler = Callable[["RunContext"], None]
_handlers: dict[str, Handler] = {}

STALE_MESSAGE = "The worker stopped while working on this; start it again."
NEVER_STARTED_MESSAGE = "No worker picked this up in time; start it again."
SUPERSEDED_MESSAGE = "A newer start replaced this run."
QUEUE_DOWN_MESSAGE = "The task queue was unavailable, so this never started; start it again."


class RunError(Exception):
    """Raised by a handler to end its run `failed` with `message`, shown to people as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RunEnded(Exception):
    """The run ended elsewhere (replaced by a newer start, or reaped) while its handler worked."""


def register_handler(kind: str, handler: Handler) -> None:
    """Make `handler(context)` do the work of runs of `kind` (call it from `AppConfig.ready`).

    Registering the same handler again is harmless; another handler for a taken kind is an error,
    so two apps cannot silently fight over one kind.
    """
    current = _handlers.get(kind)
    if current is not None and current is not handler:
        raise ValueError(f"A handler for runs of kind {kind!r} is already registered: {current!r}.")
    _handlers[kind] = handler


def unregister_handler(kind: str) -> None:
    """Forget the handler of `kind` (for tests)."""
    _handlers.pop(kind, None)


def handler_for(kind: str) -> Handler | None:
    """The handler registered for `kind`, or None."""
    return _handlers.get(kind)


def subject_key(subject: models.Model) -> tuple[str, str]:
    """How a run names `subject`: ("app_label.modelname", primary key as text)."""
    return subject._meta.label_lower, str(subject.pk)


def _runs_of(kind: str, subject: models.Model) -> models.QuerySet[Run]:
    subject_type, subject_id = subject_key(subject)
    return Run.objects.filter(kind=kind, subject_type=subject_type, subject_id=subject_id)


def latest_run(kind: str, subject: models.Model) -> Run | None:
    """The most recently started run of `kind` for `subject`, or None if it never had one."""
    return _runs_of(kind, subject).order_by("-created_at", "-pk").first()


def start_run(
    kind: str,
    subject: models.Model,
    *,
    plugin: str = "",
    plugin_version: str = "",
    input_hash: str = "",
    force: bool = False,
) -> tuple[Run, bool]:
    """Start a run of `kind` for `subject` unless an equivalent one exists: `(run, created)`.

    Without `force`, the active run is returned when its `input_hash` is this one, and the latest
    run when it succeeded on this (non-empty) `input_hash`. Otherwise a new run is queued, and an
    active run for other input (or any, with `force`) ends `failed` as replaced. Safe under
    concurrent starts: the database keeps one active run per kind and subject, and the loser of
    a race gets the winner's run. The task is enqueued when the transaction commits.
    """
    subject_type, subject_id = subject_key(subject)
    with transaction.atomic():
        latest = latest_run(kind, subject)
        if latest is not None and not force:
            same_input = latest.input_hash == input_hash
            if latest.is_active and same_input:
                return latest, False
            if latest.status == Run.Status.SUCCEEDED and input_hash and same_input:
                return latest, False
        if latest is not None and latest.is_active:
            # Only the run seen above: one a concurrent start made meanwhile is not replaced,
            # the insert below loses to it instead.
            Run.objects.filter(pk=latest.pk, status__in=Run.ACTIVE).update(
                status=Run.Status.FAILED, error=SUPERSEDED_MESSAGE, finished_at=timezone.now()
            )
        try:
            with transaction.atomic():
                run = Run.objects.create(
                    kind=kind,
                    subject_type=subject_type,
                    subject_id=subject_id,
                    plugin=plugin,
                    plugin_version=plugin_version,
                    input_hash=input_hash,
                    task_id=str(uuid.uuid4()),
                )
        except IntegrityError:
            # A concurrent start won the race: its run is the active one.
            winner = _runs_of(kind, subject).filter(status__in=Run.ACTIVE).first()
            if winner is None:
                raise
            return winner, False
        _enqueue_on_commit(run)
    return run, True


def _enqueue_on_commit(run: Run) -> None:
    # Imported here: tasks imports this module.
    from .tasks import HUEY, execute_run

    # The task id is chosen with the run, so callers can answer with it before the commit.
    task = execute_run.s(run.pk, id=run.task_id)

    def enqueue() -> None:
        try:
            HUEY.enqueue(task)
        except Exception as exc:  # the queue (Redis) does not answer: the run cannot start
            logger.error("Run %s could not be queued (%s: %s); it ends failed.", run.pk,
                         type(exc).__name__, exc)  # fmt: skip
            now = timezone.now()
            Run.objects.filter(pk=run.pk, status=Run.Status.QUEUED).update(
                status=Run.Status.FAILED, error=QUEUE_DOWN_MESSAGE, finished_at=now
            )
            run.status, run.error, run.finished_at = Run.Status.FAILED, QUEUE_DOWN_MESSAGE, now

    transaction.on_commit(enqueue)


class RunContext:
    """What a handler gets: the run, its subject, and `progress(n)` (which also heartbeats)."""

    def __init__(self, run: Run):
        self.run = run

    @property
    def subject(self) -> models.Model:
        """The row the run works on; `RunError` if it was deleted meanwhile."""
        model = apps.get_model(self.run.subject_type)
        try:
            return model._default_manager.get(pk=self.run.subject_id)
        except model.DoesNotExist as exc:
            raise RunError(
                f"The {model._meta.verbose_name} this run worked on was deleted."
            ) from exc

    def progress(self, percent: int) -> None:
        """Record `percent` done (clamped to 0-99; 100 is for the end) and a heartbeat.

        Raises `RunEnded` when the run is no longer running (replaced or reaped), so the handler
        stops instead of writing over newer work.
        """
        percent = max(0, min(int(percent), 99))
        self._touch(progress=percent)
        self.run.progress = percent

    def heartbeat(self) -> None:
        """Show the run is alive without changing its progress; `RunEnded` as for `progress`."""
        self._touch()

    @contextmanager
    def keep_alive(self, every: float | None = None) -> Iterator[None]:
        """Heartbeat from a background thread while the block runs (a plugin call that may take
        longer than RUN_STALE_SECONDS), so the reaper never ends a run whose worker is alive.

        The thread uses its own database connection and stops with the block, or as soon as the
        run is no longer running (the block then learns it at its next `progress()`).
        """
        interval = every if every is not None else max(1.0, settings.RUN_STALE_SECONDS / 4)
        stop = threading.Event()

        def beat() -> None:
            try:
                while not stop.wait(interval):
                    beaten = Run.objects.filter(pk=self.run.pk, status=Run.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                    if not beaten:
                        return
            except Exception:  # a heartbeat must never take the worker down
                logger.exception("Heartbeat of run %s failed", self.run.pk)
            finally:
                connection.close()

        thread = threading.Thread(target=beat, name=f"run-{self.run.pk}-heartbeat", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=interval + 5)

    def set_plugin(self, name: str, version: str = "") -> None:
        """Record which plugin (and version) does the work, when the handler picks it."""
        self._touch(plugin=name, plugin_version=version)
        self.run.plugin, self.run.plugin_version = name, version

    def _touch(self, **fields) -> None:
        now = timezone.now()
        updated = Run.objects.filter(pk=self.run.pk, status=Run.Status.RUNNING).update(
            heartbeat_at=now, **fields
        )
        if not updated:
            raise RunEnded(f"run {self.run.pk} is no longer running")
        self.run.heartbeat_at = now


def reap_stale_runs(now=None) -> int:
    """Fail runs whose worker stopped: running without a heartbeat for `RUN_STALE_SECONDS`, or
    queued for `RUN_QUEUED_STALE_SECONDS`. Returns how many runs it ended."""
    now = now or timezone.now()
    ended = Run.objects.filter(
        status=Run.Status.RUNNING,
        heartbeat_at__lt=now - timedelta(seconds=settings.RUN_STALE_SECONDS),
    ).update(status=Run.Status.FAILED, error=STALE_MESSAGE, finished_at=now)
    ended += Run.objects.filter(
        status=Run.Status.QUEUED,
        created_at__lt=now - timedelta(seconds=settings.RUN_QUEUED_STALE_SECONDS),
    ).update(status=Run.Status.FAILED, error=NEVER_STARTED_MESSAGE, finished_at=now)
    if ended:
        logger.warning("Ended %d run(s) whose worker stopped or never started.", ended)
    return ended
