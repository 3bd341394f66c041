"""Run the whole system in one command: the API (gunicorn) and a Huey consumer, side by side.

This is the embedded default's entry point (`bin/serve`); production runs the same two kinds of
process separately, as many of each as needed. Both processes run in the project directory with
absolute paths, so the command works from any working directory. A task worker that exits is
restarted (see platform_core/supervisor.py); if it keeps exiting, or the web server exits, the
command stops everything and exits non-zero with a message.
"""

import os
import signal
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from platform_core.supervisor import RestartPolicy, Supervisor, WorkerKeepsExiting

GUNICORN_CONFIG = "python:platform_core.gunicorn_conf"
# 1 s, 2 s, 4 s ... 30 s between restarts; more than 5 exits within 2 minutes stop everything.
RESTART_POLICY = RestartPolicy()


def web_command(bind: str, workers: int, threads: int) -> list[str]:
    """gunicorn with the project's settings module (limits, JSON errors) and these sizes."""
    return [
        sys.executable, "-m", "gunicorn", "platform_core.wsgi:application",
        "--config", GUNICORN_CONFIG, "--chdir", str(settings.BASE_DIR),
        "--bind", bind, "--workers", str(workers), "--threads", str(threads),
    ]  # fmt: skip


def worker_command() -> list[str]:
    """The Huey consumer, through this project's manage.py wherever the command runs from."""
    return [sys.executable, str(settings.BASE_DIR / "manage.py"), "run_huey"]


def _no_users() -> bool:
    """Whether the database has no user yet (an offer of demo data, never a question asked)."""
    try:
        return not get_user_model().objects.exists()
    except Exception:  # not migrated, unreachable: the servers report that themselves
        return False


class Command(BaseCommand):
    help = "Serve the API with gunicorn and run a Huey task consumer until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument(
            "--demo",
            action="store_true",
            help="First fill the database with demo data (`manage.py demo`), unless it has some.",
        )

    def _log(self, message: str) -> None:
        self.stdout.write(f"serve: {message}")
        self.stdout.flush()

    def handle(self, *args, bind, workers, threads, demo=False, **options):
        if demo:
            call_command("demo", if_absent=True, stdout=self.stdout)
        elif _no_users():
            self._log("No users yet: run bin/serve --demo for demo data.")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "settings.dev"),
        }
        supervisor = Supervisor(
            web_command(bind, workers, threads),
            worker_command(),
            cwd=settings.BASE_DIR,
            env=env,
            log=self._log,
            policy=RESTART_POLICY,
        )
        previous = {
            signum: signal.signal(signum, lambda *_: supervisor.stop())
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        docs = " (docs at /api/docs)" if settings.API_DOCS_ENABLED else ""
        self._log(f"API on http://{bind}/api/{docs} and a task worker.")
        try:
            code = supervisor.run()
        except WorkerKeepsExiting as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if code != 0:
            raise CommandError(f"The web server exited with code {code}; stopped everything.")
