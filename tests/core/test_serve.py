"""`manage.py serve`: gunicorn with the project's limits, a task worker that is kept running, and
the whole working from any directory (issue 11, items 9 and 15).

The supervision logic runs with small stand-in commands (short Python scripts); one test starts the
real command from another directory on a free port. Every wait is bounded by a deadline.
"""

import gc
import http.client
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from platform_core import gunicorn_conf
from platform_core.management.commands import serve
from platform_core.supervisor import RestartPolicy, Supervisor, WorkerKeepsExiting
from tests.helpers import free_port

DEADLINE = 60.0  # seconds; only reached when something is broken
FAST = RestartPolicy(first_delay=0.05, max_delay=0.05, max_restarts=5, window=600)


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def worker_script(starts: Path, exit_on: str) -> list[str]:
    """Record a start in `starts`; exit 3 if this start's number is in `exit_on`, else idle."""
    return python(
        "import sys, time\n"
        f"path = {str(starts)!r}\n"
        "with open(path, 'a') as f: f.write('x')\n"
        "n = len(open(path).read())\n"
        f"if str(n) in {exit_on!r}.split(','): sys.exit(3)\n"
        f"time.sleep({DEADLINE})\n"
    )


def web_until(starts: Path, count: int) -> list[str]:
    """Exit 0 once `starts` records `count` worker starts (exit 2 at the deadline)."""
    return python(
        "import os, sys, time\n"
        f"path, end = {str(starts)!r}, time.monotonic() + {DEADLINE}\n"
        "while time.monotonic() < end:\n"
        f"    if os.path.exists(path) and len(open(path).read()) >= {count}: sys.exit(0)\n"
        "    time.sleep(0.02)\n"
        "sys.exit(2)\n"
    )


IDLE = python(f"import time; time.sleep({DEADLINE})")


def without_pids(lines: list[str]) -> list[str]:
    return [re.sub(r"pid \d+", "pid N", line) for line in lines]


def pids_started(lines: list[str], name: str) -> list[int]:
    return [
        int(m.group(1)) for line in lines if (m := re.match(rf"{name} started \(pid (\d+)\)", line))
    ]


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def supervisor(web, worker, lines, policy=FAST, tmp_path=None) -> Supervisor:
    return Supervisor(
        web, worker, cwd=tmp_path or os.getcwd(), env=os.environ, log=lines.append,
        policy=policy, poll_interval=0.01,
    )  # fmt: skip


# --- the commands serve builds ------------------------------------------------------------------


def test_worker_command_uses_absolute_manage_py():
    command = serve.worker_command()

    assert command == [sys.executable, str(settings.BASE_DIR / "manage.py"), "run_huey"]
    assert Path(command[1]).is_absolute() and Path(command[1]).is_file()


def test_web_command_gives_gunicorn_the_raised_limits(tmp_path):
    command = serve.web_command("127.0.0.1:0", 1, 1) + ["--print-config"]

    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)

    printed = (line.partition("=") for line in result.stdout.splitlines())
    config = {key.strip(): value.strip() for key, _, value in printed}
    assert result.returncode == 0, result.stderr
    assert {key: config[key] for key in GUNICORN_SETTINGS} == GUNICORN_SETTINGS


GUNICORN_SETTINGS = {
    "limit_request_line": "8190",
    "limit_request_field_size": "16384",
    "limit_request_fields": "128",
    "control_socket_disable": "True",
    "chdir": str(settings.BASE_DIR),
    "bind": "['127.0.0.1:0']",
    "workers": "1",
    "threads": "1",
}


def test_gunicorn_error_page_is_json():
    response = gunicorn_conf.json_error_response(
        400, "Bad Request", "Invalid HTTP Version 'HTTP/9'"
    )

    head, _, body = response.partition(b"\r\n\r\n")
    assert head.split(b"\r\n") == [
        b"HTTP/1.1 400 Bad Request",
        b"Connection: close",
        b"Content-Type: application/json",
        f"Content-Length: {len(body)}".encode(),
    ]
    assert json.loads(body) == {"detail": "Bad Request: Invalid HTTP Version 'HTTP/9'"}


def test_worker_freezes_what_it_has_loaded_with_the_urlconf():
    gc.unfreeze()
    try:
        gunicorn_conf.freeze_loaded_objects()

        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
    assert frozen > 10_000


class _Cycle:
    """An object in a reference cycle: only the garbage collector frees it."""

    def __init__(self) -> None:
        self.me = self


def _cycles(count: int) -> list[weakref.ref]:
    made = []
    for _ in range(count):
        cycle = _Cycle()
        made.append(weakref.ref(cycle))
    return made


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    gc.collect()
    yield
    gc.set_threshold(*before)


