"""The talent-search agent over HTTP (contract sections 6 and 8): `POST /api/channels/agent/`.

The ranker is the recording fake (tests/fake_plugins/recording_ranker.py: it scores by the share
of the query's skills a candidate lists), so these tests pin what the core does: who is searched,
what the filters narrow, what the plugin receives and the client's keys.
"""

import json

import pytest

from apps.candidates.parsing import stored_values
from apps.jobs import agent
from platform_core import plugins
from platform_core.documents import ParsedResume, ResumeData
from platform_core.plugins import PluginManager
from tests.apps.candidates.factories import (
    CandidateProfileFactory,
    SkillFactory,
    WorkExperienceFactory,
)
from tests.fake_plugins import recording_ranker
from tests.helpers import ApiClient

from .factories import ApplicationFactory, JobPostFactory

AGENT = "/api/channels/agent/"


@pytest.fixture(autouse=True)
def ranker(settings):
    previous = plugins.get_manager()
    plugins.install(
        PluginManager.from_modules(
            {
                "recording": "tests.fake_plugins.recording_ranker",
                "raising": "tests.fake_plugins.raising_ranker",
                "resume_parser": "plugins.resume_parser.hooks",
            }
        )
    )
    settings.RANKING_PLUGIN = "recording"
    recording_ranker.received.clear()
    yield
    plugins.install(previous)


def person(skills=(), location="", years=0, available=True, **profile):
    candidate = CandidateProfileFactory(is_available=available, **profile)
    for name in skills:
        SkillFactory(profile=candidate, name=name)
    if location:
        candidate.user.profile.location = location
        candidate.user.profile.save()
    if years:
        WorkExperienceFactory(
            profile=candidate,
            role="Frontend Developer",
            start_date=f"{2026 - years}-01-01",
            end_date="2026-01-01",
        )
    return candidate


def ask(client: ApiClient, query):
    return client.post(AGENT, {"query": query})


def found(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]["candidates"]]


def test_agent_answers_the_clients_keys_best_first(employer_api):
    best = person(["React", "TypeScript"], location="Toronto, ON", years=6)
    person(["React"], location="Toronto")
    person(["Excel"])

    response = ask(employer_api, "React and TypeScript developer")

    assert response.status_code == 200
    body = response.json()
    assert body["model"] == "offline"
    first = body["results"]["candidates"][0]
    assert first == {
        "id": best.pk,
        "slug": best.slug,
        "name": f"{best.user.first_name} {best.user.last_name}",
        "role": "Frontend Developer",
        "location": "Toronto, ON",
        "experience": "6 years",
        "skills": ["React", "TypeScript"],
        "matchPercentage": 100,
        "avatarUrl": None,
        "reasons": ["Has 2 of 2 skills"],
    }
    assert len(body["results"]["candidates"]) == 2  # Excel alone matches no word
    assert "React and TypeScript" in body["results"]["reasoning"]


def test_agent_reads_the_place_and_keeps_candidates_elsewhere_out(employer_api):
    here = person(["Python"], location="Toronto")
    person(["Python"], location="Vancouver")
    relocating = person(["Python"], location="Montreal", willing_to_relocate=True)

    response = ask(employer_api, "Python developer in Toronto")

    assert sorted(found(response)) == sorted([here.pk, relocating.pk])
    assert "Toronto" in response.json()["results"]["reasoning"]


def test_agent_reads_work_mode_and_job_type(employer_api):
    remote = person(["Python"], work_mode_preferences=["remote"])
    person(["Python"], work_mode_preferences=["onsite"])
    unsaid = person(["Python"])
    person(["Python"], work_mode_preferences=["remote"], employment_type_preferences=["contract"])

    response = ask(employer_api, "remote full-time Python developer")

    assert sorted(found(response)) == sorted([remote.pk, unsaid.pk])


def test_agent_reads_years_of_experience(employer_api):
    senior = person(["Python"], years=8)
    person(["Python"], years=2)
    person(["Python"])

    assert found(ask(employer_api, "Python developer with 5+ years")) == [senior.pk]


def test_agent_searches_only_candidates_the_employer_may_see(employer_api, organization, employer):
    visible = person(["Python"])
    hidden = person(["Python"], available=False)
    applied = person(["Python"], available=False)
    ApplicationFactory(
        job=JobPostFactory(organization=organization, user=employer), candidate=applied
    )

    assert sorted(found(ask(employer_api, "Python"))) == sorted([visible.pk, applied.pk])
    assert hidden.pk not in {
        doc.candidate_id for _, docs in recording_ranker.received for doc in docs
    }


