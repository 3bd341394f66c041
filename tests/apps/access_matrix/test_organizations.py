"""The organizations router (/api/organization/): organizations, invitations and members.

Where A's three employers differ (contract §6, docs/domain-rules.md "Organizations"): the owner
EA, the admin AD and the member M all read A; EA and AD update it, invite, list and revoke
invitations and change members' roles; only EA deletes A, invites an owner or touches an owner's
membership; M manages nothing but may leave. The member rows walk M, AD and EA as the target.
"""

import hashlib
import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.organizations.models import Invite, Membership, Organization

from .rows import Row, cases, check_download, fresh, router_rows, run_case, stored
from .world import (
    EMP_ADMIN,
    EMP_APPLIED,
    EMP_MEMBER,
    EMP_OTHER,
    EVERY_USER,
    ORG_A,
    OTHER,
    OWNER,
    PUBLIC,
    STAFF,
    World,
    answered,
    statuses,
)

ORGS = "/api/organization/organizations/"
org_row = router_rows("/organization/")

# Organization A: its employers read it (M the plain member included) and staff; everyone else
# 404, as if it did not exist (contract §6: members read).
ORG_READ = statuses(owner=404, other=404, emp_applied=200, emp_other=404, staff=200)
# Updating A, inviting and the invitations: owner EA, admin AD and staff; M may see A but not
# change it (403).
ORG_MANAGE = statuses(owner=404, other=404, emp_applied=200, member=403, emp_other=404, staff=200)
# What only an owner may do (and staff): delete A, invite an owner, touch an owner's role.
OWNERS_ONLY = statuses(
    owner=404, other=404, emp_applied=200, member=403, admin=403, emp_other=404, staff=200
)
ORG_DELETE = answered(OWNERS_ONLY, 204)
# EA is A's last owner: neither demoted nor removed, even by itself (409).
LAST_OWNER = answered(OWNERS_ONLY, 409)
# A second organization: a user is a candidate or an employer, never both (409).
ONE_ROLE = statuses(owner=409, other=409, emp_applied=409, emp_other=409, staff=201)
ACCEPT_INVITE = statuses(owner=409, other=409, emp_applied=409, emp_other=409, staff=200)


def org_a_url(suffix: str = ""):
    return lambda w: f"{ORGS}{w.org_a.pk}/{suffix}"


def _role_of(user) -> str | None:
    return Membership.objects.filter(user=user).values_list("role", flat=True).first()


def check_org_list(w: World, caller: str, response, where: str) -> None:
    expected = {
        OWNER: [],
        OTHER: [],
        **dict.fromkeys(ORG_A, [w.org_a.pk]),
        EMP_OTHER: [w.org_b.pk],
        STAFF: [w.org_a.pk, w.org_b.pk],
    }[caller]
    ids = [item["id"] for item in response.json()]
    assert ids == expected, f"{where}: organizations {ids}, expected {expected} (A={w.org_a.pk})"


