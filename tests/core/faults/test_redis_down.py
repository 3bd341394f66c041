"""Redis unreachable (issue 18, part 3), in this process on either database.

Health answers 503 naming Redis; requests that need no queue work; throttle counters fall back to
the database store (limits still hold); an email queued meanwhile is logged as not sent and the
request succeeds; a run started meanwhile ends `failed` with a message saying why, and starts
again once Redis is back. The same outage against a real server process on PostgreSQL is in
test_server_faults.py.
"""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.candidates.models import CandidateProfile
from platform_core.errors import QUEUE_UNAVAILABLE
from platform_core.models import Run, ThrottleCounter
from platform_core.runs import QUEUE_DOWN_MESSAGE
from tests.factories import PASSWORD, UserFactory
from tests.helpers import ApiClient

from .redis_down import unreachable_redis

RESUME = b"Ada Lovelace\nPython\nSQL\n"
SIGNUP = {"email": "ada@example.com", "password": PASSWORD, "first_name": "Ada", "last_name": "L"}


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def outage(settings, monkeypatch):
    return unreachable_redis(settings, monkeypatch)


def test_health_with_redis_down_is_503_naming_redis(api, outage):
    response = api.get("/api/health/")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "task_queue": "unavailable",
        "cache": "unavailable",
        "unavailable": ["redis"],
    }


def test_reads_and_writes_without_the_queue_work_with_redis_down(
    candidate, candidate_api, employer_api, outage
):
    created = employer_api.post("/api/channels/jobs/", {"title": "Tester", "skills": ["Python"]})
    listed = employer_api.get("/api/channels/jobs/")
    changed = candidate_api.patch(
        f"/api/candidates/profiles/{candidate.slug}/", {"expected_salary_range": "90k"}
    )
    read = candidate_api.get(f"/api/candidates/profiles/{candidate.slug}/")

    assert created.status_code == 201
    assert [job["title"] for job in listed.json()] == ["Tester"]
    assert changed.status_code == 200
    assert read.json()["expected_salary_range"] == "90k"


def test_login_throttle_counts_in_the_database_with_redis_down(api, settings, outage, caplog):
    user = UserFactory()
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": ("100/min", "3/min")}
    wrong = {"email": user.email, "password": "not-the-password"}

    with caplog.at_level(logging.WARNING, logger="platform_core.throttling"):
        statuses = [api.post("/api/auth/token/", wrong).status_code for _ in range(4)]
    right = api.post("/api/auth/token/", {"email": user.email, "password": PASSWORD})

    assert statuses == [401, 401, 401, 429]
    assert right.status_code == 429  # the account's limit holds for the right password too
    assert "Retry-After" in right
    assert ThrottleCounter.objects.filter(key__startswith="throttle:login:").count() == 2
    assert [record.getMessage().split(" (")[0] for record in caplog.records] == [
        "Throttle counters: the cache does not answer"
    ]


def test_signup_with_redis_down_creates_the_account_and_logs_the_unsent_email(
    api, outage, mailoutbox, caplog
):
    with caplog.at_level(logging.ERROR, logger="platform_core.tasks"):
        response = api.post("/api/auth/signup/", SIGNUP)
    login = ApiClient().post("/api/auth/token/", {"email": SIGNUP["email"], "password": PASSWORD})

    assert response.status_code == 201
    assert login.status_code == 200
    assert mailoutbox == []
    assert [record.getMessage().split(": it could")[0] for record in caplog.records] == [
        "Email 'Your Enabled Talent verification code' to ada@example.com not sent"
    ]


# Committed as in production: outside a test's transaction `on_commit` runs in the request.
@pytest.mark.django_db(transaction=True)
def test_resend_verification_with_redis_down_is_503_then_sent_once_redis_is_back(
    api, outage, mailoutbox
):
    UserFactory(email="grace@example.com", is_verified=False)

    during = api.post("/api/auth/resend-verification/", {"email": "grace@example.com"})
    outage.restore_queue()
    after = api.post("/api/auth/resend-verification/", {"email": "grace@example.com"})

    assert (during.status_code, during.json()) == (503, {"detail": QUEUE_UNAVAILABLE})
    assert after.status_code == 200
    assert [message.to for message in mailoutbox] == [["grace@example.com"]]


def test_parse_started_with_redis_down_ends_failed_and_parses_once_redis_is_back(
    candidate, candidate_api, outage
):
    profile = f"/api/candidates/profiles/{candidate.slug}/"

    uploaded = candidate_api.patch(
        profile, {"resume_file": _file("cv.txt", RESUME)}, multipart=True
    )
    during = candidate_api.get(profile + "parsing-status/").json()
    outage.restore_queue()
    again = candidate_api.post(profile + "parse-resume/")
    after = candidate_api.get(profile + "parsing-status/").json()

    assert uploaded.status_code == 200
    assert CandidateProfile.objects.get(pk=candidate.pk).resume_file.name.endswith(".txt")
    assert (during["parsing_status"], during["error"]) == ("failed", QUEUE_DOWN_MESSAGE)
    assert again.status_code == 202
    assert (after["parsing_status"], after["error"]) == ("parsed", None)
    assert list(Run.objects.order_by("pk").values_list("status", "error")) == [
        ("failed", QUEUE_DOWN_MESSAGE),
        ("succeeded", ""),
    ]
