"""Run the whole system in one command: the API (gunicorn) and a Huey consumer, side by side.

This is the embedded default's entry point (`bin/serve`); production runs the same two kinds of
process separately, as many of each as needed.
"""

import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the API with gunicorn and run a Huey task consumer until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))

    def handle(self, *args, bind, workers, threads, **options):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "settings.dev"),
        }
        web = [
            sys.executable, "-m", "gunicorn", "platform_core.wsgi:application",
            "--bind", bind, "--workers", str(workers), "--threads", str(threads),
            "--access-logfile", "-",
        ]  # fmt: skip
        worker = [sys.executable, "manage.py", "run_huey"]
        # Fixed argument lists built above, no shell: nothing untrusted reaches them.
        processes = [subprocess.Popen(cmd, env=env) for cmd in (worker, web)]  # noqa: S603
        self.stdout.write(f"API on http://{bind}/api/ (docs at /api/docs), task worker running.")

        def stop(*_):
            for process in processes:
                if process.poll() is None:
                    process.terminate()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            # If either process dies, stop the other: a half-running system is worse than none.
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        finally:
            stop()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        codes = [process.returncode for process in processes]
        if any(code not in (0, -signal.SIGTERM, -signal.SIGINT) for code in codes):
            sys.exit(1)
