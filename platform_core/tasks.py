"""Huey tasks of the core: thin, primitive arguments, the work done by Django or a service.

Enqueue through `on_commit` helpers, so a task never runs for a transaction that rolled back.
`execute_run` is the one task behind every background run (platform_core.runs); `reap_runs`
runs every minute in the consumer and fails runs whose worker stopped; `run_provider_call` is a
synchronous AI call (coach, prompt, insight) in the task path (platform_core.calls);
`delete_stored_files` retries the deletion of files the storage refused after a commit
(platform_core.files).
"""

import logging

from django.conf import settings
from django.core.files.storage import storages
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, task

from . import calls, files, runs
from .models import Run

__all__ = [
    "HUEY",
    "delete_stored_files",
    "email_on_commit",
    "execute_run",
    "reap_runs",
    "run_provider_call",
    "send_email",
    "send_email_on_commit",
]

logger = logging.getLogger(__name__)
UNEXPECTED_MESSAGE = "Something went wrong while working on this; start it again."


@task(retries=3, retry_delay=60)
def send_email(subject: str, body: str, recipients: list[str]) -> int:
    """Send one plain-text email through Django's configured email backend."""
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)


def send_email_on_commit(subject: str, body: str, recipients: list[str]) -> None:
    """Queue `send_email` once the current transaction commits (at once outside one).

    When the queue (Redis) does not answer, the email is not sent: logged as failed (subject and
    recipients, never the body, which holds codes and links) and the request carries on; the
    person asks again (resend-verification, password reset) once it is back.
    """

    def enqueue() -> None:
        try:
            send_email(subject, body, recipients)
        except Exception as exc:
            logger.error("Email %r to %s not sent: it could not be queued (%s: %s).",
                         subject, ", ".join(recipients), type(exc).__name__, exc)  # fmt: skip

    transaction.on_commit(enqueue)


def email_on_commit(template: str, context: dict, subject: str, recipients: list[str]) -> None:
    """Render the plain-text `template` with `context` now and queue it for `recipients`."""
    send_email_on_commit(subject, render_to_string(template, context), recipients)


@db_task()
def execute_run(run_id: int) -> str:
    """Do run `run_id`: call its kind's handler and record the outcome; never raises.

    Only a queued run starts (a replaced, reaped or already done one is left alone); the outcome
    is recorded only while the run is still running, so a run ended elsewhere keeps its end.
    Returns the final status, or "skipped".
    """
    now = timezone.now()
    started = Run.objects.filter(pk=run_id, status=Run.Status.QUEUED).update(
        status=Run.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=models.F("attempts") + 1,
    )
    if not started:
        logger.info("Run %s is not queued (replaced, reaped or done); skipped.", run_id)
        return "skipped"
    run = Run.objects.get(pk=run_id)
    handler = runs.handler_for(run.kind)
    if handler is None:
        logger.error("Run %s: no handler is registered for kind %r.", run_id, run.kind)
        return _finish(
            run,
            Run.Status.FAILED,
            f"Runs of kind {run.kind!r} cannot be done here: "
            "no installed app handles them. Ask an administrator.",
        )
    try:
        handler(runs.RunContext(run))
    except runs.RunEnded:
        logger.info("Run %s ended elsewhere while its handler worked.", run_id)
        return "skipped"
    except runs.RunError as exc:
        logger.info("Run %s failed: %s", run_id, exc.message)
        return _finish(run, Run.Status.FAILED, exc.message)
    except Exception:
        # Any bug in a handler or plugin: logged with its traceback, the worker carries on.
        logger.exception("Run %s (%s) raised.", run_id, run.kind)
        return _finish(run, Run.Status.FAILED, UNEXPECTED_MESSAGE)
    return _finish(run, Run.Status.SUCCEEDED, "")


def _finish(run: Run, status: str, error: str) -> str:
    now = timezone.now()
    fields: dict = {"status": status, "error": error, "finished_at": now, "heartbeat_at": now}
    if status == Run.Status.SUCCEEDED:
        fields["progress"] = 100
    if not Run.objects.filter(pk=run.pk, status=Run.Status.RUNNING).update(**fields):
        logger.warning("Run %s ended elsewhere before it finished; its end stands.", run.pk)
        return "skipped"
    return status


@db_periodic_task(crontab(minute="*"))
def reap_runs() -> int:
    """Every minute: fail runs whose worker stopped (see platform_core.runs.reap_stale_runs)."""
    return runs.reap_stale_runs()


@task()
def run_provider_call(hook: str, arguments: dict, deadline: float) -> dict:
    """Ask the plugin serving provider hook `hook` with `arguments` (JSON data, validated back
    into the hook's types) until `deadline` (epoch seconds). Answers `{"result": ...}` or
    `{"error": "timeout" | "upstream", "detail"}`; never raises (platform_core.calls)."""
    return calls.execute(hook, arguments, deadline)


class FilesStillStored(Exception):
    """The storage refused to delete some files (Huey retries the task)."""


@task(retries=6, retry_delay=60, retry_backoff=2, context=True)
def delete_stored_files(names: list[str], storage: str, purpose: str, task=None) -> list[str]:
    """Delete the stored files `names` from the storage `storage` (a STORAGES alias): the ones it
    refused right after the change that freed them committed (files.delete_now_or_retry);
    `purpose` starts the log lines. Retried six times, over about an hour; after the last try
    the files still stored are logged as an error, to be deleted by hand. Returns those names."""
    left = files.delete_files(storages[storage], names, purpose)
    if left and task is not None and task.retries:
        raise FilesStillStored(f"{len(left)} of {len(names)} file(s) still stored")
    if left:
        logger.error(
            "%s: the storage %r still refuses to delete %d file(s) after every retry; "
            "delete them by hand: %s",
            purpose,
            storage,
            len(left),
            ", ".join(left),
        )
    return left
