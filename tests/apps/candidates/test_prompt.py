"""Resume prompts and the generated "about" over HTTP (contract sections 6, 7 and 12):
`POST prompt/` (a candidate about their own resume, an employer about a candidate they may see)
and `POST test/generate-about/` (a candidate's own profile), with what `answer_prompt` receives.

The plugin is the echo fake (it answers "<task>: <prompt> -> <skills>" and keeps what it
received), the failing one, or the real built-in `career_coach` where the tests say so.
"""

import json

import pytest

from apps.candidates.models import CoachThread, CoachThreadMessage
from apps.jobs.models import ApplicationStatus, JobStatus, WorkplaceType
from platform_core.documents import CoachMessage
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.apps.organizations.factories import MembershipFactory
from tests.fake_plugins import echo_coach, faulty_coach
from tests.helpers import NOT_FOUND, NOT_PROVIDED, ApiClient, client_for

from .coaching import ABOUT_URL, COACH_URL, PROMPT_URL, THREADS_URL, coach_plugins, thread_url
from .factories import CandidateProfileFactory, SkillFactory, WorkExperienceFactory

PLANTED = ("physical", "flexible_schedule", "accessible_workspace", "DURING_APPLICATION")


@pytest.fixture
def use_coach(settings):
    with coach_plugins(settings) as use:
        use("echo")
        yield use


def _candidate(available, **fields):
    profile = CandidateProfileFactory(
        is_available=available,
        work_mode_preferences=["remote"],
        disability_categories=["physical"],
        accommodation_needs="YES",
        workplace_accommodations=["flexible_schedule", "accessible_workspace"],
        disclosure_preference="DURING_APPLICATION",
        **fields,
    )
    for name in ("Python", "SQL"):
        SkillFactory(profile=profile, name=name)
    WorkExperienceFactory(profile=profile, role="Data Analyst", company="Initech")
    return profile


@pytest.fixture
def hidden(db):
    """A candidate no employer sees unless they applied to its organization."""
    return _candidate(available=False)


@pytest.fixture
def hidden_api(hidden):
    return client_for(hidden.user)


@pytest.fixture
def shown(db):
    """An available candidate: every employer may see them."""
    return _candidate(available=True)


@pytest.fixture
def acme_jobs(organization, employer):
    """`organization`'s open, closed and draft jobs, and another organization's open job."""
    return {
        "open": JobPostFactory(
            organization=organization,
            title="Data Engineer",
            workplace_type=WorkplaceType.ONSITE,
            skills=["Python", "Spark"],
        ),
        "closed": JobPostFactory(organization=organization, status=JobStatus.CLOSED),
        "draft": JobPostFactory(organization=organization, status=JobStatus.DRAFT),
        "elsewhere": JobPostFactory(title="Remote Analyst", workplace_type=WorkplaceType.REMOTE),
    }


def ask(client, slug, text="What are the strengths?", thread_id=None):
    return client.post(
        PROMPT_URL, {"input_text": text, "resume_slug": slug, "thread_id": thread_id}
    )


def last_prompt_call():
    [*_, (hook, received)] = echo_coach.received
    assert hook == "answer_prompt"
    return received


def contents(thread_id):
    return list(
        CoachThreadMessage.objects.filter(thread__thread_id=thread_id)
        .order_by("id")
        .values_list("role", "content")
    )


# --- a candidate about their own resume -----------------------------------------------------------


def test_prompt_candidate_about_own_resume(use_coach, hidden, hidden_api, acme_jobs):
    response = ask(hidden_api, hidden.slug, "  Which skills stand out?  ")

    assert response.status_code == 200, response.content
    thread = CoachThread.objects.get()
    assert response.json() == {
        "output": "question: Which skills stand out? -> Python, SQL",
        "thread_id": thread.thread_id,
        "model": "offline",
    }
    assert (thread.kind, thread.user, thread.subject) == ("prompt", hidden.user, hidden)
    received = last_prompt_call()
    assert (received["task"], received["prompt"], received["messages"]) == (
        "question",
        "Which skills stand out?",
        [],
    )
    assert received["candidate"].candidate_id == hidden.pk
    # Their own prompt gets the open jobs fitting their preferences (remote only).
    assert [job.title for job in received["jobs"]] == ["Remote Analyst"]


