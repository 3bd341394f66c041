"""The Django side of the load benchmark (run by run.py in the benchmark's environment).

    python benchmarks/load/prepare.py OUT.json

Picks the actors of every scenario from the seeded data, adds what the data set lacks for them
(a login user with a known password, a job with 50 applicants, candidates that apply), runs
ANALYZE, mints their access tokens, checks each scenario's request once through Django's test
client (status, rows, SQL queries: the second of two identical requests, so that nothing
first-time is counted), times the password hasher, and records whether loading the WSGI
application and serving every scenario imported litellm. Writes it all as JSON to OUT.json.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.prod")

LOGIN_EMAIL = "bench-login@example.com"
LOGIN_PASSWORD = "Bench-Login-Password-42"
APPLY_EMAIL = "bench-apply-{:03d}@example.com"
APPLICANTS = 50
CPU_REQUESTS = int(os.environ.get("BENCH_CPU_REQUESTS", "30"))


def _json(response):
    try:
        return json.loads(response.content or b"null")
    except ValueError:
        return None


def _rows(body) -> int | None:
    if isinstance(body, list):
        return len(body)
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return len(body["results"])
    return None


def cpu_ms(name, spec, headers, send, apply_tokens, apply_jobs) -> float | None:
    """CPU milliseconds per request in this process (test client, median of 3 batches): unlike
    req/s, barely moved by other processes on the machine."""
    if name == "login":
        return None  # the hasher's cost; measured on its own below
    batches = []
    for batch in range(3):
        start = time.process_time()
        for index in range(CPU_REQUESTS):
            if name == "apply":
                token = apply_tokens[2 + batch]
                job = apply_jobs[index]
                path = f"/api/channels/jobs/{job}/apply/"
                send({**spec, "path": path}, {"Authorization": f"Bearer {token}"})
            else:
                send(spec, headers)
        batches.append((time.process_time() - start) * 1000 / CPU_REQUESTS)
    return round(sorted(batches)[1], 2)


def main(out_path: str, apply_candidates: int) -> None:
    from django.contrib.auth.hashers import check_password, get_hasher, make_password
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from ninja_jwt.tokens import AccessToken

    from apps.accounts.models import User
    from apps.candidates.models import CandidateProfile, DisclosureEvent, Note, new_slug
    from apps.jobs.models import Application, JobPost, JobStatus
    from apps.organizations.models import Membership, Role
    from platform_core.wsgi import application  # noqa: F401  (what a worker loads)

    def token(user) -> str:
        return str(AccessToken.for_user(user))

    # --- actors ---------------------------------------------------------------------------------
    owner_profile = (
        CandidateProfile.objects.annotate(n=Count("skills") + Count("education"))
        .filter(user__membership__isnull=True)
        .order_by("-n", "id")
        .select_related("user")
        .first()
    )
    assert owner_profile is not None, "no candidate profile in the seeded data"
    candidate = owner_profile.user
    org_counts = (
        JobPost.objects.values("organization_id")
        .annotate(n=Count("id"))
        .order_by("organization_id")
    )
    ten = next((row for row in org_counts if row["n"] == 10), None) or max(
        org_counts, key=lambda row: row["n"]
    )
    members = list(
        Membership.objects.filter(organization_id=ten["organization_id"]).select_related("user")
    )
    assert members, "the organization with 10 jobs has no member"
    employer = min(members, key=lambda m: (m.role != Role.OWNER, m.pk)).user
    organization_id = ten["organization_id"]

    # The applicants job: an open job of the employer's organization, topped up to 50 applicants.
    applicants_job = (
        JobPost.objects.filter(organization_id=organization_id, status=JobStatus.OPEN)
        .annotate(n=Count("applications"))
        .order_by("-n", "id")
        .first()
    )
    assert applicants_job is not None, "the employer's organization has no open job"
    have = set(applicants_job.applications.values_list("candidate_id", flat=True))
    missing = APPLICANTS - len(have)
    if missing > 0:
        extra = CandidateProfile.objects.exclude(pk__in=have).order_by("id")[:missing]
        Application.objects.bulk_create(
            [Application(job=applicants_job, candidate=profile) for profile in extra]
        )

    # The login user: a known password (the seeded ones are not read from anywhere).
    login_user = User.objects.filter(email=LOGIN_EMAIL).first()
    if login_user is None:
        login_user = User.objects.create_user(LOGIN_EMAIL, LOGIN_PASSWORD, is_verified=True)

    # The apply candidates: fresh (candidate, job) pairs for every request.
    password = make_password(None)
    appliers = []
    for index in range(apply_candidates):
        email = APPLY_EMAIL.format(index)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(email=email, password=password, is_verified=True)
            CandidateProfile.objects.create(user=user, slug=new_slug("bench"))
        appliers.append(user)
    applier_profiles = list(
        CandidateProfile.objects.filter(user__in=appliers).values_list("id", flat=True)
    )
    apply_jobs = list(
        JobPost.objects.filter(status=JobStatus.OPEN)
        .exclude(pk=applicants_job.pk)
        .order_by("id")
        .values_list("id", flat=True)
    )
    Application.objects.filter(candidate_id__in=applier_profiles).delete()

    # The browse search: the commonest word of the open jobs' titles (at least 3 letters).
    words: dict[str, int] = {}
    for title in JobPost.objects.filter(status=JobStatus.OPEN).values_list("title", flat=True):
        for word in {w.lower() for w in title.split() if w.isalpha() and len(w) > 2}:
            words[word] = words.get(word, 0) + 1
    search = max(sorted(words), key=lambda w: words[w]) if words else "developer"

    bearer = {"candidate": token(candidate), "employer": token(employer)}
    slug = owner_profile.slug
    scenarios: dict[str, dict] = {
        "me": {"method": "GET", "path": "/api/auth/users/me/", "as": "candidate"},
        "profile": {
            "method": "GET",
            "path": f"/api/candidates/profiles/{slug}/",
            "as": "candidate",
        },
        "full": {
            "method": "GET",
            "path": f"/api/candidates/profiles/{slug}/full/",
            "as": "candidate",
        },
        "org_jobs": {"method": "GET", "path": "/api/channels/jobs/?page_size=10", "as": "employer"},
        "candidates_list": {
            "method": "GET",
            "path": "/api/candidates/profiles/?page_size=50",
            "as": "employer",
        },
        "browse": {
            "method": "GET",
            "path": f"/api/channels/jobs/browse/?search={search}",
            "as": None,
        },
        "applicants": {
            "method": "GET",
            "path": f"/api/channels/jobs/{applicants_job.pk}/applications/?page_size=50",
            "as": "employer",
        },
        "note_create": {
            "method": "POST",
            "path": "/api/candidates/notes/",
            "as": "employer",
            "body": json.dumps({"profile": slug, "note": "Strong accessibility background."}),
        },
        "apply": {
            "method": "POST",
            "path": f"/api/channels/jobs/{apply_jobs[0]}/apply/",
            "as": "apply",
        },
        "login": {
            "method": "POST",
            "path": "/api/auth/token/",
            "as": None,
            "body": json.dumps({"email": LOGIN_EMAIL, "password": LOGIN_PASSWORD}),
        },
    }

    # Statistics for the planner, as autovacuum keeps them in production: a server run with
    # autovacuum off (as this machine's is) would plan every page query for empty tables.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    client = Client()
    apply_tokens = [token(user) for user in appliers]

    def send(spec: dict, headers: dict):
        call = client.get if spec["method"] == "GET" else client.post
        kwargs = {"headers": headers}
        if spec.get("body") is not None:
            kwargs.update(data=spec["body"], content_type="application/json")
        return call(spec["path"], **kwargs)

    for name, spec in scenarios.items():
        if spec["as"] == "apply":
            warm = {"Authorization": f"Bearer {apply_tokens[1]}"}
            headers = {"Authorization": f"Bearer {apply_tokens[0]}"}
            send(spec, warm)
        else:
            headers = {"Authorization": f"Bearer {bearer[spec['as']]}"} if spec["as"] else {}
            send(spec, headers)
        with CaptureQueriesContext(connection) as queries:
            response = send(spec, headers)
        body = _json(response)
        spec.update(
            status=response.status_code,
            queries=len(queries),
            rows=_rows(body),
            total=response.headers.get("X-Total-Count"),
            sql=[query["sql"][:300] for query in queries.captured_queries],
        )
        if spec["as"] and spec["as"] != "apply":
            spec["headers"] = headers
        spec["cpu_ms"] = cpu_ms(name, spec, headers, send, apply_tokens, apply_jobs)
    Application.objects.filter(candidate_id__in=applier_profiles).delete()

    # --- the hasher -----------------------------------------------------------------------------
    hasher = get_hasher()
    start = time.perf_counter()
    encoded = make_password(LOGIN_PASSWORD)
    make_ms = (time.perf_counter() - start) * 1000
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        check_password(LOGIN_PASSWORD, encoded)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()

    result = {
        "scenarios": scenarios,
        "apply": {
            "tokens": apply_tokens,
            "jobs": apply_jobs,
            "table": Application._meta.db_table,
            "candidate_ids": applier_profiles,
        },
        # The tables the runs add rows to besides the applications, which run.py restores.
        "written": [Note._meta.db_table, DisclosureEvent._meta.db_table],
        "hasher": {
            "algorithm": hasher.algorithm,
            "iterations": getattr(hasher, "iterations", None),
            "make_password_ms": round(make_ms, 1),
            "check_password_ms": round(timings[len(timings) // 2], 1),
        },
        "litellm_imported": "litellm" in sys.modules,
        "data": {
            "users": User.objects.count(),
            "candidates": CandidateProfile.objects.count(),
            "jobs": JobPost.objects.count(),
            "applications": Application.objects.count(),
            "search": search,
        },
    }
    Path(out_path).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    import django

    django.setup()
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 64)
