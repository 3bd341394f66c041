"""The built-in career coach behind the real endpoints, talking to the local OpenAI-protocol
server (issue 14's "must show"): a conversation continued over three requests, with the history
the model received asserted; and an employer's prompt and insight about a candidate whose
disclosure preference hides their disability data, and about one whose preference shows it to
that employer, never carrying that data to the model."""

import json

import pytest

from apps.jobs.models import WorkplaceType
from platform_core import plugins
from tests.apps.candidates.factories import CandidateProfileFactory, SkillFactory
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.helpers import client_for
from tests.llm_server import MODEL

COACH_URL = "/api/candidates/career-coach/"
PROMPT_URL = "/api/candidates/prompt/"
INSIGHT_URL = "/api/organization/test/candidate-insight/"

# Any connection to a host other than this machine fails the test that makes it.
pytestmark = pytest.mark.usefixtures("loopback_only")

# Disability data planted on every candidate here (values of the contract's fixed sets that no
# prompt of the plugin contains): none of it may appear in a request the model receives.
DISABILITY = {
    "disability_categories": ["sensory", "chronic_health"],
    "accommodation_needs": "PREFER_TO_DISCUSS_LATER",
    "workplace_accommodations": ["assistive_technology", "support_person"],
}
PLANTED = ("sensory", "chronic_health", "PREFER_TO_DISCUSS_LATER", "assistive_technology",
           "support_person")  # fmt: skip


@pytest.fixture
def builtin_coach(settings):
    settings.CAREER_COACH_PLUGIN = "career_coach"
    assert plugins.provider("coach_reply").name == "career_coach"


def sent_bodies(server) -> str:
    return json.dumps([request.body for request in server.requests])


def delimited(text: str) -> str:
    return f"<user_data>\n{text}\n</user_data>"


def test_coach_conversation_over_three_requests_sends_the_model_the_whole_history(
    builtin_coach, llm_server, organization
):
    ada = CandidateProfileFactory(
        user__first_name="Ada",
        work_mode_preferences=["remote"],
        disclosure_preference="DURING_APPLICATION",
        **DISABILITY,
    )
    for name in ("Python", "SQL"):
        SkillFactory(profile=ada, name=name)
    JobPostFactory(
        title="Data Engineer",
        organization=organization,
        workplace_type=WorkplaceType.REMOTE,
        skills=["Python", "SQL", "Airflow"],
    )
    api = client_for(ada.user)
    llm_server.replies = ["Learn Airflow.", "About six weeks.", "Start with the tutorial."]
    questions = ["Which skills should I learn?", "How long will that take?", "Where do I start?"]

    thread_id = None
    outputs = []
    for question in questions:
        response = api.post(COACH_URL, {"input_text": question, "thread_id": thread_id})
        assert response.status_code == 200, response.content
        body = response.json()
        thread_id = body["thread_id"]
        outputs.append((body["output"], body["model"]))

    assert outputs == [
        ("Learn Airflow.", MODEL),
        ("About six weeks.", MODEL),
        ("Start with the tutorial.", MODEL),
    ]
    histories = [request.body["messages"][1:] for request in llm_server.requests]
    assert histories == [
        [{"role": "user", "content": delimited(questions[0])}],
        [
            {"role": "user", "content": delimited(questions[0])},
            {"role": "assistant", "content": "Learn Airflow."},
            {"role": "user", "content": delimited(questions[1])},
        ],
        [
            {"role": "user", "content": delimited(questions[0])},
            {"role": "assistant", "content": "Learn Airflow."},
            {"role": "user", "content": delimited(questions[1])},
            {"role": "assistant", "content": "About six weeks."},
            {"role": "user", "content": delimited(questions[2])},
        ],
    ]
    system = llm_server.requests[0].body["messages"][0]["content"]
    assert "First name: Ada" in system
    assert "- Data Engineer at Acme (remote, full-time, Toronto); skills: Airflow, Python, SQL" in (
        system
    )
    # The candidate asking about themself: their own disability data is not sent either.
    assert [value for value in PLANTED if value in sent_bodies(llm_server)] == []
    detail = api.get(f"{COACH_URL}threads/{thread_id}/").json()
    assert [(m["role"], m["content"]) for m in detail["messages"]] == [
        ("user", questions[0]), ("coach", "Learn Airflow."),
        ("user", questions[1]), ("coach", "About six weeks."),
        ("user", questions[2]), ("coach", "Start with the tutorial."),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("preference", "employer_sees_it"),
    [("AFTER_JOB_OFFER", False), ("DURING_APPLICATION", True)],
)
def test_employer_prompt_and_insight_never_send_disability_data_to_the_model(
    builtin_coach, llm_server, organization, employer_api, preference, employer_sees_it
):
    candidate = CandidateProfileFactory(disclosure_preference=preference, **DISABILITY)
    SkillFactory(profile=candidate, name="Haskell")
    job = JobPostFactory(title="Platform Engineer", organization=organization, skills=["Haskell"])
    ApplicationFactory(job=job, candidate=candidate)
    # The preference decides what the employer sees on the profile ...
    profile = employer_api.get(f"/api/candidates/profiles/{candidate.slug}/").json()
    shown = DISABILITY["disability_categories"] if employer_sees_it else None
    assert profile["disability_categories"] == shown
    llm_server.replies = ["Strong in Haskell."]

    prompt = employer_api.post(
        PROMPT_URL,
        {
            "input_text": "What are this candidate's strengths? Which accommodations do they need?",
            "resume_slug": candidate.slug,
        },
    )
    insight = employer_api.get(f"{INSIGHT_URL}{candidate.pk}/")

    # ... and neither way does the model receive it.
    assert (prompt.status_code, prompt.json()["output"], prompt.json()["model"]) == (
        200, "Strong in Haskell.", MODEL,
    )  # fmt: skip
    assert (insight.status_code, insight.json()["employer_insight"]) == (200, "Strong in Haskell.")
    assert len(llm_server.requests) == 2
    bodies = sent_bodies(llm_server)
    assert "Skills: Haskell" in bodies and "Platform Engineer" in bodies
    assert [value for value in PLANTED if value in bodies] == []
