"""A separate process for the consumer tests of tests/core/test_runs.py.

    python -m tests.core.run_worker migrate      # the core's tables in DATABASE_URL
    python -m tests.core.run_worker consume      # the real `manage.py run_huey` consumer
    python -m tests.core.run_worker start        # start a `test_wait` run; prints {"run": id}
    python -m tests.core.run_worker reap         # run the reaper once; prints {"ended": n}

The environment gives a SQLite DATABASE_URL and HUEY_SQLITE_PATH shared by these processes, and
RUN_STALE_SECONDS. Huey is not immediate here: tasks go through the file queue to the consumer.
The `test_wait` handler reports 10 %, then waits (bounded) until the file `$RUN_RELEASE` exists.
"""

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.test")
os.environ.pop("REDIS_URL", None)  # the file queue (SqliteHuey), whatever the suite runs on


def wait_for_release(context) -> None:
    """Report 10 %, then wait until the release file exists (at most a minute)."""
    context.progress(10)
    release = Path(os.environ["RUN_RELEASE"])
    deadline = time.monotonic() + 60
    while not release.exists():
        if time.monotonic() > deadline:
            raise RuntimeError("never released")
        time.sleep(0.05)


def main(command: str) -> None:
    from django.conf import settings

    # Before django.setup(), which imports huey.contrib.djhuey and builds its Huey from this.
    settings.HUEY["immediate"] = False
    import django

    django.setup()
    from django.core.management import call_command

    from platform_core import runs
    from platform_core.models import ThrottleCounter

    runs.register_handler("test_wait", wait_for_release)
    if command == "migrate":
        call_command("migrate", "platform_core", verbosity=0, interactive=False)
    elif command == "consume":
        call_command("run_huey", workers=1)
    elif command == "start":
        # Any row will do as the subject; the core's own table needs no app.
        subject, _ = ThrottleCounter.objects.get_or_create(key="run-subject", expires=0)
        run, _ = runs.start_run("test_wait", subject)
        print(json.dumps({"run": run.pk}))
    elif command == "reap":
        print(json.dumps({"ended": runs.reap_stale_runs()}))
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1])
