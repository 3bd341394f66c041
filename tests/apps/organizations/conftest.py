"""Fixtures: `organization` (the root conftest's "Acme") with an owner, an admin and a member, and
an outsider who owns `other_organization` ("Globex"), each with a Bearer-authenticated client.

Unlike the root conftest's `employer`, these owners are also their organization's `root_user`."""

import pytest

from apps.organizations.models import Role
from tests.helpers import client_for

from .factories import MembershipFactory


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
