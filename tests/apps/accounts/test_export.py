"""GDPR export (issue 16): `GET users/me/export/` streams a zip of data.json and the user's files.

A candidate "who touched every feature" (records of every kind, a resume that was parsed, a
video pitch, an avatar, feedback with an attachment, an application, a job invite, a coach
thread, a disclosure-log row made by an employer's read over HTTP) exports; the archive holds
every kind of row and byte-identical files, local and on S3 (moto), and nothing of a second
candidate who touched every feature too.
"""

import io
import json
import threading
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts import export
from apps.accounts.export import CHUNK_SIZE
from apps.accounts.models import Feedback
from apps.candidates.models import (
    Achievement,
    CandidateProfile,
    Certification,
    CoachThread,
    CoachThreadMessage,
    Note,
    Project,
)
from apps.jobs.models import ApplicationStatus, JobInvite
from apps.organizations.models import Role
from platform_core.models import Run
from tests.apps.candidates.conftest import s3_bucket  # noqa: F401  (the moto fixture)
from tests.apps.candidates.factories import (
    CandidateProfileFactory,
    EducationFactory,
    LanguageFactory,
    NoteFactory,
    SkillFactory,
    WorkExperienceFactory,
)
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.apps.organizations.factories import MembershipFactory
from tests.concurrency import require_postgresql
from tests.factories import PASSWORD
from tests.helpers import MP4, NOT_FOUND, NOT_PROVIDED, PDF, ApiClient, client_for, png_bytes

EXPORT = "/api/auth/users/me/export/"
RECORD_KINDS = (
    "education",
    "skills",
    "languages",
    "work_experience",
    "projects",
    "achievements",
    "certifications",
)


def archive_of(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.content
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def data_of(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("data.json"))


def give_records(profile: CandidateProfile, marker: str, count: int = 1) -> None:
    """`count` records of every kind, their texts carrying `marker`."""
    for n in range(count):
        EducationFactory(profile=profile, institution=f"{marker} University {n}")
        SkillFactory(profile=profile, name=f"{marker} skill {n}")
        LanguageFactory(profile=profile, language=f"{marker} language {n}")
        WorkExperienceFactory(profile=profile, company=f"{marker} company {n}")
        Project.objects.create(profile=profile, project_name=f"{marker} project {n}")
        Achievement.objects.create(profile=profile, title=f"{marker} award {n}")
        Certification.objects.create(profile=profile, name=f"{marker} certificate {n}")


def touch_everything(profile: CandidateProfile, marker: str, employer) -> dict:
    """Give `profile` a row of every feature (texts carry `marker`); the files it stored."""
    files = {
        "resume": PDF + marker.encode(),
        "video": MP4 + marker.encode(),
        "avatar": png_bytes(noise=True),
        "attachment": png_bytes(noise=True),
    }
    profile.disability_categories = ["sensory"]
    profile.accommodation_needs = "YES"
    profile.workplace_accommodations = ["remote_work"]
    profile.disclosure_preference = "DURING_APPLICATION"
    profile.resume_data = {"summary": f"{marker} summary", "skills": [f"{marker} skill"]}
    profile.resume_text = f"{marker} resume text"
    profile.resume_file.save("cv.pdf", ContentFile(files["resume"]), save=False)
    profile.video_pitch.save("pitch.mp4", ContentFile(files["video"]), save=False)
    profile.save()
    profile.user.profile.phone = f"+1 {marker}"
    profile.user.profile.avatar.save("face.png", ContentFile(files["avatar"]))
    feedback = Feedback.objects.create(
        user=profile.user, urgency=3, subject=f"{marker} feedback", message="Works well."
    )
    feedback.attachment.save("shot.png", ContentFile(files["attachment"]))
    give_records(profile, marker)
    NoteFactory(profile=profile, note=f"{marker} own note")
    job = JobPostFactory(organization=employer.membership.organization, title=f"{marker} job")
    ApplicationFactory(job=job, candidate=profile, status=ApplicationStatus.SHORTLISTED)
    JobInvite.objects.create(
        job=job,
        candidate=profile,
        invited_by=employer,
        token=f"token-{marker}",
        expires_at=timezone.now() + timedelta(days=7),
    )
    thread = CoachThread.objects.create(
        user=profile.user, kind=CoachThread.Kind.COACH, title=f"{marker} question"
    )
    CoachThreadMessage.objects.create(thread=thread, role="user", content=f"{marker} question")
    CoachThreadMessage.objects.create(
        thread=thread, role="coach", content=f"{marker} answer", model="offline"
    )
    Run.objects.create(
        kind="parse_resume",
        subject_type="candidates.candidateprofile",
        subject_id=str(profile.pk),
        status=Run.Status.SUCCEEDED,
        progress=100,
        plugin="resume_parser",
    )
    # The employer reads the applicant's profile: disclosure allows it, so the log has a row.
    response = client_for(employer).get(f"/api/candidates/profiles/{profile.slug}/")
    assert response.status_code == 200
    assert response.json()["disability_categories"] == ["sensory"]
    return files


@pytest.fixture
def everything(candidate, employer):
    employer.first_name, employer.last_name = "Erin", "Recruiter"
    employer.save()
    return touch_everything(candidate, "Zebulon", employer)


@pytest.fixture
def other_everything(other_candidate, other_employer):
    return touch_everything(other_candidate, "Quagmire", other_employer)


# --- the archive --------------------------------------------------------------------------------


def test_export_streams_a_zip_attachment_with_data_json_and_files(candidate_api, everything):
    response = candidate_api.get(EXPORT)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    today = timezone.now().date().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="enabled-talent-export-{today}.zip"'
    )
    assert response["Cache-Control"] == "private, no-store"
    archive = archive_of(response)
    assert archive.testzip() is None
    folders = sorted(name.split("/")[1] for name in archive.namelist() if name != "data.json")
    assert folders == ["avatar", "feedback", "resume", "video_pitch"]
    assert archive.namelist()[-1] == "data.json"


