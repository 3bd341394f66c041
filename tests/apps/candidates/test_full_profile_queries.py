"""`full/` in few queries (issue 19): its seven kinds of record in one UNION query, and the
candidate's disclosure summary as subqueries of the profile's own query.

Each body is compared with what the code before answered: the records loaded kind by kind by
the ORM (in `Record.Meta.ordering`) and the summary by its own aggregate query, swapped in for
the new loading; the bodies must be equal key for key and item for item.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.candidates import disclosure_log, services
from apps.candidates.models import (
    Achievement,
    Certification,
    DisclosureEvent,
    Project,
)
from apps.candidates.records import RECORD_MODELS
from tests.apps.candidates.factories import (
    CandidateProfileFactory,
    EducationFactory,
    LanguageFactory,
    SkillFactory,
    WorkExperienceFactory,
)
from tests.apps.candidates.helpers import profile_url
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.factories import StaffFactory
from tests.helpers import client_for

DISABILITY = {
    "disability_categories": ["sensory"],
    "accommodation_needs": "YES",
    "workplace_accommodations": ["remote_work"],
    "disclosure_preference": "DURING_APPLICATION",
}


def _add_records(profile, count: int) -> None:
    """`count` records of every kind, with dates, nulls and booleans varied, created in an
    order that differs from their names' (the lists are in id order)."""
    for index in reversed(range(count)):
        day = dt.date(2020, 1 + index, 1 + index)
        EducationFactory(
            profile=profile, institution=f"School {index}", end_year=None if index else 2019
        )
        SkillFactory(profile=profile, name=f"Skill {index} é", level="Advanced" if index else "")
        LanguageFactory(profile=profile, language=f"Language {index}")
        WorkExperienceFactory(
            profile=profile,
            company=f"Company {index}",
            start_date=day,
            end_date=None,
            current=index == 0,
        )
        Project.objects.create(
            profile=profile, project_name=f"Project {index}", start_date=day, is_current=True
        )
        Achievement.objects.create(profile=profile, title=f"Prize {index}", issue_date=day)
        Certification.objects.create(
            profile=profile, name=f"Cert {index}", issue_date=day, expiry_date=None
        )


def _records_kind_by_kind(profile) -> None:
    """The loading before: one ORM query per kind of record."""
    profile.verified_records = {
        relation: list(model.objects.filter(profile_id=profile.pk))
        for relation, model in RECORD_MODELS.items()
    }


def _summary_by_aggregate(viewer, profile) -> None:
    """The summary before: its own aggregate query, for the candidate themself."""
    if profile.user_id == viewer.pk:
        profile.disclosure_summary = disclosure_log.summary(profile)


def _bodies(client, profile, monkeypatch) -> tuple[dict, dict]:
    """`full/`'s body as now, then as the loading before answers it."""
    url = profile_url(profile, "full/")
    now = client.get(url)
    assert now.status_code == 200, now.content
    with monkeypatch.context() as patched:
        patched.setattr(services, "attach_records", _records_kind_by_kind)
        patched.setattr(disclosure_log, "attach_own_summary", _summary_by_aggregate)
        before = client.get(url)
    return now.json(), before.json()


@pytest.fixture
def job(organization, employer):
    return JobPostFactory(organization=organization, user=employer)


@pytest.fixture
def applicant(job):
    profile = CandidateProfileFactory(is_available=False, **DISABILITY)
    ApplicationFactory(job=job, candidate=profile)
    return profile


def _viewer_client(viewer: str, profile, employer):
    users = {"owner": profile.user, "staff": StaffFactory(), "employer": employer}
    return client_for(users[viewer])


@pytest.mark.parametrize("count", [0, 1, 4])
@pytest.mark.parametrize("viewer", ["owner", "staff", "employer"])
def test_full_body_equals_the_kind_by_kind_loading(applicant, employer, viewer, count, monkeypatch):
    _add_records(applicant, count)
    client = _viewer_client(viewer, applicant, employer)

    now, before = _bodies(client, applicant, monkeypatch)

    assert now == before
    assert list(now) == list(before)
    verified = now["verified_profile"]
    assert [len(verified[relation]) for relation in RECORD_MODELS] == [count] * len(RECORD_MODELS)
    assert [item["name"] for item in verified["skills"]] == [
        f"Skill {index} é" for index in reversed(range(count))
    ]


def test_full_body_shows_the_owners_disclosure_summary(applicant, employer, monkeypatch):
    employer_client = client_for(employer)
    employer_client.get(profile_url(applicant))  # an organization sees the data: one event
    client_for(StaffFactory()).get(profile_url(applicant))  # staff: in the log, no organization

    now, before = _bodies(client_for(applicant.user), applicant, monkeypatch)

    assert now == before
    seen = DisclosureEvent.objects.exclude(role=DisclosureEvent.STAFF).get().seen_at
    assert now["disclosure_summary"]["organizations"] == 1
    assert dt.datetime.fromisoformat(now["disclosure_summary"]["last_seen_at"]) == seen.replace(
        microsecond=seen.microsecond // 1000 * 1000
    )


def test_full_body_of_a_profile_never_seen_has_an_empty_summary(candidate, monkeypatch):
    now, before = _bodies(client_for(candidate.user), candidate, monkeypatch)

    assert now == before
    assert now["disclosure_summary"] == {"organizations": 0, "last_seen_at": None}


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        # The user, the profile (with its summary for the owner), the records, the notes.
        ("owner", 4),
        # And the disclosure event's INSERT (staff are shown the data).
        ("staff", 5),
        # The same: the profile's query carries its applications' stages at the organization.
        ("employer", 5),
    ],
)
def test_full_makes_the_same_few_queries_for_no_record_and_for_many(
    applicant, employer, viewer, expected
):
    client = _viewer_client(viewer, applicant, employer)
    url = profile_url(applicant, "full/")
    client.get(url)  # compiled on this connection's first call

    without = _queries(client, url)
    _add_records(applicant, 5)
    with_many = _queries(client, url)

    assert len(without) == len(with_many) == expected


def test_full_for_staff_reading_their_own_profile_has_its_summary(db, monkeypatch):
    staff = StaffFactory()
    profile = CandidateProfileFactory(user=staff)

    now, before = _bodies(client_for(staff), profile, monkeypatch)

    assert now == before
    assert now["disclosure_summary"] == {"organizations": 0, "last_seen_at": None}
