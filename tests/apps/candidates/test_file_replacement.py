"""Replacing and removing a candidate's resume and video pitch (contract sections 7, 10).

A replacement is one transaction on the row locked afresh: the old file is deleted only once the
row names the new one, a failed save keeps the old file (and removes the new one), and concurrent
replacements leave exactly the file the row names (PostgreSQL). A new or removed resume takes
everything parsed from the old one with it: its text is no longer found by employers' ?search=.
"""

import pytest
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, transaction

from apps.candidates.models import CandidateProfile
from apps.candidates.parsing import parsing_status
from platform_core import runs
from platform_core.files import replace_stored_file
from platform_core.models import Run
from tests.concurrency import patch_multipart_all_at_once, require_postgresql
from tests.helpers import MP4, PDF, ApiClient, client_for, raising

from .factories import CandidateProfileFactory
from .helpers import PROFILES, TEXT, body_bytes, profile_url, upload

# A media folder of each test alone, so listing a folder shows only its files.
pytestmark = pytest.mark.usefixtures("own_media_root", "no_worker")

THREADS = 8
PARSED_DATA = {
    "resume_data": {"summary": "Cryptanalyst at Bletchley Park.", "skills": ["Enigma"]},
    "resume_text": "Alan Turing. Cryptanalysis at Bletchley Park.",
    "resume_terms": {"bletchley": 1, "cryptanalysis": 1},
}
PARSED = {**PARSED_DATA, "parsing_status": "parsed"}


@pytest.fixture
def no_worker(monkeypatch):
    """Parse runs are started (an upload starts one) but no worker takes them: they stay
    queued, so what a test sees is the upload's doing, not the parser's."""
    monkeypatch.setattr(runs, "_enqueue_on_commit", lambda run: None)


def stored_files(folder: str, owner_id: int) -> list[str]:
    """The names of the files stored under `<folder>/<owner_id>/`."""
    path = f"{folder}/{owner_id}"
    if not default_storage.exists(path):
        return []
    return sorted(f"{path}/{name}" for name in default_storage.listdir(path)[1])


def parsing_state(profile: CandidateProfile) -> dict:
    """The parsed data stored on the profile and its `parsing_status` (from its runs)."""
    stored = CandidateProfile.objects.get(pk=profile.pk)
    return {
        **{field: getattr(stored, field) for field in PARSED_DATA},
        "parsing_status": parsing_status(stored),
    }


@pytest.fixture
def parsed_resume(candidate, candidate_api):
    """The candidate's stored resume, as if parsed: its text is searchable by employers."""
    response = candidate_api.patch(
        profile_url(candidate), {"resume_file": upload("cv.pdf", PDF)}, multipart=True
    )
    assert response.status_code == 200, response.content
    CandidateProfile.objects.filter(pk=candidate.pk).update(**PARSED_DATA)
    Run.objects.filter(kind="parse_resume").update(status=Run.Status.SUCCEEDED, progress=100)
    candidate.refresh_from_db()
    return candidate.resume_file.name


def found_by_search(client: ApiClient, term: str) -> list[str]:
    response = client.get(PROFILES, {"search": term})
    assert response.status_code == 200, response.content
    return [profile["slug"] for profile in response.json()]


# Nothing read from a resume: after a removal, and after an upload (whose own parse is queued).
FORGOTTEN = {"resume_data": None, "resume_text": "", "resume_terms": {}}
NOT_PARSED = {**FORGOTTEN, "parsing_status": "not_parsed"}
NEW_RESUME = {**FORGOTTEN, "parsing_status": "parsing"}


# --- a new resume forgets the old one -----------------------------------------------------------


def test_new_resume_clears_old_parsed_data_and_text(
    candidate, candidate_api, employer_api, parsed_resume
):
    assert found_by_search(employer_api, "bletchley") == [candidate.slug]

    response = candidate_api.patch(
        profile_url(candidate), {"resume_file": upload("new.txt", TEXT)}, multipart=True
    )

    assert response.status_code == 200, response.content
    assert (response.json()["resume_data"], response.json()["parsing_status"]) == (
        None,
        "parsing",
    )
    assert parsing_state(candidate) == NEW_RESUME
    assert found_by_search(employer_api, "bletchley") == []
    candidate.refresh_from_db()
    assert stored_files("resumes", candidate.user_id) == [candidate.resume_file.name]
    assert body_bytes(candidate_api.get(profile_url(candidate, "resume/"))) == TEXT