def test_export_data_json_holds_every_kind_of_record(
    candidate, candidate_api, everything, employer
):
    data = data_of(archive_of(candidate_api.get(EXPORT)))

    assert data["format_version"] == 1
    assert data["user"]["email"] == candidate.user.email
    assert "password" not in data["user"]
    assert data["profile"]["phone"] == "+1 Zebulon"
    assert data["feedback"][0]["subject"] == "Zebulon feedback"
    profile = data["candidate_profile"]
    assert profile["slug"] == candidate.slug
    # Their own disability data is theirs to have.
    assert (
        profile["disability_categories"],
        profile["accommodation_needs"],
        profile["workplace_accommodations"],
        profile["disclosure_preference"],
    ) == (["sensory"], "YES", ["remote_work"], "DURING_APPLICATION")
    assert profile["resume_data"] == {"summary": "Zebulon summary", "skills": ["Zebulon skill"]}
    assert profile["resume_text"] == "Zebulon resume text"
    assert sorted(data["records"]) == sorted(RECORD_KINDS)
    assert [len(data["records"][kind]) for kind in RECORD_KINDS] == [1] * len(RECORD_KINDS)
    assert data["records"]["skills"][0]["name"] == "Zebulon skill 0"
    assert [note["note"] for note in data["notes"]] == ["Zebulon own note"]
    organization = {"id": employer.membership.organization_id, "name": "Acme"}
    [application] = data["applications"]
    assert (application["status"], application["job"]) == (
        "shortlisted",
        {"id": application["job"]["id"], "title": "Zebulon job", "organization": organization},
    )
    [invite] = data["job_invites"]
    assert invite["status"] == "pending"
    assert invite["invited_by"] == {"first_name": "Erin", "last_name": "Recruiter"}
    assert "token" not in invite
    [thread] = data["coach_threads"]
    assert [(m["role"], m["content"]) for m in thread["messages"]] == [
        ("user", "Zebulon question"),
        ("coach", "Zebulon answer"),
    ]
    assert [(run["kind"], run["status"]) for run in data["runs"]] == [("parse_resume", "succeeded")]
    [event] = data["disclosure_log"]
    assert {key: event[key] for key in ("organization", "viewer", "endpoint", "fields")} == {
        "organization": organization,
        "viewer": {"first_name": "Erin", "last_name": "Recruiter", "role": "owner"},
        "endpoint": "candidates_get_profile",
        "fields": ["disability_categories", "accommodation_needs", "workplace_accommodations"],
    }
    assert data["organization_membership"] is None
    assert data["missing_files"] == []


