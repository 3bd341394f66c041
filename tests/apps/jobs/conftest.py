"""Fixtures: an organization with an employer, another organization with its employer, two
candidates, a plain user, and an open, a closed and a draft job of the first organization."""

import pytest

from apps.jobs.models import JobStatus
from apps.organizations.models import Role
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.organizations.factories import MembershipFactory, OrganizationFactory

from .factories import JobPostFactory
from .helpers import client_for


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Acme")


@pytest.fixture
def employer(organization):
    return MembershipFactory(organization=organization, role=Role.OWNER).user


@pytest.fixture
def employer_api(employer):
    return client_for(employer)


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="Globex")


@pytest.fixture
def other_employer(other_organization):
    return MembershipFactory(organization=other_organization, role=Role.OWNER).user


@pytest.fixture
def other_employer_api(other_employer):
    return client_for(other_employer)


@pytest.fixture
def candidate(db):
    """A candidate profile (its user is `candidate.user`)."""
    return CandidateProfileFactory()


@pytest.fixture
def candidate_api(candidate):
    return client_for(candidate.user)


@pytest.fixture
def other_candidate(db):
    return CandidateProfileFactory()


@pytest.fixture
def other_candidate_api(other_candidate):
    return client_for(other_candidate.user)


@pytest.fixture
def open_job(organization, employer):
    return JobPostFactory(organization=organization, user=employer, title="Backend Developer")


@pytest.fixture
def closed_job(organization, employer):
    return JobPostFactory(organization=organization, user=employer, status=JobStatus.CLOSED)


@pytest.fixture
def draft_job(organization, employer):
    return JobPostFactory(organization=organization, user=employer, status=JobStatus.DRAFT)
