"""The embedded default (SQLite, SqliteHuey, local files) as real processes, and an HTTP client.

Used by the consumer-kill test of resume parsing and by benchmarks/parse_e2e.py:

    stack = Embedded(workdir, extra_env={...})
    stack.migrate()
    stack.start_web()          # gunicorn, as `manage.py serve` starts it, on a free port
    stack.start_consumer()     # `manage.py run_huey`, as `manage.py serve` starts it
    client = Http(stack.port)
    slug = client.candidate("ada@example.com")
    ...
    stack.close()              # SIGKILLs whatever it started and is still running

Each process gets its own session (process group), so a kill reaches its threads and children.
Every wait is bounded. Output goes to log files in `workdir`, named after the process.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple 42"
START_DEADLINE = 60.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (no Django needed here, unlike
    tests.helpers, so a benchmark can import this module)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], Any], what: str, deadline: float = 60.0, pause=0.05):
    """Poll `predicate` until it returns something truthy (returned), or fail after `deadline`."""
    end = time.monotonic() + deadline
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {deadline:.0f} s waiting for {what}")
        time.sleep(pause)


class Embedded:
    """One temporary installation of the embedded default: its database, queue, media, logs."""

    def __init__(self, workdir: Path, extra_env: dict[str, str] | None = None):
        self.workdir = workdir
        self.database = workdir / "db.sqlite3"
        self.port = free_port()
        self.processes: dict[str, subprocess.Popen] = {}
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "HUEY_IMMEDIATE", "MEDIA_ROOT")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="settings.dev",
            DEBUG="false",
            SECRET_KEY="embedded-stack-not-a-secret-0123456789abcdef0123456789",
            DATABASE_URL=f"sqlite:///{self.database}",
            HUEY_SQLITE_PATH=str(workdir / "huey.db"),
            HUEY_IMMEDIATE="false",
            MEDIA_ROOT=str(workdir / "media"),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            LLM_MODEL="",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra_env or {})
        self.env = env

    def manage(self, *arguments: str, timeout: float = 300) -> str:
        """Run `manage.py <arguments>` to completion; its stdout (stderr in the failure)."""
        done = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, str(ROOT / "manage.py"), *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(arguments)} failed:\n{done.stderr}")
        return done.stdout

    def migrate(self) -> None:
        self.manage("migrate", "--noinput", "--verbosity", "0")

    def reap(self) -> int:
        """Run the reaper of stale runs once, as the periodic task does; how many it ended."""
        code = "from platform_core.runs import reap_stale_runs; print(reap_stale_runs())"
        return int(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def _start(self, name: str, command: list[str]) -> subprocess.Popen:
        with open(self.workdir / f"{name}.log", "a") as log:
            process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
        return process

    def start_web(self, threads: int = 4) -> subprocess.Popen:
        """gunicorn with the project's config (the command `manage.py serve` runs), one worker;
        returns once /api/health/ answers 200."""
        command = [
            sys.executable, "-m", "gunicorn", "platform_core.wsgi:application",
            "--config", "python:platform_core.gunicorn_conf", "--chdir", str(ROOT),
            "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", str(threads),
        ]  # fmt: skip
        process = self._start("web", command)
        client = Http(self.port)

        def healthy() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"the web server exited: {self.log('web')}")
            return client.status("/api/health/") == 200

        wait_until(healthy, "the web server", START_DEADLINE, pause=0.1)
        return process

    def start_consumer(self) -> subprocess.Popen:
        """The Huey consumer, `manage.py run_huey` (the worker `manage.py serve` runs)."""
        return self._start("consumer", [sys.executable, str(ROOT / "manage.py"), "run_huey"])

    def kill(self, name: str, signum: int = signal.SIGKILL) -> None:
        """Send `signum` to the process group of `name` and wait (bounded) for it to end."""
        process = self.processes.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signum)
        process.wait(timeout=30)

    def close(self) -> None:
        """Stop everything still running: SIGTERM, then SIGKILL after 10 s."""
        for name in list(self.processes):
            process = self.processes[name]
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=30)
            self.processes.pop(name)

    def log(self, name: str) -> str:
        path = self.workdir / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


def rss_mb(pid: int) -> float:
    """VmRSS of process `pid` in MB (Linux /proc)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def multipart(files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body of `files` (field -> (filename, content)) and its type."""
    boundary = uuid.uuid4().hex
    parts = []
    for field, (filename, content) in files.items():
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Http:
    """A Bearer-token JSON client of one server on 127.0.0.1 (one connection per request)."""

    def __init__(self, port: int):
        self.port = port
        self.token: str | None = None
        self.credentials: dict[str, str] | None = None

    def request(
        self,
        method: str,
        path: str,
        payload: Any = None,
        files: dict[str, tuple[str, bytes]] | None = None,
    ) -> tuple[int, Any]:
        """(status, JSON body or None); a 401 on an expired access token logs in again once."""
        status, body = self._send(method, path, payload, files)
        if status == 401 and self.credentials and self.token:
            self.login(**self.credentials)
            status, body = self._send(method, path, payload, files)
        return status, body

    def _send(self, method, path, payload, files) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        data: bytes | None = None
        if files is not None:
            data, headers["Content-Type"] = multipart(files)
        elif payload is not None:
            data, headers["Content-Type"] = json.dumps(payload).encode(), "application/json"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        kind = response.getheader("Content-Type", "")
        return response.status, json.loads(raw) if raw and "json" in kind else None

    def status(self, path: str) -> int:
        """The status of a GET, 0 when nobody answers."""
        try:
            return self._send("GET", path, None, None)[0]
        except OSError:
            return 0

    def expect(self, code: int, method: str, path: str, **kwargs: Any) -> Any:
        status, body = self.request(method, path, **kwargs)
        if status != code:
            raise AssertionError(f"{method} {path}: {status} {body!r}, expected {code}")
        return body

    def login(self, email: str, password: str) -> None:
        self.token = None
        body = self.expect(
            200, "POST", "/api/auth/token/", payload={"email": email, "password": password}
        )
        self.token = body["access"]
        self.credentials = {"email": email, "password": password}

    def candidate(self, email: str) -> str:
        """Sign up `email`, log in and create an empty candidate profile; its slug."""
        account = {"email": email, "password": PASSWORD, "first_name": "Ada", "last_name": "Test"}
        self.expect(201, "POST", "/api/auth/signup/", payload=account)
        self.login(email, PASSWORD)
        return self.expect(201, "POST", "/api/candidates/profiles/", payload={})["slug"]