def test_agent_pool_takes_the_most_skills_first_then_the_newest_with_a_word(
    employer_api, monkeypatch
):
    monkeypatch.setattr(agent, "POOL_SIZE", 3)
    both = person(["Python", "Django"])
    one = person(["Python"])
    person(resume_terms={"skill:django": 1})  # listed in the resume only, and older
    newest_word = person(resume_terms={"developer": 1})

    found(ask(employer_api, "Python and Django developer"))

    [(_, documents)] = recording_ranker.received
    assert sorted(doc.candidate_id for doc in documents) == sorted(
        [both.pk, one.pk, newest_word.pk]
    )


def test_agent_never_hands_the_plugin_disability_data_or_names(employer_api):
    candidate = person(
        ["Python"],
        disability_categories=["sensory"],
        workplace_accommodations=["assistive_technology"],
        disclosure_preference="DURING_APPLICATION",
        # As a parse stores it (parsing.stored_values): without contact details or names.
        resume_text=stored_values(
            ParsedResume(
                text="Zelda Quixote zelda@example.com Python engineer", resume_data=ResumeData()
            ),
            ("Zelda", "Quixote"),
        )["resume_text"],
        resume_terms={"python": 1, "engineer": 1},
        resume_data={"skills": ["Python"]},
    )
    candidate.user.first_name, candidate.user.last_name = "Zelda", "Quixote"
    candidate.user.save()

    assert found(ask(employer_api, "Python engineer")) == [candidate.pk]

    [(job, [document])] = recording_ranker.received
    assert (job.id, job.skills) == (0, ["Python"])
    sent = json.dumps(document.model_dump()).lower()
    for private in ("zelda", "quixote", "example.com", "sensory", "assistive", "during_app"):
        assert private not in sent, private


def test_agent_text_is_never_sql(employer_api):
    person(["Python"])

    response = ask(employer_api, "'; DROP TABLE candidates_candidateprofile; -- Python")

    assert response.status_code == 200
    assert len(found(response)) == 1


def test_agent_with_nothing_to_search_for_is_400(employer_api):
    for query in ("", "   ", "!!! ???", "find me someone"):
        response = ask(employer_api, query)
        assert response.status_code == 400, query
        assert set(response.json()) == {"query"}


def test_agent_query_longer_than_5000_characters_is_400(employer_api):
    response = ask(employer_api, "python " * 800)

    assert response.status_code == 400
    assert set(response.json()) == {"query"}


def test_agent_long_query_is_read_up_to_500_characters(employer_api):
    candidate = person(["Python"])

    response = ask(employer_api, "Python " + "developer " * 490)

    assert found(response) == [candidate.pk]
    assert "first 500 characters" in response.json()["results"]["reasoning"]


@pytest.mark.parametrize("body", [{}, {"query": 5}, {"query": "x", "extra": 1}, ["python"]])
def test_agent_with_a_bad_body_is_400(employer_api, body):
    assert employer_api.post(AGENT, body).status_code == 400


def test_agent_with_no_match_answers_an_empty_list_and_says_so(employer_api):
    person(["Excel"])

    response = ask(employer_api, "Kubernetes")

    assert found(response) == []
    assert "No visible candidate matches" in response.json()["results"]["reasoning"]


def test_agent_with_a_failing_ranker_is_502(employer_api, settings):
    settings.RANKING_PLUGIN = "raising"
    person(["Python"])

    response = ask(employer_api, "Python")

    assert response.status_code == 502
    assert "raising" in response.json()["detail"]


def test_agent_for_candidates_and_staff_is_403_and_anonymous_401(
    candidate_api, staff_api, user_api, api
):
    for client in (candidate_api, staff_api, user_api):
        assert ask(client, "Python").status_code == 403
    assert ask(api, "Python").status_code == 401


def test_agent_with_cookie_and_csrf(employer):
    client = ApiClient()
    client.login(employer.email)
    client.token = None
    person(["Python"])

    assert client.post(AGENT, {"query": "Python"}).status_code == 403  # no CSRF token
    assert client.post(AGENT, {"query": "Python"}, csrf=True).status_code == 200


def test_years_of_experience_counts_overlaps_once():
    document = agent.CandidateDocument(
        candidate_id=1,
        work_experience=[
            {"role": "a", "start_date": "2020-01-01", "end_date": "2022-01-01"},
            {"role": "b", "start_date": "2021-01-01", "end_date": "2023-01-01"},
            {"role": "c", "start_date": None},
        ],
    )

    assert round(agent.years_of_experience(document), 1) == 3.0
