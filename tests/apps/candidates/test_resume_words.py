"""The resume's own words (issue 16) over HTTP: a parsed resume that says "I use a screen reader"
is no search key and no ranking feature, and its candidate (only) is told which passages of the
file name such words (`disclosure_warnings` in `parsing-status/` and the own `full/`)."""

import importlib

import pytest
from django.apps import apps as django_apps

from apps.candidates.disability_terms import hits, is_term_key
from apps.candidates.models import CandidateProfile
from platform_core import plugins
from platform_core.plugins import PluginManager
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.apps.jobs.helpers import job_url
from tests.fake_plugins import recording_ranker
from tests.helpers import NOT_FOUND

from .helpers import PROFILES, profile_url, upload

pytestmark = pytest.mark.usefixtures("own_media_root")

RESUME = b"""Robin Quill
Toronto, ON

Summary
Accessibility tester and developer. I use a screen reader and a wheelchair. I build Python web
apps with Django.

Experience
QA Analyst | Lumen Labs Inc. | Jan 2020 - Present
- Tested checkout flows with JAWS and NVDA for blind customers.

Skills
Python, Django, JAWS
"""
WARNINGS = [
    {"text": "I use a screen reader and a wheelchair.", "section": "summary"},
    {
        "text": "Tested checkout flows with JAWS and NVDA for blind customers.",
        "section": "work_experience",
    },
    {"text": "Python, Django, JAWS", "section": "skills"},
]
PLAIN_RESUME = b"Robin Quill\n\nSummary\nBackend developer building Python web apps.\n"


@pytest.fixture(autouse=True)
def ranker(settings):
    """The built-in parser and the recording ranker (it keeps the documents it was handed)."""
    previous = plugins.get_manager()
    plugins.install(
        PluginManager.from_modules(
            {
                "recording": "tests.fake_plugins.recording_ranker",
                "resume_parser": "plugins.resume_parser.hooks",
            }
        )
    )
    settings.RANKING_PLUGIN = "recording"
    recording_ranker.received.clear()
    yield
    plugins.install(previous)


@pytest.fixture
def parsed(candidate, candidate_api):
    """The candidate, who keeps disability data for after an offer, with RESUME uploaded and
    parsed (the upload starts the parse, which runs when the request commits)."""
    user = candidate.user
    user.first_name, user.last_name = "Robin", "Quill"
    user.save()
    CandidateProfile.objects.filter(pk=candidate.pk).update(disclosure_preference="AFTER_JOB_OFFER")
    response = candidate_api.patch(
        profile_url(candidate), {"resume_file": upload("cv.txt", RESUME)}, multipart=True
    )
    assert response.status_code == 200, response.content
    return CandidateProfile.objects.get(pk=candidate.pk)


def search(client, term: str) -> list[str]:
    response = client.get(PROFILES, {"search": term})
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()]


def status(client, profile):
    return client.get(profile_url(profile, "parsing-status/"))


def no_term_in(values) -> bool:
    return not any(hits(value) for value in values)


# --- search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "term", ["wheelchair", "screen reader", "Screen Reader", "JAWS", "NVDA", "blind"]
)
def test_employer_search_for_a_term_of_the_resume_finds_no_one(parsed, employer_api, term):
    assert search(employer_api, term) == []


@pytest.mark.parametrize("term", ["Django", "checkout flows", "Lumen Labs"])
def test_employer_search_for_other_words_of_the_resume_still_finds_the_candidate(
    parsed, employer_api, term
):
    assert search(employer_api, term) == [parsed.slug]


def test_stored_text_and_terms_hold_no_term_while_resume_data_stays_as_parsed(parsed):
    assert "screen reader" not in parsed.resume_text
    assert hits(parsed.resume_text) == []
    assert [key for key in parsed.resume_terms if is_term_key(key)] == []
    assert (parsed.resume_terms["django"], parsed.resume_terms["skill:django"]) == (2, 1)
    # Neither "screen" nor "reader" is left from "screen reader".
    assert {"screen", "reader", "wheelchair", "jaws"} & set(parsed.resume_terms) == set()
    assert parsed.resume_data["skills"] == ["Python", "Django", "JAWS", "Screen Readers", "NVDA"]
    assert "I use a screen reader and a wheelchair." in parsed.resume_data["summary"]


# --- what the candidate is told ---------------------------------------------------------------------


def test_candidate_parsing_status_names_each_passage_with_its_section(parsed, candidate_api):
    response = status(candidate_api, parsed)

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["parsing_status"], body["disclosure_warnings"]) == ("parsed", WARNINGS)


def test_candidate_full_view_names_each_passage_with_its_section(parsed, candidate_api):
    response = candidate_api.get(profile_url(parsed, "full/"))

    assert response.status_code == 200, response.content
    assert response.json()["disclosure_warnings"] == WARNINGS


