"""Replacing an organization's avatar (contract sections 9, 10): one transaction on the row locked
afresh. The old file goes only once the row names the new one; a failed save keeps the old file
and removes the new one; concurrent replacements leave exactly the file the row names (PostgreSQL).
"""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, IntegrityError

from apps.organizations.models import Membership, Organization
from tests.concurrency import patch_multipart_all_at_once, require_postgresql
from tests.helpers import client_for, png_bytes, raising

from .factories import MembershipFactory, OrganizationFactory
from .helpers import ORGS, org_url

THREADS = 8


# A media folder of each test alone, so listing a folder shows only its files.
pytestmark = pytest.mark.usefixtures("own_media_root")


def png_upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("logo.png", content, content_type="image/png")


def stored_avatars() -> list[str]:
    if not default_storage.exists("organizations"):
        return []
    return sorted(f"organizations/{name}" for name in default_storage.listdir("organizations")[1])


def avatar_bytes(client, organization: Organization) -> bytes:
    response = client.get(org_url(organization, "avatar/"))
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def test_avatar_replacement_leaves_only_the_new_file(organization, owner, owner_api, api):
    first, second = png_bytes(noise=True), png_bytes(noise=True)
    owner_api.patch(org_url(organization), {"avatar": png_upload(first)}, multipart=True)

    response = owner_api.patch(
        org_url(organization), {"avatar": png_upload(second)}, multipart=True
    )

    assert response.status_code == 200, response.content
    assert stored_avatars() == [Organization.objects.get(pk=organization.pk).avatar.name]
    assert avatar_bytes(api, organization) == second


def test_avatar_replacement_whose_save_fails_keeps_the_old_file_and_removes_the_new(
    organization, owner, owner_api, api, monkeypatch
):
    first = png_bytes(noise=True)
    owner_api.patch(org_url(organization), {"avatar": png_upload(first)}, multipart=True)
    before = Organization.objects.filter(pk=organization.pk).values().get()
    monkeypatch.setattr(Organization, "save", raising(DatabaseError("disk full")))

    response = owner_api.patch(
        org_url(organization),
        {"about": "New logo", "avatar": png_upload(png_bytes(noise=True))},
        multipart=True,
    )

    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error."}
    assert Organization.objects.filter(pk=organization.pk).values().get() == before
    assert stored_avatars() == [before["avatar"]]
    assert avatar_bytes(api, organization) == first


def test_organization_create_that_fails_leaves_no_stored_avatar(user, user_api, monkeypatch):
    # Another request made the user a member between the check and the insert.
    monkeypatch.setattr(Membership, "save", raising(IntegrityError("duplicate")))

    response = user_api.post(
        ORGS, {"name": "Acme", "avatar": png_upload(png_bytes())}, multipart=True
    )

    assert response.status_code == 409, response.content
    assert list(response.json()) == ["detail"]
    assert (Organization.objects.count(), stored_avatars()) == (0, [])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_avatar_replacements_leave_exactly_the_file_the_row_names():
    require_postgresql()
    organization = OrganizationFactory()
    owner = MembershipFactory(organization=organization, role="owner").user
    client = client_for(owner)
    client.patch(org_url(organization), {"avatar": png_upload(png_bytes())}, multipart=True)
    images = [png_bytes(noise=True) for _ in range(THREADS)]
    forms = [{"avatar": png_upload(image)} for image in images]

    statuses = patch_multipart_all_at_once(org_url(organization), client.token, forms)

    assert statuses == [200] * THREADS
    assert stored_avatars() == [Organization.objects.get(pk=organization.pk).avatar.name]
    assert avatar_bytes(client, organization) in images
