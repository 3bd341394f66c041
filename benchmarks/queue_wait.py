"""How long a background run waits in the queue before a real, idle consumer starts it.

    python benchmarks/queue_wait.py                 # the project's consumer settings
    python benchmarks/queue_wait.py --huey-defaults # huey's own back-off (0.1 s x 1.15, up to 10 s)
    python benchmarks/queue_wait.py --idle 5 --samples 5   # a quick look

It never touches real data: a temporary directory holds a fresh SQLite database (the core's
tables only) and the SqliteHuey file, and is removed at the end. It starts `manage.py run_huey`
(settings.dev, DEBUG off, so HUEY["consumer"] from settings/base.py applies unless
`--huey-defaults` overrides it on the command line), waits for one warm-up run to start, leaves the
consumer idle for `--idle` seconds (default 60), then starts one run and measures the time from
`start_run` (enqueued at once, outside a transaction) to the run's `started_at`, which the core
task sets as its first act. Then `--samples` more runs, each after `--gap` seconds (plus a random
fraction, so the enqueue lands anywhere in the poll cycle) of idleness. The probe runs are of a
kind no app handles, so they end `failed` at once: only the wait is measured.

Every wait is bounded (30 s per run); the report is Markdown on stdout, progress on stderr.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE_KIND = "queue_wait_probe"
HUEY_DEFAULTS = ["--delay", "0.1", "--backoff", "1.15", "--max-delay", "10"]
START_DEADLINE = 30.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle", type=float, default=60.0, help="idle seconds before the first")
    parser.add_argument("--samples", type=int, default=20, help="runs after the first")
    parser.add_argument("--gap", type=float, default=3.0, help="idle seconds between those")
    parser.add_argument("--huey-defaults", action="store_true", help="huey's own back-off")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="etapi-queue-wait-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "settings.dev",
            "DEBUG": "false",
            "SECRET_KEY": "queue-wait-benchmark-not-a-secret-0123456789abcdef",
            "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
            "HUEY_SQLITE_PATH": str(workdir / "huey.db"),
            "HUEY_IMMEDIATE": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("REDIS_URL", None)
    consumer = None
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        call_command("migrate", "platform_core", verbosity=0, interactive=False)
        options = HUEY_DEFAULTS if args.huey_defaults else []
        command = [sys.executable, str(ROOT / "manage.py"), "run_huey", *options]
        with open(workdir / "consumer.log", "w") as consumer_log:
            # Our own interpreter and manage.py, fixed arguments.
            consumer = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, stdout=consumer_log, stderr=consumer_log, start_new_session=True
            )
        log("consumer started; warming up")
        wait_for_start()
        log(f"idle for {args.idle:.0f} s")
        time.sleep(args.idle)
        first = wait_for_start()
        log(f"after the idle: {first * 1000:.0f} ms; {args.samples} more, {args.gap} s apart")
        rest = []
        for _ in range(args.samples):
            time.sleep(args.gap + random.random())  # noqa: S311 (a jitter, not a secret)
            rest.append(wait_for_start())
        report(args, settings.HUEY["consumer"], first, rest)
    finally:
        if consumer is not None and consumer.poll() is None:
            os.killpg(consumer.pid, signal.SIGTERM)
            consumer.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


def wait_for_start() -> float:
    """Start one probe run and return the seconds until the consumer started it."""
    from django.utils import timezone

    from platform_core import runs
    from platform_core.models import Run, ThrottleCounter

    subject, _ = ThrottleCounter.objects.get_or_create(key="queue-wait-probe", expires=0)
    enqueued = timezone.now()
    run, _ = runs.start_run(PROBE_KIND, subject, force=True)
    deadline = time.monotonic() + START_DEADLINE
    while time.monotonic() < deadline:
        started_at = Run.objects.filter(pk=run.pk).values_list("started_at", flat=True).get()
        if started_at is not None:
            return (started_at - enqueued).total_seconds()
        time.sleep(0.005)
    raise SystemExit(f"the consumer did not start a run within {START_DEADLINE:.0f} s")


def report(args, consumer: dict, first: float, rest: list[float]) -> None:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms"

    if args.huey_defaults:
        config = "huey's defaults: initial_delay 0.1 s, backoff 1.15, max_delay 10 s"
    else:
        config = (
            f"initial_delay {consumer['initial_delay']} s, backoff {consumer['backoff']}, "
            f"max_delay {consumer['max_delay']} s, {consumer['workers']} "
            f"{consumer['worker_type']} workers"
        )
    print(f"## Queue wait, SqliteHuey ({config})\n")
    print("| measure | wait from enqueue to start |")
    print("| --- | --- |")
    print(f"| first run after {args.idle:.0f} s idle | {ms(first)} |")
    if rest:
        ordered = sorted(rest)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(
            f"| {len(rest)} runs, each after {args.gap:.0f}-{args.gap + 1:.0f} s idle: median |"
            f" {ms(statistics.median(rest))} |"
        )
        print(f"| same: p95 / max | {ms(p95)} / {ms(ordered[-1])} |")


if __name__ == "__main__":
    main()
