"""Erasure (issue 16, GDPR art. 17): `DELETE /api/auth/users/{id}/` leaves nothing of the user.

A candidate touches every feature over HTTP, erases their account, and then every table of the
database (all columns, cast to text) and the storage (local files and S3 on moto) are searched
for their email, slug, names, file names and other values only they had, and every foreign key
to a user, profile or application for their ids: zero hits. Each search is also run before the
erasure, where it must find them, so it cannot pass by searching nothing.
"""

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.test import Client, TestCase
from huey.contrib.djhuey import HUEY
from storages.backends.s3 import S3Storage

from apps.accounts import erasure
from apps.accounts.models import Feedback, Profile, User
from apps.candidates.models import CandidateProfile, DisclosureEvent, Note
from apps.jobs.models import Application, Ranking
from platform_core.models import Run, ThrottleCounter
from platform_core.throttling import parse_rate
from tests.apps.candidates.conftest import s3_bucket  # noqa: F401 (a fixture used by name)
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.candidates.helpers import TEXT, profile_url, upload
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.apps.organizations.factories import MembershipFactory
from tests.factories import PASSWORD, StaffFactory
from tests.helpers import MP4, PDF, ApiClient, client_for, png_bytes, run_scheduled_tasks

FIRST_NAME, LAST_NAME = "Zebulonia", "Quattlebaum"
EMAIL = "zebulonia.quattlebaum@erasure.example"
PHONE = "+1 902 555 0199"
# Words only this candidate wrote: in their resume, records, notes and coach messages.
PHRASE = "Xylographic Orrery Calibration"
RESUME = (
    f"{FIRST_NAME} {LAST_NAME}\n{EMAIL}\n{PHONE}\n\nSUMMARY\n{PHRASE} specialist.\n\n"
    "SKILLS\nPython, SQL, Orrery calibration\n"
).encode()
USERS = "/api/auth/users/"
JOBS = "/api/channels/jobs/"


# --- the candidate who touches everything ---------------------------------------------------------


@dataclass
class Footprint:
    """The values that name the erased candidate, and their ids."""

    client: ApiClient
    user_id: int
    profile_id: int
    slug: str
    referral_code: str
    refresh: str
    application_ids: list[int]
    files: list[str]
    tokens: dict[str, str] = field(default_factory=dict)


def created(response, status=201):
    assert response.status_code == status, response.content
    return response.json()


