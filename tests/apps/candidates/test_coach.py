"""The career coach over HTTP (contract sections 6, 7 and 12): `POST career-coach/`, its threads
(`GET career-coach/threads/`, `GET|DELETE career-coach/threads/{thread_id}/`), what the coach
plugin receives, and what a thread keeps when the plugin fails.

The coach is the echo fake (tests/fake_plugins/echo_coach.py: it answers "You said: <last
message>" and keeps what it received), the failing one (faulty_coach.py), or the real built-in
`career_coach` plugin where the tests say so; chosen with CAREER_COACH_PLUGIN.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.candidates.models import CoachThread, CoachThreadMessage
from apps.jobs.models import JobStatus, JobType, WorkplaceType
from platform_core.documents import PROFILE_SECTIONS, CoachMessage
from tests.apps.jobs.factories import JobPostFactory
from tests.apps.organizations.factories import OrganizationFactory
from tests.fake_plugins import echo_coach, faulty_coach
from tests.helpers import NOT_FOUND, NOT_PROVIDED, ApiClient, client_for
from tests.llm_server import HANG, FakeLLMServer, HttpFailure

from .coaching import COACH_URL, PROMPT_URL, THREADS_URL, coach_plugins, thread_url
from .factories import CandidateProfileFactory, SkillFactory, WorkExperienceFactory

# Disability data planted on the candidate: none of it may reach the plugin.
DISABILITY = {
    "disability_categories": ["sensory"],
    "accommodation_needs": "YES",
    "workplace_accommodations": ["assistive_technology"],
    "disclosure_preference": "DURING_APPLICATION",
}
PLANTED = ("sensory", "assistive_technology", "DURING_APPLICATION")


@pytest.fixture
def use_coach(settings):
    with coach_plugins(settings) as use:
        use("echo")
        yield use


@pytest.fixture
def ada(db):
    """A candidate who wants remote or hybrid full-time work, living in Toronto."""
    profile = CandidateProfileFactory(
        user__first_name="Ada",
        work_mode_preferences=["remote", "hybrid"],
        employment_type_preferences=["full-time"],
        **DISABILITY,
    )
    profile.user.profile.location = "Toronto, ON"
    profile.user.profile.save()
    for name in ("Python", "Django"):
        SkillFactory(profile=profile, name=name)
    WorkExperienceFactory(profile=profile, role="Analyst", company="Initech")
    return profile


@pytest.fixture
def ada_api(ada):
    return client_for(ada.user)


@pytest.fixture
def jobs(db):
    """Open jobs of Acme and Globex, some fitting Ada's preferences and some not."""
    acme, globex = OrganizationFactory(name="Acme"), OrganizationFactory(name="Globex")

    def job(title, organization=acme, **fields):
        fields.setdefault("job_type", JobType.FULL_TIME)
        return JobPostFactory(title=title, organization=organization, **fields)

    return {
        "data": job(
            "Data Engineer",
            workplace_type=WorkplaceType.REMOTE,
            location="Vancouver",
            skills=["Python", "SQL", "Airflow"],
        ),
        "backend": job(
            "Backend Developer",
            organization=globex,
            workplace_type=WorkplaceType.HYBRID,
            location="Toronto",
            skills=["Python", "Django"],
        ),
        "onsite": job("Warehouse Lead", workplace_type=WorkplaceType.ONSITE, location="Toronto"),
        "part_time": job(
            "Support Agent", workplace_type=WorkplaceType.REMOTE, job_type=JobType.PART_TIME
        ),
        "elsewhere": job("Designer", workplace_type=WorkplaceType.HYBRID, location="Montreal"),
        "closed": job("Closed Role", workplace_type=WorkplaceType.REMOTE, status=JobStatus.CLOSED),
        "draft": job("Draft Role", workplace_type=WorkplaceType.REMOTE, status=JobStatus.DRAFT),
    }


def say(client, text, thread_id=None, **extra):
    return client.post(COACH_URL, {"input_text": text, "thread_id": thread_id, **extra})


def stored(thread_id):
    """(role, content, model) of a thread's messages, oldest first."""
    return list(
        CoachThreadMessage.objects.filter(thread__thread_id=thread_id)
        .order_by("id")
        .values_list("role", "content", "model")
    )


