"""File storage down (issue 18, part 3): S3 not answering, or the local disk failing.

Uploads (resume, video pitch, user and organization avatars) answer 503 JSON and leave no row
pointing at a file that was never stored; downloads answer 503 JSON. S3 is "down" as a closed
port on 127.0.0.1 (nothing listens), or moto's server stopped after a file was stored in it.
"""

import pytest
from botocore.config import Config
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.candidates.models import CandidateProfile
from apps.organizations.models import Organization
from platform_core.errors import STORAGE_UNAVAILABLE
from platform_core.models import Run
from tests.helpers import MP4, PDF, free_port, png_bytes
from tests.s3 import moto_s3, reset_storages, s3_storage

UNAVAILABLE = {"detail": STORAGE_UNAVAILABLE}
BUCKET = "fault-files"


def _s3(endpoint: str) -> dict:
    # One attempt, a short connect: a refused port fails at once, not after retries.
    return s3_storage(
        endpoint, BUCKET, client_config=Config(retries={"max_attempts": 1}, connect_timeout=2)
    )


@pytest.fixture
def s3_down(settings):
    """STORAGES["default"] on S3 at a port nothing listens on."""
    settings.STORAGES = {**settings.STORAGES, "default": _s3(f"http://127.0.0.1:{free_port()}")}
    reset_storages()
    yield
    reset_storages()


@pytest.fixture
def moto(settings):
    """moto's S3 server with the bucket, STORAGES["default"] on it; yields the server (the test
    may stop it)."""
    with moto_s3(BUCKET) as server:
        settings.STORAGES = {**settings.STORAGES, "default": _s3(server.endpoint)}
        reset_storages()
        try:
            yield server
        finally:
            reset_storages()


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _profile_url(candidate) -> str:
    return f"/api/candidates/profiles/{candidate.slug}/"


def _files_of(candidate) -> tuple[str, str]:
    profile = CandidateProfile.objects.get(pk=candidate.pk)
    return profile.resume_file.name or "", profile.video_pitch.name or ""


# --- uploads ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "upload"),
    [("resume_file", ("cv.pdf", PDF)), ("video_pitch", ("pitch.mp4", MP4))],
    ids=["resume", "video_pitch"],
)
def test_candidate_upload_with_s3_down_is_503_and_stores_no_name(
    candidate, candidate_api, s3_down, field, upload
):
    response = candidate_api.patch(
        _profile_url(candidate),
        {field: _file(*upload), "expected_salary_range": "90k"},
        multipart=True,
    )

    assert response.status_code == 503
    assert response.json() == UNAVAILABLE
    assert _files_of(candidate) == ("", "")
    assert CandidateProfile.objects.get(pk=candidate.pk).expected_salary_range == ""
    assert Run.objects.count() == 0  # no parse started for a resume that was not stored


def test_candidate_upload_with_s3_down_keeps_the_previous_file_name(
    candidate, candidate_api, s3_down
):
    CandidateProfile.objects.filter(pk=candidate.pk).update(resume_file="resumes/1/old.pdf")

    response = candidate_api.patch(
        _profile_url(candidate), {"resume_file": _file("new.pdf", PDF)}, multipart=True
    )

    assert (response.status_code, response.json()) == (503, UNAVAILABLE)
    assert _files_of(candidate) == ("resumes/1/old.pdf", "")


def test_user_avatar_upload_with_s3_down_is_503_and_stores_no_name(user, user_api, s3_down):
    response = user_api.patch(
        "/api/auth/profile/", {"avatar": _file("me.png", png_bytes())}, multipart=True
    )

    user.profile.refresh_from_db()
    assert (response.status_code, response.json()) == (503, UNAVAILABLE)
    assert user.profile.avatar.name in ("", None)


def test_organization_avatar_upload_with_s3_down_is_503_and_stores_no_name(
    organization, employer_api, s3_down
):
    response = employer_api.patch(
        f"/api/organization/organizations/{organization.pk}/",
        {"avatar": _file("logo.png", png_bytes())},
        multipart=True,
    )

    assert (response.status_code, response.json()) == (503, UNAVAILABLE)
    assert Organization.objects.get(pk=organization.pk).avatar.name in ("", None)


def test_organization_created_with_avatar_while_s3_down_is_503_and_not_created(user_api, s3_down):
    response = user_api.post(
        "/api/organization/organizations/",
        {"name": "Initech", "avatar": _file("logo.png", png_bytes())},
        multipart=True,
    )

    assert (response.status_code, response.json()) == (503, UNAVAILABLE)
    assert list(Organization.objects.filter(name="Initech")) == []


def test_upload_with_local_storage_failing_is_503_and_stores_no_name(
    candidate, candidate_api, settings, tmp_path
):
    # MEDIA_ROOT below a regular file: creating the upload's folder fails (an OSError), as a
    # full or read-only disk would.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = str(blocker / "media")

    response = candidate_api.patch(
        _profile_url(candidate), {"resume_file": _file("cv.pdf", PDF)}, multipart=True
    )

    assert (response.status_code, response.json()) == (503, UNAVAILABLE)
    assert _files_of(candidate) == ("", "")


# --- downloads ----------------------------------------------------------------------------------


def test_download_with_s3_down_is_503_json(candidate, candidate_api, s3_down):
    CandidateProfile.objects.filter(pk=candidate.pk).update(resume_file="resumes/1/cv.pdf")

    response = candidate_api.get(_profile_url(candidate) + "resume/")

    assert response.status_code == 503
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert response.json() == UNAVAILABLE


def test_file_stored_in_s3_then_s3_stopped_download_is_503_upload_keeps_the_stored_one(
    candidate, candidate_api, moto
):
    stored = candidate_api.patch(
        _profile_url(candidate), {"video_pitch": _file("pitch.mp4", MP4)}, multipart=True
    )
    name = _files_of(candidate)[1]
    moto.stop()

    download = candidate_api.get(_profile_url(candidate) + "video-pitch/")
    upload = candidate_api.patch(
        _profile_url(candidate), {"video_pitch": _file("new.mp4", MP4)}, multipart=True
    )

    assert stored.status_code == 200
    assert name.endswith(".mp4")
    assert (download.status_code, download.json()) == (503, UNAVAILABLE)
    assert (upload.status_code, upload.json()) == (503, UNAVAILABLE)
    assert _files_of(candidate) == ("", name)
