"""Shared constants and helpers of the organization tests."""

import io
import os
import re

from django.core import mail
from PIL import Image

from apps.organizations.models import Membership, Organization
from tests.conftest import ApiClient

ORGS = "/api/organization/organizations/"
ACCEPT = "/api/organization/invites/accept/"
SIGNUP = "/api/auth/signup/"
NOT_FOUND = {"detail": "Not found."}
NOT_PROVIDED = {"detail": "Authentication credentials were not provided."}
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


def client_for(user) -> ApiClient:
    """A client logged in as `user` with a Bearer token."""
    client = ApiClient()
    client.login(user.email)
    return client


def png_bytes(size=(8, 8), noise=False) -> bytes:
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (30, 120, 200))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


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
