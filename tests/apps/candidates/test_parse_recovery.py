"""A real consumer killed in the middle of a resume parse (issue 12, "Must show after landing").

The embedded default runs as real processes (tests/embedded.py): gunicorn and `manage.py
run_huey` on a temporary SQLite database, SqliteHuey file and media folder. The parser is a
third-party-style plugin, tests/fake_plugins/slow_parser.py, installed the way a real one is:
a distribution on PYTHONPATH declaring it in the `enabled_talent.plugins` entry-point group, and
chosen with RESUME_PARSER_PLUGIN. It can be held mid-parse, so the kill lands inside the plugin.
Everything the test does to the system goes over HTTP, except killing the consumer and running
the reaper (what the consumer's periodic task does every minute, here on demand).
"""

import os
import signal
import sqlite3
from pathlib import Path

import pytest

from tests.embedded import Embedded, Http, wait_until

RESUME = b"Ada Lovelace\nPython\nSQL\n"
PARSED = ("Ada Lovelace", ["Python", "SQL"])


def install_slow_parser(site: Path) -> None:
    """A distribution `slow-parser-plugin` in `site` whose entry point is the slow parser."""
    info = site / "slow_parser_plugin-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: slow-parser-plugin\nVersion: 0.1.0\n"
    )
    (info / "entry_points.txt").write_text(
        "[enabled_talent.plugins]\nslow_parser = tests.fake_plugins.slow_parser\n"
    )


@pytest.fixture
def stack(tmp_path):
    """The embedded default with the slow parser chosen, migrated, web server up (no consumer)."""
    site = tmp_path / "site"
    install_slow_parser(site)
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH", "")]))
    embedded = Embedded(
        tmp_path,
        extra_env={
            "PYTHONPATH": path,
            "RESUME_PARSER_PLUGIN": "slow_parser",
            "PLUGINS_STRICT": "true",  # a slow parser that failed to load must not go unnoticed
            "SLOW_PARSER_DIR": str(tmp_path),
            "RUN_STALE_SECONDS": "2",
        },
    )
    embedded.migrate()
    embedded.start_web()
    try:
        yield embedded
    finally:
        embedded.close()


def parse_runs(stack: Embedded) -> list[tuple[str, int, str, str]]:
    """(status, progress, plugin, error) of every parse run, oldest first, from the database."""
    with sqlite3.connect(stack.database) as db:
        rows = db.execute(
            "SELECT status, progress, plugin, error FROM platform_core_run "
            "WHERE kind = 'parse_resume' ORDER BY id"
        ).fetchall()
    return [tuple(row) for row in rows]


def status_of(client: Http, slug: str) -> dict:
    body = client.expect(
        200, "GET", f"/api/candidates/profiles/{slug}/parsing-status/?include_resume=true"
    )
    body.pop("updated_at")
    return body


def ended(client: Http, slug: str) -> dict | None:
    body = status_of(client, slug)
    return body if body["parsing_status"] in ("parsed", "failed") else None


def summary(body: dict) -> tuple[str, list[str]]:
    return body["resume_data"]["summary"], body["resume_data"]["skills"]


def test_consumer_killed_mid_parse_fails_readably_keeps_resume_data_and_forced_parse_succeeds(
    stack, tmp_path
):
    hold, entered = tmp_path / "hold", tmp_path / "entered"
    client = Http(stack.port)
    slug = client.candidate("ada@example.com")
    profile = f"/api/candidates/profiles/{slug}/"
    stack.start_consumer()
    # The resume parsed normally first: the data the profile must keep.
    client.expect(200, "PATCH", profile, files={"resume_file": ("cv.txt", RESUME)})
    first = wait_until(lambda: ended(client, slug), "the first parse")

    # A forced parse of it is held inside the plugin, and the consumer killed there.
    stored_name = entered.read_text()
    hold.touch()
    entered.unlink()
    client.expect(202, "POST", f"{profile}parse-resume/?force=true")
    wait_until(entered.exists, "the parser to start again")
    during = status_of(client, slug)
    running = parse_runs(stack)[-1]
    stack.kill("consumer", signal.SIGKILL)

    # Nothing finishes the run now; the reaper ends it once its heartbeat is RUN_STALE_SECONDS old.
    wait_until(lambda: stack.reap() or parse_runs(stack)[-1][0] != "running", "the reaper")
    after_kill = status_of(client, slug)

    # A new consumer and another forced parse, not held this time.
    hold.unlink()
    entered.unlink()
    stack.start_consumer()
    started = client.expect(202, "POST", f"{profile}parse-resume/?force=true")
    final = wait_until(lambda: ended(client, slug), "the forced parse")

    assert (first["parsing_status"], summary(first)) == ("parsed", PARSED)
    assert (during["parsing_status"], during["progress"], summary(during)) == (
        "parsing",
        10,
        PARSED,
    )
    assert running == ("running", 10, "slow_parser", "")
    assert after_kill == {
        "parsing_status": "failed",
        "progress": 10,
        "has_resume_data": True,
        "resume_file_exists": True,
        "error": "The worker stopped while working on this; start it again.",
        "resume_data": first["resume_data"],
        "disclosure_warnings": [],
    }
    assert (started["parsing_status"], len(started["task_id"])) == ("parsing", 36)
    assert (final["parsing_status"], final["progress"], final["error"], summary(final)) == (
        "parsed",
        100,
        None,
        PARSED,
    )
    assert entered.read_text() == stored_name  # the new consumer's plugin parsed the same file
    assert [run[:3] for run in parse_runs(stack)] == [
        ("succeeded", 100, "slow_parser"),
        ("failed", 10, "slow_parser"),
        ("succeeded", 100, "slow_parser"),
    ]
