"""`manage.py demo` (apps/demo): repeatable demo data that the real system serves, and
`serve --demo` / the offer of it on an empty database."""

import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from apps.accounts.models import User
from apps.candidates.models import CandidateProfile, Note
from apps.jobs.models import Application, ApplicationStatus, JobPost, JobStatus, Ranking
from apps.organizations.models import Membership
from platform_core.management.commands import serve
from platform_core.models import Run
from tests.helpers import ApiClient

pytestmark = pytest.mark.usefixtures("own_media_root")

SMALL = {"candidates": 12, "organizations": 3, "jobs": 8}
PASSWORD = "demo-password"
CANDIDATES = "/api/candidates/profiles/"
JOBS = "/api/channels/jobs/"


def demo(**options) -> str:
    """Run the command with SMALL sizes (unless given) and return what it printed."""
    output = io.StringIO()
    call_command("demo", **{**SMALL, **options}, stdout=output)
    return output.getvalue()


def digest() -> str:
    """What a seed decides, without ids or times: accounts, organizations, jobs, records,
    applications and notes, and what the parser read from each resume."""
    rows = [
        list(User.objects.order_by("email").values_list("email", "first_name", "is_staff")),
        list(
            Membership.objects.order_by("user__email").values_list(
                "user__email", "organization__name", "role"
            )
        ),
        list(
            JobPost.objects.order_by("title", "organization__name", "location").values_list(
                "title", "organization__name", "status", "location", "accommodations_offered"
            )
        ),
        list(
            Application.objects.order_by("candidate__user__email", "job__title").values_list(
                "candidate__user__email", "job__title", "status"
            )
        ),
        list(
            CandidateProfile.objects.order_by("user__email").values_list(
                "user__email", "resume_data", "workplace_accommodations"
            )
        ),
        sorted(Note.objects.values_list("profile__user__email", "note")),
    ]
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()


def digest_of_a_fresh_run(**options) -> str:
    """The digest of a demo made on the (empty) test database, rolled back after."""
    with transaction.atomic():
        demo(**options)
        result = digest()
        transaction.set_rollback(True)
    return result


def login(email: str, password: str = PASSWORD) -> ApiClient:
    client = ApiClient()
    client.login(email, password)
    return client


@pytest.mark.django_db
def test_demo_same_seed_makes_the_same_data_and_another_seed_other_data():
    first = digest_of_a_fresh_run(seed=7)
    assert User.objects.count() == 0  # rolled back: the next run starts from nothing again

    again = digest_of_a_fresh_run(seed=7)
    other = digest_of_a_fresh_run(seed=8)

    assert again == first
    assert other != first


@pytest.mark.django_db
def test_demo_makes_every_application_state_open_jobs_and_a_ranking():
    demo()

    states = set(Application.objects.values_list("status", flat=True))
    assert states == set(ApplicationStatus.values)
    assert User.objects.filter(candidate_profile__isnull=False).count() == 12
    assert Membership.objects.values("organization").distinct().count() == 3
    assert JobPost.objects.count() == 8
    open_jobs = JobPost.objects.filter(status=JobStatus.OPEN)
    assert open_jobs.count() >= 3  # every organization has at least one
    assert not open_jobs.filter(accommodations_offered=[]).exists()
    assert Ranking.objects.filter(ranked_count__gt=0).exists()
    assert Note.objects.filter(organization__isnull=False).exists()
    assert set(Run.objects.values_list("status", flat=True)) == {Run.Status.SUCCEEDED}


@pytest.mark.django_db
def test_demo_resumes_are_parsed_by_the_real_parser():
    demo()

    profiles = CandidateProfile.objects.select_related("user")
    assert {p.resume_file.name.rsplit(".", 1)[1] for p in profiles} == {"pdf", "docx", "txt"}
    for profile in profiles:
        personal = profile.resume_data["personal_info"]
        assert (personal["email"], personal["first_name"]) == (
            profile.user.email,
            profile.user.first_name,
        )
        assert profile.resume_data["skills"]
        assert profile.resume_text
    assert Run.objects.filter(kind="parse_resume", status=Run.Status.SUCCEEDED).count() == 12


@pytest.mark.django_db
def test_demo_without_parse_leaves_resumes_not_parsed():
    demo(no_parse=True)

    assert not CandidateProfile.objects.filter(resume_data__isnull=False).exists()
    assert CandidateProfile.objects.exclude(resume_sha256="").count() == 12
    assert not Run.objects.filter(kind="parse_resume").exists()


