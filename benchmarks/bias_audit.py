"""Benchmark of the bias audit (issue 17): GET /api/organization/organizations/{id}/bias-audit/.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/etapi_bias python benchmarks/bias_audit.py
    python benchmarks/bias_audit.py --jobs 200 --applications 50000 --repeat 20

It never touches real data: it creates a fresh test database (`test_` + the configured name, as
the test runner does), seeds it in bulk and drops it at the end. Without DATABASE_URL that is a
SQLite database; the issue's target (1 s) is for PostgreSQL.

Seed: one organization with `--jobs` jobs; `--applications` applications from candidates who
apply to five jobs each, spread over a year, with self-reported gender (incl. blank), one of
eight ethnicities (incl. blank, and letter-case variants), disability categories (none, "prefer
not to disclose", one or two categories) and statuses (applied, shortlisted, hired, rejected,
withdrawn); every job has a stored ranking of all its applicants, each entry carrying reasons
and a breakdown as the built-in ranker's do. ANALYZE on PostgreSQL.

Measured, in process (one connection, no web server), `--repeat` times each: the service
(`bias_audit.audit`) for the whole organization, for one year's half (`from`/`to`) and for one
job, and the endpoint itself through `django.test.Client` as staff with a Bearer token. The report
is Markdown on stdout: p50/p95/max and the SQL query count of each, the query count of the same
request on an organization with a single application, and the plan of the counting query.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")

GENDERS = (
    ["male"] * 40 + ["female"] * 40 + ["non_binary"] * 6 + ["prefer_not_to_say"] * 4 + [""] * 10
)
ETHNICITIES = (
    ["White"] * 30
    + ["Black"] * 15
    + ["asian"] * 8
    + ["Asian"] * 7
    + ["Hispanic or Latino"] * 15
    + ["Indigenous"] * 4
    + ["Middle Eastern"] * 3
    + ["Two or more"] * 3
    + [""] * 15
)
DISABILITIES = (
    [[]] * 40
    + [["prefer_not_to_disclose"]] * 10
    + [["physical"]] * 15
    + [["sensory"]] * 10
    + [["mental_health", "chronic_health"]] * 15
    + [["neurodevelopmental"]] * 10
)
STATUSES = (
    ["applied"] * 45 + ["shortlisted"] * 20 + ["hired"] * 8 + ["rejected"] * 22 + ["withdrawn"] * 5
)
JOBS_PER_CANDIDATE = 5


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def seed(organization_name: str, jobs: int, applications: int, rng: random.Random):
    from django.db import connection
    from django.utils import timezone

    from apps.accounts.models import Profile, User
    from apps.candidates.models import CandidateProfile
    from apps.jobs.models import Application, JobPost, Ranking
    from apps.organizations.models import Organization

    organization = Organization.objects.create(name=organization_name)
    job_rows = JobPost.objects.bulk_create(
        JobPost(organization=organization, title=f"Job {i}", search_document=f"Job {i}")
        for i in range(jobs)
    )
    candidates = -(-applications // JOBS_PER_CANDIDATE)
    tag = organization_name.lower().replace(" ", "")
    users = User.objects.bulk_create(
        (
            User(email=f"{tag}{i}@bench.example", password="!", first_name=f"C{i}")
            for i in range(candidates)
        ),
        batch_size=5000,
    )
    Profile.objects.bulk_create(
        (
            Profile(user=user, gender=rng.choice(GENDERS), ethnicity=rng.choice(ETHNICITIES))
            for user in users
        ),
        batch_size=5000,
    )
    profiles = CandidateProfile.objects.bulk_create(
        (
            CandidateProfile(
                user=user, slug=f"{tag}-{user.pk}", disability_categories=rng.choice(DISABILITIES)
            )
            for user in users
        ),
        batch_size=5000,
    )
    rows = []
    for index in range(applications):
        profile = profiles[index // JOBS_PER_CANDIDATE]
        job = job_rows[(index * 7 + index // JOBS_PER_CANDIDATE) % jobs]
        rows.append(Application(job=job, candidate=profile, status=rng.choice(STATUSES)))
    created = Application.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    ids = list(
        Application.objects.filter(job__organization=organization).values_list("pk", flat=True)
    )
    now = timezone.now()
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        days = {pk: rng.randrange(365) for pk in chunk}
        Application.objects.bulk_update(
            [
                Application(pk=pk, applied_at=now - timedelta(days=d, hours=1))
                for pk, d in days.items()
            ],
            ["applied_at"],
        )
    log(f"{len(created)} applications seeded; ranking {jobs} jobs")
    by_job: dict[int, list[tuple[int, int]]] = {}
    for pk, job_id, candidate_id, status in Application.objects.filter(
        job__organization=organization
    ).values_list("pk", "job_id", "candidate_id", "status"):
        if status != "withdrawn":
            by_job.setdefault(job_id, []).append((pk, candidate_id))
    rankings = []
    for job in job_rows:
        pool = by_job.get(job.pk, [])
        rng.shuffle(pool)
        entries = [
            {
                "candidate_id": candidate_id,
                "application_id": pk,
                "score": round(100 - place * 100 / max(len(pool), 1), 1),
                "reasons": ["Matches 4 of 6 required skills", "5 years of relevant experience"],
                "breakdown": {"skills": 0.67, "experience": 0.8, "relevance": 0.41},
            }
            for place, (pk, candidate_id) in enumerate(pool)
        ]
        rankings.append(
            Ranking(
                job=job,
                plugin="ranking",
                entries=entries,
                ranked_count=len(entries),
                created_at=now,
            )
        )
    Ranking.objects.bulk_create(rankings, batch_size=20)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return organization, job_rows


def timed(function, repeat: int):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # A request clears the query log when it starts: the capture must start from an empty one.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        function()
    # Read now: the captured list is a slice of the live log, which the next request clears.
    sql = [query["sql"] for query in queries.captured_queries]
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - start)
    seconds.sort()
    return {
        "p50": statistics.median(seconds),
        "p95": seconds[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))],
        "max": seconds[-1],
        "queries": len(sql),
        "sql": sql,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--applications", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from ninja_jwt.tokens import AccessToken

    from apps.accounts.models import User
    from apps.jobs.models import Application
    from apps.organizations.bias_audit import Scope, audit

    settings.DEBUG = False
    rng = random.Random(args.seed)  # noqa: S311 - synthetic data, not secrets
    # A database of its own, apart from the one the test suite creates from the same name.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        f"test_{connection.settings_dict['NAME'].rsplit('/', 1)[-1].removesuffix('.sqlite3')}_bench"
        if connection.vendor == "postgresql"
        else None
    )
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    log(f"database {test_name} ({connection.vendor})")
    try:
        started = time.perf_counter()
        organization, jobs = seed("Bench Org", args.jobs, args.applications, rng)
        small, small_jobs = seed("Small Org", 1, 1, rng)
        log(f"seeded in {time.perf_counter() - started:.1f} s")
        staff = User.objects.create_user("staff@bench.example", "x", is_staff=True)
        client = Client(headers={"Authorization": f"Bearer {AccessToken.for_user(staff)}"})
        half = (date.today() - timedelta(days=182), date.today())

        def request(org):
            def call():
                response = client.get(f"/api/organization/organizations/{org.pk}/bias-audit/")
                assert response.status_code == 200, response.content[:300]

            return call

        cases = {
            "service, whole organization": lambda: audit(Scope(organization)),
            "service, from/to (half a year)": lambda: audit(Scope(organization, None, *half)),
            "service, one job": lambda: audit(Scope(organization, jobs[0])),
            "service, whole organization, k=100": lambda: audit(Scope(organization, k=100)),
            "endpoint (HTTP, staff), whole organization": request(organization),
        }
        small_cases = {
            "service, whole organization": lambda: audit(Scope(small)),
            "service, from/to (half a year)": lambda: audit(Scope(small, None, *half)),
            "service, one job": lambda: audit(Scope(small, small_jobs[0])),
            "service, whole organization, k=100": lambda: audit(Scope(small, k=100)),
            "endpoint (HTTP, staff), whole organization": request(small),
        }
        results = {name: timed(function, args.repeat) for name, function in cases.items()}
        small_queries = {
            name: timed(function, 1)["queries"] for name, function in small_cases.items()
        }
        counting = results["service, whole organization"]["sql"][-1]
        with connection.cursor() as cursor:
            explain = (
                "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
            )
            # The logged SQL has its parameters inlined, which both backends accept as literals.
            try:
                cursor.execute(explain + counting)
                plan = "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
            except Exception as exc:  # the inlined SQL of a backend that does not quote as it runs
                plan = f"(no plan: {exc})"
        applications = Application.objects.filter(job__organization=organization).count()
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)

    print(
        f"{connection.vendor}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {args.jobs} jobs, {applications} applications, repeat {args.repeat}"
    )
    print()
    print("| case | p50 ms | p95 ms | max ms | SQL queries | queries with 1 application |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, result in results.items():
        print(
            f"| {name} | {result['p50'] * 1000:.0f} | {result['p95'] * 1000:.0f} | "
            f"{result['max'] * 1000:.0f} | {result['queries']} | {small_queries[name]} |"
        )
    print()
    print("Plan of the counting query (whole organization):")
    print()
    print("```")
    print(plan)
    print("```")


if __name__ == "__main__":
    main()
