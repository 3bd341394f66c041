"""Fixtures: an open, a closed and a draft job of `organization`, written by its `employer`
(the organizations, employers and candidates are the root conftest's)."""

import pytest

from apps.jobs.models import JobStatus

from .factories import JobPostFactory


@pytest.fixture
def open_job(organization, employer):
    return JobPostFactory(organization=organization, user=employer, title="Backend Developer")


@pytest.fixture
def closed_job(organization, employer):
    return JobPostFactory(organization=organization, user=employer, status=JobStatus.CLOSED)


@pytest.fixture
def draft_job(organization, employer):
    return JobPostFactory(organization=organization, user=employer, status=JobStatus.DRAFT)
