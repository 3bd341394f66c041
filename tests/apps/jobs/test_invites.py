"""Job invitations (issue 15, contract section 12): an employer invites a candidate they may see
to an open job, the candidate is emailed a link, lists the invite and accepts or declines it;
members list a job's invitations and withdraw pending ones. Concurrent answers and withdrawals on
one invite: exactly one wins (PostgreSQL)."""

import re
import secrets
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.candidates.models import CandidateProfile
from apps.jobs.models import Application, JobInvite, JobPost, JobStatus
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.organizations.factories import MembershipFactory
from tests.concurrency import all_at_once, require_postgresql
from tests.factories import UserFactory
from tests.helpers import NOT_FOUND, NOT_PROVIDED, client_for

from .factories import ApplicationFactory, JobPostFactory
from .helpers import iso, job_url

ORG = "/api/organization/"
MY_INVITES = "/api/candidates/job-invites/"
RESPOND = "/api/candidates/job-invites/respond/"
DISABILITY_KEYS = {"disability_categories", "accommodation_needs", "workplace_accommodations"}


def invite_url(job: JobPost | int) -> str:
    pk = job if isinstance(job, int) else job.pk
    return f"{ORG}jobs/{pk}/invite/"


def make_invite(job, candidate, **fields) -> JobInvite:
    values = {"token": secrets.token_urlsafe(32), "expires_at": timezone.now() + timedelta(days=14)}
    return JobInvite.objects.create(job=job, candidate=candidate, **{**values, **fields})


def stored(invite: JobInvite) -> JobInvite:
    return JobInvite.objects.get(pk=invite.pk)


def emailed_token() -> str:
    """The token in the link of the one email sent."""
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert link.startswith("http://localhost:3000/candidate/job-invites?")
    return parse_qs(urlsplit(link).query)["token"][0]


# --- the whole flow -----------------------------------------------------------------------------


def test_invite_email_list_accept_shows_candidate_as_applicant_and_selected(
    employer_api, open_job, candidate, candidate_api
):
    response = employer_api.post(invite_url(open_job), {"candidate_id": candidate.pk})

    assert response.status_code == 201, response.content
    body = response.json()
    invite = JobInvite.objects.get()
    assert body == {
        "detail": body["detail"],
        "id": invite.pk,
        "status": "pending",
        "expires_at": iso(invite.expires_at),
    }
    assert invite.expires_at - invite.sent_at == pytest.approx(
        timedelta(days=14), abs=timedelta(seconds=1)
    )
    message = mail.outbox[0]
    assert message.to == [candidate.user.email]
    assert open_job.title in message.subject and "Acme" in message.subject
    assert open_job.title in message.body and "Acme" in message.body
    token = emailed_token()

    listed = candidate_api.get(MY_INVITES)

    assert listed.status_code == 200
    assert listed.json() == [
        {
            "id": invite.pk,
            "job_id": open_job.pk,
            "job_title": open_job.title,
            "company": "Acme",
            "status": "pending",
            "sent_at": iso(invite.sent_at),
            "responded_at": None,
            "expires_at": iso(invite.expires_at),
            "token": token,
        }
    ]

    accepted = candidate_api.post(RESPOND, {"token": token, "action": "accept"})

    assert accepted.status_code == 200
    assert accepted.json() == {"detail": accepted.json()["detail"], "status": "accepted"}
    applicants = employer_api.get(job_url(open_job, "applications/")).json()
    assert [(item["candidate"]["id"], item["status"]) for item in applicants] == [
        (candidate.pk, "applied")
    ]
    selected = employer_api.get(f"{ORG}selected-candidates/").json()["results"]
    assert [(item["candidate_id"], item["status"], item["job"]) for item in selected] == [
        (candidate.pk, "accepted", {"id": open_job.pk, "title": open_job.title})
    ]
    assert candidate_api.get(MY_INVITES).json()[0]["status"] == "accepted"


# --- inviting -----------------------------------------------------------------------------------