def test_the_thresholds_applied_after_a_request_are_those_a_new_interpreter_starts_with():
    started = subprocess.run(
        [sys.executable, "-c", "import gc; print(*gc.get_threshold())"],
        capture_output=True,
        text=True,
        check=True,
    )

    assert tuple(int(n) for n in started.stdout.split()) == gunicorn_conf._THRESHOLDS


def test_between_requests_the_collector_waits_for_the_request_to_end(thresholds):
    gunicorn_conf.collect_between_requests()

    assert gc.get_threshold() == (50_000, 10, 10)
    made = _cycles(1_000)  # a request's cycles, 2,000 objects: no collection while it runs
    assert all(ref() is not None for ref in made)


def test_after_a_request_the_cycles_it_left_are_collected(thresholds):
    gunicorn_conf.collect_between_requests()
    made = _cycles(1_000)

    gunicorn_conf.collect_garbage_left()

    assert all(ref() is None for ref in made)


def test_after_a_request_that_left_few_objects_nothing_is_collected(thresholds):
    gunicorn_conf.collect_between_requests()
    made = _cycles(10)

    gunicorn_conf.collect_garbage_left()

    assert all(ref() is not None for ref in made)
    gc.collect()
    assert all(ref() is None for ref in made)


def test_the_hooks_are_gunicorn_hooks_it_would_call():
    from gunicorn.config import KNOWN_SETTINGS

    settings_by_name = {setting.name: setting for setting in KNOWN_SETTINGS}
    for name in ("post_worker_init", "post_request"):
        hook = getattr(gunicorn_conf, name)
        assert settings_by_name[name].validator(hook) is hook  # its name and its arguments


def test_after_ten_collections_the_next_generation_is_collected(thresholds, monkeypatch):
    collected = []
    monkeypatch.setattr(gc, "collect", collected.append)
    for counts, generation in [((700, 0, 0), 0), ((701, 10, 3), 1), ((900, 12, 10), 2)]:
        monkeypatch.setattr(gc, "get_count", lambda counts=counts: counts)
        gunicorn_conf.collect_garbage_left()
        assert collected[-1] == generation
    monkeypatch.setattr(gc, "get_count", lambda: (699, 50, 50))
    gunicorn_conf.collect_garbage_left()
    assert len(collected) == 3


# --- supervision --------------------------------------------------------------------------------


def test_supervisor_restarts_a_worker_that_exits(tmp_path):
    starts, lines = tmp_path / "starts", []

    code = supervisor(web_until(starts, 2), worker_script(starts, "1"), lines).run()

    assert code == 0
    assert without_pids(lines) == [
        "web server started (pid N).",
        "task worker started (pid N).",
        "task worker exited with code 3; starting it again in 0.05 s.",
        "task worker started (pid N).",
        "web server exited with code 0; stopped the task worker.",
    ]
    assert not is_running(pids_started(lines, "task worker")[-1])


def test_supervisor_gives_up_and_stops_the_web_server_when_the_worker_keeps_exiting(tmp_path):
    starts, lines = tmp_path / "starts", []
    policy = RestartPolicy(first_delay=0.01, max_delay=0.01, max_restarts=2, window=600)

    with pytest.raises(WorkerKeepsExiting) as raised:
        supervisor(IDLE, worker_script(starts, "1,2,3,4"), lines, policy).run()

    assert str(raised.value) == (
        "The task worker exited 3 times within 600 seconds (last exit code 3); "
        "stopping the web server too. See the worker's log above."
    )
    assert starts.read_text() == "xxx"
    assert not is_running(pids_started(lines, "web server")[0])


def test_supervisor_forgets_exits_older_than_the_window(tmp_path):
    starts, lines = tmp_path / "starts", []
    policy = RestartPolicy(first_delay=0.01, max_delay=0.01, max_restarts=1, window=0)

    code = supervisor(web_until(starts, 4), worker_script(starts, "1,2,3"), lines, policy).run()

    assert code == 0
    assert len(pids_started(lines, "task worker")) == 4


def test_supervisor_stop_terminates_both(tmp_path):
    lines: list[str] = []

    def log(line: str) -> None:
        lines.append(line)
        if line.startswith("task worker started"):
            runner.stop()

    runner = Supervisor(IDLE, IDLE, cwd=tmp_path, env=os.environ, log=log, poll_interval=0.01)

    code = runner.run()

    assert code == 0
    assert without_pids(lines) == ["web server started (pid N).", "task worker started (pid N)."]
    assert not any(is_running(pid) for pid in pids_started(lines, "(?:web server|task worker)"))