def last_coach_call():
    [*_, (hook, received)] = echo_coach.received
    assert hook == "coach_reply"
    return received


# --- a conversation -------------------------------------------------------------------------------


def test_coach_new_thread_answers_output_thread_id_and_model(use_coach, ada, ada_api):
    response = say(ada_api, "  How do I get a data job?  ")

    assert response.status_code == 200, response.content
    body = response.json()
    thread = CoachThread.objects.get()
    assert body == {
        "output": "You said: How do I get a data job?",
        "thread_id": thread.thread_id,
        "model": "offline",
    }
    assert (thread.user, thread.kind, thread.subject, thread.title) == (
        ada.user,
        "coach",
        ada,
        "How do I get a data job?",
    )
    assert stored(thread.thread_id) == [
        ("user", "How do I get a data job?", ""),
        ("coach", "You said: How do I get a data job?", "offline"),
    ]


def test_coach_thread_continued_over_three_requests_keeps_the_order(use_coach, ada_api):
    first = say(ada_api, "One").json()["thread_id"]
    second = say(ada_api, "Two", first).json()["thread_id"]
    third = say(ada_api, "Three", first).json()

    assert second == third["thread_id"] == first
    assert third["output"] == "You said: Three"
    assert last_coach_call()["messages"] == [
        CoachMessage(role="user", content="One"),
        CoachMessage(role="coach", content="You said: One"),
        CoachMessage(role="user", content="Two"),
        CoachMessage(role="coach", content="You said: Two"),
        CoachMessage(role="user", content="Three"),
    ]
    detail = ada_api.get(thread_url(first)).json()
    assert [(m["role"], m["content"]) for m in detail["messages"]] == [
        ("user", "One"),
        ("coach", "You said: One"),
        ("user", "Two"),
        ("coach", "You said: Two"),
        ("user", "Three"),
        ("coach", "You said: Three"),
    ]
    assert (CoachThread.objects.count(), detail["title"]) == (1, "One")


def test_coach_history_is_the_threads_last_40_messages(use_coach, ada, ada_api):
    thread_id = say(ada_api, "Message 0").json()["thread_id"]
    thread = CoachThread.objects.get(thread_id=thread_id)
    CoachThreadMessage.objects.bulk_create(
        CoachThreadMessage(thread=thread, role="user", content=f"Message {n}") for n in range(1, 50)
    )

    say(ada_api, "The newest", thread_id)

    messages = last_coach_call()["messages"]
    assert len(messages) == 40
    assert messages[0] == CoachMessage(role="user", content="Message 11")
    assert messages[-1] == CoachMessage(role="user", content="The newest")


def test_coach_title_is_the_first_80_characters_of_the_first_message(use_coach, ada_api):
    text = "word " * 100

    thread_id = say(ada_api, text).json()["thread_id"]
    say(ada_api, "A later message", thread_id)

    assert CoachThread.objects.get().title == text.strip()[:80]


def test_coach_resume_slug_of_the_callers_own_profile_is_accepted(use_coach, ada, ada_api):
    response = say(ada_api, "Hello", resume_slug=ada.slug)

    assert response.status_code == 200


# --- what the coach receives ----------------------------------------------------------------------


def test_coach_receives_the_candidates_own_view_without_disability_data(
    use_coach, ada, ada_api, jobs
):
    say(ada_api, "Which jobs fit me?")

    candidate = last_coach_call()["candidate"]
    assert candidate.first_name == "Ada"
    assert candidate.document.candidate_id == ada.pk
    assert candidate.document.skills == ["Python", "Django"]
    assert [record.role for record in candidate.document.work_experience] == ["Analyst"]
    assert candidate.document.preferences.location == "Toronto, ON"
    filled = {"skills", "work_experience", "work_modes", "employment_types", "location"}
    assert candidate.sections == {section: section in filled for section in PROFILE_SECTIONS}
    sent = json.dumps(candidate.model_dump())
    assert [value for value in PLANTED if value in sent] == []


