"""The employer's insight on a candidate over HTTP (contract section 12):
`GET /api/organization/test/candidate-insight/{candidate_id}/`, the same by `POST` (the web client
retries so on 405), and `POST .../candidate-insight/` with `{candidate_id}`.

Members of an organization only; the candidate is one they may see (section 6). The plugin (the
echo fake, or the real built-in coach) receives the candidate as ranking does and the
organization's open jobs.
"""

import json

import pytest

from apps.jobs.models import ApplicationStatus, JobStatus
from tests.apps.candidates.coaching import INSIGHT_URL, coach_plugins
from tests.apps.candidates.factories import CandidateProfileFactory, SkillFactory
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.fake_plugins import echo_coach, faulty_coach
from tests.helpers import NOT_FOUND, NOT_PROVIDED, ApiClient

from .factories import MembershipFactory

PLANTED = ("mental_health", "support_person", "DURING_APPLICATION")


@pytest.fixture
def use_coach(settings):
    with coach_plugins(settings) as use:
        use("echo")
        yield use


def _candidate(available):
    profile = CandidateProfileFactory(
        is_available=available,
        disability_categories=["mental_health"],
        accommodation_needs="YES",
        workplace_accommodations=["support_person"],
        disclosure_preference="DURING_APPLICATION",
    )
    for name in ("Python", "Kubernetes"):
        SkillFactory(profile=profile, name=name)
    return profile


@pytest.fixture
def seen(db):
    """An available candidate: every organization may see them."""
    return _candidate(available=True)


@pytest.fixture
def applicant(db):
    """A candidate who is not available, but applied to one of `organization`'s jobs."""
    return _candidate(available=False)


@pytest.fixture
def jobs(organization, employer, other_organization, applicant):
    found = {
        "open": JobPostFactory(
            organization=organization, title="Platform Engineer", skills=["Python", "Go"]
        ),
        "closed": JobPostFactory(organization=organization, status=JobStatus.CLOSED),
        "draft": JobPostFactory(organization=organization, status=JobStatus.DRAFT),
        "theirs": JobPostFactory(organization=other_organization, title="Globex Role"),
    }
    ApplicationFactory(job=found["open"], candidate=applicant, status=ApplicationStatus.HIRED)
    return found


def url(candidate_id):
    return f"{INSIGHT_URL}{candidate_id}/"


def last_call():
    [*_, (hook, received)] = echo_coach.received
    assert hook == "answer_prompt"
    return received


# --- the three ways of asking ---------------------------------------------------------------------


def test_insight_by_get_answers_candidate_id_and_insight(use_coach, employer_api, seen, jobs):
    response = employer_api.get(url(seen.pk))

    assert (response.status_code, response.json()) == (
        200,
        {"candidate_id": seen.pk, "employer_insight": "insight:  -> Python, Kubernetes"},
    )
    received = last_call()
    assert (received["task"], received["prompt"], received["messages"]) == ("insight", "", [])
    assert received["candidate"].candidate_id == seen.pk
    # Only the organization's open jobs, with its name.
    assert [(job.title, job.organization) for job in received["jobs"]] == [
        ("Platform Engineer", "Acme")
    ]


def test_insight_by_post_to_the_path(use_coach, employer_api, seen, jobs):
    empty = employer_api.post(url(seen.pk))
    same = employer_api.post(url(seen.pk), {"candidate_id": seen.pk})

    for response in (empty, same):
        assert response.status_code == 200, response.content
        assert response.json()["candidate_id"] == seen.pk


def test_insight_by_post_with_the_id_in_the_body(use_coach, employer_api, seen, jobs):
    response = employer_api.post(INSIGHT_URL, {"candidate_id": seen.pk})

    assert response.status_code == 200, response.content
    assert response.json() == {
        "candidate_id": seen.pk,
        "employer_insight": "insight:  -> Python, Kubernetes",
    }


def test_insight_post_to_the_path_with_another_id_in_the_body_is_400(
    use_coach, employer_api, seen, applicant, jobs
):
    response = employer_api.post(url(seen.pk), {"candidate_id": applicant.pk})

    assert (response.status_code, response.json()) == (
        400,
        {"candidate_id": ["Does not match the candidate in the path."]},
    )
    assert echo_coach.received == []


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"candidate_id": ["This field is required."]}),
        ({"candidate_id": "seven"}, {"candidate_id": ["A valid integer is required."]}),
        ({"candidate_id": 0}, {"candidate_id": ["Input should be greater than or equal to 1"]}),
        ({"candidate_id": 1, "job": 2}, {"job": ["Unknown field; it cannot be set."]}),
    ],
    ids=["missing", "text", "zero", "unknown field"],
)
def test_insight_post_bad_body_is_400(use_coach, employer_api, body, errors):
    response = employer_api.post(INSIGHT_URL, body)

    assert (response.status_code, response.json()) == (400, errors)


