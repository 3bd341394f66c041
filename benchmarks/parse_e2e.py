"""End-to-end resume parsing on the embedded default: upload through the API to `parsed`.

    python -m benchmarks.parse_e2e                      # idle 60 s, then 200 resumes
    python -m benchmarks.parse_e2e --idle 5 --resumes 20   # a quick look

It never touches real data: a temporary directory holds a fresh SQLite database (migrated), the
SqliteHuey file, the media folder and the logs, and is removed at the end. It starts what
`bin/serve` starts (gunicorn with the project's config, one worker, 4 threads, and `manage.py
run_huey`, settings.dev with DEBUG off) on a free 127.0.0.1 port (tests/embedded.py), signs a
candidate up over HTTP, leaves everything idle for `--idle` seconds, then for each of
`--resumes` distinct 2-page PDFs (the corpus's one-column layout, tests/plugins/resume_parser/
corpus.py, with more experience, fixed seeds) sends the profile PATCH with the file and polls
`parsing-status/` every 0.1 s until it reads `parsed` (or `failed`). Time-to-parsed runs from
sending the PATCH to the poll that reads `parsed`, so it includes the upload and up to 0.1 s of
polling. The consumer's resident set (VmRSS of the `run_huey` process) is read before the first
upload, after the first parse and after the last.

Every wait is bounded (60 s to start, `--deadline` per resume); the report is Markdown on
stdout, progress on stderr; the processes are stopped whatever happens.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.embedded import Embedded, Http, rss_mb
from tests.plugins.resume_parser import corpus
from tests.plugins.resume_parser.people import make_person

POLL = 0.1


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def two_page_resume(seed: int) -> bytes:
    """A one-column resume of the corpus's person `seed`, long enough for exactly two pages: the
    corpus's sections, then earlier roles (the same jobs, described again) onto page two."""
    person = make_person(seed, corpus._section_only())
    pdf = corpus._Pdf()
    column = corpus._Column(pdf, 50, pdf.width - 100, pdf.height - 50)
    column.text(person.name, 22, bold=True)
    column.text(person.title, 12)
    column.text(" | ".join(corpus._contact(pdf, person)), 9)
    column.heading("Profile")
    column.text(person.summary)
    corpus._experience(column, person, seed)
    corpus._education(column, person, seed)
    column.heading("SKILLS")
    column.text(", ".join(person.skills))
    corpus._languages(column, person)
    while pdf.canvas.getPageNumber() < 2:
        corpus._experience(column, person, seed + 1, heading="Earlier experience")
    return pdf.finish()


def page_count(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", content))


@dataclass
class Parse:
    seconds: float
    status: str
    error: str | None


def upload_and_wait(client: Http, slug: str, content: bytes, deadline: float) -> Parse:
    """PATCH the profile with `content`, then poll parsing-status until it has ended."""
    profile = f"/api/candidates/profiles/{slug}/"
    start = time.perf_counter()
    client.expect(200, "PATCH", profile, files={"resume_file": ("resume.pdf", content)})
    end = time.monotonic() + deadline
    while True:
        body = client.expect(200, "GET", f"{profile}parsing-status/")
        if body["parsing_status"] in ("parsed", "failed"):
            return Parse(time.perf_counter() - start, body["parsing_status"], body["error"])
        if time.monotonic() > end:
            return Parse(time.perf_counter() - start, "timeout", body["parsing_status"])
        time.sleep(POLL)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle", type=float, default=60.0, help="idle seconds before the first")
    parser.add_argument("--resumes", type=int, default=200, help="resumes uploaded and parsed")
    parser.add_argument("--deadline", type=float, default=30.0, help="seconds allowed per parse")
    args = parser.parse_args()

    log(f"generating {args.resumes} two-page resumes")
    resumes = [two_page_resume(7000 + index) for index in range(args.resumes)]
    pages = sorted({page_count(content) for content in resumes})
    workdir = Path(tempfile.mkdtemp(prefix="etapi-parse-e2e-"))
    stack = Embedded(workdir)
    try:
        log("migrating a fresh database")
        stack.migrate()
        stack.start_web()
        consumer = stack.start_consumer()
        client = Http(stack.port)
        slug = client.candidate("bench@example.com")
        log(f"web on 127.0.0.1:{stack.port}, consumer pid {consumer.pid}; idle {args.idle:.0f} s")
        time.sleep(args.idle)
        rss = [rss_mb(consumer.pid)]
        parses: list[Parse] = []
        for index, content in enumerate(resumes):
            parses.append(upload_and_wait(client, slug, content, args.deadline))
            if index == 0:
                rss.append(rss_mb(consumer.pid))
                log(f"first after the idle: {parses[0].seconds:.2f} s ({parses[0].status})")
            elif (index + 1) % 20 == 0:
                log(f"{index + 1} parsed, last {parses[-1].seconds:.2f} s")
        rss.append(rss_mb(consumer.pid))
        # Proof the last parse did real work: what it extracted from the last resume.
        status = f"/api/candidates/profiles/{slug}/parsing-status/?include_resume=true"
        data = client.expect(200, "GET", status)["resume_data"] or {}
        extracted = (
            data.get("personal_info", {}).get("full_name"),
            len(data.get("skills", [])),
            len(data.get("work_experience", [])),
        )
        report(args, pages, parses, rss, extracted)
    finally:
        stack.close()
        shutil.rmtree(workdir, ignore_errors=True)


def report(args, pages, parses: list[Parse], rss: list[float], extracted: tuple) -> None:
    times = [parse.seconds for parse in parses if parse.status == "parsed"]
    others = [(parse.status, parse.error) for parse in parses if parse.status != "parsed"]
    print(f"## End to end, embedded default ({len(parses)} resumes of {pages} pages)\n")
    print("| measure | value | target |")
    print("| --- | --- | --- |")
    print(
        f"| first upload after {args.idle:.0f} s idle, to `parsed` | {parses[0].seconds:.2f} s | |"
    )
    if times:
        print(f"| time-to-parsed, median ({len(times)} parsed) | {statistics.median(times):.2f} s"
              " | ≤ 1.5 s |")  # fmt: skip
        print(f"| time-to-parsed, p95 / max | {p95(times):.2f} s / {max(times):.2f} s | ≤ 3 s |")
    print(f"| not parsed | {len(others)} {others[:3] if others else ''} | 0 |")
    print(f"| consumer RSS before the first / after the first / after the last | "
          f"{rss[0]:.0f} / {rss[1]:.0f} / {rss[2]:.0f} MB | |")  # fmt: skip
    print(f"| RSS growth over {len(parses)} parses (from before the first) | "
          f"{rss[2] - rss[0]:+.1f} MB | < 50 MB |")  # fmt: skip
    print(f"| same, from after the first (warm) | {rss[2] - rss[1]:+.1f} MB | |")
    name, skills, jobs = extracted
    print(f"| last resume: name, skills, jobs extracted | {name}, {skills}, {jobs} | |")


if __name__ == "__main__":
    main()