def test_invite_candidate_not_visible_is_404_like_unknown_id(employer_api, open_job):
    hidden = CandidateProfileFactory(is_available=False)
    not_a_candidate = UserFactory()  # the client might send a user's id
    assert not CandidateProfile.objects.filter(pk=not_a_candidate.pk).exists()

    responses = [
        employer_api.post(invite_url(open_job), {"candidate_id": candidate_id})
        for candidate_id in (hidden.pk, 999_999, not_a_candidate.pk)
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, NOT_FOUND)] * 3
    assert not JobInvite.objects.exists()
    assert mail.outbox == []


def test_invite_unavailable_candidate_who_applied_to_the_organization(
    employer_api, open_job, organization
):
    applicant = CandidateProfileFactory(is_available=False)
    ApplicationFactory(job=JobPostFactory(organization=organization), candidate=applicant)

    response = employer_api.post(invite_url(open_job), {"candidate_id": applicant.pk})

    assert response.status_code == 201


def test_invite_second_pending_is_409_and_an_expired_one_does_not_block(
    employer_api, open_job, candidate
):
    first = employer_api.post(invite_url(open_job), {"candidate_id": candidate.pk})
    second = employer_api.post(invite_url(open_job), {"candidate_id": candidate.pk})

    assert (first.status_code, second.status_code) == (201, 409)
    assert JobInvite.objects.count() == 1

    JobInvite.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    third = employer_api.post(invite_url(open_job), {"candidate_id": candidate.pk})

    assert third.status_code == 201
    assert sorted(JobInvite.objects.values_list("status", flat=True)) == ["expired", "pending"]


def test_invite_own_closed_job_400_own_draft_404(employer_api, closed_job, draft_job, candidate):
    closed = employer_api.post(invite_url(closed_job), {"candidate_id": candidate.pk})
    draft = employer_api.post(invite_url(draft_job), {"candidate_id": candidate.pk})

    assert closed.status_code == 400 and closed.json()["detail"]
    assert (draft.status_code, draft.json()) == (404, NOT_FOUND)
    assert not JobInvite.objects.exists()


def test_invite_by_non_member_403_on_open_job_404_on_others(
    other_employer_api, candidate_api, open_job, closed_job, draft_job, candidate
):
    body = {"candidate_id": candidate.pk}
    for client in (other_employer_api, candidate_api):
        assert client.post(invite_url(open_job), body).status_code == 403
        for job in (closed_job, draft_job, 999_999):
            response = client.post(invite_url(job), body)
            assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert not JobInvite.objects.exists()


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ({}, "candidate_id"),
        ({"candidate_id": "x"}, "candidate_id"),
        ({"candidate_id": 1, "x": 1}, "x"),
    ],
)
def test_invite_bad_body_400_by_field(employer_api, open_job, body, key):
    response = employer_api.post(invite_url(open_job), body)

    assert response.status_code == 400
    assert list(response.json()) == [key]


def test_invite_anonymous_401(api, open_job, candidate):
    response = api.post(invite_url(open_job), {"candidate_id": candidate.pk})

    assert (response.status_code, response.json()) == (401, NOT_PROVIDED)


# --- the candidate's list -----------------------------------------------------------------------


def test_my_invites_newest_first_own_only_with_expired_status(
    candidate, candidate_api, organization
):
    old = make_invite(JobPostFactory(organization=organization), candidate)
    new = make_invite(JobPostFactory(organization=organization), candidate)
    make_invite(JobPostFactory(organization=organization), CandidateProfileFactory())
    JobInvite.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    response = candidate_api.get(MY_INVITES)

    assert [(item["id"], item["status"]) for item in response.json()] == [
        (new.pk, "pending"),
        (old.pk, "expired"),
    ]
    assert response["X-Total-Count"] == "2"


def test_my_invites_for_employer_is_empty(employer_api, open_job, candidate):
    make_invite(open_job, candidate)

    response = employer_api.get(MY_INVITES)

    assert (response.status_code, response.json()) == (200, [])


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"page_size": 100})
    assert response.status_code == 200
    return len(response.json()), len(queries)


