"""A stored file the row still names but storage no longer holds answers 404 with a clear detail,
never a 500: resumes, video pitches, candidate avatars, user avatars and organization avatars, on
local storage and on S3 (contract sections 2, 10)."""

import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from apps.accounts.models import Profile
from platform_core.errors import NotFound
from platform_core.files import MISSING_FILE, file_response
from tests.apps.organizations.factories import MembershipFactory, OrganizationFactory
from tests.helpers import MP4, PDF, client_for, png_bytes

from .helpers import profile_url, upload

MISSING = {"detail": MISSING_FILE}


def store(client, candidate, field: str, content: bytes) -> str:
    response = client.patch(
        profile_url(candidate), {field: upload("file.bin", content)}, multipart=True
    )
    assert response.status_code == 200, response.content
    return getattr(type(candidate).objects.get(pk=candidate.pk), field).name


@pytest.mark.parametrize(
    ("field", "content", "suffix"),
    [("resume_file", PDF, "resume/"), ("video_pitch", MP4, "video-pitch/")],
)
def test_missing_candidate_file_download_is_404(candidate, candidate_api, field, content, suffix):
    name = store(candidate_api, candidate, field, content)
    default_storage.delete(name)

    response = candidate_api.get(profile_url(candidate, suffix))

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == MISSING


def test_missing_candidate_avatar_is_404_for_an_employer(candidate):
    avatar = candidate.user.profile.avatar
    avatar.save("face.png", ContentFile(png_bytes()))
    default_storage.delete(avatar.name)
    employer_api = client_for(MembershipFactory().user)

    response = employer_api.get(f"/api/candidates/avatars/{candidate.user_id}/")

    assert (response.status_code, response.json()) == (404, MISSING)


def test_missing_user_avatar_is_404(user, user_api):
    response = user_api.patch(
        "/api/auth/profile/", {"avatar": upload("me.png", png_bytes())}, multipart=True
    )
    assert response.status_code == 200, response.content
    default_storage.delete(Profile.objects.get(user=user).avatar.name)

    response = user_api.get(f"/api/auth/users/{user.pk}/avatar/")

    assert (response.status_code, response.json()) == (404, MISSING)


def test_missing_organization_avatar_is_404(api):
    organization = OrganizationFactory()
    organization.avatar.save("logo.png", ContentFile(png_bytes()))
    default_storage.delete(organization.avatar.name)

    response = api.get(f"/api/organization/organizations/{organization.pk}/avatar/")

    assert (response.status_code, response.json()) == (404, MISSING)


def test_present_file_download_still_streams(candidate, candidate_api):
    store(candidate_api, candidate, "resume_file", PDF)

    response = candidate_api.get(profile_url(candidate, "resume/"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_missing_resume_on_s3_is_404(s3_bucket, candidate, candidate_api):  # noqa: F811
    name = store(candidate_api, candidate, "resume_file", PDF)
    s3_bucket.delete_object(Bucket="candidate-files", Key=name)

    response = candidate_api.get(profile_url(candidate, "resume/"))

    assert (response.status_code, response.json()) == (404, MISSING)


class _Storage:
    """A storage whose reads fail as S3 does when the object went between HEAD and GET."""

    def __init__(self, code: str):
        self.code = code

    def open(self, name, mode="rb"):
        raise ClientError({"Error": {"Code": self.code, "Message": "..."}}, "GetObject")


class _FieldFile:
    name = "resumes/1/gone.pdf"

    def __init__(self, storage):
        self.storage = storage


def test_s3_no_such_key_on_read_is_not_found():
    with pytest.raises(NotFound) as raised:
        file_response(_FieldFile(_Storage("NoSuchKey")))

    assert raised.value.detail == MISSING_FILE


def test_s3_other_error_on_read_is_not_hidden():
    with pytest.raises(ClientError):
        file_response(_FieldFile(_Storage("AccessDenied")))