def check_org_a(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert body["id"] == w.org_a.pk, f"{where}: {body}"
    members = sorted(user["id"] for user in body["users"])
    expected = sorted(w.users[caller].pk for caller in ORG_A)
    assert members == expected, f"{where}: users {members} != {expected}"


def check_invite_created(role: str):
    def check(w: World, caller: str, response, where: str) -> None:
        body = response.json()
        assert {key: body[key] for key in ("email", "role", "accepted")} == {
            "email": "newhire@example.com",
            "role": role,
            "accepted": False,
        }, f"{where}: {body}"
        assert body["invite_code"], f"{where}: no invite code in {body}"

    return check


def check_invites(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert [invite["id"] for invite in body] == [w.invite.pk], f"{where}: {body}"
    assert all("invite_code" not in invite for invite in body), f"{where}: a code is shown"


MEMBER_ROUTE = "organizations/{int:organization_id}/members/{int:user_id}/"
SHORT = {EMP_APPLIED: "EA", EMP_ADMIN: "AD", EMP_MEMBER: "M"}


def _member_url(target: str):
    return lambda w: f"{ORGS}{w.org_a.pk}/members/{w.users[target].pk}/"


def _role_row(target: str, role: str, expected: dict) -> Row:
    """Giving `target` (a caller of A) the role `role`."""

    def check(w: World, caller: str, response, where: str) -> None:
        body = response.json()
        assert (body["id"], body["role"]) == (w.users[target].pk, role), f"{where}: {body}"

    return org_row(
        "patch",
        MEMBER_ROUTE,
        _member_url(target),
        expected,
        body=lambda w, caller: {"role": role},
        check=check,
        effect=lambda w: _role_of(w.users[target]) == role,
        variant=f"{SHORT[target]} made {role}",
    )


def _remove_row(target: str, expected: dict) -> Row:
    return org_row(
        "delete",
        MEMBER_ROUTE,
        _member_url(target),
        expected,
        effect=lambda w: _role_of(w.users[target]) is None,
        variant=f"{SHORT[target]} removed",
    )


# Owners change any role; admins change admins and members (themselves included) but never touch
# an owner nor grant `owner`; a plain member changes nobody. Anyone may leave (DELETE of their
# own id). The last owner can be neither demoted nor removed (409).
MEMBER_ROWS = [
    _role_row(EMP_MEMBER, "admin", ORG_MANAGE),
    _role_row(EMP_MEMBER, "owner", OWNERS_ONLY),
    _role_row(EMP_ADMIN, "member", ORG_MANAGE),
    _role_row(EMP_APPLIED, "admin", LAST_OWNER),
    _remove_row(EMP_MEMBER, {**answered(ORG_MANAGE, 204), EMP_MEMBER: 204}),  # M leaves
    _remove_row(EMP_ADMIN, answered(ORG_MANAGE, 204)),  # AD leaves
    _remove_row(EMP_APPLIED, LAST_OWNER),
]


def invite_for_caller(w: World, caller: str) -> dict:
    """A live invitation to A for the caller's email (anonymous: some address); its code."""
    code = secrets.token_urlsafe(12)
    user = w.users[caller]
    Invite.objects.create(
        organization=w.org_a,
        email=user.email if user else "nobody@example.com",
        code_hash=hashlib.sha256(code.encode()).hexdigest(),
        invited_by=w.users[EMP_APPLIED],
        expires_at=timezone.now() + timedelta(days=7),
    )
    return {"invite_code": code}


def check_org_a_joined(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert body["id"] == w.org_a.pk, f"{where}: {body}"
    assert w.users[caller].pk in [user["id"] for user in body["users"]], f"{where}: {body}"


ROWS = [
    org_row(
        "post",
        "organizations/",
        lambda w: ORGS,
        ONE_ROLE,
        body=lambda w, caller: {"name": "Initech"},
        effect=lambda w: Organization.objects.filter(name="Initech").exists(),
    ),
    org_row("get", "organizations/", lambda w: ORGS, EVERY_USER, check=check_org_list),
    org_row(
        "get",
        "organizations/{int:organization_id}/",
        org_a_url(),
        ORG_READ,
        check=check_org_a,
    ),
    org_row(
        "put",
        "organizations/{int:organization_id}/",
        org_a_url(),
        ORG_MANAGE,
        body=lambda w, caller: {"name": "Acme Renamed", "about": "Replaced."},
        check=check_org_a,
        effect=lambda w: stored(w.org_a, {"name": "Acme Renamed", "about": "Replaced."}),
    ),
    org_row(
        "patch",
        "organizations/{int:organization_id}/",
        org_a_url(),
        ORG_MANAGE,
        body=lambda w, caller: {"about": "Patched."},
        check=check_org_a,
        effect=lambda w: stored(w.org_a, {"about": "Patched."}),
    ),
    org_row(
        "delete",
        "organizations/{int:organization_id}/",
        org_a_url(),
        ORG_DELETE,
        effect=lambda w: fresh(w.org_a) is None,
    ),
    org_row(
        "post",
        "organizations/{int:organization_id}/create-invite/",
        org_a_url("create-invite/"),
        answered(ORG_MANAGE, 201),
        body=lambda w, caller: {"email": "newhire@example.com"},
        check=check_invite_created("member"),
        effect=lambda w: Invite.objects.filter(email="newhire@example.com").exists(),
        variant="a member",
    ),
    org_row(
        "post",
        "organizations/{int:organization_id}/create-invite/",
        org_a_url("create-invite/"),
        answered(OWNERS_ONLY, 201),
        body=lambda w, caller: {"email": "newhire@example.com", "role": "owner"},
        check=check_invite_created("owner"),
        effect=lambda w: Invite.objects.filter(email="newhire@example.com").exists(),
        variant="an owner",
    ),
    org_row(
        "get",
        "organizations/{int:organization_id}/invites/",
        org_a_url("invites/"),
        ORG_MANAGE,
        check=check_invites,
    ),
    org_row(
        "delete",
        "organizations/{int:organization_id}/invites/{int:invite_id}/",
        lambda w: f"{ORGS}{w.org_a.pk}/invites/{w.invite.pk}/",
        answered(ORG_MANAGE, 204),
        effect=lambda w: fresh(w.invite).revoked_at is not None,
    ),
    *MEMBER_ROWS,
    org_row(
        "get",
        "organizations/{int:organization_id}/avatar/",
        org_a_url("avatar/"),
        PUBLIC,
        check=check_download(lambda w: w.org_avatar),
    ),
    org_row(
        "post",
        "invites/accept/",
        lambda w: "/api/organization/invites/accept/",
        # An invitation to A issued to the caller's own email. Candidates and members of an
        # organization cannot join one (409); staff, neither, joins A.
        ACCEPT_INVITE,
        body=invite_for_caller,
        check=check_org_a_joined,
        effect=lambda w: _role_of(w.users[STAFF]) == "member",
    ),
]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_organization_routes_answer_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
