"""Background runs (issue 12, item 2): starting them idempotently, the core task that calls the
registered handler and records the outcome, the reaper of runs whose worker stopped, the consumer
settings, the admin, and a real consumer killed in the middle of a run.

Huey is immediate in tests: a run's task executes inline when the transaction commits, which
`django_capture_on_commit_callbacks(execute=True)` stands for.
"""

import datetime as dt
import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from platform_core import runs
from platform_core.models import Run
from platform_core.tasks import UNEXPECTED_MESSAGE, execute_run, reap_runs
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.concurrency import all_at_once, require_postgresql

ROOT = Path(__file__).resolve().parents[2]
KIND = "test_kind"


@pytest.fixture
def handler():
    """Register a handler for KIND that records its calls and does what `handler.action` says."""

    class Recorder:
        def __init__(self):
            self.calls: list[int] = []
            self.action = lambda context: None

        def __call__(self, context):
            self.calls.append(context.run.pk)
            self.action(context)

    recorder = Recorder()
    runs.register_handler(KIND, recorder)
    yield recorder
    runs.unregister_handler(KIND)


def started(subject, django_capture_on_commit_callbacks, **kwargs):
    """Start a KIND run for `subject` and commit (the task runs inline); the fresh run, created."""
    with django_capture_on_commit_callbacks(execute=True):
        run, created = runs.start_run(KIND, subject, **kwargs)
    run.refresh_from_db()
    return run, created


# --- starting --------------------------------------------------------------------------------


def test_start_run_commit_executes_handler_and_succeeds(
    candidate, handler, django_capture_on_commit_callbacks
):
    handler.action = lambda context: context.progress(40)

    run, created = started(
        candidate, django_capture_on_commit_callbacks, plugin="resume_parser", plugin_version="1.0"
    )

    assert created is True
    assert handler.calls == [run.pk]
    assert (run.kind, run.subject_type, run.subject_id) == (
        KIND,
        "candidates.candidateprofile",
        str(candidate.pk),
    )
    assert (run.status, run.progress, run.error, run.attempts) == ("succeeded", 100, "", 1)
    assert (run.plugin, run.plugin_version) == ("resume_parser", "1.0")
    assert run.created_at <= run.started_at <= run.heartbeat_at <= run.finished_at
    assert len(run.task_id) == 36


def test_start_run_before_commit_is_queued_with_its_task_id(candidate, handler):
    run, created = runs.start_run(KIND, candidate)

    stored = Run.objects.get(pk=run.pk)
    assert created is True
    assert handler.calls == []
    assert (stored.status, stored.progress, stored.started_at) == ("queued", 0, None)
    assert stored.task_id == run.task_id != ""


