"""Faults under real server processes on PostgreSQL (issue 18, part 3), as CI's second run has it.

gunicorn (one worker, one thread: one persistent connection, CONN_MAX_AGE 60 with health checks,
as production runs) and, for the consumer test, `manage.py run_huey`, both on the test database
itself (the tests commit: `transactional_db`) and on the suite's Redis when REDIS_URL is set.

- The worker's connection is killed (`pg_terminate_backend`) between two requests: the next one
  succeeds on a new connection; killed inside a multi-row write: 503, nothing of it is stored.
- Redis unreachable (the server's REDIS_URL on a closed port): health 503 naming Redis, signup and
  login work with throttle counters in the database, a queued email logged as not sent, a resend
  answered 503, a parse started meanwhile ends `failed` saying why.
- The consumer is SIGKILLed inside a parse (tests/fake_plugins/slow_parser.py): the reaper ends the
  run `failed`; a new consumer parses again. (The same on SQLite: tests/apps/candidates/
  test_parse_recovery.py.)

Off PostgreSQL these are skipped (they fail under CI_REQUIRE_SERVICES); the in-process
test_redis_down.py and test_storage.py run on both databases.
"""

import os
import signal
import sys
import threading

import psycopg
import pytest
from django.db import connection

from apps.jobs.models import JobPost, JobSkill
from platform_core import runs
from platform_core.errors import DATABASE_UNAVAILABLE, QUEUE_UNAVAILABLE
from platform_core.models import Run, ThrottleCounter
from tests.apps.candidates.test_parse_recovery import install_slow_parser
from tests.concurrency import require_postgresql
from tests.embedded import PASSWORD as STACK_PASSWORD
from tests.embedded import Embedded, Http, wait_until
from tests.helpers import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RESUME = b"Ada Lovelace\nPython\nSQL\n"
STALE_SECONDS = 2


# The `application_name` of the pg_stack's connections, so the tests find them among others.
PG_STACK = "faults-pg-stack"


def _database_url(application_name: str = "") -> str:
    """The test database (pytest-django's), for the server processes."""
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    query = f"?application_name={application_name}" if application_name else ""
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}{query}"


def _stack(workdir, extra: dict[str, str]) -> Embedded:
    stack = Embedded(
        workdir,
        extra_env={"DATABASE_URL": _database_url(PG_STACK), "DB_CONN_MAX_AGE": "60", **extra},
    )
    stack.start_web(threads=1)
    return stack


@pytest.fixture(scope="module")
def pg_stack(django_db_setup, tmp_path_factory):
    """gunicorn on the test database and the suite's Redis (if any), the slow parser chosen;
    throttling off (its counters would outlive the test in Redis). No consumer yet."""
    require_postgresql()
    workdir = tmp_path_factory.mktemp("pg-stack")
    install_slow_parser(workdir / "site")
    path = os.pathsep.join(filter(None, [str(workdir / "site"), os.environ.get("PYTHONPATH")]))
    redis = {"REDIS_URL": os.environ["REDIS_URL"]} if os.environ.get("REDIS_URL") else {}
    stack = _stack(
        workdir,
        {
            **redis,
            "THROTTLE_ENABLED": "false",
            "PYTHONPATH": path,
            "RESUME_PARSER_PLUGIN": "slow_parser",
            "PLUGINS_STRICT": "true",
            "SLOW_PARSER_DIR": str(workdir),
            "RUN_STALE_SECONDS": str(STALE_SECONDS),
        },
    )
    try:
        yield stack
    finally:
        stack.close()


@pytest.fixture(scope="module")
def redis_down_stack(django_db_setup, tmp_path_factory):
    """gunicorn on the test database with REDIS_URL on a port nothing listens on."""
    require_postgresql()
    workdir = tmp_path_factory.mktemp("redis-down-stack")
    stack = Embedded(
        workdir,
        extra_env={
            "DATABASE_URL": _database_url(),
            "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        },
    )
    # Not start_web(), which waits for a healthy server: this one never is.
    command = [
        sys.executable, "-m", "gunicorn", "platform_core.wsgi:application",
        "--config", "python:platform_core.gunicorn_conf", "--bind", f"127.0.0.1:{stack.port}",
        "--workers", "1", "--threads", "1",
    ]  # fmt: skip
    process = stack._start("web", command)
    client = Http(stack.port)

    def answers() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"the web server exited: {stack.log('web')}")
        return client.status("/api/health/") == 503

    wait_until(answers, "the web server", 60, pause=0.1)
    try:
        yield stack
    finally:
        stack.close()