def test_coach_open_jobs_fit_work_mode_job_type_and_place_best_fit_first(use_coach, ada_api, jobs):
    say(ada_api, "Which jobs fit me?")

    open_jobs = last_coach_call()["candidate"].open_jobs
    # Backend Developer needs both of Ada's skills, Data Engineer one; the onsite, part-time,
    # elsewhere-hybrid, closed and draft jobs do not fit.
    assert [(job.title, job.organization) for job in open_jobs] == [
        ("Backend Developer", "Globex"),
        ("Data Engineer", "Acme"),
    ]
    assert open_jobs[1].skills == ["Airflow", "Python", "SQL"]
    assert (open_jobs[1].workplace_type, open_jobs[1].job_type) == ("remote", "full-time")


def test_coach_open_jobs_anywhere_when_the_candidate_would_relocate(use_coach, ada, ada_api, jobs):
    ada.willing_to_relocate = True
    ada.save()

    say(ada_api, "Which jobs fit me?")

    titles = {job.title for job in last_coach_call()["candidate"].open_jobs}
    assert titles == {"Backend Developer", "Data Engineer", "Designer"}


def test_coach_open_jobs_are_at_most_20(use_coach, ada_api):
    JobPostFactory.create_batch(25, workplace_type=WorkplaceType.REMOTE)

    say(ada_api, "Which jobs fit me?")

    assert len(last_coach_call()["candidate"].open_jobs) == 20


# --- who may talk to the coach --------------------------------------------------------------------


def test_coach_anonymous_is_401(use_coach, api):
    response = say(api, "Hello")

    assert (response.status_code, response.json()) == (401, NOT_PROVIDED)


@pytest.mark.parametrize("caller", ["employer_api", "user_api", "staff_api"])
def test_coach_without_a_candidate_profile_is_403_and_stores_nothing(use_coach, caller, request):
    response = say(request.getfixturevalue(caller), "Hello")

    assert response.status_code == 403
    assert "candidate profile" in response.json()["detail"]
    assert CoachThread.objects.count() == 0


def test_coach_another_candidates_thread_is_404_and_stores_nothing(
    use_coach, ada_api, other_candidate_api
):
    theirs = say(other_candidate_api, "My own question").json()["thread_id"]

    response = say(ada_api, "Let me in", theirs)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert stored(theirs) == [
        ("user", "My own question", ""),
        ("coach", "You said: My own question", "offline"),
    ]
    assert CoachThread.objects.count() == 1


def test_coach_unknown_thread_is_404(use_coach, ada_api):
    response = say(ada_api, "Hello", "no-such-thread")

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert CoachThreadMessage.objects.count() == 0


def test_coach_with_a_prompt_threads_id_is_404(use_coach, ada, ada_api):
    prompt_thread = ada_api.post(
        PROMPT_URL, {"input_text": "What stands out?", "resume_slug": ada.slug}
    ).json()["thread_id"]

    response = say(ada_api, "Hello", prompt_thread)

    assert response.status_code == 404
    assert len(stored(prompt_thread)) == 2


def test_coach_another_candidates_resume_slug_is_404(use_coach, ada_api, other_candidate):
    response = say(ada_api, "Hello", resume_slug=other_candidate.slug)

    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    assert CoachThread.objects.count() == 0


def test_coach_with_cookie_needs_csrf(use_coach, ada):
    client = ApiClient()
    client.login(ada.user.email)
    client.token = None

    refused = say(client, "Hello")
    accepted = client.post(COACH_URL, {"input_text": "Hello"}, csrf=True)

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 200, accepted.content
    assert CoachThread.objects.count() == 1


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"input_text": ""}, {"input_text": ["This field may not be blank."]}),
        ({"input_text": " \n\t "}, {"input_text": ["This field may not be blank."]}),
        (
            {"input_text": "x" * 20_000},
            {"input_text": ["Ensure this field has at most 5000 characters (it has 20000)."]},
        ),
        ({"input_text": 5}, {"input_text": ["Not a valid string."]}),
        ({"input_text": ["Hello"]}, {"input_text": ["Not a valid string."]}),
        ({"input_text": "Hello", "thread_id": 12}, {"thread_id": ["Not a valid string."]}),
        ({}, {"input_text": ["This field is required."]}),
        ({"input_text": "Hello", "role": "admin"}, {"role": ["Unknown field; it cannot be set."]}),
    ],
    ids=[
        "empty",
        "whitespace",
        "20000 characters",
        "number",
        "list",
        "thread number",
        "missing",
        "unknown field",
    ],
)
def test_coach_bad_input_is_400_and_stores_nothing(use_coach, ada_api, body, errors):
    response = ada_api.post(COACH_URL, body)

    assert (response.status_code, response.json()) == (400, errors)
    assert CoachThreadMessage.objects.count() == 0