def test_my_invites_query_count_same_for_1_and_30(candidate, candidate_api):
    make_invite(JobPostFactory(), candidate)
    one = _count(candidate_api, MY_INVITES)
    for _ in range(29):
        make_invite(JobPostFactory(), candidate)

    thirty = _count(candidate_api, MY_INVITES)

    assert (one[0], thirty[0]) == (1, 30)
    assert thirty[1] == one[1]


# --- answering ----------------------------------------------------------------------------------


def test_decline_then_respond_again_400(candidate_api, open_job, candidate):
    invite = make_invite(open_job, candidate)

    declined = candidate_api.post(RESPOND, {"token": invite.token, "action": "decline"})
    again = candidate_api.post(RESPOND, {"token": invite.token, "action": "accept"})

    assert (declined.status_code, declined.json()["status"]) == (200, "declined")
    assert again.status_code == 400 and "declined" in again.json()["detail"]
    assert stored(invite).status == "declined" and stored(invite).responded_at is not None
    assert not Application.objects.exists()


def test_accept_twice_400(candidate_api, open_job, candidate):
    invite = make_invite(open_job, candidate)

    first = candidate_api.post(RESPOND, {"token": invite.token, "action": "accept"})
    second = candidate_api.post(RESPOND, {"token": invite.token, "action": "accept"})

    assert (first.status_code, second.status_code) == (200, 400)
    assert "accepted" in second.json()["detail"]
    assert Application.objects.count() == 1


def test_respond_with_another_candidates_or_unknown_token_404(
    other_candidate_api, employer_api, open_job, candidate
):
    invite = make_invite(open_job, candidate)

    responses = [
        client.post(RESPOND, {"token": token, "action": "accept"})
        for client in (other_candidate_api, employer_api)
        for token in (invite.token, "no-such-token")
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, NOT_FOUND)] * 4
    assert stored(invite).status == "pending"
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("change", "word"),
    [
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "expired"),
        ({"status": "withdrawn"}, "withdrawn"),
    ],
)
def test_respond_to_expired_or_withdrawn_400(candidate_api, open_job, candidate, change, word):
    invite = make_invite(open_job, candidate, **change)

    response = candidate_api.post(RESPOND, {"token": invite.token, "action": "accept"})

    assert response.status_code == 400 and word in response.json()["detail"]
    assert not Application.objects.exists()


def test_respond_unknown_action_400_keyed_action(candidate_api, open_job, candidate):
    invite = make_invite(open_job, candidate)

    response = candidate_api.post(RESPOND, {"token": invite.token, "action": "maybe"})

    assert response.status_code == 400
    assert list(response.json()) == ["action"]
    assert stored(invite).status == "pending"


def test_accept_when_already_applied_keeps_the_application(candidate_api, open_job, candidate):
    application = ApplicationFactory(job=open_job, candidate=candidate, status="shortlisted")
    invite = make_invite(open_job, candidate)

    response = candidate_api.post(RESPOND, {"token": invite.token, "action": "accept"})

    assert (response.status_code, response.json()["status"]) == (200, "accepted")
    assert list(Application.objects.values_list("pk", "status")) == [
        (application.pk, "shortlisted")
    ]


@pytest.mark.parametrize("status", [JobStatus.CLOSED, JobStatus.DRAFT])
def test_accept_when_job_no_longer_open_400_and_nothing_changes(
    candidate_api, open_job, candidate, status
):
    invite = make_invite(open_job, candidate)
    JobPost.objects.filter(pk=open_job.pk).update(status=status)

    response = candidate_api.post(RESPOND, {"token": invite.token, "action": "accept"})

    assert response.status_code == 400 and response.json()["detail"]
    assert stored(invite).status == "pending" and stored(invite).responded_at is None
    assert not Application.objects.exists()


def test_accept_counts_as_apply_for_disclosure_and_visibility(
    employer_api, candidate_api, open_job
):
    """The accepted invite made a real application: the hidden candidate is now visible."""
    hidden = CandidateProfileFactory(is_available=False)
    invite = make_invite(open_job, hidden)

    client_for(hidden.user).post(RESPOND, {"token": invite.token, "action": "accept"})

    assert employer_api.get(f"/api/candidates/profiles/{hidden.slug}/").status_code == 200


# --- the job's invitations ----------------------------------------------------------------------