@pytest.mark.parametrize("caller", ["employer_api", "staff_api"])
def test_other_readers_get_no_disclosure_warnings_key(parsed, caller, request):
    client = request.getfixturevalue(caller)

    full = client.get(profile_url(parsed, "full/"))
    state = status(client, parsed)

    assert (full.status_code, state.status_code) == (200, 200)
    assert "disclosure_warnings" not in full.json()
    assert "disclosure_warnings" not in state.json()
    assert state.json()["parsing_status"] == "parsed"


def test_another_candidate_cannot_read_the_warnings(parsed, other_candidate_api):
    for suffix in ("parsing-status/", "full/"):
        response = other_candidate_api.get(profile_url(parsed, suffix))
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_parsing_status_anonymous_is_401(parsed, api):
    assert status(api, parsed).status_code == 401


def test_a_resume_without_terms_has_no_warnings(candidate, candidate_api):
    candidate_api.patch(
        profile_url(candidate), {"resume_file": upload("cv.txt", PLAIN_RESUME)}, multipart=True
    )

    body = status(candidate_api, candidate).json()

    assert (body["parsing_status"], body["disclosure_warnings"]) == ("parsed", [])


def test_replacing_the_resume_replaces_the_warnings(parsed, candidate_api):
    response = candidate_api.patch(
        profile_url(parsed), {"resume_file": upload("cv.txt", PLAIN_RESUME)}, multipart=True
    )

    assert response.status_code == 200, response.content
    assert status(candidate_api, parsed).json()["disclosure_warnings"] == []


def test_removing_the_resume_clears_the_warnings(parsed, candidate_api):
    response = candidate_api.patch(profile_url(parsed), {"resume_file": ""}, multipart=True)

    assert response.status_code == 200, response.content
    stored = CandidateProfile.objects.get(pk=parsed.pk)
    assert (stored.resume_file.name, stored.disclosure_warnings) == ("", [])
    assert status(candidate_api, parsed).json()["disclosure_warnings"] == []


# --- ranking and the agent ------------------------------------------------------------------------


def assert_no_term_in_document(document) -> None:
    assert no_term_in([document.summary, document.resume_text, *document.skills])
    assert [key for key in document.terms if is_term_key(key)] == []
    assert hits(document.model_dump_json()) == []


def test_ranking_hands_the_plugin_a_document_without_any_term(
    parsed, employer_api, organization, employer
):
    job = JobPostFactory(
        organization=organization, user=employer, title="QA Analyst", skills=["Python", "Django"]
    )
    ApplicationFactory(job=job, candidate=parsed)

    response = employer_api.post(job_url(job, "rank-candidates/"))

    assert response.status_code == 202, response.content
    [(_, [document])] = recording_ranker.received
    assert document.candidate_id == parsed.pk
    assert_no_term_in_document(document)
    # What is not a term is still there.
    assert document.skills == ["Python", "Django"]
    assert "I build Python web apps with Django." in document.summary
    assert document.terms["django"] == 2


def test_agent_hands_the_plugin_a_document_without_any_term(parsed, employer_api):
    response = employer_api.post("/api/channels/agent/", {"query": "Python Django tester"})

    assert response.status_code == 200, response.content
    documents = [doc for _, docs in recording_ranker.received for doc in docs]
    assert [doc.candidate_id for doc in documents] == [parsed.pk]
    assert_no_term_in_document(documents[0])
    [result] = response.json()["results"]["candidates"]
    assert (result["id"], result["skills"]) == (parsed.pk, ["Python", "Django"])


def test_agent_search_for_a_term_finds_no_one_through_the_resume(parsed, employer_api):
    response = employer_api.post("/api/channels/agent/", {"query": "wheelchair"})

    assert response.status_code == 200, response.content
    assert response.json()["results"]["candidates"] == []
    # Not even handed to the ranker: the pool is drawn from `resume_terms`, which lack the word.
    assert [doc.candidate_id for _, docs in recording_ranker.received for doc in docs] == []


# --- migration 0008 -------------------------------------------------------------------------------


def test_migration_0008_strips_stored_text_and_terms_and_computes_the_warnings(candidate):
    migration = importlib.import_module("apps.candidates.migrations.0008_disclosure_warnings")
    CandidateProfile.objects.filter(pk=candidate.pk).update(
        resume_text="Summary\nI use a screen reader. I build Python apps.\n",
        resume_terms={"screen": 1, "reader": 1, "python": 1, "skill:screen readers": 1},
        resume_data={"summary": "I use a screen reader. I build Python apps."},
    )

    migration.strip_stored_terms(django_apps, None)

    stored = CandidateProfile.objects.get(pk=candidate.pk)
    assert stored.resume_text == "Summary\nI use a  . I build Python apps.\n"
    assert stored.resume_terms == {"python": 1}
    assert stored.disclosure_warnings == [{"text": "I use a screen reader.", "section": "summary"}]