def test_new_resume_at_create_time_starts_its_parse(user, user_api):
    response = user_api.post(PROFILES, {"resume_file": upload("cv.pdf", PDF)}, multipart=True)

    assert response.status_code == 201, response.content
    profile = CandidateProfile.objects.get(user=user)
    assert parsing_state(profile) == NEW_RESUME
    assert stored_files("resumes", user.pk) == [profile.resume_file.name]


def test_video_pitch_upload_keeps_the_parsed_resume(candidate, candidate_api, parsed_resume):
    response = candidate_api.patch(
        profile_url(candidate), {"video_pitch": upload("p.mp4", MP4)}, multipart=True
    )

    assert response.status_code == 200, response.content
    assert parsing_state(candidate) == PARSED
    candidate.refresh_from_db()
    assert candidate.resume_file.name == parsed_resume


# --- removing a file ----------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["json-null", "json-empty", "multipart-empty"])
def test_resume_removal_deletes_file_and_parsed_data(
    candidate, candidate_api, employer_api, parsed_resume, how
):
    if how == "multipart-empty":
        response = candidate_api.patch(profile_url(candidate), {"resume_file": ""}, multipart=True)
    else:
        value = None if how == "json-null" else ""
        response = candidate_api.patch(profile_url(candidate), {"resume_file": value})

    assert response.status_code == 200, response.content
    assert response.json()["resume_file"] is None
    assert parsing_state(candidate) == NOT_PARSED
    assert CandidateProfile.objects.get(pk=candidate.pk).resume_file.name == ""
    assert default_storage.exists(parsed_resume) is False
    assert found_by_search(employer_api, "bletchley") == []
    assert candidate_api.get(profile_url(candidate, "resume/")).status_code == 404


def test_video_pitch_removal_deletes_file_and_keeps_resume(candidate, candidate_api, parsed_resume):
    candidate_api.patch(
        profile_url(candidate), {"video_pitch": upload("p.mp4", MP4)}, multipart=True
    )
    video = CandidateProfile.objects.get(pk=candidate.pk).video_pitch.name

    response = candidate_api.patch(profile_url(candidate), {"video_pitch": None})

    assert response.status_code == 200, response.content
    assert response.json()["video_pitch"] is None
    assert default_storage.exists(video) is False
    assert CandidateProfile.objects.get(pk=candidate.pk).resume_file.name == parsed_resume
    assert parsing_state(candidate) == PARSED


def test_resume_removal_without_resume_changes_nothing(candidate, candidate_api):
    CandidateProfile.objects.filter(pk=candidate.pk).update(resume_text="typed by staff")

    response = candidate_api.patch(profile_url(candidate), {"resume_file": None})

    assert response.status_code == 200, response.content
    assert CandidateProfile.objects.get(pk=candidate.pk).resume_text == "typed by staff"


def test_put_without_resume_file_keeps_the_resume(candidate, candidate_api, parsed_resume):
    response = candidate_api.put(profile_url(candidate), {"is_available": False})

    assert response.status_code == 200, response.content
    assert CandidateProfile.objects.get(pk=candidate.pk).resume_file.name == parsed_resume
    assert parsing_state(candidate) == PARSED


@pytest.mark.parametrize("value", ["https://example.com/cv.pdf", 1, {"name": "cv.pdf"}])
def test_resume_file_value_other_than_null_is_400(candidate, candidate_api, parsed_resume, value):
    response = candidate_api.patch(profile_url(candidate), {"resume_file": value})

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["resume_file"]
    assert CandidateProfile.objects.get(pk=candidate.pk).resume_file.name == parsed_resume


def test_upload_wins_over_removal_of_the_same_file(candidate, candidate_api, parsed_resume):
    # Multipart carries a file part and an empty text part named alike: the file is the intent.
    response = candidate_api.patch(
        profile_url(candidate), {"resume_file": [upload("new.txt", TEXT), ""]}, multipart=True
    )

    assert response.status_code == 200, response.content
    assert parsing_state(candidate) == NEW_RESUME
    candidate.refresh_from_db()
    assert stored_files("resumes", candidate.user_id) == [candidate.resume_file.name]
    assert body_bytes(candidate_api.get(profile_url(candidate, "resume/"))) == TEXT


