"""Concurrent applies on PostgreSQL: the database allows one application per candidate and job,
so twenty simultaneous applies make one row and nineteen 409s.

These tests need real concurrent transactions, so they run only on PostgreSQL
(`DATABASE_URL=postgres://...`). Elsewhere they are skipped, unless `CI_REQUIRE_SERVICES` is set,
in which case they fail: CI must not pass without having run them.
"""

import pytest

from apps.jobs.models import Application
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.concurrency import all_at_once, require_postgresql
from tests.helpers import client_for

from .factories import JobPostFactory
from .helpers import job_url

pytestmark = pytest.mark.postgres
THREADS = 20


def apply_all_at_once(path: str, tokens: list[str]) -> list[int]:
    """POST `path` once per token, all at once; the statuses."""

    def apply(token: str):
        return lambda client: client.post(
            path, data="", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
        )

    return all_at_once([apply(token) for token in tokens])


@pytest.mark.django_db(transaction=True)
def test_apply_by_20_threads_at_once_makes_one_application():
    require_postgresql()
    job = JobPostFactory()
    candidate = CandidateProfileFactory()
    token = client_for(candidate.user).token

    statuses = apply_all_at_once(job_url(job, "apply/"), [token] * THREADS)

    assert sorted(statuses) == [201] + [409] * (THREADS - 1)
    assert list(Application.objects.values_list("job_id", "candidate_id", "status")) == [
        (job.pk, candidate.pk, "applied")
    ]


@pytest.mark.django_db(transaction=True)
def test_apply_by_20_candidates_at_once_makes_20_applications():
    require_postgresql()
    job = JobPostFactory()
    candidates = CandidateProfileFactory.create_batch(THREADS)
    tokens = [client_for(candidate.user).token for candidate in candidates]

    statuses = apply_all_at_once(job_url(job, "apply/"), tokens)

    assert statuses == [201] * THREADS
    assert sorted(Application.objects.values_list("candidate_id", flat=True)) == sorted(
        candidate.pk for candidate in candidates
    )