def touch_everything(employer_api, employer, staff, jobs) -> Footprint:
    """Sign up over HTTP and use every feature; employers apply theirs to this candidate."""
    client = ApiClient()
    created(
        client.post(
            "/api/auth/signup/",
            {
                "email": EMAIL,
                "password": PASSWORD,
                "first_name": FIRST_NAME,
                "last_name": LAST_NAME,
            },
        )
    )
    login = client.login(EMAIL)
    user_id = login["user"]["id"]
    created(
        client.patch(
            "/api/auth/users/me/",
            {"profile": {"phone": PHONE, "location": "Halifax", "gender": "female"}},
        ),
        200,
    )
    created(
        client.patch(
            "/api/auth/users/me/", {"avatar": upload("me.png", png_bytes())}, multipart=True
        ),
        200,
    )
    profile = created(
        client.post(
            "/api/candidates/profiles/",
            {
                "disability_categories": ["sensory"],
                "accommodation_needs": "YES",
                "workplace_accommodations": ["remote_work", "assistive_technology"],
                "disclosure_preference": "DURING_APPLICATION",
                "is_available": False,
                "expected_salary_range": PHRASE,
            },
        )
    )
    slug = profile["slug"]
    created(
        client.patch(
            profile_url(slug),
            {"resume_file": upload("cv.txt", RESUME), "video_pitch": upload("me.mp4", MP4)},
            multipart=True,
        ),
        200,
    )
    status = created(client.get(profile_url(slug, "parsing-status/")), 200)
    assert status["parsing_status"] == "parsed", status
    for path, body in {
        "skills/": {"name": f"{PHRASE} skill"},
        "education/": {"institution": f"{PHRASE} Institute"},
        "languages/": {"language": "Esperanto", "speaking": "native"},
        "work-experience/": {"company": f"{PHRASE} Ltd", "role": "Calibrator"},
        "projects/": {"project_name": f"{PHRASE} project"},
        "achievements/": {"title": f"{PHRASE} prize"},
        "certifications/": {"name": f"{PHRASE} certificate"},
    }.items():
        created(client.post(f"/api/candidates/{path}", body))
    created(client.post("/api/candidates/notes/", {"note": f"My own note: {PHRASE}"}))
    created(
        client.post(
            "/api/auth/add-feedback/",
            {
                "urgency": 3,
                "subject": f"{PHRASE} feedback",
                "message": "Hello",
                "attachment": upload("shot.png", png_bytes(noise=True)),
            },
            multipart=True,
        )
    )
    coach = created(client.post("/api/candidates/career-coach/", {"input_text": f"{PHRASE}?"}), 200)
    application_ids = [
        created(client.post(f"{JOBS}{job.pk}/apply/"))["application_id"] for job in jobs[:2]
    ]
    for job, application_id, decision in zip(
        jobs, application_ids, ["shortlisted", "rejected"], strict=False
    ):
        created(
            employer_api.post(
                f"{JOBS}{job.pk}/applications/{application_id}/decision/", {"status": decision}
            ),
            200,
        )
    # The employer reads the applicant (a disclosure-log row), notes, invites, ranks, asks.
    assert created(employer_api.get(profile_url(slug)), 200)["disability_categories"] == ["sensory"]
    created(employer_api.post(profile_url(slug, "create-notes/"), {"note": f"Met {FIRST_NAME}"}))
    created(
        employer_api.post(
            f"/api/organization/jobs/{jobs[2].pk}/invite/", {"candidate_id": profile["id"]}
        )
    )
    created(employer_api.post(f"{JOBS}{jobs[0].pk}/rank-candidates/"), 202)
    ranking = Ranking.objects.get(job=jobs[0])
    assert {entry["candidate_id"] for entry in ranking.entries} >= {profile["id"]}
    prompt = created(
        employer_api.post(
            "/api/candidates/prompt/", {"input_text": f"Is {FIRST_NAME} good?", "resume_slug": slug}
        ),
        200,
    )
    # An invitation to join the organization, sent to their email.
    organization_id = jobs[0].organization_id
    created(
        employer_api.post(
            f"/api/organization/organizations/{organization_id}/create-invite/", {"email": EMAIL}
        )
    )
    # A password reset token, a session, another user they referred, an admin log entry.
    created(ApiClient().post("/api/auth/password_reset/", {"email": EMAIL}), 200)
    created(
        ApiClient().post("/api/auth/session/login/", {"email": EMAIL, "password": PASSWORD}), 200
    )
    referral_code = Profile.objects.get(user_id=user_id).referral_code
    created(
        ApiClient().post(
            "/api/auth/signup/",
            {
                "email": "referred@erasure.example",
                "password": PASSWORD,
                "referral_code": referral_code,
            },
        )
    )
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user_id),
        object_repr=EMAIL,
        action_flag=CHANGE,
        change_message="[]",
    )
    stored = CandidateProfile.objects.get(pk=profile["id"])
    account = Profile.objects.get(user_id=user_id)
    attachments = Feedback.objects.filter(user_id=user_id).values_list("attachment", flat=True)
    files = [
        str(name)
        for name in [stored.resume_file.name, stored.video_pitch.name, account.avatar.name]
        + list(attachments)
    ]
    return Footprint(
        client=client,
        user_id=user_id,
        profile_id=profile["id"],
        slug=slug,
        referral_code=referral_code,
        refresh=login["refresh"],
        application_ids=application_ids,
        files=files,
        tokens={
            "email": EMAIL,
            "first name": FIRST_NAME,
            "last name": LAST_NAME,
            "phone": PHONE,
            "phrase": PHRASE,
            "slug": slug,
            "referral code": referral_code,
            "resume digest": stored.resume_sha256,
            "coach thread": coach["thread_id"],
            "prompt thread": prompt["thread_id"],
            "invite token": invite_token(profile["id"]),
            "refresh token id": jwt_claims(login["refresh"])["jti"],
            **{f"file {name}": os.path.basename(name) for name in files},
        },
    )


def jwt_claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def invite_token(profile_id: int) -> str:
    return apps.get_model("jobs", "JobInvite").objects.get(candidate_id=profile_id).token


# --- the searches -------------------------------------------------------------------------------


def text_hits(tokens: dict[str, str]) -> set[tuple[str, str, str]]:
    """(table, column, token name) for every cell of every table holding one of `tokens`, every
    column cast to text."""
    quote = connection.ops.quote_name
    wanted = {name: value.lower() for name, value in tokens.items()}
    hits = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            casts = ", ".join(f"CAST({quote(c)} AS TEXT)" for c in columns)
            cursor.execute(f"SELECT {casts} FROM {quote(table)}")  # noqa: S608 (introspected names)
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = str(value).lower()
                    hits |= {(table, column, n) for n, token in wanted.items() if token in text}
    return hits