def test_job_invites_list_for_members_keeps_withdrawn(employer_api, open_job, candidate):
    pending = make_invite(open_job, candidate)
    other = CandidateProfileFactory()
    withdrawn = make_invite(open_job, other, status="withdrawn")
    make_invite(JobPostFactory(organization=open_job.organization), candidate)

    response = employer_api.get(job_url(open_job, "invites/"))

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": invite.pk,
            "candidate_id": invite.candidate_id,
            "candidate_slug": invite.candidate.slug,
            "status": invite.status,
            "sent_at": iso(invite.sent_at),
            "responded_at": None,
            "expires_at": iso(invite.expires_at),
        }
        for invite in (stored(withdrawn), stored(pending))
    ]
    assert not any(DISABILITY_KEYS & set(item) for item in response.json())


def test_job_invites_by_non_member_403_open_404_otherwise(
    other_employer_api, candidate_api, open_job, draft_job
):
    for client in (other_employer_api, candidate_api):
        assert client.get(job_url(open_job, "invites/")).status_code == 403
        assert client.get(job_url(draft_job, "invites/")).status_code == 404


def test_job_invites_query_count_same_for_1_and_30(employer_api, open_job):
    make_invite(open_job, CandidateProfileFactory())
    one = _count(employer_api, job_url(open_job, "invites/"))
    for _ in range(29):
        make_invite(open_job, CandidateProfileFactory())

    thirty = _count(employer_api, job_url(open_job, "invites/"))

    assert (one[0], thirty[0]) == (1, 30)
    assert thirty[1] == one[1]


def test_withdraw_pending_204_then_token_is_refused(
    employer_api, candidate_api, open_job, candidate
):
    invite = make_invite(open_job, candidate)

    response = employer_api.delete(job_url(open_job, f"invites/{invite.pk}/"))

    assert response.status_code == 204
    assert stored(invite).status == "withdrawn"
    answer = candidate_api.post(RESPOND, {"token": invite.token, "action": "accept"})
    assert answer.status_code == 400 and "withdrawn" in answer.json()["detail"]


@pytest.mark.parametrize("status", ["accepted", "declined", "withdrawn"])
def test_withdraw_answered_400(employer_api, open_job, candidate, status):
    invite = make_invite(open_job, candidate, status=status)

    response = employer_api.delete(job_url(open_job, f"invites/{invite.pk}/"))

    assert response.status_code == 400 and response.json()["detail"]
    assert stored(invite).status == status


def test_withdraw_invite_of_another_job_or_by_non_member(
    employer_api, other_employer_api, open_job, organization, candidate
):
    invite = make_invite(JobPostFactory(organization=organization), candidate)

    wrong_job = employer_api.delete(job_url(open_job, f"invites/{invite.pk}/"))
    outsider = other_employer_api.delete(job_url(invite.job, f"invites/{invite.pk}/"))

    assert (wrong_job.status_code, wrong_job.json()) == (404, NOT_FOUND)
    assert outsider.status_code == 403
    assert stored(invite).status == "pending"


# --- concurrency (PostgreSQL) -------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_concurrent_accept_and_withdraw_exactly_one_wins(attempt):
    require_postgresql()
    job = JobPostFactory()
    employer = MembershipFactory(organization=job.organization, role="owner").user
    candidate = CandidateProfileFactory()
    invite = make_invite(job, candidate)
    candidate_token = client_for(candidate.user).token
    employer_token = client_for(employer).token

    def accept(client):
        return client.post(
            RESPOND,
            data={"token": invite.token, "action": "accept"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {candidate_token}",
        )

    def withdraw(client):
        return client.delete(
            job_url(job, f"invites/{invite.pk}/"), HTTP_AUTHORIZATION=f"Bearer {employer_token}"
        )

    statuses = all_at_once([accept, withdraw])

    assert sorted(statuses) in ([200, 400], [204, 400])
    final = stored(invite).status
    applications = Application.objects.filter(job=job, candidate=candidate).count()
    if 200 in statuses:
        assert (final, applications) == ("accepted", 1)
    else:
        assert (final, applications) == ("withdrawn", 0)