def test_prompt_thread_continued_passes_the_earlier_messages(use_coach, hidden, hidden_api):
    thread_id = ask(hidden_api, hidden.slug, "One").json()["thread_id"]
    ask(hidden_api, hidden.slug, "Two", thread_id)

    third = ask(hidden_api, hidden.slug, "Three", thread_id)

    assert third.json()["thread_id"] == thread_id
    received = last_prompt_call()
    assert received["prompt"] == "Three"
    assert received["messages"] == [
        CoachMessage(role="user", content="One"),
        CoachMessage(role="coach", content="question: One -> Python, SQL"),
        CoachMessage(role="user", content="Two"),
        CoachMessage(role="coach", content="question: Two -> Python, SQL"),
    ]
    assert [role for role, _ in contents(thread_id)] == ["user", "coach"] * 3


# --- an employer about a candidate ----------------------------------------------------------------


def test_prompt_employer_about_an_available_candidate(
    use_coach, employer, employer_api, shown, acme_jobs
):
    response = ask(employer_api, shown.slug)

    assert response.status_code == 200, response.content
    thread = CoachThread.objects.get()
    assert (thread.user, thread.subject, thread.kind) == (employer, shown, "prompt")
    received = last_prompt_call()
    assert received["candidate"].candidate_id == shown.pk
    # An employer's question gets the organization's open jobs, with its name.
    assert [(job.title, job.organization) for job in received["jobs"]] == [
        ("Data Engineer", "Acme")
    ]


def test_prompt_employer_about_an_applicant_whose_data_they_may_see_sends_none_of_it(
    use_coach, employer_api, hidden, acme_jobs
):
    ApplicationFactory(job=acme_jobs["open"], candidate=hidden, status=ApplicationStatus.HIRED)

    response = ask(employer_api, hidden.slug)

    assert response.status_code == 200, response.content
    sent = json.dumps({key: _plain(value) for key, value in last_prompt_call().items()})
    assert [value for value in PLANTED if value in sent] == []


def _plain(value):
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.model_dump() if hasattr(value, "model_dump") else value


def test_prompt_employer_about_a_candidate_they_may_not_see_is_404(
    use_coach, employer_api, other_employer_api, hidden, acme_jobs
):
    ApplicationFactory(job=acme_jobs["open"], candidate=hidden)

    response = ask(other_employer_api, hidden.slug)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert ask(employer_api, hidden.slug).status_code == 200
    assert CoachThread.objects.count() == 1


def test_prompt_employer_about_a_withdrawn_applicant_is_404(
    use_coach, employer_api, hidden, acme_jobs
):
    ApplicationFactory(job=acme_jobs["open"], candidate=hidden, status=ApplicationStatus.WITHDRAWN)

    assert ask(employer_api, hidden.slug).status_code == 404


@pytest.mark.parametrize("caller", ["other_candidate_api", "staff_api", "user_api"])
def test_prompt_about_someone_elses_resume_is_404_for_non_employers(
    use_coach, shown, caller, request
):
    response = ask(request.getfixturevalue(caller), shown.slug)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert CoachThread.objects.count() == 0


def test_prompt_unknown_slug_is_404(use_coach, hidden_api):
    assert ask(hidden_api, "no-such-slug").status_code == 404


def test_prompt_anonymous_is_401(use_coach, api, shown):
    response = ask(api, shown.slug)

    assert (response.status_code, response.json()) == (401, NOT_PROVIDED)