def test_start_run_rolled_back_never_executes(
    candidate, handler, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        runs.start_run(KIND, candidate)
        raise RuntimeError("the request failed")

    assert callbacks == []
    assert handler.calls == []
    assert Run.objects.count() == 0


def test_start_run_while_active_with_same_input_returns_that_run(candidate, handler):
    first, _ = runs.start_run(KIND, candidate, input_hash="abc")

    again, created = runs.start_run(KIND, candidate, input_hash="abc")

    assert (again.pk, created) == (first.pk, False)
    assert Run.objects.count() == 1


def test_start_run_after_success_with_same_input_returns_that_run(
    candidate, handler, django_capture_on_commit_callbacks
):
    first, _ = started(candidate, django_capture_on_commit_callbacks, input_hash="abc")

    again, created = started(candidate, django_capture_on_commit_callbacks, input_hash="abc")

    assert (again.pk, created, again.status) == (first.pk, False, "succeeded")
    assert handler.calls == [first.pk]


def test_start_run_after_success_with_other_input_makes_new_run(
    candidate, handler, django_capture_on_commit_callbacks
):
    first, _ = started(candidate, django_capture_on_commit_callbacks, input_hash="abc")

    second, created = started(candidate, django_capture_on_commit_callbacks, input_hash="def")

    assert created is True
    assert handler.calls == [first.pk, second.pk]
    assert runs.latest_run(KIND, candidate) == second


def test_start_run_after_success_without_input_hash_makes_new_run(
    candidate, handler, django_capture_on_commit_callbacks
):
    first, _ = started(candidate, django_capture_on_commit_callbacks)

    second, created = started(candidate, django_capture_on_commit_callbacks)

    assert (created, second.status) == (True, "succeeded")
    assert handler.calls == [first.pk, second.pk]


def test_start_run_force_after_success_makes_new_run(
    candidate, handler, django_capture_on_commit_callbacks
):
    first, _ = started(candidate, django_capture_on_commit_callbacks, input_hash="abc")

    second, created = started(
        candidate, django_capture_on_commit_callbacks, input_hash="abc", force=True
    )

    assert (created, second.status) == (True, "succeeded")
    assert second.pk != first.pk


@pytest.mark.parametrize(
    ("second_hash", "force"), [("def", False), ("abc", True)], ids=["other_input", "force"]
)
def test_start_run_replaces_active_run(candidate, handler, second_hash, force):
    first, _ = runs.start_run(KIND, candidate, input_hash="abc")

    second, created = runs.start_run(KIND, candidate, input_hash=second_hash, force=force)

    first.refresh_from_db()
    assert created is True
    assert (first.status, first.error) == ("failed", runs.SUPERSEDED_MESSAGE)
    assert first.finished_at is not None
    assert list(Run.objects.filter(status__in=Run.ACTIVE)) == [second]


def test_start_run_other_subject_or_kind_are_separate(candidate, other_candidate, handler):
    mine, _ = runs.start_run(KIND, candidate, input_hash="abc")

    theirs, created_theirs = runs.start_run(KIND, other_candidate, input_hash="abc")
    other_kind, created_kind = runs.start_run("other_kind", candidate, input_hash="abc")

    assert (created_theirs, created_kind) == (True, True)
    assert len({mine.pk, theirs.pk, other_kind.pk}) == 3


def test_run_table_refuses_two_active_runs_per_kind_and_subject(candidate, handler):
    runs.start_run(KIND, candidate)

    with pytest.raises(IntegrityError), transaction.atomic():
        Run.objects.create(
            kind=KIND, subject_type="candidates.candidateprofile", subject_id=str(candidate.pk)
        )


def test_latest_run_none_then_newest(candidate, handler, django_capture_on_commit_callbacks):
    assert runs.latest_run(KIND, candidate) is None
    started(candidate, django_capture_on_commit_callbacks)
    newest, _ = started(candidate, django_capture_on_commit_callbacks)

    assert runs.latest_run(KIND, candidate) == newest


def test_register_handler_other_handler_for_taken_kind_is_refused(handler):
    runs.register_handler(KIND, handler)  # the same one again: harmless

    with pytest.raises(ValueError, match="already registered"):
        runs.register_handler(KIND, lambda context: None)


# --- the core task ---------------------------------------------------------------------------


def test_execute_run_handler_raising_fails_with_readable_error_and_logs_traceback(
    candidate, handler, django_capture_on_commit_callbacks, caplog
):
    def broken(context):
        raise KeyError("work_experience")

    handler.action = broken

    with caplog.at_level(logging.ERROR, logger="platform_core.tasks"):
        run, _ = started(candidate, django_capture_on_commit_callbacks)

    assert (run.status, run.error, run.progress) == ("failed", UNEXPECTED_MESSAGE, 0)
    assert run.finished_at is not None
    assert [record.exc_info[0] for record in caplog.records] == [KeyError]


def test_execute_run_after_handler_raised_next_run_still_succeeds(
    candidate, other_candidate, handler, django_capture_on_commit_callbacks
):
    def broken_once(context):
        if len(handler.calls) == 1:
            raise RuntimeError("plugin bug")

    handler.action = broken_once

    failed, _ = started(candidate, django_capture_on_commit_callbacks)
    succeeded, _ = started(other_candidate, django_capture_on_commit_callbacks)

    assert (failed.status, succeeded.status) == ("failed", "succeeded")


def test_execute_run_run_error_message_is_stored_as_is(
    candidate, handler, django_capture_on_commit_callbacks
):
    message = "This PDF is password-protected; upload a copy without a password."

    def refuse(context):
        context.progress(20)
        raise runs.RunError(message)

    handler.action = refuse

    run, _ = started(candidate, django_capture_on_commit_callbacks)

    assert (run.status, run.error, run.progress) == ("failed", message, 20)


def test_execute_run_unknown_kind_fails_with_message(candidate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = runs.start_run("no_such_kind", candidate)
    run.refresh_from_db()

    assert run.status == "failed"
    assert run.error == (
        "Runs of kind 'no_such_kind' cannot be done here: no installed app handles them. "
        "Ask an administrator."
    )


def test_execute_run_subject_deleted_fails_with_message(candidate, handler):
    handler.action = lambda context: context.subject
    run, _ = runs.start_run(KIND, candidate)
    type(candidate).objects.filter(pk=candidate.pk).delete()

    execute_run.call_local(run.pk)  # the commit-time call, after the deletion
    run.refresh_from_db()

    assert (run.status, run.error) == (
        "failed",
        "The candidate profile this run worked on was deleted.",
    )


def test_execute_run_subject_is_the_row(candidate, handler, django_capture_on_commit_callbacks):
    seen = []
    handler.action = lambda context: seen.append(context.subject)

    started(candidate, django_capture_on_commit_callbacks)

    assert seen == [candidate]


def test_execute_run_not_queued_is_skipped(candidate, handler, django_capture_on_commit_callbacks):
    run, _ = started(candidate, django_capture_on_commit_callbacks)

    outcome = execute_run.call_local(run.pk)

    assert outcome == "skipped"
    assert handler.calls == [run.pk]
    assert Run.objects.get(pk=run.pk).attempts == 1


def test_progress_records_percent_and_heartbeat(
    candidate, handler, django_capture_on_commit_callbacks
):
    seen = []

    def work(context):
        before = Run.objects.get(pk=context.run.pk).heartbeat_at
        context.progress(150)
        stored = Run.objects.get(pk=context.run.pk)
        seen.append((stored.progress, stored.heartbeat_at >= before))
        context.progress(-5)
        seen.append((Run.objects.get(pk=context.run.pk).progress, True))

    handler.action = work

    run, _ = started(candidate, django_capture_on_commit_callbacks)

    assert seen == [(99, True), (0, True)]
    assert run.progress == 100


def test_progress_after_run_replaced_stops_handler_and_keeps_replacement(
    candidate, handler, django_capture_on_commit_callbacks
):
    after = []

    def replaced_meanwhile(context):
        Run.objects.filter(pk=context.run.pk).update(status="failed", error=runs.SUPERSEDED_MESSAGE)
        context.progress(50)
        after.append("kept working")

    handler.action = replaced_meanwhile

    run, _ = started(candidate, django_capture_on_commit_callbacks)

    assert after == []
    assert (run.status, run.error, run.progress) == ("failed", runs.SUPERSEDED_MESSAGE, 0)


def test_execute_run_ended_elsewhere_keeps_that_end(
    candidate, handler, django_capture_on_commit_callbacks
):
    handler.action = lambda context: runs.reap_stale_runs(
        now=timezone.now() + dt.timedelta(seconds=settings.RUN_STALE_SECONDS + 1)
    )

    run, _ = started(candidate, django_capture_on_commit_callbacks)

    assert (run.status, run.error) == ("failed", runs.STALE_MESSAGE)


# --- the reaper ------------------------------------------------------------------------------


def _stored_run(subject, status, *, age: float, kind=KIND) -> Run:
    at = timezone.now() - dt.timedelta(seconds=age)
    run = Run.objects.create(
        kind=kind,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        status=status,
        heartbeat_at=at if status == "running" else None,
    )
    Run.objects.filter(pk=run.pk).update(created_at=at)
    return run


def test_reaper_fails_running_run_with_stale_heartbeat(candidate, other_candidate):
    stale = _stored_run(candidate, "running", age=settings.RUN_STALE_SECONDS + 5)
    alive = _stored_run(other_candidate, "running", age=settings.RUN_STALE_SECONDS - 30)

    ended = reap_runs.call_local()

    stale.refresh_from_db()
    alive.refresh_from_db()
    assert ended == 1
    assert (stale.status, stale.error) == (
        "failed",
        "The worker stopped while working on this; start it again.",
    )
    assert stale.finished_at is not None
    assert (alive.status, alive.error, alive.finished_at) == ("running", "", None)


def test_reaper_fails_run_queued_past_its_limit(candidate, other_candidate):
    old = _stored_run(candidate, "queued", age=settings.RUN_QUEUED_STALE_SECONDS + 5)
    recent = _stored_run(other_candidate, "queued", age=settings.RUN_STALE_SECONDS + 5)

    ended = reap_runs.call_local()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert ended == 1
    assert (old.status, old.error) == ("failed", runs.NEVER_STARTED_MESSAGE)
    assert recent.status == "queued"


def test_reaper_leaves_ended_runs_alone(candidate, other_candidate):
    done = _stored_run(candidate, "succeeded", age=10_000)
    failed = _stored_run(other_candidate, "failed", age=10_000)

    assert reap_runs.call_local() == 0
    assert [Run.objects.get(pk=run.pk).status for run in (done, failed)] == ["succeeded", "failed"]


def test_reaped_run_can_be_started_again(candidate, handler, django_capture_on_commit_callbacks):
    stale = _stored_run(candidate, "running", age=settings.RUN_STALE_SECONDS + 5)
    reap_runs.call_local()

    run, created = started(candidate, django_capture_on_commit_callbacks)

    assert (created, run.status) == (True, "succeeded")
    assert run.pk != stale.pk


def test_reaper_is_periodic_every_minute():
    minute = dt.datetime(2026, 1, 1, 12, 7)

    due = [task.name for task in HUEY.read_periodic(minute)]

    assert due.count("reap_runs") == 1


# --- consumer settings and admin -------------------------------------------------------------


def test_consumer_polls_at_most_every_quarter_second_and_runs_periodic_tasks():
    consumer = settings.HUEY["consumer"]

    assert consumer["max_delay"] <= 0.25
    assert consumer["initial_delay"] <= consumer["max_delay"]
    assert consumer["periodic"] is True


def test_admin_lists_runs_filtered_and_searched_read_only(candidate, handler, django_user_model):
    run, _ = runs.start_run(KIND, candidate)
    admin_user = django_user_model.objects.create_superuser(email="root@example.com", password="x")
    client = Client()
    client.force_login(admin_user)

    listing = client.get("/admin/platform_core/run/", {"status": "queued", "q": str(candidate.pk)})
    detail = client.get(f"/admin/platform_core/run/{run.pk}/change/")
    add = client.get("/admin/platform_core/run/add/")

    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [run]
    assert detail.status_code == 200
    assert b'name="status"' not in detail.content  # shown, not editable
    assert add.status_code == 403


# --- concurrency (PostgreSQL) ----------------------------------------------------------------


class _Started:
    """What `all_at_once` expects of a response: 201 for a created run, 200 for a reused one."""

    def __init__(self, created: bool):
        self.status_code = 201 if created else 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_start_run_by_10_threads_at_once_leaves_one_active_run(monkeypatch, force):
    require_postgresql()
    candidate = CandidateProfileFactory()
    # Only the starts race here: HUEY is immediate, so keep the task from running at commit.
    monkeypatch.setattr(HUEY, "enqueue", lambda task: None)

    def start(client):
        run, created = runs.start_run(KIND, candidate, input_hash="abc", force=force)
        return _Started(created)

    statuses = all_at_once([start] * 10)

    active = list(Run.objects.filter(status__in=Run.ACTIVE).values_list("kind", "subject_id"))
    assert active == [(KIND, str(candidate.pk))]
    if not force:
        assert sorted(statuses) == [200] * 9 + [201]
        assert Run.objects.count() == 1


# --- a real consumer, killed in the middle of a run ------------------------------------------


class Worker:
    """Runs tests/core/run_worker.py with a shared temp database, queue and release file."""

    def __init__(self, tmp_path: Path):
        self.database = tmp_path / "runs.sqlite3"
        self.release = tmp_path / "release"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "settings.test",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "HUEY_SQLITE_PATH": str(tmp_path / "huey.db"),
            "RUN_STALE_SECONDS": "1",
            "RUN_RELEASE": str(self.release),
        }

    def command(self, name: str) -> list[str]:
        return [sys.executable, "-m", "tests.core.run_worker", name]

    def call(self, name: str) -> dict:
        done = subprocess.run(  # noqa: S603 (our own interpreter and module)
            self.command(name),
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else {}

    def consumer(self) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            self.command("consume"),
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def run(self, run_id: int) -> tuple[str, int, str]:
        with sqlite3.connect(self.database) as db:
            row = db.execute(
                "SELECT status, progress, error FROM platform_core_run WHERE id = ?", (run_id,)
            ).fetchone()
        return tuple(row)

    def wait_for(self, run_id: int, condition, deadline: float = 60.0):
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            state = self.run(run_id)
            if condition(state):
                return state
            time.sleep(0.05)
        raise AssertionError(f"run {run_id} stayed {self.run(run_id)}")


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_consumer_killed_mid_run_is_reaped_and_next_run_succeeds(tmp_path):
    worker = Worker(tmp_path)
    worker.call("migrate")
    consumer = worker.consumer()
    try:
        first = worker.call("start")["run"]
        worker.wait_for(first, lambda state: state[:2] == ("running", 10))
    finally:
        _kill(consumer)

    # The killed worker's run stays "running" until the reaper sees its heartbeat go stale.
    end = time.monotonic() + 60
    while worker.run(first)[0] == "running" and time.monotonic() < end:
        worker.call("reap")
    reaped = worker.run(first)

    worker.release.touch()
    consumer = worker.consumer()
    try:
        second = worker.call("start")["run"]
        finished = worker.wait_for(second, lambda state: state[0] in ("succeeded", "failed"))
    finally:
        _kill(consumer)

    assert reaped == ("failed", 10, "The worker stopped while working on this; start it again.")
    assert finished == ("succeeded", 100, "")


# --- keep_alive ------------------------------------------------------------------------------


def _wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_keep_alive_heartbeats_a_long_block_so_the_reaper_spares_it(candidate):
    run = _stored_run(candidate, "running", age=settings.RUN_STALE_SECONDS + 5)
    context = runs.RunContext(run)

    with context.keep_alive(every=0.05):
        beaten = _wait_for(
            lambda: (
                Run.objects.get(pk=run.pk).heartbeat_at > timezone.now() - dt.timedelta(seconds=2)
            )
        )
        ended = runs.reap_stale_runs()

    assert (beaten, ended) == (True, 0)
    assert Run.objects.get(pk=run.pk).status == "running"


@pytest.mark.django_db(transaction=True)
def test_keep_alive_stops_beating_once_the_run_has_ended(candidate):
    run = _stored_run(candidate, "running", age=0)
    context = runs.RunContext(run)

    with context.keep_alive(every=0.05):
        Run.objects.filter(pk=run.pk).update(status="failed", heartbeat_at=None)
        time.sleep(0.3)

    assert Run.objects.get(pk=run.pk).heartbeat_at is None
