"""Organization invitations over HTTP (contract sections 4, 9 and 11): create, list, revoke,
and acceptance through signup or POST /organization/invites/accept/, end to end from the email
alone."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from apps.accounts.models import User
from apps.organizations.models import Invite, Membership, Organization
from tests.factories import UserFactory
from tests.helpers import NOT_FOUND, NOT_PROVIDED, ApiClient, client_for

from .helpers import (
    ACCEPT,
    INVITE_CREATED_KEYS,
    NEW_PASSWORD,
    SIGNUP,
    code_from_email,
    contract_view,
    invite_emails_to,
    member_view,
    org_url,
    roles_of,
)

NEW_EMAIL = "new@example.com"
INVITE_LIST_KEYS = {"id", "email", "role", "created_at", "expires_at", "accepted", "revoked"}


# --- helpers ------------------------------------------------------------------------------------


def invite(client, organization, email=NEW_EMAIL, role=None):
    body = {"email": email} if role is None else {"email": email, "role": role}
    return client.post(org_url(organization, "create-invite/"), body)


def signup(client, email, invite_code, **extra):
    body = {
        "email": email,
        "password": NEW_PASSWORD,
        "first_name": "Nia",
        "last_name": "Invitee",
        "invite_code": invite_code,
        **extra,
    }
    return client.post(SIGNUP, body)


def assert_invite_code_error(response):
    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["invite_code"]
    assert body["invite_code"] and all(isinstance(m, str) for m in body["invite_code"])


# --- create -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_invite_create_by_manager_returns_code_and_emails_it(
    request, organization, owner, admin, role
):
    client = request.getfixturevalue(f"{role}_api")

    response = invite(client, organization, "New@Example.com")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == INVITE_CREATED_KEYS
    stored = Invite.objects.get()
    code = body["invite_code"]
    assert {k: body[k] for k in ("id", "email", "role", "accepted")} == {
        "id": stored.pk,
        "email": NEW_EMAIL,
        "role": "member",
        "accepted": False,
    }
    expires_at = parse_datetime(body["expires_at"])
    assert abs(expires_at - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)
    messages = invite_emails_to(NEW_EMAIL)
    assert [message.to for message in mail.outbox] == [[NEW_EMAIL]]
    assert code in messages[0].body
    assert code_from_email(NEW_EMAIL) == code


def test_invite_code_stored_hashed(organization, owner, owner_api):
    code = invite(owner_api, organization).json()["invite_code"]

    stored = Invite.objects.values().get()

    assert [field for field, value in stored.items() if code in str(value)] == []


def test_invite_by_member_is_403(organization, owner, member_api):
    response = invite(member_api, organization)

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert Invite.objects.count() == 0
    assert mail.outbox == []


def test_invite_by_non_member_is_404(organization, owner, outsider_api):
    response = invite(outsider_api, organization)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert Invite.objects.count() == 0
    assert mail.outbox == []


def test_invite_anonymous_is_401(organization, api):
    response = invite(api, organization)

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED
    assert Invite.objects.count() == 0


def test_invite_owner_role_by_admin_is_403(organization, owner, admin_api):
    response = invite(admin_api, organization, role="owner")

    assert response.status_code == 403
    assert Invite.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("invited_role", ["owner", "admin", "member"])
def test_invite_role_by_owner_is_201(organization, owner, owner_api, invited_role):
    response = invite(owner_api, organization, role=invited_role)

    assert response.status_code == 201
    assert response.json()["role"] == invited_role
    assert list(Invite.objects.values_list("role", flat=True)) == [invited_role]


@pytest.mark.parametrize("spelling", ["lower", "upper"])
def test_invite_existing_member_is_409(organization, owner, member, owner_api, spelling):
    email = member.email if spelling == "lower" else member.email.upper()

    response = invite(owner_api, organization, email)

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert Invite.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({}, "email"),
        ({"email": NEW_EMAIL, "role": "boss"}, "role"),
        ({"email": NEW_EMAIL, "invite_code": "mine"}, "invite_code"),
    ],
)
def test_invite_bad_body_is_400(organization, owner, owner_api, body, field):
    response = owner_api.post(org_url(organization, "create-invite/"), body)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Invite.objects.count() == 0


# --- list ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_invite_list_by_manager_never_shows_codes(request, organization, owner, admin, role):
    client = request.getfixturevalue(f"{role}_api")
    codes = [
        invite(client, organization, f"p{i}@example.com").json()["invite_code"] for i in range(2)
    ]

    response = client.get(org_url(organization, "invites/"))

    assert response.status_code == 200
    body = response.json()
    assert [(item["email"], item["role"], item["accepted"]) for item in body] == [
        ("p1@example.com", "member", False),
        ("p0@example.com", "member", False),
    ]
    assert all(set(item) >= INVITE_LIST_KEYS for item in body)
    assert all("invite_code" not in item for item in body)
    assert not any(code in response.content.decode() for code in codes)
    assert response["X-Total-Count"] == "2"


def test_invite_list_by_member_is_403(organization, owner, owner_api, member_api):
    invite(owner_api, organization)

    response = member_api.get(org_url(organization, "invites/"))

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


def test_invite_list_by_non_member_is_404(organization, owner, owner_api, outsider_api):
    invite(owner_api, organization)

    response = outsider_api.get(org_url(organization, "invites/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# --- revoke -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_invite_revoke_kills_the_code(request, organization, owner, admin, api, role):
    client = request.getfixturevalue(f"{role}_api")
    created = invite(client, organization).json()

    response = client.delete(org_url(organization, f"invites/{created['id']}/"))

    assert response.status_code == 204
    listed = client.get(org_url(organization, "invites/")).json()
    assert [(item["id"], item["revoked"]) for item in listed] == [(created["id"], True)]
    assert_invite_code_error(signup(api, NEW_EMAIL, created["invite_code"]))
    assert User.objects.filter(email=NEW_EMAIL).exists() is False


def test_invite_revoked_code_cannot_be_accepted(organization, owner, owner_api):
    invitee = UserFactory(email=NEW_EMAIL)
    created = invite(owner_api, organization).json()
    owner_api.delete(org_url(organization, f"invites/{created['id']}/"))

    response = client_for(invitee).post(ACCEPT, {"invite_code": created["invite_code"]})

    assert_invite_code_error(response)
    assert Membership.objects.filter(user=invitee).exists() is False


def test_invite_revoke_by_member_is_403(organization, owner, owner_api, member_api):
    created = invite(owner_api, organization).json()

    response = member_api.delete(org_url(organization, f"invites/{created['id']}/"))

    assert response.status_code == 403
    assert Invite.objects.get().revoked_at is None


def test_invite_revoke_by_non_member_is_404(organization, owner, owner_api, outsider_api):
    created = invite(owner_api, organization).json()

    response = outsider_api.delete(org_url(organization, f"invites/{created['id']}/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert Invite.objects.get().revoked_at is None


def test_invite_revoke_of_other_organization_invite_is_404(
    organization, owner, owner_api, other_organization, outsider_api
):
    theirs = invite(outsider_api, other_organization).json()

    response = owner_api.delete(org_url(organization, f"invites/{theirs['id']}/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert Invite.objects.get().revoked_at is None


def test_invite_revoke_accepted_invite_is_409(organization, owner, owner_api, api):
    created = invite(owner_api, organization).json()
    signup(api, NEW_EMAIL, created["invite_code"])

    response = owner_api.delete(org_url(organization, f"invites/{created['id']}/"))

    assert response.status_code == 409
    assert roles_of(organization)[NEW_EMAIL] == "member"


def test_invite_revoke_unknown_invite_is_404(organization, owner, owner_api):
    response = owner_api.delete(org_url(organization, "invites/999999/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_invite_to_unknown_organization_is_404(owner_api):
    response = invite(owner_api, 999999)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_invite_second_to_same_email_replaces_first(organization, owner, owner_api, api):
    first = invite(owner_api, organization).json()["invite_code"]
    second = invite(owner_api, organization, role="admin").json()["invite_code"]

    dead = signup(api, NEW_EMAIL, first)
    alive = signup(api, NEW_EMAIL, second)

    assert_invite_code_error(dead)
    assert alive.status_code == 201
    assert roles_of(organization)[NEW_EMAIL] == "admin"


# --- acceptance ---------------------------------------------------------------------------------


def test_invite_end_to_end_from_the_email_alone(organization, owner, owner_api, api):
    assert invite(owner_api, organization, role="admin").status_code == 201
    code = code_from_email(NEW_EMAIL)  # nothing but the email text

    response = signup(api, NEW_EMAIL, code)

    assert response.status_code == 201, response.content
    user = response.json()["user"]
    assert (user["email"], user["is_employer"], user["is_candidate"]) == (NEW_EMAIL, True, False)
    assert roles_of(organization) == {owner.email: "owner", NEW_EMAIL: "admin"}
    newcomer = ApiClient()
    newcomer.login(NEW_EMAIL, NEW_PASSWORD)  # login works right after signup
    listed = newcomer.get("/api/organization/organizations/").json()
    assert [item["id"] for item in listed] == [organization.pk]
    assert {
        "id": user["id"],
        "first_name": "Nia",
        "last_name": "Invitee",
        "email": NEW_EMAIL,
        "role": "admin",
    } in listed[0]["users"]
    invites = owner_api.get(org_url(organization, "invites/")).json()
    assert [(i["email"], i["accepted"]) for i in invites] == [(NEW_EMAIL, True)]


def test_invite_signup_email_case_differs_still_joins(organization, owner, owner_api, api):
    invite(owner_api, organization, "New.Person@Example.com")
    code = code_from_email("new.person@example.com")

    response = signup(api, "NEW.PERSON@example.COM", code)

    assert response.status_code == 201
    assert roles_of(organization)["new.person@example.com"] == "member"


def test_invite_code_used_twice_at_signup_is_400_and_no_user(organization, owner, owner_api, api):
    invite(owner_api, organization)
    code = code_from_email(NEW_EMAIL)
    assert signup(api, NEW_EMAIL, code).status_code == 201

    response = signup(api, "second@example.com", code)

    assert_invite_code_error(response)
    assert User.objects.filter(email="second@example.com").exists() is False
    assert roles_of(organization) == {owner.email: "owner", NEW_EMAIL: "member"}


def test_invite_code_used_twice_by_accept_is_400(organization, owner, owner_api, api):
    invite(owner_api, organization)
    code = code_from_email(NEW_EMAIL)
    assert signup(api, NEW_EMAIL, code).status_code == 201
    someone = UserFactory()

    response = client_for(someone).post(ACCEPT, {"invite_code": code})

    assert_invite_code_error(response)
    assert Membership.objects.filter(user=someone).exists() is False


def test_invite_code_for_other_email_at_signup_is_400_and_no_user(
    organization, owner, owner_api, api
):
    invite(owner_api, organization)
    code = code_from_email(NEW_EMAIL)

    response = signup(api, "intruder@example.com", code)

    assert_invite_code_error(response)
    assert User.objects.filter(email="intruder@example.com").exists() is False
    assert [m for m in mail.outbox if m.to == ["intruder@example.com"]] == []  # no verification
    assert Invite.objects.get().accepted_at is None
    assert signup(api, NEW_EMAIL, code).status_code == 201  # the rightful invitee still can


def test_invite_code_for_other_email_at_accept_is_400(organization, owner, owner_api):
    invite(owner_api, organization)
    code = code_from_email(NEW_EMAIL)
    intruder = UserFactory(email="intruder@example.com")

    response = client_for(intruder).post(ACCEPT, {"invite_code": code})

    assert_invite_code_error(response)
    assert Membership.objects.filter(user=intruder).exists() is False
    assert Invite.objects.get().accepted_at is None


@pytest.mark.parametrize("invited_role", ["owner", "admin", "member"])
def test_invite_accept_by_existing_user_joins_with_role(
    organization, owner, owner_api, invited_role
):
    invitee = UserFactory(email=NEW_EMAIL)
    invite(owner_api, organization, role=invited_role)
    code = code_from_email(NEW_EMAIL)

    response = client_for(invitee).post(ACCEPT, {"invite_code": code})

    assert response.status_code == 200
    body = contract_view(response.json())
    assert body["id"] == organization.pk
    assert body["users"] == [
        member_view(m) for m in Membership.objects.filter(organization=organization).order_by("id")
    ]
    assert Membership.objects.get(user=invitee).role == invited_role
    assert Membership.objects.get(user=invitee).organization == organization


def test_invite_accept_expired_is_400(organization, owner, owner_api, api):
    invitee = UserFactory(email=NEW_EMAIL)
    invite(owner_api, organization)
    code = code_from_email(NEW_EMAIL)
    Invite.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    accepted = client_for(invitee).post(ACCEPT, {"invite_code": code})

    assert_invite_code_error(accepted)
    assert Membership.objects.filter(user=invitee).exists() is False


def test_invite_signup_with_expired_code_is_400_and_no_user(organization, owner, owner_api, api):
    invite(owner_api, organization)
    code = code_from_email(NEW_EMAIL)
    Invite.objects.update(expires_at=timezone.now() - timedelta(days=1))

    response = signup(api, NEW_EMAIL, code)

    assert_invite_code_error(response)
    assert User.objects.filter(email=NEW_EMAIL).exists() is False


def test_invite_accept_by_user_in_another_organization_is_409(
    organization, owner, owner_api, other_organization, outsider, outsider_api
):
    invite(owner_api, organization, outsider.email)
    code = code_from_email(outsider.email)

    response = outsider_api.post(ACCEPT, {"invite_code": code})

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert Membership.objects.get(user=outsider).organization == other_organization
    assert Invite.objects.get().accepted_at is None


def test_invite_accept_unknown_code_is_400(user, user_api):
    response = user_api.post(ACCEPT, {"invite_code": "no-such-code"})

    assert_invite_code_error(response)
    assert Membership.objects.count() == 0


def test_invite_accept_missing_code_is_400(user_api):
    response = user_api.post(ACCEPT, {})

    assert response.status_code == 400
    assert list(response.json()) == ["invite_code"]


def test_invite_accept_anonymous_is_401(organization, owner, owner_api, api):
    invite(owner_api, organization)

    response = api.post(ACCEPT, {"invite_code": code_from_email(NEW_EMAIL)})

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED
    assert Invite.objects.get().accepted_at is None


def test_invite_signup_unknown_code_is_400_and_no_user(api):
    response = signup(api, NEW_EMAIL, "made-up-code")

    assert_invite_code_error(response)
    assert User.objects.filter(email=NEW_EMAIL).exists() is False


def test_invite_after_organization_deleted_is_dead(organization, owner, owner_api, api):
    invite(owner_api, organization)
    code = code_from_email(NEW_EMAIL)
    assert owner_api.delete(org_url(organization)).status_code == 204

    response = signup(api, NEW_EMAIL, code)

    assert_invite_code_error(response)
    assert User.objects.filter(email=NEW_EMAIL).exists() is False
    assert Organization.objects.count() == 0