def test_prompt_with_cookie_needs_csrf(use_coach, hidden):
    client = ApiClient()
    client.login(hidden.user.email)
    client.token = None
    body = {"input_text": "Hello", "resume_slug": hidden.slug}

    assert client.post(PROMPT_URL, body).status_code == 403
    assert client.post(PROMPT_URL, body, csrf=True).status_code == 200


# --- threads bound to their subject ---------------------------------------------------------------


def test_prompt_thread_about_another_profile_is_404(use_coach, employer_api, shown):
    other = _candidate(available=True)
    thread_id = ask(employer_api, shown.slug).json()["thread_id"]

    response = ask(employer_api, other.slug, "And this one?", thread_id)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert len(contents(thread_id)) == 2


def test_prompt_with_a_coach_threads_id_is_404(use_coach, hidden, hidden_api):
    coach_thread = hidden_api.post(COACH_URL, {"input_text": "Hi"}).json()["thread_id"]

    response = ask(hidden_api, hidden.slug, thread_id=coach_thread)

    assert response.status_code == 404
    assert len(contents(coach_thread)) == 2


def test_prompt_another_users_thread_about_the_same_profile_is_404(
    use_coach, employer_api, shown, organization
):
    thread_id = ask(employer_api, shown.slug).json()["thread_id"]
    colleague = client_for(MembershipFactory(organization=organization).user)

    response = ask(colleague, shown.slug, thread_id=thread_id)

    assert response.status_code == 404
    assert len(contents(thread_id)) == 2


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"input_text": "Hi"}, {"resume_slug": ["This field is required."]}),
        (
            {"input_text": "Hi", "resume_slug": ""},
            {"resume_slug": ["Ensure this field has at least 1 characters."]},
        ),
        ({"input_text": "", "resume_slug": "x"}, {"input_text": ["This field may not be blank."]}),
        (
            {"input_text": "y" * 20_000, "resume_slug": "x"},
            {"input_text": ["Ensure this field has at most 5000 characters (it has 20000)."]},
        ),
        ({"input_text": "Hi", "resume_slug": 7}, {"resume_slug": ["Not a valid string."]}),
    ],
    ids=["no slug", "empty slug", "empty text", "20000 characters", "slug number"],
)
def test_prompt_bad_input_is_400(use_coach, hidden_api, body, errors):
    response = hidden_api.post(PROMPT_URL, body)

    assert (response.status_code, response.json()) == (400, errors)
    assert CoachThreadMessage.objects.count() == 0


def test_prompt_past_the_ai_rate_is_429(use_coach, hidden, hidden_api, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "ai": ("60/min", "1/min")}
    ask(hidden_api, hidden.slug)

    response = ask(hidden_api, hidden.slug)

    assert response.status_code == 429
    assert response.has_header("Retry-After")
    assert CoachThreadMessage.objects.count() == 2


@pytest.mark.parametrize("ai_calls", ["inline", "queue"])
@pytest.mark.parametrize(("failure", "status"), [("hang", 504), ("raise", 502), ("none", 502)])
def test_prompt_failing_plugin_keeps_only_the_question(
    use_coach, hidden, hidden_api, settings, ai_calls, failure, status
):
    settings.AI_CALLS = ai_calls
    settings.AI_CALL_TIMEOUT = 0.3
    use_coach("faulty")
    faulty_coach.mode = failure

    response = ask(hidden_api, hidden.slug, "Still there?")

    assert response.status_code == status
    assert response.json()["detail"].endswith("Your message is kept in the thread.")
    assert contents(CoachThread.objects.get().thread_id) == [("user", "Still there?")]


# --- generate-about -------------------------------------------------------------------------------


def test_generate_about_summarises_the_callers_own_profile(use_coach, hidden, hidden_api):
    response = hidden_api.post(ABOUT_URL, {})

    assert (response.status_code, response.json()) == (
        200,
        {"generated_about": "about:  -> Python, SQL"},
    )
    received = last_prompt_call()
    assert (received["task"], received["prompt"], received["messages"]) == ("about", "", [])
    assert received["candidate"].candidate_id == hidden.pk
    assert CoachThread.objects.count() == 0


