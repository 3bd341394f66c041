"""The organization's job list and a job's applicant list are prepared queries
(platform_core.prepared) when every filter is an exact match: each filter and combination,
over HTTP, lists exactly the jobs (applications) it should, the page headers included."""

import itertools

import pytest

from apps.jobs.models import ApplicationStatus, JobStatus
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jobs(organization, other_organization):
    made = [
        JobPostFactory(
            organization=organization,
            workplace_type=workplace_type,
            job_type=job_type,
            status=status,
            visa_required=visa,
        )
        for workplace_type, job_type, status, visa in itertools.product(
            (1, 3), (1, 5), (JobStatus.OPEN, JobStatus.DRAFT), (False, True)
        )
    ]
    JobPostFactory(organization=other_organization, workplace_type=3, job_type=5)
    return made


CASES = [
    {},
    {"job_type": 5},
    {"workplace_type": 3},
    {"status": "draft"},
    {"visa_required": True},
    {"workplace_type": 3, "job_type": 5, "status": "open", "visa_required": False},
    {"job_type": 4},
]


@pytest.mark.parametrize("filters", CASES, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()))
def test_each_exact_filter_lists_the_jobs_it_names(employer_api, jobs, filters):
    expected = sorted(
        job.pk
        for job in jobs
        if all(getattr(job, name) == value for name, value in filters.items())
    )
    # Twice: the second request runs the compiled query with the same values.
    for _ in range(2):
        response = employer_api.get("/api/channels/jobs/", {**filters, "page_size": 100})
        assert response.status_code == 200, response.content
        assert sorted(job["id"] for job in response.json()) == expected
        assert response["X-Total-Count"] == str(len(expected))


def test_pages_of_a_prepared_list(employer_api, jobs):
    first = employer_api.get("/api/channels/jobs/", {"page_size": 5, "ordering": "title"})
    second = employer_api.get(
        "/api/channels/jobs/", {"page_size": 5, "page": 2, "ordering": "title"}
    )
    titles = sorted(job.title for job in jobs)
    assert [job["title"] for job in first.json()] == titles[:5]
    assert [job["title"] for job in second.json()] == titles[5:10]
    assert first["X-Total-Count"] == "16"
    assert 'rel="next"' in first["Link"] and 'rel="last"' in first["Link"]
    past = employer_api.get("/api/channels/jobs/", {"page_size": 5, "page": 9})
    assert past.status_code == 200 and past.json() == []
    # No row carries the total past the end: it is counted on its own, and the links still
    # lead back.
    assert past["X-Total-Count"] == "16"
    assert 'rel="prev"' in past["Link"] and "page=4" in past["Link"]
    nothing = employer_api.get("/api/channels/jobs/", {"job_type": 4})
    assert nothing.json() == [] and nothing["X-Total-Count"] == "0"


def test_applicants_by_status_then_all(employer_api, organization):
    job = JobPostFactory(organization=organization)
    statuses = [ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED, ApplicationStatus.APPLIED]
    made = [
        ApplicationFactory(job=job, candidate=CandidateProfileFactory(), status=status)
        for status in statuses
    ]
    ApplicationFactory(candidate=CandidateProfileFactory())  # another job's applicant

    shortlisted = employer_api.get(f"/api/channels/jobs/{job.pk}/applications/?status=shortlisted")
    everyone = employer_api.get(f"/api/channels/jobs/{job.pk}/applications/")
    assert [row["id"] for row in shortlisted.json()] == [made[1].pk]
    assert shortlisted["X-Total-Count"] == "1"
    assert sorted(row["id"] for row in everyone.json()) == sorted(a.pk for a in made)
    assert everyone["X-Total-Count"] == "3"
