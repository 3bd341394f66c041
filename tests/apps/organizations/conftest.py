"""Fixtures: one organization with an owner, an admin and a member, and an outsider who owns
another organization, each with a Bearer-authenticated client."""

import pytest

from apps.organizations.models import Role

from .factories import MembershipFactory, OrganizationFactory
from .helpers import client_for


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Acme")


@pytest.fixture
def owner(organization):
    user = MembershipFactory(organization=organization, role=Role.OWNER).user
    organization.root_user = user
    organization.save(update_fields=["root_user"])
    return user


@pytest.fixture
def admin(organization):
    return MembershipFactory(organization=organization, role=Role.ADMIN).user


@pytest.fixture
def member(organization):
    return MembershipFactory(organization=organization, role=Role.MEMBER).user


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="Globex")


@pytest.fixture
def outsider(other_organization):
    """The owner of another organization."""
    user = MembershipFactory(organization=other_organization, role=Role.OWNER).user
    other_organization.root_user = user
    other_organization.save(update_fields=["root_user"])
    return user


@pytest.fixture
def owner_api(owner):
    return client_for(owner)


@pytest.fixture
def admin_api(admin):
    return client_for(admin)


@pytest.fixture
def member_api(member):
    return client_for(member)


@pytest.fixture
def outsider_api(outsider):
    return client_for(outsider)
