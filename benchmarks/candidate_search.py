"""Speed of the employer's candidate search (issue 19, part 4): `GET /api/candidates/profiles/`
with `?search=` and filters over 100,000 profiles. Target: <= 50 ms p50 per page on PostgreSQL,
with a constant number of SQL queries.

    python -m benchmarks.candidate_search --keep            # PostgreSQL, seeds 100,000 (~8 min)
    python -m benchmarks.candidate_search --reuse           # the kept database again, < 1 min
    python -m benchmarks.candidate_search --database sqlite --profiles 10000

The data is the talent-search agent's (benchmarks/agent.py, imported, not copied): one
organization with its owner (the employer who searches) and one job, and candidates with
records and a resume of 200-600 words stored as a parse stores it; one in 500 has applied to the
job. The database rules are the agent's too: PostgreSQL is `--postgres` (its name must contain
"bench"), dropped and created again unless `--reuse`, dropped after unless `--keep` or
`--reuse`; SQLite is a temporary file.

Each request of REQUESTS goes through `django.test.Client` with the employer's Bearer token, in
process (no network, no web server): `--warmup` untimed, then `--requests` timed. One more
request counts the SQL queries, and the same request at page_size=1 and 100 shows the count does
not grow with the page. On PostgreSQL the report adds EXPLAIN ANALYZE of the count and page
queries of each request.

Markdown on stdout; progress on stderr.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from benchmarks.agent import (
    analyze,
    existing_employer,
    run_in_workdir,
    seed_employer,
    seed_people,
)
from benchmarks.browse import Scenario, cpu_model, database_version, log, measure, percentile
from benchmarks.rank import load

POSTGRES = "postgres://postgres@127.0.0.1:5432/etapi_bench_candidate_search"
LIST = "/api/candidates/profiles/"
TARGET_MS = 50.0

# (label, query string): no filter, words of several frequencies, a name, skills, preferences.
REQUESTS = [
    ("no filter", {}),
    ("?search=python (a skill, common)", {"search": "python"}),
    ("?search=nurse (a word of the resumes)", {"search": "nurse"}),
    ("?search=figma (a skill, 1 in 20)", {"search": "figma"}),
    ("?search=moncton (a city, 1 in 100)", {"search": "moncton"}),
    ("?search=braille (rare)", {"search": "braille"}),
    ("?search=zzyzx (no match)", {"search": "zzyzx"}),
    ("?search=<a last name>", {"search": "{last_name}"}),
    ("?skills=Python,SQL", {"skills": "Python,SQL"}),
    ("?search=excel&work_mode=remote", {"search": "excel", "work_mode": "remote"}),
    (
        "?work_mode=hybrid&employment_type=full-time&willing_to_relocate=true",
        {"work_mode": "hybrid", "employment_type": "full-time", "willing_to_relocate": "true"},
    ),
    ("?page=20&page_size=100 (deep page)", {"page": 20, "page_size": 100}),
]


def employer_client(employer_id: int):
    from django.test import Client

    from apps.accounts.models import User
    from apps.accounts.tokens import issue_pair

    access, _ = issue_pair(User.objects.get(pk=employer_id))
    return Client(headers={"Authorization": f"Bearer {access}"})


def query_kind(sql: str) -> str:
    upper = sql.upper()
    if upper.startswith("EXPLAIN"):  # the estimate of a total above EXACT_COUNT_LIMIT
        return ""
    if upper.startswith("SELECT COUNT(") or "COUNT(*)" in upper.split("FROM", 1)[0]:
        return "count"
    if 'FROM "CANDIDATES_CANDIDATEPROFILE"' in upper:
        return "page"
    return ""


def explain_analyze(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")  # noqa: S608 (SQL the app just ran)
        return "\n".join(row[0] for row in cursor.fetchall())


def report(results: list[Scenario], context: dict) -> str:
    from django.db import connection

    out = [f"## Candidate search: {context['database']}\n"]
    out.append(f"- data: {context['profiles']:,} candidate profiles; {context['seeding']}")
    out.append(
        f"- {context['requests']} timed requests per row after {context['warmup']} warm-up, "
        "in process through django.test.Client as the employer (Bearer token), DEBUG off"
    )
    out.append(f"- load average (1 min) before / after: {context['load_before']} / {load()}")
    out.append(f"- machine: {os.cpu_count()} CPUs ({cpu_model()})")
    out.append(f"- command: `{context['command']}`\n")
    out.append(
        "| request | p50 ms | p95 ms | SQL p50 ms | rows | X-Total-Count | SQL queries "
        "| queries at page_size=1 / 100 |"
    )
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in results:
        one, hundred = r.queries[1], r.queries[100]
        out.append(
            f"| `{r.label}` | {statistics.median(r.latencies_ms):.1f} "
            f"| {percentile(r.latencies_ms, 95):.1f} | {r.sql_ms:.1f} | {r.rows} | {r.total} "
            f"| {r.queries['this'][0]} | {one[0]} ({one[1]} rows) / {hundred[0]} "
            f"({hundred[1]} rows) |"
        )
    same = all(r.queries[1][0] == r.queries[100][0] for r in results)
    p50s = [statistics.median(r.latencies_ms) for r in results]
    out.append(
        f"\nQuery count equal at page_size=1 and 100 on every row: **{'yes' if same else 'NO'}**. "
        f"Slowest p50: {max(p50s):.1f} ms; target {TARGET_MS:.0f} ms: "
        f"**{'met' if max(p50s) <= TARGET_MS else 'missed'}**."
    )
    if connection.vendor == "postgresql":
        out.append("\n### Plans (EXPLAIN ANALYZE, BUFFERS)\n")
        for r in results:
            for sql in r.captured:
                kind = query_kind(sql)
                if not kind:
                    continue
                out.append(f"`{r.label}`, {kind} query:\n")
                out.append("```")
                out.append(explain_analyze(sql))
                out.append("```\n")
    return "\n".join(out)


def run(args) -> str:
    import django

    django.setup()

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from apps.accounts.models import User
    from apps.candidates.models import CandidateProfile

    context: dict = {
        "load_before": load(),
        "command": " ".join(["python -m benchmarks.candidate_search", *sys.argv[1:]]),
        "requests": args.requests,
        "warmup": args.warmup,
    }
    log("migrating ...")
    call_command("migrate", verbosity=0, interactive=False)
    context["database"] = database_version()
    employer_id, job_id = existing_employer() or seed_employer()
    seeded = CandidateProfile.objects.count()
    if seeded < args.profiles:
        log(f"seeding candidates {seeded:,} to {args.profiles:,} ...")
        started = time.perf_counter()
        seed_people(seeded, args.profiles, args.seed, job_id, make_password("candidatesearch"))
        analyze()
        context["seeding"] = (
            f"{args.profiles - seeded:,} seeded in {time.perf_counter() - started:.0f} s "
            "(benchmarks/agent.py's seed_people)"
        )
    else:
        analyze()
        context["seeding"] = f"{seeded:,} already there (--reuse), none seeded"
    context["profiles"] = CandidateProfile.objects.count()
    # A name from the middle of the table, the same for a seed.
    last_name = (
        User.objects.filter(candidate_profile__isnull=False)
        .order_by("pk")
        .values_list("last_name", flat=True)[context["profiles"] // 2]
    )
    client = employer_client(employer_id)
    results = []
    for label, params in REQUESTS:
        params = {k: str(v).format(last_name=last_name) for k, v in params.items()}
        result = Scenario(label.replace("<a last name>", last_name), params)
        log(f"measuring {result.label} ...")
        measure(client, result, args.requests, args.warmup, path=LIST)
        results.append(result)
    return report(results, context)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--postgres", default=POSTGRES, help=f"bench database (default {POSTGRES})")
    parser.add_argument("--keep", action="store_true", help="leave the PostgreSQL database")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database again")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per row")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.reuse and args.database != "postgres":
        parser.error("--reuse needs --database postgres")

    run_in_workdir(args, "etapi_bench_candidates_", run)


if __name__ == "__main__":
    main()
