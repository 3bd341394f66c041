"""Applications: apply, the candidate's list and withdrawal, the members' applicant list,
decisions with their emails, and disability disclosure at every stage (contract §6, §8, §11)."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.candidates.choices import DisclosurePreference
from apps.jobs.models import Application, JobStatus
from apps.organizations.models import Role
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.organizations.factories import MembershipFactory
from tests.factories import UserFactory
from tests.helpers import NOT_FOUND, NOT_PROVIDED, client_for

from .factories import ApplicationFactory, JobPostFactory
from .helpers import MY_APPLICATIONS, PROFILES, decision_url, ids, iso, job_url

STATUSES = ["applied", "shortlisted", "hired", "rejected", "withdrawn"]
ALLOWED = [
    ("applied", "shortlisted"),
    ("applied", "hired"),
    ("applied", "rejected"),
    ("shortlisted", "hired"),
    ("shortlisted", "rejected"),
]
DECISIONS = ["shortlisted", "hired", "rejected"]
IMPOSSIBLE = [
    (start, target) for start in ("hired", "rejected", "withdrawn") for target in DECISIONS
] + [("shortlisted", "shortlisted")]


def status_of(application: Application) -> str:
    return Application.objects.get(pk=application.pk).status


# --- apply --------------------------------------------------------------------------------------


def test_apply_open_job_returns_201(candidate, candidate_api, open_job):
    response = candidate_api.post(job_url(open_job, "apply/"))

    assert response.status_code == 201, response.content
    application = Application.objects.get()
    body = response.json()
    assert body == {
        "message": body["message"],
        "application_id": application.pk,
        "status": "applied",
    }
    assert isinstance(body["message"], str) and body["message"]
    assert (application.job_id, application.candidate_id) == (open_job.pk, candidate.pk)


def test_apply_twice_returns_409_and_keeps_one_row(candidate_api, open_job):
    candidate_api.post(job_url(open_job, "apply/"))

    response = candidate_api.post(job_url(open_job, "apply/"))

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert Application.objects.count() == 1


def test_apply_after_withdrawing_returns_409(candidate, candidate_api, open_job):
    application = ApplicationFactory(job=open_job, candidate=candidate, status="withdrawn")

    response = candidate_api.post(job_url(open_job, "apply/"))

    assert response.status_code == 409
    assert list(Application.objects.values_list("pk", "status")) == [(application.pk, "withdrawn")]


def test_apply_two_candidates_make_two_applications(candidate_api, other_candidate_api, open_job):
    first = candidate_api.post(job_url(open_job, "apply/"))
    second = other_candidate_api.post(job_url(open_job, "apply/"))

    assert (first.status_code, second.status_code) == (201, 201)
    assert Application.objects.filter(job=open_job).count() == 2


def test_apply_closed_job_returns_400_detail(candidate_api, closed_job):
    response = candidate_api.post(job_url(closed_job, "apply/"))

    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
    assert Application.objects.count() == 0


def test_apply_draft_job_returns_404(candidate_api, draft_job):
    response = candidate_api.post(job_url(draft_job, "apply/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert Application.objects.count() == 0


def test_apply_unknown_job_returns_404(candidate_api):
    response = candidate_api.post(job_url(999999, "apply/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_apply_without_candidate_profile_returns_403(user_api, open_job):
    response = user_api.post(job_url(open_job, "apply/"))

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert Application.objects.count() == 0


@pytest.mark.parametrize("which", ["own", "other"])
def test_apply_as_employer_returns_403(employer_api, other_employer_api, open_job, which):
    client = employer_api if which == "own" else other_employer_api

    response = client.post(job_url(open_job, "apply/"))

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert Application.objects.count() == 0


def test_apply_anonymous_returns_401(api, open_job):
    response = api.post(job_url(open_job, "apply/"))

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED
    assert Application.objects.count() == 0


# --- the candidate's applications ---------------------------------------------------------------


def test_my_applications_lists_own_with_display_labels(
    candidate, candidate_api, other_candidate, organization
):
    job = JobPostFactory(
        organization=organization,
        title="Analyst",
        location="Montreal",
        job_type=2,
        workplace_type=3,
    )
    older = ApplicationFactory(job=JobPostFactory(organization=organization), candidate=candidate)
    mine = ApplicationFactory(job=job, candidate=candidate, status="shortlisted")
    ApplicationFactory(job=job, candidate=other_candidate)

    response = candidate_api.get(MY_APPLICATIONS)

    assert response.status_code == 200
    assert ids(response) == [mine.pk, older.pk]
    mine.refresh_from_db()
    assert response.json()[0] == {
        "id": mine.pk,
        "job": {
            "id": job.pk,
            "title": "Analyst",
            "location": "Montreal",
            "job_type": "Part-time",
            "workplace_type": "Hybrid",
            "status": "open",
            "organization": {"id": organization.pk, "name": "Acme"},
            "my_needs_offered": [],
            "my_needs_missing": [],
        },
        "status": "shortlisted",
        "applied_at": iso(mine.applied_at),
        "updated_at": iso(mine.updated_at),
    }
    assert response["X-Total-Count"] == "2"


def test_my_applications_includes_closed_jobs_and_every_status(
    candidate, candidate_api, organization
):
    made = [
        ApplicationFactory(
            job=JobPostFactory(organization=organization, status=JobStatus.CLOSED),
            candidate=candidate,
            status=status,
        )
        for status in STATUSES
    ]

    response = candidate_api.get(MY_APPLICATIONS)

    assert [(item["id"], item["status"]) for item in response.json()] == [
        (application.pk, application.status) for application in reversed(made)
    ]


def test_my_applications_of_other_candidate_never_shows_mine(
    candidate, other_candidate_api, open_job
):
    ApplicationFactory(job=open_job, candidate=candidate)

    response = other_candidate_api.get(MY_APPLICATIONS)

    assert response.status_code == 200
    assert response.json() == []


def test_my_applications_as_employer_is_empty(employer_api, open_job):
    ApplicationFactory(job=open_job)

    response = employer_api.get(MY_APPLICATIONS)

    assert response.status_code == 200
    assert response.json() == []


def test_my_applications_anonymous_returns_401(api):
    response = api.get(MY_APPLICATIONS)

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def _count_my_application_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(MY_APPLICATIONS, {"page_size": 100})
    assert response.status_code == 200
    return len(response.json()), len(queries)


def test_my_applications_query_count_is_same_for_1_and_100(candidate, candidate_api):
    ApplicationFactory(candidate=candidate)
    one = _count_my_application_queries(candidate_api)
    ApplicationFactory.create_batch(99, candidate=candidate)

    hundred = _count_my_application_queries(candidate_api)

    assert (one[0], hundred[0]) == (1, 100)
    assert hundred[1] == one[1]


# --- withdraw -----------------------------------------------------------------------------------


@pytest.mark.parametrize("start", ["applied", "shortlisted"])
def test_withdraw_active_application_returns_200(candidate, candidate_api, open_job, start):
    application = ApplicationFactory(job=open_job, candidate=candidate, status=start)

    response = candidate_api.delete(f"{MY_APPLICATIONS}{application.pk}/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body == {
        "message": body["message"],
        "application_id": application.pk,
        "status": "withdrawn",
    }
    assert status_of(application) == "withdrawn"


@pytest.mark.parametrize("start", ["hired", "rejected", "withdrawn"])
def test_withdraw_final_application_returns_400_and_unchanged(
    candidate, candidate_api, open_job, start
):
    application = ApplicationFactory(job=open_job, candidate=candidate, status=start)

    response = candidate_api.delete(f"{MY_APPLICATIONS}{application.pk}/")

    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
    assert status_of(application) == start


def test_withdraw_someone_elses_application_returns_404(candidate, other_candidate_api, open_job):
    application = ApplicationFactory(job=open_job, candidate=candidate)

    response = other_candidate_api.delete(f"{MY_APPLICATIONS}{application.pk}/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert status_of(application) == "applied"


def test_withdraw_as_the_jobs_employer_returns_404(candidate, employer_api, open_job):
    application = ApplicationFactory(job=open_job, candidate=candidate)

    response = employer_api.delete(f"{MY_APPLICATIONS}{application.pk}/")

    assert response.status_code == 404
    assert status_of(application) == "applied"


def test_withdraw_unknown_application_returns_404(candidate_api):
    response = candidate_api.delete(f"{MY_APPLICATIONS}999999/")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_withdraw_anonymous_returns_401(api, open_job):
    application = ApplicationFactory(job=open_job)

    response = api.delete(f"{MY_APPLICATIONS}{application.pk}/")

    assert response.status_code == 401
    assert status_of(application) == "applied"


# --- applicants (members) -----------------------------------------------------------------------


def test_applicants_lists_the_jobs_applications(employer_api, organization, open_job, candidate):
    application = ApplicationFactory(job=open_job, candidate=candidate)
    ApplicationFactory(job=JobPostFactory(organization=organization))
    ApplicationFactory(job=JobPostFactory())
    user = candidate.user

    response = employer_api.get(job_url(open_job, "applications/"))

    assert response.status_code == 200
    application.refresh_from_db()
    assert response.json() == [
        {
            "id": application.pk,
            "candidate": {
                "id": candidate.pk,
                "slug": candidate.slug,
                "name": f"{user.first_name} {user.last_name}",
                "email": user.email,
                "avatar": None,
                "disability_categories": None,
                "accommodation_needs": None,
                "workplace_accommodations": None,
                "disclosure_preference": None,
            },
            "status": "applied",
            "applied_at": iso(application.applied_at),
            "updated_at": iso(application.updated_at),
        }
    ]
    assert response["X-Total-Count"] == "1"


def test_applicant_id_is_the_candidate_profile_id_not_user_id(employer_api, open_job):
    UserFactory.create_batch(3)  # user ids run ahead of profile ids
    candidate = CandidateProfileFactory()
    ApplicationFactory(job=open_job, candidate=candidate)

    response = employer_api.get(job_url(open_job, "applications/"))

    assert candidate.pk != candidate.user_id
    assert response.json()[0]["candidate"]["id"] == candidate.pk


def test_applicants_newest_first_with_status_filter(employer_api, open_job):
    first = ApplicationFactory(job=open_job)
    second = ApplicationFactory(job=open_job, status="shortlisted")
    third = ApplicationFactory(job=open_job)

    everyone = employer_api.get(job_url(open_job, "applications/"))
    applied = employer_api.get(job_url(open_job, "applications/"), {"status": "applied"})

    assert ids(everyone) == [third.pk, second.pk, first.pk]
    assert ids(applied) == [third.pk, first.pk]


@pytest.mark.parametrize("status", STATUSES)
def test_applicants_status_filter_returns_only_that_status(employer_api, open_job, status):
    by_status = {value: ApplicationFactory(job=open_job, status=value) for value in STATUSES}

    response = employer_api.get(job_url(open_job, "applications/"), {"status": status})

    assert response.status_code == 200
    assert ids(response) == [by_status[status].pk]
    assert response["X-Total-Count"] == "1"


def test_applicants_blank_status_filter_returns_everyone(employer_api, open_job):
    applications = [ApplicationFactory(job=open_job, status=value) for value in STATUSES]

    response = employer_api.get(job_url(open_job, "applications/"), {"status": ""})

    assert response.status_code == 200
    assert ids(response) == [application.pk for application in reversed(applications)]


@pytest.mark.parametrize("value", ["hird", "Applied", "open", "applied,hired", " applied"])
def test_applicants_unknown_status_returns_400_keyed_by_status(employer_api, open_job, value):
    ApplicationFactory(job=open_job)

    response = employer_api.get(job_url(open_job, "applications/"), {"status": value})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "status": ["Input should be 'applied', 'shortlisted', 'hired', 'rejected' or 'withdrawn'"]
    }


def test_applicants_unknown_status_by_outsider_is_still_400(other_employer_api, draft_job):
    """Query validation comes first and reveals nothing about the job."""
    response = other_employer_api.get(job_url(draft_job, "applications/"), {"status": "hird"})

    assert response.status_code == 400
    assert list(response.json()) == ["status"]


@pytest.mark.parametrize("status", ["closed", "draft"])
def test_applicants_of_own_hidden_job_are_listed(employer_api, organization, status):
    job = JobPostFactory(organization=organization, status=status)
    application = ApplicationFactory(job=job)

    response = employer_api.get(job_url(job, "applications/"))

    assert ids(response) == [application.pk]


def test_applicants_other_organization_open_job_returns_403(other_employer_api, open_job):
    ApplicationFactory(job=open_job)

    response = other_employer_api.get(job_url(open_job, "applications/"))

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]


@pytest.mark.parametrize("status", ["closed", "draft"])
def test_applicants_other_organization_hidden_job_returns_404(
    other_employer_api, organization, status
):
    job = JobPostFactory(organization=organization, status=status)
    ApplicationFactory(job=job)

    response = other_employer_api.get(job_url(job, "applications/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_applicants_as_candidate_applicant_returns_403(candidate, candidate_api, open_job):
    ApplicationFactory(job=open_job, candidate=candidate)

    response = candidate_api.get(job_url(open_job, "applications/"))

    assert response.status_code == 403


def test_applicants_anonymous_returns_401(api, open_job):
    response = api.get(job_url(open_job, "applications/"))

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def _count_applicant_queries(client, job):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(job_url(job, "applications/"), {"page_size": 100})
    assert response.status_code == 200
    return len(response.json()), len(queries)


def test_applicants_query_count_is_same_for_1_and_50(employer_api, open_job):
    ApplicationFactory(job=open_job, candidate__disclosure_preference="DURING_APPLICATION")
    one = _count_applicant_queries(employer_api, open_job)
    for i in range(49):
        ApplicationFactory(job=open_job, status=STATUSES[i % 5])

    fifty = _count_applicant_queries(employer_api, open_job)

    assert (one[0], fifty[0]) == (1, 50)
    assert fifty[1] == one[1]


# --- decisions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "target"), ALLOWED)
def test_decision_allowed_transition_returns_200_and_emails_candidate(
    employer_api, open_job, candidate, start, target
):
    application = ApplicationFactory(job=open_job, candidate=candidate, status=start)

    response = employer_api.post(decision_url(open_job, application), {"status": target})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body == {
        "message": body["message"],
        "status": target,
        "application_id": application.pk,
        "job_id": open_job.pk,
    }
    assert status_of(application) == target
    assert [message.to for message in mail.outbox] == [[candidate.user.email]]
    assert open_job.title in mail.outbox[0].subject + mail.outbox[0].body


def test_decision_by_member_role_is_allowed(organization, open_job):
    member = MembershipFactory(organization=organization, role=Role.MEMBER).user
    application = ApplicationFactory(job=open_job)

    response = client_for(member).post(decision_url(open_job, application), {"status": "hired"})

    assert response.status_code == 200
    assert status_of(application) == "hired"


def test_decision_shortlist_then_hire_sends_two_emails(employer_api, open_job, candidate):
    application = ApplicationFactory(job=open_job, candidate=candidate)

    first = employer_api.post(decision_url(open_job, application), {"status": "shortlisted"})
    second = employer_api.post(decision_url(open_job, application), {"status": "hired"})

    assert (first.status_code, second.status_code) == (200, 200)
    assert [message.to for message in mail.outbox] == [[candidate.user.email]] * 2
    assert status_of(application) == "hired"


@pytest.mark.parametrize(("start", "target"), IMPOSSIBLE)
def test_decision_impossible_transition_returns_400_and_unchanged(
    employer_api, open_job, start, target
):
    application = ApplicationFactory(job=open_job, status=start)

    response = employer_api.post(decision_url(open_job, application), {"status": target})

    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
    assert status_of(application) == start
    assert mail.outbox == []


def test_transition_tables_cover_every_status_and_decision():
    pairs = {(start, target) for start in STATUSES for target in DECISIONS}

    assert set(ALLOWED) | set(IMPOSSIBLE) == pairs
    assert set(ALLOWED) & set(IMPOSSIBLE) == set()


@pytest.mark.parametrize("value", ["applied", "withdrawn", "bogus", "", None, 3])
def test_decision_value_outside_the_set_returns_400_and_unchanged(employer_api, open_job, value):
    application = ApplicationFactory(job=open_job)

    response = employer_api.post(decision_url(open_job, application), {"status": value})

    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert status_of(application) == "applied"
    assert mail.outbox == []


def test_decision_without_status_returns_400(employer_api, open_job):
    application = ApplicationFactory(job=open_job)

    response = employer_api.post(decision_url(open_job, application), {})

    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert status_of(application) == "applied"


def test_decision_on_application_of_another_own_job_returns_404(
    employer_api, organization, open_job
):
    elsewhere = ApplicationFactory(job=JobPostFactory(organization=organization))

    response = employer_api.post(decision_url(open_job, elsewhere), {"status": "hired"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert status_of(elsewhere) == "applied"
    assert mail.outbox == []


def test_decision_on_other_organizations_application_via_own_job_returns_404(
    employer_api, open_job, other_organization
):
    theirs = ApplicationFactory(job=JobPostFactory(organization=other_organization))

    response = employer_api.post(decision_url(open_job, theirs), {"status": "rejected"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert status_of(theirs) == "applied"
    assert mail.outbox == []


@pytest.mark.parametrize("job_status", ["open", "closed", "draft"])
def test_decision_by_other_organizations_employer_returns_404(
    other_employer_api, organization, job_status
):
    """Contract §11: any action on an application of a job the caller does not manage is 404."""
    job = JobPostFactory(organization=organization, status=job_status)
    application = ApplicationFactory(job=job)

    response = other_employer_api.post(decision_url(job, application), {"status": "rejected"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert status_of(application) == "applied"
    assert mail.outbox == []


APPLICANT_FORBIDDEN = {
    "detail": "Only members of the job's organization can decide on an application."
}


@pytest.mark.parametrize("job_status", ["open", "closed", "draft"])
@pytest.mark.parametrize("application_status", ["applied", "withdrawn"])
def test_decision_by_the_applicant_returns_403_and_unchanged(
    candidate, candidate_api, organization, job_status, application_status
):
    """Contract §11: the applicant knows the application, so they are told no (403), not 404."""
    job = JobPostFactory(organization=organization, status=job_status)
    application = ApplicationFactory(job=job, candidate=candidate, status=application_status)

    response = candidate_api.post(decision_url(job, application), {"status": "hired"})

    assert response.status_code == 403
    assert response.json() == APPLICANT_FORBIDDEN
    assert status_of(application) == application_status
    assert mail.outbox == []


def test_decision_by_the_applicant_through_another_job_returns_404(
    candidate, candidate_api, open_job, organization
):
    """The pair (job, application) does not exist: nothing the applicant knows."""
    mine = ApplicationFactory(job=open_job, candidate=candidate)
    elsewhere = JobPostFactory(organization=organization)

    response = candidate_api.post(decision_url(elsewhere, mine), {"status": "hired"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert status_of(mine) == "applied"


@pytest.mark.parametrize("job_status", ["open", "closed", "draft"])
def test_decision_by_another_candidate_returns_404(
    other_candidate_api, candidate, organization, job_status
):
    """Contract §11: any action on an application of a job the caller does not manage is 404."""
    job = JobPostFactory(organization=organization, status=job_status)
    application = ApplicationFactory(job=job, candidate=candidate)

    response = other_candidate_api.post(decision_url(job, application), {"status": "hired"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert status_of(application) == "applied"
    assert mail.outbox == []


def test_decision_by_an_applicant_on_someone_elses_application_returns_404(
    candidate, candidate_api, other_candidate, open_job
):
    ApplicationFactory(job=open_job, candidate=candidate)
    theirs = ApplicationFactory(job=open_job, candidate=other_candidate)

    response = candidate_api.post(decision_url(open_job, theirs), {"status": "rejected"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert status_of(theirs) == "applied"


@pytest.mark.parametrize("application_id", ["999999", "9223372036854775808"])
def test_decision_by_outsider_on_unknown_application_returns_404(
    candidate_api, open_job, application_id
):
    url = job_url(open_job, f"applications/{application_id}/decision/")

    response = candidate_api.post(url, {"status": "hired"})

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_decision_anonymous_returns_401(api, open_job):
    application = ApplicationFactory(job=open_job)

    response = api.post(decision_url(open_job, application), {"status": "hired"})

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED
    assert status_of(application) == "applied"


# --- disclosure of disability data --------------------------------------------------------------

DISABILITY = {
    "disability_categories": ["physical", "sensory"],
    "accommodation_needs": "YES",
    "workplace_accommodations": ["flexible_schedule", "remote_work"],
}
HIDDEN = dict.fromkeys(DISABILITY)
SHOWN_AT = {
    DisclosurePreference.DURING_APPLICATION: {"applied", "shortlisted", "hired"},
    DisclosurePreference.DURING_INTERVIEW: {"shortlisted", "hired"},
    DisclosurePreference.AFTER_JOB_OFFER: {"hired"},
    DisclosurePreference.AFTER_STARTING_WORK: set(),
    DisclosurePreference.NOT_APPLICABLE: set(),
}


def disability_of(body: dict) -> dict:
    """The three disability fields of a body; a KeyError if any is absent."""
    return {key: body[key] for key in DISABILITY}


def discloser(preference, **kwargs):
    return CandidateProfileFactory(disclosure_preference=preference, **DISABILITY, **kwargs)


def employer_views(client, job, profile) -> dict:
    """The disability fields as an employer sees them in each of the three places."""
    applicants = client.get(job_url(job, "applications/")).json()
    profile_body = client.get(f"{PROFILES}{profile.slug}/").json()
    full_body = client.get(f"{PROFILES}{profile.slug}/full/").json()
    [entry] = [item for item in applicants if item["candidate"]["id"] == profile.pk]
    return {
        "applicants": disability_of(entry["candidate"]),
        "profile": disability_of(profile_body),
        "full": disability_of(full_body["verified_profile"]["accessibility_needs"]),
    }


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("preference", list(SHOWN_AT))
def test_disclosure_to_hiring_employer_follows_preference_and_stage(
    employer_api, open_job, preference, status
):
    profile = discloser(preference)
    ApplicationFactory(job=open_job, candidate=profile, status=status)
    expected = DISABILITY if status in SHOWN_AT[preference] else HIDDEN

    views = employer_views(employer_api, open_job, profile)

    assert views == {"applicants": expected, "profile": expected, "full": expected}


def test_disclosure_matrix_shows_data_exactly_where_the_contract_says():
    shown = {(p.value, s) for p in SHOWN_AT for s in STATUSES if s in SHOWN_AT[p]}

    assert shown == {
        ("DURING_APPLICATION", "applied"),
        ("DURING_APPLICATION", "shortlisted"),
        ("DURING_APPLICATION", "hired"),
        ("DURING_INTERVIEW", "shortlisted"),
        ("DURING_INTERVIEW", "hired"),
        ("AFTER_JOB_OFFER", "hired"),
    }


def test_disclosure_follows_decisions_made_over_http(employer_api, open_job):
    profile = discloser(DisclosurePreference.DURING_INTERVIEW)
    application = ApplicationFactory(job=open_job, candidate=profile)
    url = decision_url(open_job, application)

    applied = employer_views(employer_api, open_job, profile)
    employer_api.post(url, {"status": "shortlisted"})
    shortlisted = employer_views(employer_api, open_job, profile)
    employer_api.post(url, {"status": "rejected"})
    rejected = employer_views(employer_api, open_job, profile)

    assert applied["profile"] == HIDDEN
    assert shortlisted == {"applicants": DISABILITY, "profile": DISABILITY, "full": DISABILITY}
    assert rejected == {"applicants": HIDDEN, "profile": HIDDEN, "full": HIDDEN}


def test_disclosure_hidden_again_after_candidate_withdraws(employer_api, open_job):
    profile = discloser(DisclosurePreference.DURING_APPLICATION)
    application = ApplicationFactory(job=open_job, candidate=profile)
    before = employer_views(employer_api, open_job, profile)

    withdrawn = client_for(profile.user).delete(f"{MY_APPLICATIONS}{application.pk}/")

    assert withdrawn.status_code == 200
    assert before["profile"] == DISABILITY
    assert employer_views(employer_api, open_job, profile) == {
        "applicants": HIDDEN,
        "profile": HIDDEN,
        "full": HIDDEN,
    }


@pytest.mark.parametrize("status", ["applied", "shortlisted", "hired"])
@pytest.mark.parametrize("preference", list(SHOWN_AT))
def test_disclosure_never_to_employer_of_another_organization(
    other_employer_api, open_job, preference, status
):
    profile = discloser(preference, is_available=True)
    ApplicationFactory(job=open_job, candidate=profile, status=status)

    profile_body = other_employer_api.get(f"{PROFILES}{profile.slug}/")
    full_body = other_employer_api.get(f"{PROFILES}{profile.slug}/full/")

    assert (profile_body.status_code, full_body.status_code) == (200, 200)
    assert disability_of(profile_body.json()) == HIDDEN
    assert disability_of(full_body.json()["verified_profile"]["accessibility_needs"]) == HIDDEN


def test_disclosure_stage_counts_only_within_its_organization(
    employer_api, other_employer_api, open_job, other_organization
):
    """Shortlisted at one organization, only applied at another: the second sees nothing under
    DURING_INTERVIEW, though the first does."""
    profile = discloser(DisclosurePreference.DURING_INTERVIEW)
    ApplicationFactory(job=open_job, candidate=profile, status="shortlisted")
    their_job = JobPostFactory(organization=other_organization)
    ApplicationFactory(job=their_job, candidate=profile, status="applied")

    theirs = employer_views(other_employer_api, their_job, profile)
    ours = employer_views(employer_api, open_job, profile)

    assert theirs == {"applicants": HIDDEN, "profile": HIDDEN, "full": HIDDEN}
    assert ours == {"applicants": DISABILITY, "profile": DISABILITY, "full": DISABILITY}


def test_disclosure_other_organization_never_lists_foreign_applicants(
    other_employer_api, other_organization, open_job
):
    profile = discloser(DisclosurePreference.DURING_APPLICATION)
    ApplicationFactory(job=open_job, candidate=profile, status="hired")
    their_job = JobPostFactory(organization=other_organization)

    response = other_employer_api.get(job_url(their_job, "applications/"))

    assert response.status_code == 200
    assert response.json() == []
