"""Shared constants and helpers of the organization tests."""

import re

from django.core import mail

from apps.organizations.models import Membership, Organization

ORGS = "/api/organization/organizations/"
ACCEPT = "/api/organization/invites/accept/"
SIGNUP = "/api/auth/signup/"
NEW_PASSWORD = "Brand-New-Secret-77"

ORGANIZATION_KEYS = [
    "id",
    "root_user",
    "name",
    "url",
    "industry",
    "industry_display",
    "linkedin_url",
    "headquarter_location",
    "about",
    "employee_size",
    "employee_size_display",
    "users",
    "avatar_url",
    "created_at",
]
INVITE_CREATED_KEYS = {"id", "email", "role", "invite_code", "expires_at", "accepted"}


def org_url(organization: Organization | int, suffix: str = "") -> str:
    pk = organization if isinstance(organization, int) else organization.pk
    return f"{ORGS}{pk}/{suffix}"


def contract_view(body: dict) -> dict:
    """The keys of an <Organization> body that the contract names (extra keys are allowed)."""
    return {key: body[key] for key in ORGANIZATION_KEYS}


def member_view(membership: Membership) -> dict:
    user = membership.user
    return {
        "id": user.pk,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": membership.role,
    }


def roles_of(organization: Organization) -> dict[str, str]:
    """{email: role} of the organization's members, read from the database."""
    return dict(
        Membership.objects.filter(organization=organization).values_list("user__email", "role")
    )


def invite_emails_to(address: str) -> list:
    return [
        message
        for message in mail.outbox
        if message.to == [address] and "invited" in message.subject
    ]


def code_from_email(address: str) -> str:
    """The invitation code, read only from the text of the last invitation mailed to `address`."""
    messages = invite_emails_to(address)
    assert messages, f"no invitation was mailed to {address}"
    match = re.search(r"invite_code=([A-Za-z0-9_-]+)", messages[-1].body)
    assert match, messages[-1].body
    return match.group(1)