def model_tables() -> set[str]:
    """The tables Django makes (an unmanaged model's, the database's own, exist where it does:
    `text_hits` reads every table there is)."""
    return {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}


def id_hits(footprint: Footprint) -> dict[str, int]:
    """Rows whose foreign key points to the candidate's user, profile or applications, runs
    about their profile, admin log entries about their user, and their ranking entries."""
    ids = {
        User: [footprint.user_id],
        Profile: list(
            Profile.objects.filter(user_id=footprint.user_id).values_list("pk", flat=True)
        ),
        CandidateProfile: [footprint.profile_id],
        Application: footprint.application_ids,
    }
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        for relation in model._meta.concrete_fields:
            target = relation.related_model if relation.is_relation else None
            if target in ids:
                name = f"{model._meta.label}.{relation.name}"
                counts[name] = model._base_manager.filter(
                    **{f"{relation.attname}__in": ids[target]}
                ).count()
    counts["runs about the profile"] = Run.objects.filter(
        subject_type="candidates.candidateprofile", subject_id=str(footprint.profile_id)
    ).count()
    counts["admin log about the user"] = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(footprint.user_id)
    ).count()
    counts["ranking entries"] = sum(
        1
        for entries in Ranking.objects.values_list("entries", flat=True)
        for entry in entries
        if entry["candidate_id"] == footprint.profile_id
        or entry["application_id"] in footprint.application_ids
    )
    counts["sessions"] = sum(
        1
        for session in Session.objects.all()
        if str(session.get_decoded().get(SESSION_KEY)) == str(footprint.user_id)
    )
    return {name: count for name, count in counts.items() if count}


def digest(account: str) -> str:
    return hashlib.sha256(account.strip().lower().encode()).hexdigest()[:32]


