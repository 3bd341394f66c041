"""The disclosure log (issue 16): who was shown a candidate's disability data, read back by them.

Over HTTP as the web client calls it: employers read applicants through the profile endpoints and
the job's applicant list; the candidate (and staff) read the log at `disclosures/`.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.candidates.models import DisclosureEvent
from apps.candidates.tasks import purge_disclosure_log
from apps.jobs.models import ApplicationStatus
from apps.organizations.models import Role
from platform_core.api import api as ninja_api
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.candidates.helpers import PROFILES, profile_url
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.apps.organizations.factories import MembershipFactory
from tests.helpers import NOT_FOUND, client_for

DATA = {
    "disability_categories": ["sensory"],
    "accommodation_needs": "YES",
    "workplace_accommodations": ["remote_work"],
}
ALL_FIELDS = list(DATA)


def disclosing_candidate(**extra):
    """A candidate with disability data who discloses it once they apply."""
    fields = {**DATA, "disclosure_preference": "DURING_APPLICATION", "is_available": False}
    return CandidateProfileFactory(**{**fields, **extra})


@pytest.fixture
def job(organization, employer):
    return JobPostFactory(organization=organization, user=employer)


@pytest.fixture
def applicant(job):
    profile = disclosing_candidate()
    ApplicationFactory(job=job, candidate=profile)
    return profile


def log_of(api, profile, query=""):
    response = api.get(profile_url(profile, f"disclosures/{query}"))
    assert response.status_code == 200, response.json()
    return response.json()


def operation_ids() -> set[str]:
    schema = ninja_api.get_openapi_schema()
    return {op["operationId"] for path in schema["paths"].values() for op in path.values()}


# --- recording --------------------------------------------------------------------------------


def test_an_employer_reading_a_disclosing_applicant_is_logged_and_the_candidate_reads_it(
    employer_api, employer, organization, applicant
):
    response = employer_api.get(profile_url(applicant))
    assert response.status_code == 200
    assert response.json()["disability_categories"] == ["sensory"]

    [event] = log_of(client_for(applicant.user), applicant)
    assert event["organization"] == {"id": organization.pk, "name": organization.name}
    assert event["viewer"] == {
        "first_name": employer.first_name,
        "last_name": employer.last_name,
        "role": Role.OWNER,
    }
    assert event["endpoint"] == "candidates_get_profile"
    assert event["fields"] == ALL_FIELDS
    assert set(event) == {"id", "organization", "viewer", "endpoint", "fields", "seen_at"}


def test_an_employer_shown_nulls_creates_no_row(employer_api, job):
    # Discloses only once hired: the applied employer sees nulls.
    profile = disclosing_candidate(disclosure_preference="AFTER_JOB_OFFER")
    ApplicationFactory(job=job, candidate=profile)
    body = employer_api.get(profile_url(profile, "full/")).json()
    assert body["disability_categories"] is None
    assert not DisclosureEvent.objects.exists()


def test_only_the_fields_with_a_value_are_recorded(employer_api, job):
    profile = disclosing_candidate(accommodation_needs="", workplace_accommodations=[])
    ApplicationFactory(job=job, candidate=profile)
    employer_api.get(profile_url(profile))
    assert list(DisclosureEvent.objects.values_list("fields", flat=True)) == [
        ["disability_categories"]
    ]


def test_a_disclosed_profile_with_no_disability_data_creates_no_row(employer_api, job):
    profile = disclosing_candidate(
        disability_categories=[], accommodation_needs="", workplace_accommodations=[]
    )
    ApplicationFactory(job=job, candidate=profile)
    assert employer_api.get(profile_url(profile)).status_code == 200
    assert not DisclosureEvent.objects.exists()


def test_the_candidates_own_reads_are_not_logged(applicant):
    own = client_for(applicant.user)
    for suffix in ("", "full/"):
        assert own.get(profile_url(applicant, suffix)).json()["disability_categories"]
    own.get(PROFILES)
    assert not DisclosureEvent.objects.exists()


def test_staff_reads_through_the_api_are_logged_as_staff(staff_api, staff, applicant):
    assert staff_api.get(profile_url(applicant, "full/")).status_code == 200
    event = DisclosureEvent.objects.get()
    assert (event.viewer, event.organization, event.role) == (staff, None, "staff")
    assert event.endpoint == "candidates_full_profile"


def test_each_endpoint_records_its_own_operation_id(employer_api, job, applicant):
    employer_api.get(PROFILES)
    employer_api.get(profile_url(applicant))
    employer_api.get(profile_url(applicant, "full/"))
    employer_api.get(f"/api/channels/jobs/{job.pk}/applications/")
    endpoints = list(DisclosureEvent.objects.order_by("id").values_list("endpoint", flat=True))
    assert endpoints == [
        "candidates_list_profiles",
        "candidates_get_profile",
        "candidates_full_profile",
        "channels_job_applications",
    ]
    assert set(endpoints) <= operation_ids()


def test_the_role_recorded_is_the_viewers_role_in_the_organization(organization, applicant):
    member = MembershipFactory(organization=organization, role=Role.MEMBER).user
    client_for(member).get(profile_url(applicant))
    assert DisclosureEvent.objects.get().role == Role.MEMBER


def test_a_list_logs_only_the_items_that_carry_the_values(employer_api, job, applicant):
    hidden = disclosing_candidate(disclosure_preference="DURING_INTERVIEW")
    ApplicationFactory(job=job, candidate=hidden)
    response = employer_api.get(f"/api/channels/jobs/{job.pk}/applications/")
    assert len(response.json()) == 2
    assert list(DisclosureEvent.objects.values_list("profile", flat=True)) == [applicant.pk]


def _applicants(job, count: int) -> None:
    for _ in range(count):
        ApplicationFactory(job=job, candidate=disclosing_candidate())


def _list_queries(api, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    return len(queries.captured_queries), inserts


@pytest.mark.parametrize(
    "url", [f"{PROFILES}?page_size=100", "/api/channels/jobs/{job}/applications/?page_size=100"]
)
def test_a_list_logs_in_one_insert_with_the_same_query_count_for_1_and_100_rows(
    employer_api, job, url
):
    url = url.format(job=job.pk)
    _applicants(job, 1)
    one, one_inserts = _list_queries(employer_api, url)
    assert DisclosureEvent.objects.count() == 1
    _applicants(job, 99)
    hundred, hundred_inserts = _list_queries(employer_api, url)
    assert DisclosureEvent.objects.count() == 1 + 100
    assert len(one_inserts) == len(hundred_inserts) == 1
    assert "disclosureevent" in hundred_inserts[0]
    assert one == hundred


# --- the log endpoint -------------------------------------------------------------------------


def test_employers_never_read_the_log_not_even_their_own_rows(
    employer_api, other_employer_api, applicant
):
    employer_api.get(profile_url(applicant))
    for api in (employer_api, other_employer_api):
        response = api.get(profile_url(applicant, "disclosures/"))
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_another_candidate_gets_a_404_and_anonymous_a_401(other_candidate_api, api, applicant):
    assert other_candidate_api.get(profile_url(applicant, "disclosures/")).status_code == 404
    assert api.get(profile_url(applicant, "disclosures/")).status_code == 401


def test_staff_read_the_log(staff_api, employer_api, applicant):
    employer_api.get(profile_url(applicant))
    assert [event["endpoint"] for event in log_of(staff_api, applicant)] == [
        "candidates_get_profile"
    ]


def test_the_log_is_newest_first_paginated_and_filtered(
    employer_api, other_employer_api, other_organization, job, applicant
):
    ApplicationFactory(job=JobPostFactory(organization=other_organization), candidate=applicant)
    employer_api.get(profile_url(applicant))
    other_employer_api.get(profile_url(applicant))
    employer_api.get(profile_url(applicant, "full/"))
    old = DisclosureEvent.objects.order_by("id").first()
    DisclosureEvent.objects.filter(pk=old.pk).update(seen_at=timezone.now() - timedelta(days=3))
    own = client_for(applicant.user)

    events = log_of(own, applicant)
    assert [event["endpoint"] for event in events] == [
        "candidates_full_profile",
        "candidates_get_profile",
        "candidates_get_profile",
    ]
    response = own.get(profile_url(applicant, "disclosures/?page_size=2"))
    assert response["X-Total-Count"] == "3"
    assert len(response.json()) == 2

    other = log_of(own, applicant, f"?organization={other_organization.pk}")
    assert [event["organization"]["id"] for event in other] == [other_organization.pk]

    since = (timezone.now() - timedelta(days=1)).isoformat()
    recent = own.get(profile_url(applicant, "disclosures/"), {"since": since}).json()
    assert old.pk not in [event["id"] for event in recent]
    assert len(recent) == 2


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01T00:00:00Z"])
def test_a_bad_since_is_a_400(applicant, since):
    response = client_for(applicant.user).get(profile_url(applicant, f"disclosures/?since={since}"))
    assert response.status_code == 400
    assert "since" in response.json()


def test_a_deleted_viewer_leaves_an_unnamed_row(employer, employer_api, applicant):
    employer_api.get(profile_url(applicant))
    employer.membership.delete()
    employer.delete()
    [event] = log_of(client_for(applicant.user), applicant)
    assert event["viewer"] == {"first_name": "", "last_name": "", "role": Role.OWNER}


# --- retention --------------------------------------------------------------------------------


def test_the_retention_task_deletes_only_rows_older_than_the_setting(
    settings, employer_api, applicant
):
    settings.DISCLOSURE_LOG_RETENTION_DAYS = 30
    employer_api.get(profile_url(applicant))
    employer_api.get(profile_url(applicant, "full/"))
    old, recent = DisclosureEvent.objects.order_by("id")
    DisclosureEvent.objects.filter(pk=old.pk).update(seen_at=timezone.now() - timedelta(days=31))
    DisclosureEvent.objects.filter(pk=recent.pk).update(seen_at=timezone.now() - timedelta(days=29))
    purge_disclosure_log.call_local()
    assert list(DisclosureEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_retention_defaults_to_730_days():
    from settings import base

    assert base.DISCLOSURE_LOG_RETENTION_DAYS == 730


# --- the summary on the candidate's own full/ -------------------------------------------------


def test_the_summary_is_on_the_candidates_own_full_view_only(
    employer_api, other_employer_api, other_organization, staff_api, applicant
):
    own = client_for(applicant.user)
    assert own.get(profile_url(applicant, "full/")).json()["disclosure_summary"] == {
        "organizations": 0,
        "last_seen_at": None,
    }
    ApplicationFactory(
        job=JobPostFactory(organization=other_organization),
        candidate=applicant,
        status=ApplicationStatus.SHORTLISTED,
    )
    employer_api.get(profile_url(applicant))
    employer_api.get(profile_url(applicant, "full/"))
    other_employer_api.get(profile_url(applicant))
    staff_api.get(profile_url(applicant))
    # The latest employer read was an hour before staff's, which counts for no organization.
    an_hour_ago = timezone.now().replace(microsecond=0) - timedelta(hours=1)
    DisclosureEvent.objects.exclude(role="staff").update(seen_at=an_hour_ago)

    summary = own.get(profile_url(applicant, "full/")).json()["disclosure_summary"]
    assert summary == {
        "organizations": 2,
        "last_seen_at": an_hour_ago.isoformat().replace("+00:00", "Z"),
    }

    for api in (employer_api, staff_api):
        assert "disclosure_summary" not in api.get(profile_url(applicant, "full/")).json()
    assert "disclosure_summary" not in own.get(profile_url(applicant)).json()
    verified = own.post(profile_url(applicant, "verify-profile/"), {"certifications": []})
    assert verified.status_code == 200, verified.json()
    assert "disclosure_summary" not in verified.json()