def test_export_files_are_byte_identical(candidate, candidate_api, everything):
    archive = archive_of(candidate_api.get(EXPORT))
    data = data_of(archive)

    paths = {
        "resume": data["candidate_profile"]["resume_file"],
        "video": data["candidate_profile"]["video_pitch"],
        "avatar": data["profile"]["avatar"],
        "attachment": data["feedback"][0]["attachment"],
    }
    assert {key: archive.read(path) for key, path in paths.items()} == everything
    listed = {item["path"]: item["size"] for item in data["files"]}
    assert listed == {path: len(everything[key]) for key, path in paths.items()}


def test_export_holds_nothing_of_a_second_user(
    candidate, candidate_api, everything, other_candidate, other_everything
):
    archive = archive_of(candidate_api.get(EXPORT))

    everything_in_it = b"".join(archive.read(name) for name in archive.namelist())
    everything_in_it += "".join(archive.namelist()).encode()
    for trace in (
        "Quagmire",
        "Globex",
        other_candidate.slug,
        other_candidate.user.email,
        other_candidate.user.last_name,
        other_candidate.resume_file.name.rsplit("/", 1)[-1],
    ):
        assert trace.encode() not in everything_in_it, trace
    assert b"Zebulon" in everything_in_it


def test_export_of_an_employer_holds_their_notes_threads_and_membership(
    employer, employer_api, candidate
):
    organization = employer.membership.organization
    Note.objects.create(
        profile=candidate, author=employer, organization=organization, note="Strong match"
    )
    NoteFactory(profile=candidate, note="The candidate's own note")  # not the employer's
    CoachThread.objects.create(
        user=employer, kind=CoachThread.Kind.PROMPT, subject=candidate, title="About the CV"
    )

    data = data_of(archive_of(employer_api.get(EXPORT)))

    assert [(n["note"], n["profile"], n["organization"]) for n in data["notes"]] == [
        ("Strong match", candidate.slug, {"id": organization.pk, "name": "Acme"})
    ]
    assert [(t["kind"], t["subject"], t["title"]) for t in data["coach_threads"]] == [
        ("prompt", candidate.slug, "About the CV")
    ]
    assert data["organization_membership"]["organization"] == {
        "id": organization.pk,
        "name": "Acme",
    }
    assert data["organization_membership"]["role"] == Role.OWNER
    assert data["candidate_profile"] is None
    assert (data["records"], data["applications"], data["disclosure_log"]) == ({}, [], [])


def test_export_of_a_user_without_files_holds_data_json_only(user, user_api):
    archive = archive_of(user_api.get(EXPORT))

    assert archive.namelist() == ["data.json"]
    data = data_of(archive)
    assert (data["user"]["id"], data["files"], data["feedback"]) == (user.pk, [], [])


# --- who may export -----------------------------------------------------------------------------


def test_export_anonymous_returns_401(api):
    response = api.get(EXPORT)

    assert (response.status_code, response.json()) == (401, NOT_PROVIDED)


def test_export_with_cookies_returns_200(candidate, everything):
    client = ApiClient()
    login = client.post("/api/auth/token/", {"email": candidate.user.email, "password": PASSWORD})
    assert login.status_code == 200

    data = data_of(archive_of(client.get(EXPORT)))  # no Bearer: the access_token cookie

    assert data["user"]["id"] == candidate.user.pk


def test_export_under_the_users_prefix_is_the_same(candidate, candidate_api):
    data = data_of(archive_of(candidate_api.get("/api/users/users/me/export/")))

    assert data["candidate_profile"]["slug"] == candidate.slug