def throttle_hits(user_id: int) -> list[str]:
    """The rate-limit counters of the account, in the database store and in the cache."""
    digests = [digest(EMAIL), digest(f"user:{user_id}")]
    found = [
        key
        for key in ThrottleCounter.objects.values_list("key", flat=True)
        if any(d in key for d in digests)
    ]
    now = time.time()
    for scope, (_ip, per_account) in settings.THROTTLE_RATES.items():
        window = int(now // parse_rate(per_account)[1])
        for value in digests:
            key = f"throttle:{scope}:account:{value}:{window}"
            if cache.get(key) is not None:
                found.append(key)
    return found


# --- storage ------------------------------------------------------------------------------------


@pytest.fixture(params=["local", "s3"])
def stored_names(request):
    """A function listing every stored file name, on local storage or on S3 (moto)."""
    if request.param == "local":
        request.getfixturevalue("own_media_root")

        def listing() -> set[str]:
            root = settings.MEDIA_ROOT
            return {
                os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
                for folder, _dirs, names in os.walk(root)
                for name in names
            }

        return listing
    client = request.getfixturevalue("s3_bucket")  # an empty bucket

    def bucket() -> set[str]:
        objects = client.list_objects_v2(Bucket="candidate-files").get("Contents", [])
        return {item["Key"] for item in objects}

    return bucket


@pytest.fixture
def jobs(organization, employer):
    return [JobPostFactory(organization=organization, user=employer) for _ in range(3)]


@pytest.fixture
def admin_staff(db):
    return StaffFactory(is_superuser=True)


@pytest.fixture
def other_applicant(jobs, stored_names):
    """Another candidate, applied to the first job, with a resume: what must stay."""
    profile = CandidateProfileFactory()
    profile.resume_file.save("cv.pdf", upload("cv.pdf", PDF))
    ApplicationFactory(job=jobs[0], candidate=profile)
    return profile


# --- the erasure scan -----------------------------------------------------------------------------


def test_erasure_leaves_no_row_no_key_and_no_file_of_the_candidate(
    employer_api, employer, admin_staff, jobs, other_applicant, stored_names
):
    footprint = touch_everything(employer_api, employer, admin_staff, jobs)
    other_note = created(
        employer_api.post(profile_url(other_applicant, "create-notes/"), {"note": "Kept"})
    )
    assert set(footprint.files) <= stored_names()
    assert {name for _table, _column, name in text_hits(footprint.tokens)} == set(footprint.tokens)
    assert id_hits(footprint)
    assert throttle_hits(footprint.user_id)
    assert model_tables() <= set(connection.introspection.table_names())

    response = footprint.client.delete(f"{USERS}{footprint.user_id}/")

    assert response.status_code == 204
    assert text_hits(footprint.tokens) == set()
    assert id_hits(footprint) == {}
    assert throttle_hits(footprint.user_id) == []
    assert stored_names() == {other_applicant.resume_file.name}
    # The employer's lists no longer show them; the ranking keeps the others and its count.
    applicants = created(employer_api.get(f"{JOBS}{jobs[0].pk}/applications/"), 200)
    assert [item["candidate"]["id"] for item in applicants] == [other_applicant.pk]
    assert created(employer_api.get(f"{JOBS}{jobs[1].pk}/applications/"), 200) == []
    notes = created(employer_api.get("/api/candidates/notes/"), 200)
    assert [note["id"] for note in notes] == [other_note["id"]]
    ranked = created(employer_api.get(f"{JOBS}{jobs[0].pk}/ranking-data/"), 200)
    assert [item["candidate_id"] for item in ranked["ranked_candidates"]] == [other_applicant.pk]
    assert [e["candidate_id"] for e in Ranking.objects.get(job=jobs[0]).entries] == [
        other_applicant.pk
    ]
    job = created(employer_api.get(f"{JOBS}{jobs[0].pk}/"), 200)
    assert (job["applications_count"], job["candidate_ranking_data"]["ranked_count"]) == (1, 2)


def test_erasure_logs_the_account_out_everywhere(
    employer_api, employer, admin_staff, jobs, stored_names
):
    footprint = touch_everything(employer_api, employer, admin_staff, jobs)
    access = footprint.client.token

    assert footprint.client.delete(f"{USERS}{footprint.user_id}/").status_code == 204

    login = ApiClient().post("/api/auth/token/", {"email": EMAIL, "password": PASSWORD})
    assert login.status_code == 401
    assert ApiClient().get("/api/auth/users/me/", token=access).status_code == 401
    refresh = ApiClient().post("/api/auth/token/refresh/", {"refresh": footprint.refresh})
    assert refresh.status_code == 401


def test_erasure_frees_the_email_for_a_new_signup(
    employer_api, employer, admin_staff, jobs, stored_names
):
    footprint = touch_everything(employer_api, employer, admin_staff, jobs)
    assert footprint.client.delete(f"{USERS}{footprint.user_id}/").status_code == 204

    response = ApiClient().post("/api/auth/signup/", {"email": EMAIL, "password": PASSWORD})

    assert response.status_code == 201
    user = User.objects.get(email=EMAIL)
    assert user.pk != footprint.user_id
    assert (user.first_name, user.is_candidate, Note.objects.count()) == ("", False, 0)


# --- storage failing during erasure -------------------------------------------------------------


def refusing_delete(self, name):
    raise OSError("storage unavailable")


@pytest.fixture
def candidate_with_files(db, stored_names):
    """A candidate with a resume, a video pitch, an avatar and a feedback attachment."""
    profile = CandidateProfileFactory()
    client = client_for(profile.user)
    created(
        client.patch(
            profile_url(profile),
            {"resume_file": upload("cv.txt", TEXT), "video_pitch": upload("v.mp4", MP4)},
            multipart=True,
        ),
        200,
    )
    created(
        client.patch(
            "/api/auth/users/me/", {"avatar": upload("a.png", png_bytes())}, multipart=True
        ),
        200,
    )
    created(
        client.post(
            "/api/auth/add-feedback/",
            {
                "urgency": 1,
                "subject": "s",
                "message": "m",
                "attachment": upload("f.png", png_bytes()),
            },
            multipart=True,
        )
    )
    files = stored_names()
    assert len(files) == 4
    HUEY.storage.flush_schedule()
    return profile, client, files


def storage_class():
    return S3Storage if isinstance(default_storage, S3Storage) else FileSystemStorage


def test_storage_failing_during_erasure_still_erases_and_a_task_deletes_the_files_later(
    candidate_with_files, stored_names, monkeypatch
):
    profile, client, files = candidate_with_files
    user_id = profile.user_id
    refusing = storage_class()
    monkeypatch.setattr(refusing, "delete", refusing_delete)

    response = client.delete(f"{USERS}{user_id}/")

    assert response.status_code == 204
    assert not User.objects.filter(pk=user_id).exists()
    assert not CandidateProfile.objects.filter(pk=profile.pk).exists()
    login = ApiClient().post(
        "/api/auth/token/", {"email": profile.user.email, "password": PASSWORD}
    )
    assert login.status_code == 401
    assert stored_names() == files
    monkeypatch.undo()
    assert run_scheduled_tasks() == 1
    assert stored_names() == set()


def test_storage_refusing_every_retry_logs_the_files_left(
    candidate_with_files, stored_names, monkeypatch, caplog
):
    profile, client, files = candidate_with_files
    monkeypatch.setattr(storage_class(), "delete", refusing_delete)

    assert client.delete(f"{USERS}{profile.user_id}/").status_code == 204
    retries = 0
    while run_scheduled_tasks():
        retries += 1

    assert retries == 6
    assert stored_names() == files
    [record] = [r for r in caplog.records if "after every retry" in r.getMessage()]
    assert record.levelname == "ERROR"
    assert all(name in record.getMessage() for name in files)


def test_a_failure_inside_the_erasure_keeps_the_whole_account(
    candidate_with_files, stored_names, monkeypatch
):
    profile, _client, files = candidate_with_files

    def failing(collector):
        raise RuntimeError("database gone")

    monkeypatch.setattr(erasure, "_delete_records_about", failing)

    with pytest.raises(RuntimeError):
        erasure.erase_user(profile.user)

    assert CandidateProfile.objects.filter(pk=profile.pk).exists()
    assert User.objects.get(pk=profile.user_id).check_password(PASSWORD)
    assert stored_names() == files


# --- who may erase ------------------------------------------------------------------------------


def test_erasure_of_the_sole_owner_of_an_organization_is_409_and_keeps_them(
    employer_api, employer, organization
):
    response = employer_api.delete(f"{USERS}{employer.pk}/")

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert User.objects.filter(pk=employer.pk).exists()
    assert organization.memberships.filter(user=employer).exists()


def test_erasure_of_someone_else_is_404_and_keeps_them(candidate_api, other_candidate):
    response = candidate_api.delete(f"{USERS}{other_candidate.user_id}/")

    assert response.status_code == 404
    assert CandidateProfile.objects.filter(pk=other_candidate.pk).exists()


def test_erasure_of_an_employer_keeps_their_notes_and_disclosure_rows_without_them(
    organization, employer, employer_api, jobs
):
    candidate = CandidateProfileFactory(
        disability_categories=["sensory"], disclosure_preference="DURING_APPLICATION"
    )
    ApplicationFactory(job=jobs[0], candidate=candidate)
    colleague = MembershipFactory(organization=organization).user
    colleague_api = client_for(colleague)
    note = created(colleague_api.post(profile_url(candidate, "create-notes/"), {"note": "Strong"}))
    assert created(colleague_api.get(profile_url(candidate)), 200)["disability_categories"]

    assert colleague_api.delete(f"{USERS}{colleague.pk}/").status_code == 204

    kept = Note.objects.get(pk=note["id"])
    assert (kept.author_id, kept.organization_id, kept.note) == (None, organization.pk, "Strong")
    listed = created(employer_api.get("/api/candidates/notes/"), 200)
    assert [item["id"] for item in listed] == [note["id"]]
    seen = DisclosureEvent.objects.filter(profile=candidate)
    assert list(seen.values_list("viewer_id", "organization_id", "role")) == [
        (None, organization.pk, "member")
    ]


# --- the admin ----------------------------------------------------------------------------------


def admin_post(staff, path: str, data: dict):
    """POST to the admin as `staff`, running the on-commit callbacks as a real commit would."""
    client = Client()
    client.force_login(staff)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(path, data)


def test_admin_delete_is_an_erasure(
    admin_staff, employer_api, employer, jobs, other_applicant, stored_names
):
    footprint = touch_everything(employer_api, employer, admin_staff, jobs)

    response = admin_post(
        admin_staff, f"/admin/accounts/user/{footprint.user_id}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert id_hits(footprint) == {}
    assert text_hits(footprint.tokens) == set()
    assert stored_names() == {other_applicant.resume_file.name}


def test_admin_bulk_delete_is_an_erasure(admin_staff, user, candidate_with_files, stored_names):
    profile, _client, _files = candidate_with_files

    response = admin_post(
        admin_staff,
        "/admin/accounts/user/",
        {
            "action": "delete_selected",
            "_selected_action": [profile.user_id, user.pk],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[profile.user_id, user.pk]).exists()
    assert stored_names() == set()


def test_admin_delete_of_a_sole_owner_is_refused_and_keeps_them(admin_staff, employer, user):
    response = admin_post(
        admin_staff,
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [user.pk, employer.pk], "post": "yes"},
    )

    assert response.status_code == 403
    assert User.objects.filter(pk__in=[user.pk, employer.pk]).count() == 2