def _server_backends() -> set[int]:
    """The pg_stack's connections to the test database (its web server's, and consumer's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = %s",
            [PG_STACK],
        )
        return {pid for (pid,) in cursor.fetchall()}


def _terminate(pids: set[int]) -> None:
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    wait_until(lambda: not (_server_backends() & pids), "the connections to end", 10)


def _signed_up(stack: Embedded, email: str) -> Http:
    """A client of `stack` signed up and logged in as `email` (over HTTP: the server's password
    hasher is production's, not the suite's fast one)."""
    client = Http(stack.port)
    account = {"email": email, "password": STACK_PASSWORD, "first_name": "A", "last_name": "B"}
    client.expect(201, "POST", "/api/auth/signup/", payload=account)
    client.login(email, STACK_PASSWORD)
    return client


# --- 1. the database connection killed under the worker -----------------------------------------


def test_connection_killed_between_requests_next_request_succeeds(pg_stack):
    client = _signed_up(pg_stack, "ada@example.com")
    first = client.expect(200, "GET", "/api/auth/users/me/")
    persistent = _server_backends()
    client.expect(200, "GET", "/api/auth/users/me/")
    reused = _server_backends()

    _terminate(persistent)
    after = client.request("GET", "/api/auth/users/me/")
    new = _server_backends()

    assert len(persistent) == 1 and reused == persistent  # one connection, kept between requests
    assert after == (200, first)
    assert len(new) == 1 and not new & persistent


def test_connection_killed_inside_a_multi_row_write_stores_none_of_it(pg_stack):
    client = _signed_up(pg_stack, "owner@example.com")
    client.expect(201, "POST", "/api/organization/organizations/", payload={"name": "Acme"})
    job = {"title": "Fault tolerant", "skills": ["Fault Injection", "Chaos"]}
    answers: list = []

    # The write inserts the job, then its new skills: holding the skills table makes it wait
    # there, mid-transaction, with the job row written.
    with psycopg.connect(_database_url()) as holder:
        holder.execute("LOCK TABLE jobs_jobskill IN EXCLUSIVE MODE")
        writer = threading.Thread(
            target=lambda: answers.append(client.request("POST", "/api/channels/jobs/", job)[:2])
        )
        writer.start()
        waiting = wait_until(_waiting_for_a_lock, "the write to wait on the lock", 30)
        written = _tables_written_by(waiting)
        _terminate({waiting})
        holder.rollback()
    writer.join(timeout=30)
    stored_after_kill = (JobPost.objects.count(), JobSkill.objects.count())
    again = client.request("POST", "/api/channels/jobs/", job)

    assert "jobs_jobpost" in written  # the kill landed after the job's row was inserted
    assert answers == [(503, {"detail": DATABASE_UNAVAILABLE})]
    assert stored_after_kill == (0, 0)
    assert again[0] == 201
    assert list(JobPost.objects.values_list("title", flat=True)) == ["Fault tolerant"]
    assert sorted(JobPost.objects.get().skills.values_list("name", flat=True)) == [
        "Chaos",
        "Fault Injection",
    ]


def _waiting_for_a_lock() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = %s AND wait_event_type = 'Lock'",
            [PG_STACK],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _tables_written_by(pid: int) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relation::regclass::text FROM pg_locks "
            "WHERE pid = %s AND mode = 'RowExclusiveLock' AND relation IS NOT NULL",
            [pid],
        )
        return {name for (name,) in cursor.fetchall()}


# --- 2. Redis unreachable -----------------------------------------------------------------------


def test_server_with_redis_down_answers_health_503_naming_redis(redis_down_stack):
    client = Http(redis_down_stack.port)

    assert client.request("GET", "/api/health/") == (
        503,
        {
            "status": "unavailable",
            "database": "ok",
            "task_queue": "unavailable",
            "cache": "unavailable",
            "unavailable": ["redis"],
        },
    )


def test_server_with_redis_down_signs_up_logs_in_and_counts_throttles_in_the_database(
    redis_down_stack,
):
    client = Http(redis_down_stack.port)

    slug = client.candidate("ada@example.com")  # signup, login, a profile: no queue needed
    profile = client.expect(200, "GET", f"/api/candidates/profiles/{slug}/")
    resend = client.request("POST", "/api/auth/resend-verification/", {"email": "ada@example.com"})
    scopes = {key.split(":")[1] for key in ThrottleCounter.objects.values_list("key", flat=True)}

    assert profile["slug"] == slug
    assert scopes == {"signup", "login", "email"}
    assert resend == (503, {"detail": QUEUE_UNAVAILABLE})
    log = (redis_down_stack.workdir / "web.log").read_text()
    assert "Email 'Your Enabled Talent verification code' to ada@example.com not sent" in log
    assert "Throttle counters: the cache does not answer" in log


def test_server_with_redis_down_fails_the_parse_it_could_not_queue(redis_down_stack):
    client = Http(redis_down_stack.port)
    slug = client.candidate("grace@example.com")
    profile = f"/api/candidates/profiles/{slug}/"

    client.expect(200, "PATCH", profile, files={"resume_file": ("cv.txt", RESUME)})
    status = client.expect(200, "GET", profile + "parsing-status/")

    assert (status["parsing_status"], status["error"]) == ("failed", runs.QUEUE_DOWN_MESSAGE)
    assert list(Run.objects.values_list("status", "error")) == [("failed", runs.QUEUE_DOWN_MESSAGE)]


# --- 3. the consumer killed in the middle of a parse --------------------------------------------


def test_consumer_killed_mid_parse_on_postgresql_is_reaped_and_a_new_consumer_parses(
    pg_stack, settings
):
    settings.RUN_STALE_SECONDS = STALE_SECONDS
    hold, entered = pg_stack.workdir / "hold", pg_stack.workdir / "entered"
    hold.touch()
    entered.unlink(missing_ok=True)
    client = Http(pg_stack.port)
    slug = client.candidate("ada@example.com")
    profile = f"/api/candidates/profiles/{slug}/"
    pg_stack.start_consumer()
    try:
        client.expect(200, "PATCH", profile, files={"resume_file": ("cv.txt", RESUME)})
        wait_until(entered.exists, "the parser to start", 60)
        during = (Run.objects.get().status, Run.objects.get().plugin)
        pg_stack.kill("consumer", signal.SIGKILL)
        wait_until(lambda: runs.reap_stale_runs() or Run.objects.get().status != "running",
                   "the reaper", 30)  # fmt: skip
        reaped = Run.objects.values_list("status", "error").get()

        hold.unlink()
        pg_stack.start_consumer()
        client.expect(202, "POST", profile + "parse-resume/?force=true")
        final = wait_until(
            lambda: (body := client.expect(200, "GET", profile + "parsing-status/?include_resume=true"))
            and body["parsing_status"] in ("parsed", "failed") and body,
            "the forced parse", 60,
        )  # fmt: skip
    finally:
        hold.unlink(missing_ok=True)
        if "consumer" in pg_stack.processes:
            pg_stack.kill("consumer", signal.SIGKILL)

    assert during == ("running", "slow_parser")
    assert reaped == ("failed", runs.STALE_MESSAGE)
    assert (final["parsing_status"], final["error"]) == ("parsed", None)
    assert (final["resume_data"]["summary"], final["resume_data"]["skills"]) == (
        "Ada Lovelace",
        ["Python", "SQL"],
    )
    assert list(Run.objects.order_by("pk").values_list("status", flat=True)) == [
        "failed",
        "succeeded",
    ]