def test_export_by_own_id_returns_the_callers_archive(candidate, candidate_api):
    response = candidate_api.get(f"/api/auth/users/{candidate.user.pk}/export/")

    assert data_of(archive_of(response))["user"]["id"] == candidate.user.pk


@pytest.mark.parametrize("caller", ["other_candidate_api", "employer_api", "staff_api"])
def test_export_of_someone_else_returns_404(request, candidate, everything, caller):
    client = request.getfixturevalue(caller)

    response = client.get(f"/api/auth/users/{candidate.user.pk}/export/")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_export_of_an_unknown_id_returns_404(candidate_api):
    response = candidate_api.get("/api/auth/users/999999/export/")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_export_sixth_request_in_an_hour_returns_429(candidate_api, other_candidate_api):
    for _ in range(5):
        assert candidate_api.get(EXPORT).status_code == 200

    response = candidate_api.get(EXPORT)

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Too many requests.")
    assert 1 <= int(response["Retry-After"]) <= 3600
    # Per user: another user (same address) still exports.
    assert other_candidate_api.get(EXPORT).status_code == 200


# --- snapshot, streaming, queries ---------------------------------------------------------------


def test_export_is_a_snapshot_of_when_it_was_asked(candidate, candidate_api, everything):
    """A parse that finishes while the files stream changes nothing in data.json."""
    run = Run.objects.create(
        kind="parse_resume",
        subject_type="candidates.candidateprofile",
        subject_id=str(candidate.pk),
        status=Run.Status.RUNNING,
    )
    response = candidate_api.get(EXPORT)
    first_piece = next(iter(response.streaming_content))

    # The parse finishes mid-export: new resume data, a new skill, the run succeeded.
    CandidateProfile.objects.filter(pk=candidate.pk).update(resume_data={"summary": "New"})
    SkillFactory(profile=candidate, name="Added by the parse")
    Run.objects.filter(pk=run.pk).update(status=Run.Status.SUCCEEDED)
    rest = b"".join(response.streaming_content)

    data = data_of(zipfile.ZipFile(io.BytesIO(first_piece + rest)))
    assert data["candidate_profile"]["resume_data"]["summary"] == "Zebulon summary"
    assert [skill["name"] for skill in data["records"]["skills"]] == ["Zebulon skill 0"]
    assert [r["status"] for r in data["runs"]] == ["succeeded", "running"]


def test_export_file_gone_from_storage_is_listed_missing(candidate, candidate_api, everything):
    candidate.video_pitch.storage.delete(candidate.video_pitch.name)

    archive = archive_of(candidate_api.get(EXPORT))

    data = data_of(archive)
    path = data["candidate_profile"]["video_pitch"]
    assert data["missing_files"] == [path]
    assert path not in archive.namelist()
    assert archive.read(data["candidate_profile"]["resume_file"]) == everything["resume"]