def test_coach_5000_characters_once_trimmed_are_accepted(use_coach, ada_api):
    response = say(ada_api, "  " + "x" * 5000 + "  ")

    assert response.status_code == 200
    assert CoachThreadMessage.objects.filter(role="user").get().content == "x" * 5000


def test_coach_body_that_is_not_an_object_is_400(use_coach, ada_api):
    response = ada_api.post(COACH_URL, raw='["Hello"]')

    assert response.status_code == 400


# --- throttling -----------------------------------------------------------------------------------


def test_coach_past_the_ai_rate_is_429_and_stores_nothing(use_coach, ada_api, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "ai": ("60/min", "2/min")}
    thread_id = say(ada_api, "One").json()["thread_id"]
    say(ada_api, "Two", thread_id)

    response = say(ada_api, "Three", thread_id)

    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Too many requests" in response.json()["detail"]
    assert [content for _, content, _ in stored(thread_id)] == [
        "One",
        "You said: One",
        "Two",
        "You said: Two",
    ]


# --- a coach that fails ---------------------------------------------------------------------------


@pytest.fixture(params=["inline", "queue"])
def ai_calls(request, settings):
    settings.AI_CALLS = request.param
    return request.param


def test_coach_hanging_plugin_is_504_and_keeps_only_the_message(
    use_coach, ada_api, settings, ai_calls
):
    thread_id = say(ada_api, "Before").json()["thread_id"]
    use_coach("faulty")
    faulty_coach.mode = "hang"
    settings.AI_CALL_TIMEOUT = 0.3

    response = say(ada_api, "Are you there?", thread_id)

    assert response.status_code == 504
    assert response.json() == {
        "detail": "The faulty plugin did not answer in time. Your message is kept in the thread."
    }
    assert stored(thread_id) == [
        ("user", "Before", ""),
        ("coach", "You said: Before", "offline"),
        ("user", "Are you there?", ""),
    ]


@pytest.mark.parametrize(
    ("failure", "detail"),
    [
        ("raise", "The faulty plugin failed to answer."),
        ("none", "The faulty plugin gave no answer."),
        ("garbage", "The faulty plugin gave an unusable answer."),
        ("llm_error", "The language model service failed to answer."),
    ],
)
def test_coach_failing_plugin_is_502_and_keeps_only_the_message(
    use_coach, ada_api, ai_calls, failure, detail
):
    use_coach("faulty")
    faulty_coach.mode = failure

    response = say(ada_api, "Help me")

    assert response.status_code == 502
    assert response.json() == {"detail": f"{detail} Your message is kept in the thread."}
    thread = CoachThread.objects.get()
    assert stored(thread.thread_id) == [("user", "Help me", "")]


def test_coach_after_a_failure_the_thread_continues(use_coach, ada_api):
    use_coach("faulty")
    faulty_coach.mode = "raise"
    say(ada_api, "First try")
    thread_id = CoachThread.objects.get().thread_id
    use_coach("echo")

    response = say(ada_api, "Second try", thread_id)

    assert response.json()["output"] == "You said: Second try"
    assert [message.content for message in last_coach_call()["messages"]] == [
        "First try",
        "Second try",
    ]


# --- threads --------------------------------------------------------------------------------------


