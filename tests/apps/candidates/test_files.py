"""Candidate files over HTTP: resumes, video pitches and avatars, stored through Django's storage
API and served only through authorized endpoints (contract sections 7, 10, 11); and the same on S3,
against moto's S3-compatible server on localhost."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.views.static import serve

from apps.accounts.models import Profile
from apps.candidates.models import CandidateProfile
from platform_core.runs import latest_run
from tests.apps.organizations.factories import MembershipFactory
from tests.factories import StaffFactory
from tests.helpers import MP4, NOT_FOUND, NOT_PROVIDED, PDF, ApiClient, client_for, png_bytes

from .helpers import PROFILES, TEXT, body_bytes, profile_url, upload

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect/></svg>'


def docx_bytes() -> bytes:
    """A minimal real Word document: a zip holding word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"/>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Grace</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
    return buffer.getvalue()


def resume_url(profile: CandidateProfile) -> str:
    return f"http://testserver{profile_url(profile, 'resume/')}"


def store_resume(client: ApiClient, profile: CandidateProfile, content=PDF, name="cv.pdf"):
    response = client.patch(
        profile_url(profile), {"resume_file": upload(name, content)}, multipart=True
    )
    assert response.status_code == 200, response.content
    profile.refresh_from_db()
    return response


# --- resumes ------------------------------------------------------------------------------------


def test_create_multipart_with_resume_file_returns_201(user, user_api):
    response = user_api.post(
        PROFILES,
        {
            "resume_file": upload("cv.pdf", PDF, "application/pdf"),
            "employment_type_preferences": "full-time,intern",
            "work_mode_preferences": '["on-site"]',
            "has_workvisa": "true",
        },
        multipart=True,
    )

    assert response.status_code == 201, response.content
    profile = CandidateProfile.objects.get(user=user)
    body = response.json()
    assert {
        key: body[key]
        for key in (
            "resume_file",
            "parsing_status",
            "employment_type_preferences",
            "work_mode_preferences",
            "has_workvisa",
        )
    } == {
        "resume_file": resume_url(profile),
        "parsing_status": "parsing",  # the upload started its parse
        "employment_type_preferences": ["full-time", "internship"],
        "work_mode_preferences": ["onsite"],
        "has_workvisa": True,
    }
    with default_storage.open(profile.resume_file.name) as stored:
        assert stored.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("resume.pdf", PDF, "pdf"),
        ("resume.docx", docx_bytes(), "docx"),
        ("resume.txt", TEXT, "txt"),
        ("no-extension", PDF, "pdf"),  # judged by content, not by name
    ],
)
def test_resume_upload_accepts_document_by_content(
    candidate, candidate_api, name, content, extension
):
    response = candidate_api.patch(
        profile_url(candidate), {"resume_file": upload(name, content)}, multipart=True
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["resume_file"], body["parsing_status"]) == (resume_url(candidate), "parsing")
    candidate.refresh_from_db()
    assert latest_run("parse_resume", candidate).input_hash == candidate.resume_sha256
    assert candidate.resume_file.name.endswith(f".{extension}")
    assert body_bytes(candidate_api.get(profile_url(candidate, "resume/"))) == content


def url_patterns(resolver: URLResolver, prefix: str = ""):
    """(route, pattern) of every URL pattern under `resolver`, included ones too."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, route)
        else:
            yield route, entry


def serves_files(pattern: URLPattern) -> bool:
    """Whether a pattern is Django's file server (`static()` or a hand-made `serve` route)."""
    return pattern.callback is serve or "document_root" in pattern.default_args


# Media is private (settings.base): no URL serves it, downloads go through the endpoints above.
def test_media_url_resolves_to_no_view(settings):
    # The resolver is the project's: the authorized download of a resume resolves.
    assert resolve(f"{PROFILES}ada/resume/").route == "api/candidates/profiles/<slug>/resume/"

    with pytest.raises(Resolver404):
        resolve(f"{settings.MEDIA_URL}resumes/1/cv.pdf")