def test_export_streams_a_big_file_in_pieces_of_one_chunk(candidate, candidate_api):
    content = bytes(range(256)) * (5 * CHUNK_SIZE // 256) + b"tail"
    candidate.video_pitch.save("big.mp4", ContentFile(MP4 + content))

    response = candidate_api.get(EXPORT)
    pieces = list(response.streaming_content)

    assert len(pieces) >= 6
    assert max(len(piece) for piece in pieces) <= CHUNK_SIZE + 64 * 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.read(data_of(archive)["candidate_profile"]["video_pitch"]) == MP4 + content


def _queries_of_an_export(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        archive_of(client.get(EXPORT))
    return len(queries)


def test_export_query_count_does_not_grow_with_records(candidate, employer):
    give_records(candidate, "One")
    NoteFactory(profile=candidate)
    thread = CoachThread.objects.create(user=candidate.user, kind="coach", title="One")
    CoachThreadMessage.objects.create(thread=thread, role="user", content="One")
    ApplicationFactory(candidate=candidate)
    one = _queries_of_an_export(client_for(candidate.user))

    give_records(candidate, "Many", count=25)
    for n in range(25):
        NoteFactory(profile=candidate)
        thread = CoachThread.objects.create(user=candidate.user, kind="coach", title=f"T{n}")
        CoachThreadMessage.objects.create(thread=thread, role="user", content="Many")
        ApplicationFactory(candidate=candidate)
        Feedback.objects.create(user=candidate.user, urgency=1, subject=f"S{n}", message="m")
    many = _queries_of_an_export(client_for(candidate.user))

    assert many == one


# --- S3 -----------------------------------------------------------------------------------------


def test_export_from_s3_files_are_byte_identical(s3_bucket, candidate, employer):  # noqa: F811
    files = touch_everything(candidate, "Zebulon", employer)
    keys = {obj["Key"] for obj in s3_bucket.list_objects_v2(Bucket="candidate-files")["Contents"]}
    assert candidate.resume_file.name in keys  # stored on S3, not locally

    archive = archive_of(client_for(candidate.user).get(EXPORT))

    data = data_of(archive)
    assert archive.read(data["candidate_profile"]["resume_file"]) == files["resume"]
    assert archive.read(data["candidate_profile"]["video_pitch"]) == files["video"]
    assert archive.read(data["profile"]["avatar"]) == files["avatar"]
    assert archive.read(data["feedback"][0]["attachment"]) == files["attachment"]
    assert data["missing_files"] == []


def test_export_from_s3_missing_object_is_listed_missing(s3_bucket, candidate):  # noqa: F811
    candidate.resume_file.save("cv.pdf", ContentFile(PDF))
    s3_bucket.delete_object(Bucket="candidate-files", Key=candidate.resume_file.name)

    data = data_of(archive_of(client_for(candidate.user).get(EXPORT)))

    assert data["missing_files"] == [data["candidate_profile"]["resume_file"]]


# --- OpenAPI ------------------------------------------------------------------------------------


def test_export_openapi_documents_zip_401_429_and_503(api):
    paths = api.get("/api/openapi.json").json()["paths"]

    for path in ("/api/auth/users/me/export/", "/api/users/users/{user_id}/export/"):
        responses = paths[path]["get"]["responses"]
        assert list(responses["200"]["content"]) == ["application/zip"], path
        assert {"401", "429", "503"} <= set(responses), path
    assert "404" in paths["/api/auth/users/{user_id}/export/"]["get"]["responses"]


def test_export_employer_membership_role_is_exported(organization):
    member = MembershipFactory(organization=organization, role=Role.ADMIN).user

    data = data_of(archive_of(client_for(member).get(EXPORT)))

    assert data["organization_membership"]["role"] == "admin"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_export_does_not_mix_a_parse_committed_while_it_reads(monkeypatch):
    """REPEATABLE READ: a parse that commits between the export's reads of the profile and of
    its records is seen by neither (on READ COMMITTED the new skill would appear)."""
    require_postgresql()
    candidate = CandidateProfileFactory(resume_data={"summary": "Old"})
    SkillFactory(profile=candidate, name="Old skill")
    client = client_for(candidate.user)
    relations = export._record_relations

    def parse_commits_meanwhile():
        def finish_parse():
            CandidateProfile.objects.filter(pk=candidate.pk).update(resume_data={"summary": "New"})
            SkillFactory(profile=candidate, name="New skill")
            connections.close_all()

        thread = threading.Thread(target=finish_parse)
        thread.start()
        thread.join()
        return relations()

    monkeypatch.setattr(export, "_record_relations", parse_commits_meanwhile)

    data = data_of(archive_of(client.get(EXPORT)))

    assert data["candidate_profile"]["resume_data"] == {"summary": "Old"}
    assert [skill["name"] for skill in data["records"]["skills"]] == ["Old skill"]
    assert sorted(candidate.skills.values_list("name", flat=True)) == ["New skill", "Old skill"]


def test_export_with_storage_down_returns_503_before_streaming(
    candidate, candidate_api, everything, monkeypatch
):
    def storage_down(self, name):
        raise ConnectionRefusedError("storage does not answer")

    monkeypatch.setattr(FileSystemStorage, "exists", storage_down)

    response = candidate_api.get(EXPORT)

    assert response.status_code == 503
    assert not response.streaming
    assert "storage" in response.json()["detail"].lower()