def test_generate_about_without_a_body_or_with_the_own_slug(use_coach, hidden, hidden_api):
    assert hidden_api.post(ABOUT_URL).status_code == 200
    assert hidden_api.post(ABOUT_URL, {"resume_slug": hidden.slug}).status_code == 200


def test_generate_about_another_profiles_slug_is_404(use_coach, hidden_api, shown):
    response = hidden_api.post(ABOUT_URL, {"resume_slug": shown.slug})

    assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_generate_about_unknown_field_is_400(use_coach, hidden_api):
    response = hidden_api.post(ABOUT_URL, {"about": "Write it like this"})

    assert (response.status_code, response.json()) == (
        400,
        {"about": ["Unknown field; it cannot be set."]},
    )


@pytest.mark.parametrize("caller", ["employer_api", "staff_api", "user_api"])
def test_generate_about_without_a_candidate_profile_is_403(use_coach, caller, request):
    response = request.getfixturevalue(caller).post(ABOUT_URL, {})

    assert response.status_code == 403
    assert "candidate profile" in response.json()["detail"]


def test_generate_about_anonymous_is_401(use_coach, api):
    assert api.post(ABOUT_URL, {}).json() == NOT_PROVIDED


def test_generate_about_past_the_ai_rate_is_429(use_coach, hidden_api, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "ai": ("60/min", "1/min")}

    statuses = [hidden_api.post(ABOUT_URL, {}).status_code for _ in range(2)]

    assert statuses == [200, 429]


@pytest.mark.parametrize(("failure", "status"), [("hang", 504), ("garbage", 502)])
def test_generate_about_failing_plugin(use_coach, hidden_api, settings, failure, status):
    settings.AI_CALL_TIMEOUT = 0.3
    use_coach("faulty")
    faulty_coach.mode = failure

    response = hidden_api.post(ABOUT_URL, {})

    assert response.status_code == status
    assert set(response.json()) == {"detail"}
    assert "kept in the thread" not in response.json()["detail"]


# --- the built-in coach ---------------------------------------------------------------------------


def test_builtin_prompt_offline_answers_from_the_resume(use_coach, employer_api, shown, acme_jobs):
    use_coach("career_coach")

    response = ask(employer_api, shown.slug, "Does this candidate know SQL?")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["model"] == "offline"
    assert "SQL" in body["output"]
    assert [value for value in PLANTED if value in body["output"]] == []


def test_builtin_generate_about_offline_never_mentions_disability(use_coach, hidden_api):
    use_coach("career_coach")

    response = hidden_api.post(ABOUT_URL, {})

    assert response.status_code == 200, response.content
    about = response.json()["generated_about"]
    assert "Data Analyst" in about
    assert [word for word in ("disab", "accommodat", *PLANTED) if word in about.lower()] == []


def test_prompt_thread_is_hidden_once_the_candidate_is_no_longer_visible(
    use_coach, employer_api, hidden, acme_jobs
):
    """The answers of a prompt thread describe its candidate: an employer whose applicant
    withdrew no longer lists or reads that thread, and cannot delete or continue it either."""
    application = ApplicationFactory(job=acme_jobs["open"], candidate=hidden)
    thread_id = ask(employer_api, hidden.slug).json()["thread_id"]
    assert [item["thread_id"] for item in employer_api.get(THREADS_URL).json()] == [thread_id]

    application.status = ApplicationStatus.WITHDRAWN
    application.save()

    assert employer_api.get(THREADS_URL).json() == []
    for response in (
        employer_api.get(thread_url(thread_id)),
        employer_api.delete(thread_url(thread_id)),
        ask(employer_api, hidden.slug, "And now?", thread_id),
    ):
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert CoachThreadMessage.objects.filter(thread__thread_id=thread_id).count() == 2
