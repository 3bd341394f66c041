"""Members of an organization over HTTP (contract sections 5, 6 and 9): changing roles, removing
members and leaving, the last owner rule, and deleting the account of an organization's owner."""

import pytest

from apps.accounts.models import User
from apps.organizations.models import Membership, Organization
from tests.helpers import NOT_FOUND, client_for

from .factories import MembershipFactory
from .helpers import ORGS, member_view, org_url, roles_of


def member_url(organization, user) -> str:
    pk = user if isinstance(user, int) else user.pk
    return org_url(organization, f"members/{pk}/")


def user_url(user) -> str:
    return f"/api/auth/users/{user.pk}/"


# --- change a role ------------------------------------------------------------------------------


@pytest.mark.parametrize("new_role", ["admin", "owner"])
def test_member_role_owner_promotes_member(organization, owner, member, owner_api, new_role):
    response = owner_api.patch(member_url(organization, member), {"role": new_role})

    assert response.status_code == 200
    assert response.json() == member_view(Membership.objects.get(user=member))
    assert response.json()["role"] == new_role
    assert roles_of(organization) == {owner.email: "owner", member.email: new_role}


def test_member_role_admin_promotes_member_to_admin(organization, owner, admin, member, admin_api):
    response = admin_api.patch(member_url(organization, member), {"role": "admin"})

    assert response.status_code == 200
    assert roles_of(organization)[member.email] == "admin"


def test_member_role_admin_cannot_touch_owner(organization, owner, admin, member, admin_api):
    before = roles_of(organization)

    response = admin_api.patch(member_url(organization, owner), {"role": "member"})

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert roles_of(organization) == before


@pytest.mark.parametrize("target", ["member", "admin"])
def test_member_role_admin_cannot_grant_owner(
    request, organization, owner, admin, member, admin_api, target
):
    before = roles_of(organization)

    response = admin_api.patch(
        member_url(organization, request.getfixturevalue(target)), {"role": "owner"}
    )

    assert response.status_code == 403
    assert roles_of(organization) == before


def test_member_role_admin_promoting_themself_to_owner_is_403(
    organization, owner, admin, admin_api
):
    response = admin_api.patch(member_url(organization, admin), {"role": "owner"})

    assert response.status_code == 403
    assert roles_of(organization) == {owner.email: "owner", admin.email: "admin"}


def test_member_role_by_member_is_403(organization, owner, admin, member, member_api):
    before = roles_of(organization)

    response = member_api.patch(member_url(organization, member), {"role": "admin"})

    assert response.status_code == 403
    assert roles_of(organization) == before


def test_member_role_demoting_last_owner_is_409(organization, owner, admin, owner_api):
    before = roles_of(organization)

    response = owner_api.patch(member_url(organization, owner), {"role": "admin"})

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert roles_of(organization) == before


def test_member_role_demoting_one_of_two_owners_is_200(organization, owner, admin, owner_api):
    owner_api.patch(member_url(organization, admin), {"role": "owner"})

    response = owner_api.patch(member_url(organization, owner), {"role": "member"})

    assert response.status_code == 200
    assert roles_of(organization) == {owner.email: "member", admin.email: "owner"}