# --- a failed save keeps the old file -----------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "folder", "first", "second"),
    [
        ("resume_file", "resumes", ("cv.pdf", PDF), ("new.txt", TEXT)),
        ("video_pitch", "video_pitches", ("a.mp4", MP4), ("b.mp4", MP4 + b"\x01")),
    ],
)
def test_replacement_whose_save_fails_keeps_the_old_file_and_removes_the_new(
    candidate, candidate_api, monkeypatch, field, folder, first, second
):
    candidate_api.patch(profile_url(candidate), {field: upload(*first)}, multipart=True)
    old_name = getattr(CandidateProfile.objects.get(pk=candidate.pk), field).name
    before = CandidateProfile.objects.filter(pk=candidate.pk).values().get()
    monkeypatch.setattr(CandidateProfile, "save", raising(DatabaseError("disk full")))

    response = candidate_api.patch(profile_url(candidate), {field: upload(*second)}, multipart=True)

    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error."}
    assert CandidateProfile.objects.filter(pk=candidate.pk).values().get() == before
    assert stored_files(folder, candidate.user_id) == [old_name]
    monkeypatch.undo()
    path = "resume/" if field == "resume_file" else "video-pitch/"
    assert body_bytes(candidate_api.get(profile_url(candidate, path))) == first[1]


def test_removal_whose_save_fails_keeps_the_file(
    candidate, candidate_api, parsed_resume, monkeypatch
):
    monkeypatch.setattr(CandidateProfile, "save", raising(DatabaseError("disk full")))

    response = candidate_api.patch(profile_url(candidate), {"resume_file": None})

    assert response.status_code == 500
    assert stored_files("resumes", candidate.user_id) == [parsed_resume]
    assert parsing_state(candidate) == PARSED


def test_create_that_loses_a_race_leaves_no_stored_file(user, user_api, monkeypatch):
    # Another request created the profile between the check and the insert.
    monkeypatch.setattr(CandidateProfile, "save", raising(IntegrityError("duplicate")))

    response = user_api.post(
        PROFILES,
        {"resume_file": upload("cv.pdf", PDF), "video_pitch": upload("p.mp4", MP4)},
        multipart=True,
    )

    assert response.status_code == 409, response.content
    assert (stored_files("resumes", user.pk), stored_files("video_pitches", user.pk)) == ([], [])


@pytest.mark.django_db(transaction=True)
def test_replace_stored_file_outside_a_transaction_is_refused():
    profile = CandidateProfileFactory()

    with pytest.raises(RuntimeError, match="inside replacing_files"):
        replace_stored_file(profile.resume_file, "resume.pdf", upload("cv.pdf", PDF))

    assert stored_files("resumes", profile.user_id) == []
    assert transaction.get_autocommit() is True


# --- concurrent replacements (PostgreSQL) -------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("field", "folder", "download"),
    [("resume_file", "resumes", "resume/"), ("video_pitch", "video_pitches", "video-pitch/")],
)
def test_concurrent_replacements_leave_exactly_the_file_the_row_names(field, folder, download):
    require_postgresql()
    candidate = CandidateProfileFactory()
    client = client_for(candidate.user)
    content = TEXT if field == "resume_file" else MP4
    first = client.patch(profile_url(candidate), {field: upload("first", content)}, multipart=True)
    assert first.status_code == 200, first.content
    forms = [{field: upload(f"n{n}.bin", content + f"\n{n}".encode())} for n in range(THREADS)]

    statuses = patch_multipart_all_at_once(profile_url(candidate), client.token, forms)

    assert statuses == [200] * THREADS
    name = getattr(CandidateProfile.objects.get(pk=candidate.pk), field).name
    assert stored_files(folder, candidate.user_id) == [name]
    served = body_bytes(client.get(profile_url(candidate, download)))
    assert served in [content + f"\n{n}".encode() for n in range(THREADS)]