def test_restart_policy_backs_off_to_its_ceiling():
    policy = RestartPolicy()

    assert [policy.delay(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]


def test_serve_exits_non_zero_with_a_message_when_the_worker_keeps_exiting(tmp_path, monkeypatch):
    monkeypatch.setattr(serve, "web_command", lambda *args: IDLE)
    monkeypatch.setattr(serve, "worker_command", lambda: python("import sys; sys.exit(5)"))
    monkeypatch.setattr(serve, "RESTART_POLICY", RestartPolicy(first_delay=0.01, max_restarts=1))
    handlers = (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT))
    output = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("serve", bind="127.0.0.1:0", stdout=output)

    assert str(raised.value) == (
        "The task worker exited 2 times within 120 seconds (last exit code 5); "
        "stopping the web server too. See the worker's log above."
    )
    assert without_pids(output.getvalue().splitlines()) == [
        "serve: API on http://127.0.0.1:0/api/ (docs at /api/docs) and a task worker.",
        "serve: web server started (pid N).",
        "serve: task worker started (pid N).",
        "serve: task worker exited with code 5; starting it again in 0.01 s.",
        "serve: task worker started (pid N).",
    ]
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == handlers


# --- the real command, from another directory ---------------------------------------------------


def _wait_for(predicate, what: str):
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _get(port: int, path: str, headers: dict | None = None) -> tuple[int, str, dict | None]:
    """(status, Content-Type, JSON body or None) of a GET, or (0, "", None) if nobody answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        body = response.read()
    except OSError:
        return 0, "", None
    finally:
        connection.close()
    content_type = response.getheader("Content-Type", "")
    return response.status, content_type, json.loads(body) if "json" in content_type else None


@pytest.fixture
def served(tmp_path):
    """`manage.py serve` started from `tmp_path` (not the project) on a free port, with its own
    SQLite files; yields (process, port, log path) and stops it afterwards."""
    port, log = free_port(), tmp_path / "serve.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "HUEY_IMMEDIATE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="settings.dev",
        DEBUG="false",
        SECRET_KEY="serve-test-secret-key-0123456789abcdef0123456789",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        HUEY_SQLITE_PATH=str(tmp_path / "huey.db"),
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
    )
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "serve",
               "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"]  # fmt: skip
    with open(log, "w") as output:
        process = subprocess.Popen(  # noqa: S603
            command, cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        yield process, port, log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_serve_from_another_directory_answers_and_restarts_a_killed_worker(served):
    process, port, log = served

    def lines() -> list[str]:
        return log.read_text().splitlines()

    _wait_for(lambda: _get(port, "/api/health/")[0] == 200, "/api/health/")
    first = _wait_for(lambda: pids_started(lines(), "serve: task worker"), "the worker")[0]

    os.kill(first, signal.SIGKILL)
    pids = _wait_for(
        lambda: (found := pids_started(lines(), "serve: task worker"))[1:] and found, "a restart"
    )
    health = _get(port, "/api/health/")
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=DEADLINE)

    assert pids[0] == first and pids[1] != first
    assert "serve: task worker exited with code -9; starting it again in 1 s." in lines()
    assert health == (
        200,
        "application/json; charset=utf-8",
        {"status": "ok", "database": "ok", "task_queue": "ok", "cache": "ok", "unavailable": []},
    )
    assert code == 0
    assert not is_running(pids[1])


def test_serve_accepts_long_request_lines_and_headers_and_answers_beyond_in_json(served):
    process, port, _ = served
    _wait_for(lambda: _get(port, "/api/health/")[0] == 200, "/api/health/")
    query = "/api/health/?q="

    answers = {
        "line of 8000 bytes": _get(port, query + "a" * (8000 - len(query) - 14))[:2],
        "header of 16000 bytes": _get(port, "/api/health/", {"X-Long": "a" * 16000})[:2],
        "line of 9000 bytes": _get(port, query + "a" * 9000),
        "header of 20000 bytes": _get(port, "/api/health/", {"X-Long": "a" * 20000}),
    }

    assert answers == {
        "line of 8000 bytes": (200, "application/json; charset=utf-8"),
        "header of 16000 bytes": (200, "application/json; charset=utf-8"),
        "line of 9000 bytes": (
            414,
            "application/json",
            {"detail": "The request line (method, path and query string) exceeds 8190 bytes."},
        ),
        "header of 20000 bytes": (
            431,
            "application/json",
            {
                "detail": "A request header exceeds 16384 bytes, "
                "or the request has more than 128 headers."
            },
        ),
    }