def test_no_url_pattern_serves_files_from_a_folder():
    patterns = list(url_patterns(get_resolver()))
    # The walk reaches the API's own routes, so an empty answer below is not an empty walk.
    assert "api/candidates/profiles/<slug>/resume/" in [route for route, _ in patterns]

    assert [route for route, pattern in patterns if serves_files(pattern)] == []


def test_media_root_default_outside_the_folders_whitenoise_serves():
    # settings.base's folders, which production and development keep (only tests move them).
    from settings import base

    media = Path(base.MEDIA_ROOT).resolve()
    served = [base.STATIC_ROOT, getattr(base, "WHITENOISE_ROOT", None)]

    assert [
        folder for folder in served if folder and media.is_relative_to(Path(folder).resolve())
    ] == []


@pytest.mark.parametrize("viewer", ["owner", "employer", "staff"])
def test_resume_download_serves_bytes_to_allowed_viewer(candidate, candidate_api, viewer):
    store_resume(candidate_api, candidate)
    client = {
        "owner": lambda: candidate_api,
        "employer": lambda: client_for(MembershipFactory().user),
        "staff": lambda: client_for(StaffFactory()),
    }[viewer]()

    response = client.get(profile_url(candidate, "resume/"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert body_bytes(response) == PDF


def test_resume_download_anonymous_returns_401(api, candidate, candidate_api):
    store_resume(candidate_api, candidate)

    response = api.get(profile_url(candidate, "resume/"))

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def test_resume_download_other_candidate_returns_404(candidate, candidate_api, other_candidate_api):
    store_resume(candidate_api, candidate)

    response = other_candidate_api.get(profile_url(candidate, "resume/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_resume_download_employer_unavailable_candidate_returns_404(
    candidate, candidate_api, employer_api
):
    store_resume(candidate_api, candidate)
    CandidateProfile.objects.filter(pk=candidate.pk).update(is_available=False)

    response = employer_api.get(profile_url(candidate, "resume/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_resume_download_without_resume_returns_404(candidate, candidate_api):
    response = candidate_api.get(profile_url(candidate, "resume/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_resume_png_renamed_pdf_returns_415_and_changes_nothing(candidate, candidate_api):
    store_resume(candidate_api, candidate)
    before = CandidateProfile.objects.filter(pk=candidate.pk).values().get()

    response = candidate_api.patch(
        profile_url(candidate),
        {"resume_file": upload("resume.pdf", png_bytes(), "application/pdf")},
        multipart=True,
    )

    assert response.status_code == 415
    assert list(response.json()) == ["detail"]
    assert CandidateProfile.objects.filter(pk=candidate.pk).values().get() == before
    assert body_bytes(candidate_api.get(profile_url(candidate, "resume/"))) == PDF


def test_create_with_bad_resume_returns_415_and_creates_nothing(user_api):
    response = user_api.post(
        PROFILES, {"resume_file": upload("resume.pdf", png_bytes())}, multipart=True
    )

    assert response.status_code == 415
    assert CandidateProfile.objects.count() == 0


def test_resume_too_large_returns_413_and_keeps_old(candidate, candidate_api, settings):
    store_resume(candidate_api, candidate)
    old_name = candidate.resume_file.name
    settings.RESUME_MAX_BYTES = 1024

    response = candidate_api.patch(
        profile_url(candidate), {"resume_file": upload("big.txt", b"a" * 2048)}, multipart=True
    )

    assert response.status_code == 413
    assert list(response.json()) == ["detail"]
    candidate.refresh_from_db()
    assert candidate.resume_file.name == old_name
    assert body_bytes(candidate_api.get(profile_url(candidate, "resume/"))) == PDF


@pytest.mark.parametrize("size", [10 * 1024 * 1024 + 1, 50 * 1024 * 1024])
def test_resume_over_10_mb_returns_413(candidate, candidate_api, size):
    response = candidate_api.patch(
        profile_url(candidate),
        {"resume_file": upload("big.pdf", b"%PDF-1.4\n" + b"a" * size)},
        multipart=True,
    )

    assert response.status_code == 413
    assert list(response.json()) == ["detail"]
    candidate.refresh_from_db()
    assert candidate.resume_file.name == ""


def test_resume_replacement_deletes_old_file(candidate, candidate_api):
    store_resume(candidate_api, candidate)
    old_name = candidate.resume_file.name

    store_resume(candidate_api, candidate, TEXT, "new.txt")

    assert candidate.resume_file.name != old_name
    assert (
        default_storage.exists(old_name),
        default_storage.exists(candidate.resume_file.name),
    ) == (
        False,
        True,
    )


def test_profile_delete_removes_its_files(candidate, candidate_api):
    store_resume(candidate_api, candidate)
    candidate_api.patch(
        profile_url(candidate), {"video_pitch": upload("p.mp4", MP4)}, multipart=True
    )
    candidate.refresh_from_db()
    names = [candidate.resume_file.name, candidate.video_pitch.name]
    assert [default_storage.exists(name) for name in names] == [True, True]

    response = candidate_api.delete(profile_url(candidate))

    assert response.status_code == 204
    assert [default_storage.exists(name) for name in names] == [False, False]


def test_user_delete_removes_candidate_files(candidate, candidate_api):
    store_resume(candidate_api, candidate)
    name = candidate.resume_file.name

    response = candidate_api.delete(f"/api/auth/users/{candidate.user_id}/")

    assert response.status_code == 204
    assert CandidateProfile.objects.count() == 0
    assert default_storage.exists(name) is False


# --- video pitches ------------------------------------------------------------------------------


def test_video_pitch_mp4_accepted_and_downloadable(candidate, candidate_api, employer_api):
    response = candidate_api.patch(
        profile_url(candidate),
        {"video_pitch": upload("pitch.mp4", MP4, "video/mp4")},
        multipart=True,
    )

    assert response.status_code == 200, response.content
    assert response.json()["video_pitch"] == (
        f"http://testserver{profile_url(candidate, 'video-pitch/')}"
    )
    download = employer_api.get(profile_url(candidate, "video-pitch/"))
    assert download.status_code == 200
    assert body_bytes(download) == MP4


def test_video_pitch_text_returns_415(candidate, candidate_api):
    response = candidate_api.patch(
        profile_url(candidate),
        {"video_pitch": upload("pitch.mp4", TEXT, "video/mp4")},
        multipart=True,
    )

    assert response.status_code == 415
    assert list(response.json()) == ["detail"]
    candidate.refresh_from_db()
    assert candidate.video_pitch.name == ""


def test_video_pitch_download_other_candidate_returns_404(
    candidate, candidate_api, other_candidate_api
):
    candidate_api.patch(
        profile_url(candidate), {"video_pitch": upload("p.mp4", MP4)}, multipart=True
    )

    response = other_candidate_api.get(profile_url(candidate, "video-pitch/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_video_pitch_download_anonymous_returns_401(api, candidate, candidate_api):
    candidate_api.patch(
        profile_url(candidate), {"video_pitch": upload("p.mp4", MP4)}, multipart=True
    )

    response = api.get(profile_url(candidate, "video-pitch/"))

    assert response.status_code == 401


# --- avatars ------------------------------------------------------------------------------------


def test_user_avatar_png_upload_served_to_self(user, user_api):
    image = png_bytes()

    response = user_api.patch(
        "/api/auth/profile/", {"avatar": upload("me.png", image)}, multipart=True
    )

    assert response.status_code == 200, response.content
    assert response.json()["profile"]["avatar"] == (
        f"http://testserver/api/auth/users/{user.pk}/avatar/"
    )
    download = user_api.get(f"/api/auth/users/{user.pk}/avatar/")
    assert download.status_code == 200
    assert body_bytes(download) == image


def test_user_avatar_svg_returns_415_and_keeps_old(user, user_api):
    user_api.patch("/api/auth/profile/", {"avatar": upload("me.png", png_bytes())}, multipart=True)
    old_name = Profile.objects.get(user=user).avatar.name

    response = user_api.patch(
        "/api/auth/profile/", {"avatar": upload("me.svg", SVG, "image/svg+xml")}, multipart=True
    )

    assert response.status_code == 415
    assert list(response.json()) == ["detail"]
    assert Profile.objects.get(user=user).avatar.name == old_name


def test_user_avatar_of_someone_else_returns_404(user, candidate_api):
    Profile.objects.get(user=user).avatar.save("a.png", ContentFile(png_bytes()))

    response = candidate_api.get(f"/api/auth/users/{user.pk}/avatar/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.fixture
def candidate_avatar(candidate):
    image = png_bytes(noise=True)
    candidate.user.profile.avatar.save("face.png", ContentFile(image))
    return image


def test_candidate_avatar_url_in_profile(candidate, candidate_avatar, employer_api):
    body = employer_api.get(profile_url(candidate)).json()

    assert body["user"]["profile"]["avatar"] == (
        f"http://testserver/api/candidates/avatars/{candidate.user_id}/"
    )


def test_candidate_avatar_served_to_employer(candidate, candidate_avatar, employer_api):
    response = employer_api.get(f"/api/candidates/avatars/{candidate.user_id}/")

    assert response.status_code == 200
    assert body_bytes(response) == candidate_avatar


def test_candidate_avatar_other_candidate_returns_404(
    candidate, candidate_avatar, other_candidate_api
):
    response = other_candidate_api.get(f"/api/candidates/avatars/{candidate.user_id}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_candidate_avatar_employer_unavailable_candidate_returns_404(
    candidate, candidate_avatar, employer_api
):
    CandidateProfile.objects.filter(pk=candidate.pk).update(is_available=False)

    response = employer_api.get(f"/api/candidates/avatars/{candidate.user_id}/")

    assert response.status_code == 404


def test_candidate_avatar_anonymous_returns_401(api, candidate, candidate_avatar):
    response = api.get(f"/api/candidates/avatars/{candidate.user_id}/")

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


# --- S3 through a local S3-compatible server ----------------------------------------------------


def _bucket_keys(client) -> list[str]:
    listing = client.list_objects_v2(Bucket="candidate-files")
    return [item["Key"] for item in listing.get("Contents", [])]


def test_s3_resume_stored_served_and_deleted(s3_bucket, candidate, candidate_api, employer_api):
    # The model field uses the lazy default storage, so it follows the changed setting.
    assert CandidateProfile._meta.get_field("resume_file").storage is default_storage
    assert default_storage.bucket_name == "candidate-files"

    store_resume(candidate_api, candidate)
    key = candidate.resume_file.name
    stored = s3_bucket.get_object(Bucket="candidate-files", Key=key)["Body"].read()
    download = employer_api.get(profile_url(candidate, "resume/"))
    deletion = candidate_api.delete(profile_url(candidate))

    assert key.startswith(f"resumes/{candidate.user_id}/") and key.endswith(".pdf")
    assert stored == PDF
    assert download.status_code == 200
    assert body_bytes(download) == PDF
    assert deletion.status_code == 204
    assert _bucket_keys(s3_bucket) == []


def test_s3_resume_replacement_removes_old_object(s3_bucket, candidate, candidate_api):
    store_resume(candidate_api, candidate)
    old_key = candidate.resume_file.name

    store_resume(candidate_api, candidate, TEXT, "cv.txt")

    assert _bucket_keys(s3_bucket) == [candidate.resume_file.name]
    assert candidate.resume_file.name != old_key


def test_s3_objects_are_private(s3_bucket, candidate, candidate_api):
    store_resume(candidate_api, candidate)

    acl = s3_bucket.get_object_acl(Bucket="candidate-files", Key=candidate.resume_file.name)

    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