def test_insight_of_an_applicant_carries_no_disability_data(
    use_coach, employer_api, applicant, jobs
):
    # Hired with DURING_APPLICATION: the employer may see the data on the profile, never here.
    response = employer_api.get(url(applicant.pk))

    assert response.status_code == 200, response.content
    received = last_call()
    sent = json.dumps(
        {
            "candidate": received["candidate"].model_dump(),
            "jobs": [job.model_dump() for job in received["jobs"]],
        }
    )
    assert [value for value in PLANTED if value in sent] == []


# --- who may ask ----------------------------------------------------------------------------------


def test_insight_of_a_candidate_the_organization_may_not_see_is_404(
    use_coach, other_employer_api, applicant, jobs
):
    for response in (
        other_employer_api.get(url(applicant.pk)),
        other_employer_api.post(url(applicant.pk)),
        other_employer_api.post(INSIGHT_URL, {"candidate_id": applicant.pk}),
    ):
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert echo_coach.received == []


def test_insight_of_an_unknown_or_impossible_id_is_404(use_coach, employer_api):
    assert employer_api.get(url(999_999)).status_code == 404
    assert employer_api.get(url(2**64)).status_code == 404
    assert employer_api.get(f"{INSIGHT_URL}abc/").status_code == 404


def test_insight_plain_member_may_ask(use_coach, organization, seen):
    member = ApiClient()
    member.login(MembershipFactory(organization=organization).user.email)

    assert member.get(url(seen.pk)).status_code == 200


@pytest.mark.parametrize("caller", ["candidate_api", "staff_api", "user_api"])
def test_insight_for_non_members_is_403(use_coach, seen, caller, request):
    client = request.getfixturevalue(caller)

    for response in (
        client.get(url(seen.pk)),
        client.post(INSIGHT_URL, {"candidate_id": seen.pk}),
    ):
        assert response.status_code == 403
        assert "organization" in response.json()["detail"]


def test_insight_anonymous_is_401(use_coach, api, seen):
    assert api.get(url(seen.pk)).json() == NOT_PROVIDED
    assert api.post(INSIGHT_URL, {"candidate_id": seen.pk}).json() == NOT_PROVIDED


def test_insight_post_with_cookie_needs_csrf(use_coach, employer, seen):
    client = ApiClient()
    client.login(employer.email)
    client.token = None

    assert client.get(url(seen.pk)).status_code == 200
    assert client.post(INSIGHT_URL, {"candidate_id": seen.pk}).status_code == 403
    assert client.post(INSIGHT_URL, {"candidate_id": seen.pk}, csrf=True).status_code == 200


def test_insight_past_the_ai_rate_is_429(use_coach, employer_api, seen, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "ai": ("60/min", "2/min")}

    statuses = [
        employer_api.get(url(seen.pk)).status_code,
        employer_api.post(url(seen.pk)).status_code,
        employer_api.post(INSIGHT_URL, {"candidate_id": seen.pk}).status_code,
    ]

    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("ai_calls", ["inline", "queue"])
@pytest.mark.parametrize(("failure", "status"), [("hang", 504), ("raise", 502), ("none", 502)])
def test_insight_failing_plugin(use_coach, employer_api, seen, settings, ai_calls, failure, status):
    settings.AI_CALLS = ai_calls
    settings.AI_CALL_TIMEOUT = 0.3
    use_coach("faulty")
    faulty_coach.mode = failure

    response = employer_api.get(url(seen.pk))

    assert response.status_code == status
    assert set(response.json()) == {"detail"}


# --- the built-in coach ---------------------------------------------------------------------------


def test_builtin_insight_offline_names_strengths_and_gaps_against_open_jobs(
    use_coach, employer_api, seen, jobs
):
    use_coach("career_coach")

    response = employer_api.get(url(seen.pk))

    assert response.status_code == 200, response.content
    insight = response.json()["employer_insight"]
    assert "Platform Engineer" in insight
    assert "Go" in insight  # the job's skill the candidate lacks
    assert "Globex Role" not in insight
    assert [value for value in PLANTED if value in insight] == []
