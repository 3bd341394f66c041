"""Timing of the account-enumeration-sensitive endpoints: existing email against unknown email.

    python benchmarks/account_timing.py                      # in process, temporary SQLite
    python benchmarks/account_timing.py --calls 200 --warmup 20
    python benchmarks/account_timing.py --url http://127.0.0.1:8000 --email someone@example.com

For `POST /api/auth/password_reset/` and `POST /api/auth/resend-verification/` it times `--calls`
requests with an existing (unverified, active) account's email and as many with an unknown email,
interleaved (existing, unknown, existing, ...) so drift and noise hit both alike, and prints a
Markdown table of medians, 90th percentiles and the difference of the medians.

In process (default): a fresh SQLite file and SqliteHuey file in a temporary directory (removed at
the end), `settings.dev` with DEBUG off, THROTTLE_ENABLED off, tasks queued but not run (as with a
separate worker: the request pays for the enqueue, the worker for the rest), requests through
`django.test.Client` (no network). Against a server (`--url`): only a loopback address is accepted;
the server must run with THROTTLE_ENABLED=false (else the email scope's 20/h per IP answers 429),
and `--email` must name an existing, active, unverified account on it. Bounded: at most 2,000
calls per row and `--max-seconds` in all (default 300), each HTTP request times out after 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ENDPOINTS = ["/api/auth/password_reset/", "/api/auth/resend-verification/"]
UNKNOWN_EMAIL = "nobody-at-all@example.com"
MAX_CALLS = 2000
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


# --- how one request is sent --------------------------------------------------------------------


def in_process_poster(workdir: Path) -> tuple[Callable[[str, str], int], str, str]:
    """Start Django on a temporary SQLite file; return (post, existing email, description)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "settings.dev"
    os.environ["DEBUG"] = "false"
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)  # don't create var/secret_key
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'timing.sqlite3'}"
    os.environ["HUEY_SQLITE_PATH"] = str(workdir / "huey.db")
    os.environ["HUEY_IMMEDIATE"] = "false"
    os.environ["THROTTLE_ENABLED"] = "false"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from apps.accounts.models import User

    log("migrating a temporary SQLite database ...")
    call_command("migrate", verbosity=0, interactive=False)
    email = "existing@example.com"
    User.objects.create_user(email, secrets.token_urlsafe(16), first_name="Ada")
    client = Client()

    def post(path: str, address: str) -> int:
        body = json.dumps({"email": address})
        return client.post(path, body, content_type="application/json").status_code

    return post, email, "in process (django.test.Client), temporary SQLite, tasks queued"


def http_poster(url: str) -> tuple[Callable[[str, str], int], str]:
    """POST JSON to a running server on a loopback address."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in LOOPBACK:
        sys.exit(f"Refusing to run: --url must be http:// on a loopback address, not {url!r}.")
    base = url.rstrip("/")

    def post(path: str, address: str) -> int:
        request = urllib.request.Request(  # noqa: S310 (loopback http only, checked above)
            base + path,
            data=json.dumps({"email": address}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            exc.read()
            return exc.code

    return post, f"HTTP against {base}"


# --- measuring ----------------------------------------------------------------------------------


def measure(post, path: str, existing: str, calls: int, warmup: int, deadline: float):
    """Interleaved timings (ms) for the existing and the unknown email; exits on a non-200."""
    timings: dict[str, list[float]] = {"existing": [], "unknown": []}
    emails = {"existing": existing, "unknown": UNKNOWN_EMAIL}
    for index in range(warmup + calls):
        for kind in ("existing", "unknown"):
            if time.monotonic() > deadline:
                sys.exit("Stopped: --max-seconds reached.")
            started = time.perf_counter()
            status = post(path, emails[kind])
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                sys.exit(f"{path} answered {status} for the {kind} email; is throttling off?")
            if index >= warmup:
                timings[kind].append(elapsed)
    return timings


def report(rows, description: str, calls: int) -> None:
    print(f"Account timing, {calls} calls per email and endpoint, {description}.")
    print(f"Python {platform.python_version()} on {platform.machine()} ({os.cpu_count()} CPUs).")
    print()
    print(
        "| endpoint | existing p50 ms | unknown p50 ms | p50 difference ms "
        "| existing p90 ms | unknown p90 ms |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for path, timings in rows:
        existing, unknown = timings["existing"], timings["unknown"]
        p50_existing, p50_unknown = statistics.median(existing), statistics.median(unknown)
        print(
            f"| `{path}` | {p50_existing:.2f} | {p50_unknown:.2f} "
            f"| {p50_existing - p50_unknown:+.2f} | {percentile(existing, 0.9):.2f} "
            f"| {percentile(unknown, 0.9):.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--calls", type=int, default=200, help="timed calls per email (200)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed calls per email first")
    parser.add_argument("--url", help="a running server on 127.0.0.1 instead of in process")
    parser.add_argument("--email", help="with --url: an existing, unverified account's email")
    parser.add_argument("--max-seconds", type=float, default=300, help="stop after this (300)")
    args = parser.parse_args()
    if not 1 <= args.calls <= MAX_CALLS or not 0 <= args.warmup <= MAX_CALLS:
        parser.error(f"--calls must be 1..{MAX_CALLS} and --warmup 0..{MAX_CALLS}")
    if args.url and not args.email:
        parser.error("--url needs --email (an existing account on that server)")
    deadline = time.monotonic() + args.max_seconds

    workdir = Path(tempfile.mkdtemp(prefix="etapi_timing_"))
    try:
        if args.url:
            post, description = http_poster(args.url)
            existing = args.email
        else:
            post, existing, description = in_process_poster(workdir)
        rows = []
        for path in ENDPOINTS:
            log(f"timing {path} ...")
            rows.append((path, measure(post, path, existing, args.calls, args.warmup, deadline)))
        report(rows, description, args.calls)
    finally:
        if not args.url and "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