def test_threads_list_the_callers_threads_newest_first(
    use_coach, ada, ada_api, other_candidate_api
):
    older = say(ada_api, "Older").json()["thread_id"]
    prompt = ada_api.post(PROMPT_URL, {"input_text": "Q", "resume_slug": ada.slug}).json()
    newer = say(ada_api, "Newer").json()["thread_id"]
    say(other_candidate_api, "Not Ada's")
    say(ada_api, "Older again", older)  # activity moves a thread to the top

    response = ada_api.get(THREADS_URL)

    assert response.status_code == 200
    body = response.json()
    assert [thread["thread_id"] for thread in body] == [older, newer, prompt["thread_id"]]
    assert body[0] == {
        "thread_id": older,
        "kind": "coach",
        "title": "Older",
        "resume_slug": ada.slug,
        "message_count": 4,
        "created_at": body[0]["created_at"],
        "updated_at": body[0]["updated_at"],
    }
    assert body[2]["kind"] == "prompt"
    assert response["X-Total-Count"] == "3"


def test_threads_list_filters_by_kind(use_coach, ada, ada_api):
    coach_thread = say(ada_api, "Coach me").json()["thread_id"]
    prompt_thread = ada_api.post(PROMPT_URL, {"input_text": "Q", "resume_slug": ada.slug}).json()[
        "thread_id"
    ]

    coach_only = ada_api.get(THREADS_URL, {"kind": "coach"}).json()
    prompt_only = ada_api.get(THREADS_URL, {"kind": "prompt"}).json()
    wrong = ada_api.get(THREADS_URL, {"kind": "chat"})

    assert [thread["thread_id"] for thread in coach_only] == [coach_thread]
    assert [thread["thread_id"] for thread in prompt_only] == [prompt_thread]
    assert wrong.status_code == 400
    assert list(wrong.json()) == ["kind"]


def test_threads_list_is_paginated(use_coach, ada_api):
    ids = [say(ada_api, f"Thread {n}").json()["thread_id"] for n in range(3)]

    first = ada_api.get(THREADS_URL, {"page_size": 2})
    second = ada_api.get(THREADS_URL, {"page_size": 2, "page": 2})

    assert [t["thread_id"] for t in first.json()] == [ids[2], ids[1]]
    assert [t["thread_id"] for t in second.json()] == [ids[0]]
    assert first["X-Total-Count"] == "3"
    assert 'rel="next"' in first["Link"] and 'rel="prev"' not in first["Link"]
    assert 'rel="prev"' in second["Link"] and 'rel="next"' not in second["Link"]
    assert ada_api.get(THREADS_URL, {"page": 5}).json() == []


def test_threads_list_of_a_user_without_threads_is_empty(use_coach, employer_api, api):
    assert employer_api.get(THREADS_URL).json() == []
    assert api.get(THREADS_URL).status_code == 401


def _threads_with_messages(profile, count):
    threads = CoachThread.objects.bulk_create(
        CoachThread(user=profile.user, kind="coach", subject=profile, title=f"Thread {n}")
        for n in range(count)
    )
    CoachThreadMessage.objects.bulk_create(
        CoachThreadMessage(thread=thread, role=role, content=role)
        for thread in threads
        for role in ("user", "coach")
    )


def test_threads_list_queries_do_not_grow_with_threads(use_coach, ada, ada_api, other_candidate):
    def queries(count):
        CoachThread.objects.all().delete()
        _threads_with_messages(ada, count)
        with CaptureQueriesContext(connection) as captured:
            response = ada_api.get(THREADS_URL)
        assert len(response.json()) == count
        return len(captured)

    assert queries(1) == queries(30)


def test_thread_detail_has_the_messages_oldest_first(use_coach, ada, ada_api):
    thread_id = say(ada_api, "First").json()["thread_id"]
    say(ada_api, "Second", thread_id)

    response = ada_api.get(thread_url(thread_id))

    assert response.status_code == 200
    body = response.json()
    assert [(m["role"], m["content"], m["model"]) for m in body["messages"]] == [
        ("user", "First", ""),
        ("coach", "You said: First", "offline"),
        ("user", "Second", ""),
        ("coach", "You said: Second", "offline"),
    ]
    assert (body["thread_id"], body["kind"], body["message_count"]) == (thread_id, "coach", 4)
    assert set(body["messages"][0]) == {"role", "content", "model", "created_at"}


def test_thread_of_another_user_is_404_to_read_and_to_delete(
    use_coach, ada_api, other_candidate_api, employer_api, staff_api
):
    thread_id = say(ada_api, "Mine").json()["thread_id"]

    for client in (other_candidate_api, employer_api, staff_api):
        assert client.get(thread_url(thread_id)).json() == NOT_FOUND
        deleted = client.delete(thread_url(thread_id))
        assert (deleted.status_code, deleted.json()) == (404, NOT_FOUND)
    assert len(stored(thread_id)) == 2