@pytest.mark.django_db
def test_demo_printed_logins_work_over_http(tmp_path):
    path = tmp_path / "logins.json"
    output = demo(logins_json=str(path), password="another-Pass-9")
    logins = json.loads(path.read_text())

    printed = dict(line.split()[:2] for line in output.splitlines() if line.startswith("  "))
    owner = next(e for e in logins["employers"] if e["role"] == "owner")
    assert printed == {
        "candidate": logins["candidates"][0],
        "owner": owner["email"],
        "admin": next(e["email"] for e in logins["employers"] if e["role"] == "admin"),
        "member": next(e["email"] for e in logins["employers"] if e["role"] == "member"),
        "staff": logins["staff"],
        "password": "another-Pass-9",
    }
    assert set(logins) == {"password", "candidates", "employers", "staff", "jobs"}
    assert len(logins["candidates"]) == 12
    assert sorted(logins["jobs"]) == sorted(
        JobPost.objects.filter(status=JobStatus.OPEN).values_list("pk", flat=True)
    )

    candidate = login(logins["candidates"][0], "another-Pass-9")
    (own,) = candidate.get(CANDIDATES).json()
    assert (own["user"]["email"], own["parsing_status"]) == (logins["candidates"][0], "parsed")
    assert own["resume_data"]["personal_info"]["email"] == logins["candidates"][0]

    employer = login(owner["email"], "another-Pass-9")
    jobs = employer.get(JOBS)
    assert jobs.status_code == 200
    assert (
        len(jobs.json()) == JobPost.objects.filter(organization_id=owner["organization_id"]).count()
    )
    assert int(employer.get(CANDIDATES)["X-Total-Count"]) > 0

    staff = login(logins["staff"], "another-Pass-9")
    assert staff.get(CANDIDATES)["X-Total-Count"] == "12"
    assert staff.get("/api/auth/users/me/").json()["email"] == "staff@demo.example.com"


@pytest.mark.django_db
def test_demo_login_with_a_wrong_password_is_refused():
    demo(no_parse=True)
    email = User.objects.filter(email__startswith="staff@").get().email

    response = ApiClient().post("/api/auth/token/", {"email": email, "password": "wrong-pass"})

    assert response.status_code == 401


@pytest.mark.django_db
def test_demo_refuses_a_second_run_and_changes_nothing():
    demo(no_parse=True)
    before = digest()

    with pytest.raises(CommandError, match="Demo data already exists"):
        demo(no_parse=True, seed=2)
    message = demo(no_parse=True, seed=2, if_absent=True)

    assert "Demo data already exists" in message
    assert digest() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"candidates": 0}, "--candidates must be at least 1, not 0."),
        ({"jobs": -3}, "--jobs must be at least 1, not -3."),
        ({"password": "short"}, "--password must have at least 8 characters."),
    ],
)
def test_demo_refuses_bad_options_before_writing(options, message):
    with pytest.raises(CommandError) as raised:
        demo(**options)

    assert str(raised.value) == message
    assert User.objects.count() == 0


class _Supervisor:
    """Stands in for serve's Supervisor: serving ends at once, successfully."""

    def __init__(self, *args, **kwargs):
        pass

    def run(self):
        return 0

    def stop(self):
        pass


@pytest.mark.django_db
def test_serve_offers_the_demo_on_an_empty_database(monkeypatch):
    monkeypatch.setattr(serve, "Supervisor", _Supervisor)
    output = io.StringIO()

    call_command("serve", bind="127.0.0.1:0", stdout=output)

    assert "serve: No users yet: run bin/serve --demo for demo data." in output.getvalue()


@pytest.mark.django_db
def test_serve_with_demo_seeds_once_and_offers_nothing(monkeypatch, user):
    monkeypatch.setattr(serve, "Supervisor", _Supervisor)
    User.objects.all().delete()
    output = io.StringIO()

    call_command("serve", bind="127.0.0.1:0", demo=True, stdout=output)
    call_command("serve", bind="127.0.0.1:0", demo=True, stdout=output)

    printed = output.getvalue()
    assert "No users yet" not in printed
    assert printed.count("demo: done in") == 1
    assert "Demo data already exists" in printed
    assert CandidateProfile.objects.count() == 40  # the default size


@pytest.mark.django_db
def test_serve_on_a_database_with_users_offers_nothing(monkeypatch, user):
    monkeypatch.setattr(serve, "Supervisor", _Supervisor)
    output = io.StringIO()

    call_command("serve", bind="127.0.0.1:0", stdout=output)

    assert "No users yet" not in output.getvalue()
