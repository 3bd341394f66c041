"""Browse at scale (issue 19): the stored search vector of migration 0007 stays right whatever
path writes a job (PostgreSQL), search matches as before, and browse's total is exact up to
`EXACT_COUNT_LIMIT` and a flagged estimate above it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.jobs.models import JobPost
from apps.jobs.services import refresh_search_documents
from tests.apps.organizations.factories import OrganizationFactory

from .factories import JobPostFactory
from .helpers import BROWSE, ids

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the stored vector is PostgreSQL's"
)


def stale_vectors() -> list[int]:
    """Jobs whose stored vector is not the vector of their search text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM jobs_jobpost WHERE search_vector IS DISTINCT FROM "
            "to_tsvector('english'::regconfig, COALESCE(search_document, ''))"
        )
        return [row[0] for row in cursor.fetchall()]


def found(api, word: str) -> list[int]:
    response = api.get(BROWSE, {"search": word})
    assert response.status_code == 200, response.content
    return ids(response)


# --- the stored vector --------------------------------------------------------------------------


@postgres_only
def test_vector_is_stored_on_create_and_follows_update(api, organization):
    job = JobPostFactory(organization=organization, title="Carpenter")

    JobPost.objects.filter(pk=job.pk).update(search_document="Welder wanted")

    assert stale_vectors() == []
    assert (found(api, "welder"), found(api, "carpenter")) == ([job.pk], [])


@postgres_only
def test_vector_is_stored_by_bulk_create_and_refresh(api, organization):
    jobs = JobPost.objects.bulk_create(
        JobPost(organization=organization, title=f"Plumber {i}", search_document="Plumber")
        for i in range(3)
    )

    refresh_search_documents(JobPost.objects.filter(pk__in=[job.pk for job in jobs]))

    assert stale_vectors() == []
    assert sorted(found(api, "plumber")) == sorted(job.pk for job in jobs)


@postgres_only
def test_vector_is_stored_by_copy(api, organization):
    """benchmarks/browse.py seeds with COPY, naming the model's columns only."""
    now = timezone.now()
    job = JobPostFactory.build(
        organization=organization,
        pk=900_001,
        search_document="Glazier",
        created_at=now,
        updated_at=now,
    )
    fields = JobPost._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    row = [f.get_db_prep_save(getattr(job, f.attname), connection) for f in fields]
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY jobs_jobpost ({columns}) FROM STDIN") as copy,
    ):
        copy.write_row(row)

    assert stale_vectors() == []
    assert found(api, "glazier") == [job.pk]


@postgres_only
def test_vector_column_is_indexed_instead_of_the_expression(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'jobs_jobpost'")
        indexes = {row[0] for row in cursor.fetchall()}

    assert "job_search_vector_gin" in indexes
    assert "job_search_document_fts" not in indexes


# --- search -------------------------------------------------------------------------------------


@pytest.mark.parametrize("term", ["developer", "Developers", "accessible"])
def test_search_matches_words_of_the_job(api, organization, term):
    job = JobPostFactory(organization=organization, title="Developers", job_desc="Accessible apps")
    JobPostFactory(organization=organization, title="Chef", job_desc="Cook dinner")

    assert found(api, term) == [job.pk]


@postgres_only
@pytest.mark.parametrize("term", ["developing", "accessibility managed", '"managing teams"'])
def test_search_stems_english_words(api, organization, term):
    job = JobPostFactory(
        organization=organization, title="Developers", job_desc="Managing teams accessibly"
    )
    JobPostFactory(organization=organization, title="Chef", job_desc="Cook dinner")

    assert found(api, term) == [job.pk]


# --- the bounded total --------------------------------------------------------------------------


def links(response) -> dict[str, int]:
    header = response.get("Link", "")
    return {
        rel: int(page) for page, rel in re.findall(r'[?&]page=(\d+)[^>]*>; rel="(\w+)"', header)
    }


@pytest.fixture
def limit_of_two(monkeypatch):
    monkeypatch.setattr("apps.jobs.api.EXACT_COUNT_LIMIT", 2)


def test_browse_total_is_exact_up_to_the_limit(api, organization, limit_of_two):
    JobPostFactory.create_batch(2, organization=organization)

    response = api.get(BROWSE, {"page_size": 1})

    assert response["X-Total-Count"] == "2"
    assert "X-Total-Count-Estimated" not in response
    assert links(response) == {"next": 2, "last": 2}


def test_browse_total_above_the_limit_is_estimated(api, organization, limit_of_two):
    JobPostFactory.create_batch(3, organization=organization)

    response = api.get(BROWSE, {"page_size": 1})

    total = int(response["X-Total-Count"])
    assert response["X-Total-Count-Estimated"] == "true"
    assert total >= 2
    assert links(response) == {"next": 2, "last": total}


def test_browse_last_page_past_the_estimate_still_lists_its_job(api, organization, limit_of_two):
    jobs = JobPostFactory.create_batch(3, organization=organization)

    response = api.get(BROWSE, {"page_size": 1, "page": 3, "ordering": "created_at"})

    assert ids(response) == [jobs[2].pk]
    assert int(response["X-Total-Count"]) >= 3


@pytest.mark.parametrize("estimated", [False, True])
def test_browse_query_count_is_same_for_1_and_100_jobs(api, db, monkeypatch, estimated):
    monkeypatch.setattr("apps.jobs.api.EXACT_COUNT_LIMIT", 0 if estimated else 1000)
    organizations = OrganizationFactory.create_batch(3)

    def make(n):
        for i in range(n):
            JobPostFactory(organization=organizations[i % 3], skills=[f"S{i}", "Python"])

    def browse():
        with CaptureQueriesContext(connection) as queries:
            response = api.get(BROWSE, {"page_size": 100, "search": "software"})
        assert response.get("X-Total-Count-Estimated") == ("true" if estimated else None)
        return len(response.json()), len(queries)

    make(1)
    one = browse()
    make(99)

    hundred = browse()

    assert (one[0], hundred[0]) == (1, 100)
    assert hundred[1] == one[1]