def test_thread_unknown_is_404(use_coach, ada_api):
    assert ada_api.get(thread_url("nope")).status_code == 404
    assert ada_api.delete(thread_url("nope")).status_code == 404


def test_thread_delete_removes_it_with_its_messages(use_coach, ada_api):
    kept = say(ada_api, "Keep me").json()["thread_id"]
    thread_id = say(ada_api, "Forget me").json()["thread_id"]

    response = ada_api.delete(thread_url(thread_id))

    assert (response.status_code, response.content) == (204, b"")
    assert ada_api.get(thread_url(thread_id)).status_code == 404
    assert list(CoachThread.objects.values_list("thread_id", flat=True)) == [kept]
    assert CoachThreadMessage.objects.filter(thread__thread_id=thread_id).count() == 0


def test_thread_delete_with_cookie_needs_csrf(use_coach, ada, ada_api):
    thread_id = say(ada_api, "Hello").json()["thread_id"]
    client = ApiClient()
    client.login(ada.user.email)
    client.token = None

    assert client.delete(thread_url(thread_id)).status_code == 403
    assert client.delete(thread_url(thread_id), csrf=True).status_code == 204


def test_threads_go_with_the_candidates_profile(use_coach, ada, ada_api):
    say(ada_api, "Hello")

    ada.delete()

    assert CoachThread.objects.count() == 0


# --- the built-in coach ---------------------------------------------------------------------------


def test_builtin_coach_offline_names_the_missing_skills_of_fitting_jobs(use_coach, ada_api, jobs):
    use_coach("career_coach")

    response = say(ada_api, "What skills am I missing for the jobs that fit me?")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["model"] == "offline"
    assert "Data Engineer" in body["output"]
    assert "Airflow" in body["output"] and "SQL" in body["output"]


def test_builtin_coach_offline_answers_differ_by_question(use_coach, ada_api, jobs):
    use_coach("career_coach")

    skills = say(ada_api, "Which skills should I learn?").json()["output"]
    disclosure = say(ada_api, "Should I disclose my disability to an employer?").json()["output"]

    assert skills != disclosure
    assert [value for value in PLANTED if value in disclosure] == []


@pytest.fixture
def llm_server(settings, loopback_only):
    server = FakeLLMServer().start()
    settings.LLM_MODEL = "openai/test-model"
    settings.LLM_API_BASE = server.api_base
    settings.LLM_API_KEY = "test-key-not-a-secret"
    settings.LLM_TIMEOUT = 0.5
    yield server
    server.stop()


def test_builtin_coach_through_the_llm_answers_with_its_model(use_coach, ada_api, llm_server):
    use_coach("career_coach")
    llm_server.replies = ["Learn SQL next."]

    response = say(ada_api, "What next?")

    assert response.json() == {
        "output": "Learn SQL next.",
        "thread_id": CoachThread.objects.get().thread_id,
        "model": "test-model",
    }
    sent = json.dumps(llm_server.requests[0].body)
    assert "What next?" in sent
    assert [value for value in PLANTED if value in sent] == []


def test_builtin_coach_llm_timeout_is_504_and_keeps_the_message(use_coach, ada_api, llm_server):
    use_coach("career_coach")
    llm_server.replies = [HANG]

    response = say(ada_api, "Are you there?")

    assert response.status_code == 504
    assert response.json()["detail"].endswith("Your message is kept in the thread.")
    assert stored(CoachThread.objects.get().thread_id) == [("user", "Are you there?", "")]


def test_builtin_coach_llm_error_is_502_and_keeps_the_message(use_coach, ada_api, llm_server):
    use_coach("career_coach")
    llm_server.replies = [HttpFailure(500)]

    response = say(ada_api, "Hello?")

    assert response.status_code == 502
    assert response.json() == {
        "detail": "The language model service failed to answer. Your message is kept in the thread."
    }
    assert stored(CoachThread.objects.get().thread_id) == [("user", "Hello?", "")]
