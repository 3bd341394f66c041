"""The disclosure log's single INSERT (issue 19): the same rows as `bulk_create` wrote, one
statement for a whole page, part of the caller's transaction when there is one."""

import pytest
from django.db import transaction

from apps.candidates import disclosure_log
from apps.candidates.models import DisclosureEvent
from apps.organizations.models import Role
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.candidates.helpers import PROFILES
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.factories import StaffFactory
from tests.helpers import client_for

COLUMNS = ("profile_id", "viewer_id", "organization_id", "role", "endpoint", "fields")


def _bulk_create(rows, viewer_id, organization_id, role, endpoint, seen_at) -> None:
    """How the events were written before: `bulk_create`."""
    DisclosureEvent.objects.bulk_create(
        DisclosureEvent(
            profile_id=profile_id,
            viewer_id=viewer_id,
            organization_id=organization_id,
            role=role,
            endpoint=endpoint,
            fields=fields,
            seen_at=seen_at,
        )
        for profile_id, fields in rows
    )


def _events() -> list[tuple]:
    """The log in the order it was written."""
    return list(DisclosureEvent.objects.order_by("id").values_list(*COLUMNS))


@pytest.fixture
def page(organization, employer):
    """A page of candidates: applicants showing all three fields, one, or none (their
    preference hides them), and an available candidate who never applied."""
    job = JobPostFactory(organization=organization, user=employer)
    shown = {"disclosure_preference": "DURING_APPLICATION", "is_available": False}
    profiles = [
        CandidateProfileFactory(
            disability_categories=["sensory"],
            accommodation_needs="YES",
            workplace_accommodations=["remote_work"],
            **shown,
        ),
        CandidateProfileFactory(is_available=True),
        CandidateProfileFactory(workplace_accommodations=["flexible_schedule"], **shown),
        CandidateProfileFactory(
            disability_categories=["physical"], disclosure_preference="AFTER_JOB_OFFER"
        ),
        CandidateProfileFactory(disability_categories=["other"], **shown),
    ]
    for profile in profiles:
        if not profile.is_available or profile.disclosure_preference == "AFTER_JOB_OFFER":
            ApplicationFactory(job=job, candidate=profile)
    return profiles


@pytest.mark.parametrize("viewer", ["employer", "staff"])
def test_a_list_writes_the_rows_bulk_create_wrote(page, employer, viewer, monkeypatch):
    client = client_for(employer if viewer == "employer" else StaffFactory())

    assert client.get(PROFILES).status_code == 200
    now = _events()
    DisclosureEvent.objects.all().delete()
    monkeypatch.setattr(disclosure_log, "_insert", _bulk_create)
    assert client.get(PROFILES).status_code == 200
    before = _events()

    assert now == before
    shown = [page[0], page[2], page[4]] if viewer == "employer" else page[:1] + page[2:]
    assert [row[0] for row in now] == [profile.pk for profile in shown]


def test_a_lists_rows_name_the_viewer_and_share_one_time(page, employer, organization):
    client_for(employer).get(PROFILES)

    events = list(DisclosureEvent.objects.order_by("id"))
    assert [(event.profile_id, event.fields) for event in events] == [
        (page[0].pk, ["disability_categories", "accommodation_needs", "workplace_accommodations"]),
        (page[2].pk, ["workplace_accommodations"]),
        (page[4].pk, ["disability_categories"]),
    ]
    assert {
        (event.viewer_id, event.organization_id, event.role, event.endpoint, event.seen_at)
        for event in events
    } == {(employer.pk, organization.pk, Role.OWNER, "candidates_list_profiles", events[0].seen_at)}


def test_the_insert_is_part_of_the_callers_transaction(page, employer):
    client_for(employer).get(PROFILES)  # the membership the log reads is loaded with the user
    profile = page[0]
    profile._disability_disclosed = True

    with pytest.raises(RuntimeError), transaction.atomic():
        disclosure_log.record(StaffFactory(), "candidates_get_profile", [profile])
        raise RuntimeError

    assert not DisclosureEvent.objects.filter(role=DisclosureEvent.STAFF).exists()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_insert_commits_by_itself():
    staff = StaffFactory()
    profile = CandidateProfileFactory(disability_categories=["sensory"])
    profile._disability_disclosed = True

    disclosure_log.record(staff, "candidates_get_profile", [profile])

    assert transaction.get_autocommit()
    assert _events() == [
        (
            profile.pk,
            staff.pk,
            None,
            DisclosureEvent.STAFF,
            "candidates_get_profile",
            ["disability_categories"],
        )
    ]