def test_member_role_unknown_user_is_404(organization, owner, owner_api):
    response = owner_api.patch(member_url(organization, 999999), {"role": "admin"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_member_role_of_other_organization_user_is_404(
    organization, owner, owner_api, other_organization, outsider
):
    response = owner_api.patch(member_url(organization, outsider), {"role": "member"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert roles_of(other_organization) == {outsider.email: "owner"}


def test_member_role_by_non_member_is_404(organization, owner, member, outsider_api):
    response = outsider_api.patch(member_url(organization, member), {"role": "admin"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert roles_of(organization)[member.email] == "member"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "boss"}, "role"),
        ({}, "role"),
        ({"role": "admin", "organization": 2}, "organization"),
    ],
)
def test_member_role_bad_body_is_400(organization, owner, member, owner_api, body, field):
    response = owner_api.patch(member_url(organization, member), body)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert roles_of(organization)[member.email] == "member"


# --- remove a member or leave -------------------------------------------------------------------


def test_member_remove_by_admin_is_204(organization, owner, admin, member, admin_api):
    response = admin_api.delete(member_url(organization, member))

    assert response.status_code == 204
    assert roles_of(organization) == {owner.email: "owner", admin.email: "admin"}
    assert User.objects.filter(pk=member.pk).exists() is True


def test_member_remove_admin_by_owner_is_204(organization, owner, admin, owner_api):
    response = owner_api.delete(member_url(organization, admin))

    assert response.status_code == 204
    assert roles_of(organization) == {owner.email: "owner"}


def test_member_remove_owner_by_admin_is_403_and_unchanged(organization, owner, admin, admin_api):
    before = roles_of(organization)

    response = admin_api.delete(member_url(organization, owner))

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert roles_of(organization) == before


def test_member_remove_by_member_is_403(organization, owner, admin, member, member_api):
    before = roles_of(organization)

    response = member_api.delete(member_url(organization, admin))

    assert response.status_code == 403
    assert roles_of(organization) == before


def test_member_last_owner_leaving_is_409(organization, owner, admin, owner_api):
    before = roles_of(organization)

    response = owner_api.delete(member_url(organization, owner))

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert roles_of(organization) == before


def test_member_owner_leaving_with_second_owner_is_204(organization, owner, admin, owner_api):
    owner_api.patch(member_url(organization, admin), {"role": "owner"})

    response = owner_api.delete(member_url(organization, owner))

    assert response.status_code == 204
    assert roles_of(organization) == {admin.email: "owner"}


def test_member_leaving_themself_is_204(organization, owner, member, member_api):
    response = member_api.delete(member_url(organization, member))

    assert response.status_code == 204
    assert roles_of(organization) == {owner.email: "owner"}
    assert member_api.get(ORGS).json() == []
    assert member_api.get(org_url(organization)).json() == NOT_FOUND


def test_member_who_left_can_create_own_organization(organization, owner, member, member_api):
    member_api.delete(member_url(organization, member))

    response = member_api.post(ORGS, {"name": "Spin-off"})

    assert response.status_code == 201
    assert Membership.objects.get(user=member).organization.name == "Spin-off"


def test_member_remove_unknown_user_is_404(organization, owner, owner_api):
    response = owner_api.delete(member_url(organization, 999999))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_member_remove_by_non_member_is_404(organization, owner, member, outsider_api):
    response = outsider_api.delete(member_url(organization, member))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert roles_of(organization)[member.email] == "member"


# --- deleting the account of an owner -----------------------------------------------------------


def test_user_delete_sole_owner_is_409_and_nothing_deleted(organization, owner, member, owner_api):
    before = roles_of(organization)

    response = owner_api.delete(user_url(owner))

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert User.objects.filter(pk=owner.pk).exists() is True
    assert Organization.objects.filter(pk=organization.pk).exists() is True
    assert roles_of(organization) == before
    assert owner_api.get("/api/auth/users/me/").status_code == 200  # still logged in


def test_user_delete_sole_owner_by_staff_is_409(organization, owner, staff_api):
    response = staff_api.delete(user_url(owner))

    assert response.status_code == 409
    assert User.objects.filter(pk=owner.pk).exists() is True
    assert roles_of(organization) == {owner.email: "owner"}


def test_user_delete_owner_after_promoting_another_is_204(organization, owner, admin, owner_api):
    assert owner_api.patch(member_url(organization, admin), {"role": "owner"}).status_code == 200

    response = owner_api.delete(user_url(owner))

    assert response.status_code == 204
    assert User.objects.filter(pk=owner.pk).exists() is False
    assert roles_of(organization) == {admin.email: "owner"}
    assert client_for(admin).get(org_url(organization)).status_code == 200


def test_user_delete_plain_member_is_204(organization, owner, member, member_api):
    response = member_api.delete(user_url(member))

    assert response.status_code == 204
    assert User.objects.filter(pk=member.pk).exists() is False
    assert roles_of(organization) == {owner.email: "owner"}


def test_user_delete_sole_owner_after_organization_deleted_is_204(organization, owner, owner_api):
    assert owner_api.delete(org_url(organization)).status_code == 204

    response = owner_api.delete(user_url(owner))

    assert response.status_code == 204
    assert User.objects.filter(pk=owner.pk).exists() is False


def test_user_delete_owner_of_organization_with_two_owners_is_204(organization, owner):
    second = MembershipFactory(organization=organization, role="owner").user

    response = client_for(second).delete(user_url(second))

    assert response.status_code == 204
    assert roles_of(organization) == {owner.email: "owner"}
