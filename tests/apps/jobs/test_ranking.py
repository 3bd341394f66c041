"""Ranking over HTTP (contract sections 6, 8, 11): `rank-candidates/`, `ranking-data/`, the job's
`ranking_status` / `ranking_task_id` / `candidate_ranking_data`, and what the plugin receives.

The plugins here are real modules under tests/fake_plugins/, registered through the plugin
manager and chosen with RANKING_PLUGIN or the request's `plugin`. Huey is immediate in tests and
`ApiClient` runs the `on_commit` callbacks, so a ranking started by a request has ended when the
next request is made; a run still queued is made with `start_run` outside a request.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.erasure import erase_user
from apps.candidates.parsing import stored_values
from apps.jobs import ranking
from apps.jobs.models import ApplicationStatus, JobStatus, Ranking
from platform_core import plugins
from platform_core.documents import ParsedResume, ResumeData
from platform_core.models import Run
from platform_core.plugins import PluginManager
from platform_core.runs import RunContext, start_run
from tests.apps.candidates.factories import (
    CandidateProfileFactory,
    EducationFactory,
    SkillFactory,
    WorkExperienceFactory,
)
from tests.fake_plugins import garbage_ranker, hanging_ranker, recording_ranker
from tests.helpers import NOT_FOUND, ApiClient, client_for

from .factories import ApplicationFactory, JobPostFactory
from .helpers import iso, job_url

FAKE = "tests.fake_plugins"


@pytest.fixture(autouse=True)
def rankers(settings):
    """The process's plugin manager with the fake rankers; `recording` serves by default."""
    previous = plugins.get_manager()
    plugins.install(
        PluginManager.from_modules(
            {
                "recording": f"{FAKE}.recording_ranker",
                "raising": f"{FAKE}.raising_ranker",
                "garbage": f"{FAKE}.garbage_ranker",
                "hanging": f"{FAKE}.hanging_ranker",
            }
        )
    )
    settings.RANKING_PLUGIN = "recording"
    recording_ranker.received.clear()
    yield
    hanging_ranker.release.set()
    garbage_ranker.answer = {"not": "a list"}
    plugins.install(previous)
    hanging_ranker.release.clear()


@pytest.fixture
def job(organization, employer):
    return JobPostFactory(
        organization=organization, user=employer, title="Data Engineer", skills=["Python", "SQL"]
    )


def applicant(job, skills=(), **profile):
    """A candidate with these skill records who applied to `job`: (profile, application)."""
    candidate = CandidateProfileFactory(**profile)
    for name in skills:
        SkillFactory(profile=candidate, name=name)
    return candidate, ApplicationFactory(job=job, candidate=candidate)


def rank(client, job, body=None):
    return client.post(job_url(job, "rank-candidates/"), body)


def ranking_data(client, job):
    response = client.get(job_url(job, "ranking-data/"))
    assert response.status_code == 200, response.content
    return response.json()


def order(data) -> list[int]:
    return [item["candidate_id"] for item in data["ranked_candidates"]]


# --- the whole flow -----------------------------------------------------------------------------


def test_rank_answers_202_then_ranking_data_lists_every_applicant_best_first(employer_api, job):
    weak, weak_application = applicant(job, ["Excel"])
    strong, strong_application = applicant(job, ["Python", "SQL"])
    half, _ = applicant(job, ["python"])

    response = rank(employer_api, job)

    assert response.status_code == 202
    run = Run.objects.get(kind="rank_candidates")
    assert response.json() == {
        "detail": "Ranking started.",
        "ranking_status": "ranking",
        "task_id": run.task_id,
    }
    data = ranking_data(employer_api, job)
    stored = Ranking.objects.get(job=job)
    assert data["ranking_status"] == "ranked"
    assert data["ranking_task_id"] == run.task_id
    assert (data["progress"], data["error"]) == (100, None)
    assert data["ranker"] == {"plugin": "recording", "version": "2.0.0"}
    assert data["last_updated"] == iso(stored.created_at)
    assert order(data) == [strong.pk, half.pk, weak.pk]
    assert data["ranked_candidates"][0] == {
        "candidate_id": strong.pk,
        "candidate_slug": strong.slug,
        "application_id": strong_application.pk,
        "application_status": "applied",
        "score": 100.0,
        "reasons": ["Has 2 of 2 skills"],
        "breakdown": {"skills": 100.0, "matched_skills": ["python", "sql"]},
    }
    assert data["ranked_candidates"][2]["application_id"] == weak_application.pk


def test_job_views_follow_the_latest_run(employer_api, job):
    applicant(job, ["Python"])
    assert employer_api.get(job_url(job)).json()["ranking_status"] == "not_ranked"

    task_id = rank(employer_api, job).json()["task_id"]

    members_view = employer_api.get(job_url(job)).json()
    stored = Ranking.objects.get(job=job)
    assert members_view["ranking_status"] == "ranked"
    assert members_view["ranking_task_id"] == task_id
    assert members_view["candidate_ranking_data"] == {
        "ranker": {"plugin": "recording", "version": "2.0.0"},
        "last_updated": iso(stored.created_at),
        "ranked_count": 1,
    }
    listed = employer_api.get("/api/channels/jobs/").json()
    assert [(item["ranking_status"], item["ranking_task_id"]) for item in listed] == [
        ("ranked", task_id)
    ]
    public_view = client_for(CandidateProfileFactory().user).get(job_url(job)).json()
    assert public_view["ranking_status"] == "ranked"
    assert "ranking_task_id" not in public_view
    assert "candidate_ranking_data" not in public_view


def cookie_client(user) -> ApiClient:
    """Logged in with the access_token cookie alone, as the web client is."""
    client = ApiClient()
    client.login(user.email)
    client.token = None
    return client


def test_rank_with_cookie_and_csrf_is_202(employer, job):
    client = cookie_client(employer)

    response = client.post(job_url(job, "rank-candidates/"), csrf=True)

    assert response.status_code == 202, response.content


def test_rank_with_cookie_without_csrf_is_403_and_starts_nothing(employer, job):
    client = cookie_client(employer)

    response = client.post(job_url(job, "rank-candidates/"))

    assert response.status_code == 403
    assert not Run.objects.filter(kind="rank_candidates").exists()


def test_rank_while_a_run_is_queued_returns_that_run(employer_api, job):
    run, _ = ranking.start_ranking(job)

    first = rank(employer_api, job)
    second = rank(employer_api, job)

    for response in (first, second):
        assert response.status_code == 202
        assert response.json() == {
            "detail": "The candidates are being ranked.",
            "ranking_status": "ranking",
            "task_id": run.task_id,
        }
    assert Run.objects.filter(kind="rank_candidates").count() == 1
    assert ranking_data(employer_api, job)["ranking_status"] == "ranking"


def test_rank_after_a_run_ended_starts_a_new_one(employer_api, job):
    applicant(job, ["SQL"])
    first = rank(employer_api, job).json()["task_id"]

    second = rank(employer_api, job)

    assert second.status_code == 202
    assert second.json()["task_id"] != first
    assert ranking_data(employer_api, job)["ranking_task_id"] == second.json()["task_id"]


def test_job_without_applicants_is_ranked_with_an_empty_list(employer_api, job):
    rank(employer_api, job)

    data = ranking_data(employer_api, job)

    assert (data["ranking_status"], data["ranked_candidates"]) == ("ranked", [])


def test_ranking_data_before_any_ranking_names_the_configured_ranker(employer_api, job):
    applicant(job, ["SQL"])

    assert ranking_data(employer_api, job) == {
        "ranking_status": "not_ranked",
        "ranking_task_id": "",
        "progress": 0,
        "error": None,
        "ranker": {"plugin": "recording", "version": "2.0.0"},
        "last_updated": None,
        "ranked_candidates": [],
    }


# --- who is ranked ------------------------------------------------------------------------------


def test_withdrawn_applicants_are_not_ranked_and_leave_the_list(employer_api, job):
    staying, _ = applicant(job, ["SQL"])
    leaving, leaving_application = applicant(job, ["Python", "SQL"])
    gone, gone_application = applicant(job, ["Python"])
    gone_application.status = ApplicationStatus.WITHDRAWN
    gone_application.save()
    rank(employer_api, job)
    assert order(ranking_data(employer_api, job)) == [leaving.pk, staying.pk]

    leaving_application.status = ApplicationStatus.WITHDRAWN
    leaving_application.save()

    assert order(ranking_data(employer_api, job)) == [staying.pk]
    assert [doc.candidate_id for doc in recording_ranker.received[0][1]] == [
        staying.pk,
        leaving.pk,
    ]


def test_applicants_after_the_ranking_come_last_unscored(employer_api, job):
    ranked, _ = applicant(job, ["SQL"])
    rank(employer_api, job)
    late, late_application = applicant(job, ["Python", "SQL"])

    data = ranking_data(employer_api, job)

    assert order(data) == [ranked.pk, late.pk]
    assert data["ranked_candidates"][1] == {
        "candidate_id": late.pk,
        "candidate_slug": late.slug,
        "application_id": late_application.pk,
        "application_status": "applied",
        "score": 0.0,
        "reasons": [ranking.UNRANKED_REASON],
        "breakdown": {},
    }


def test_rejected_and_shortlisted_applicants_are_ranked_with_their_status(employer_api, job):
    shortlisted, shortlisted_application = applicant(job, ["Python", "SQL"])
    rejected, rejected_application = applicant(job, ["SQL"])
    shortlisted_application.status = ApplicationStatus.SHORTLISTED
    shortlisted_application.save()
    rejected_application.status = ApplicationStatus.REJECTED
    rejected_application.save()

    rank(employer_api, job)

    data = ranking_data(employer_api, job)
    assert [
        (item["candidate_id"], item["application_status"]) for item in data["ranked_candidates"]
    ] == [
        (shortlisted.pk, "shortlisted"),
        (rejected.pk, "rejected"),
    ]


def test_only_this_jobs_applicants_are_ranked(employer_api, job, organization, employer):
    mine, _ = applicant(job, ["SQL"])
    other_job = JobPostFactory(organization=organization, user=employer, skills=["SQL"])
    applicant(other_job, ["SQL"])
    CandidateProfileFactory()  # never applied

    rank(employer_api, job)

    assert order(ranking_data(employer_api, job)) == [mine.pk]


# --- what the plugin receives -------------------------------------------------------------------

DISABILITY = {
    "disability_categories": ["sensory", "mental_health"],
    "accommodation_needs": "YES",
    "workplace_accommodations": ["assistive_technology", "flexible_schedule"],
    "disclosure_preference": "DURING_APPLICATION",
}


def test_plugin_receives_records_and_preferences_but_nothing_about_who_the_candidate_is(
    employer_api, job
):
    candidate, application = applicant(
        job,
        ["Python"],
        willing_to_relocate=True,
        work_mode_preferences=["remote", "hybrid"],
        employment_type_preferences=["full-time"],
        has_workvisa=True,
        resume_data={"skills": ["SQL", "python"], "summary": "Data engineer, Grace Hopper."},
        resume_terms={"pipelines": 1, "python": 1},
        **DISABILITY,
    )
    user = candidate.user
    user.first_name, user.last_name, user.email = "Grace", "Hopper", "grace@example.com"
    user.save()
    # The resume text as a parse stores it (parsing.stored_values): what ranking reads.
    raw = (
        "Grace Hopper\ngrace@example.com +1 416 555 0199\nhttps://github.com/grace\n"
        "Built data pipelines in Python."
    )
    parsed = ParsedResume(text=raw, resume_data=ResumeData())
    candidate.resume_text = stored_values(parsed, ("Grace", "Hopper"))["resume_text"]
    candidate.save()
    user.profile.location, user.profile.phone, user.profile.gender = (
        "Toronto",
        "+14165550199",
        "female",
    )
    user.profile.ethnicity = "Prefers to self-describe"
    user.profile.save()
    WorkExperienceFactory(profile=candidate, role="Data Engineer", company="Initech")
    EducationFactory(profile=candidate, institution="University of Toronto")

    rank(employer_api, job)

    [(job_document, documents)] = recording_ranker.received
    assert job_document.id == job.pk
    assert job_document.skills == ["Python", "SQL"]
    assert job_document.terms["skill:python"] == 1
    [document] = documents
    assert document.candidate_id == candidate.pk
    assert document.application_id == application.pk
    assert document.skills == ["Python", "SQL"]
    assert document.has_parsed_resume is True
    assert document.terms == {"pipelines": 1, "python": 1}
    assert [record.role for record in document.work_experience] == ["Data Engineer"]
    assert [record.institution for record in document.education] == ["University of Toronto"]
    assert document.preferences.model_dump() == {
        "work_modes": ["remote", "hybrid"],
        "employment_types": ["full-time"],
        "willing_to_relocate": True,
        "has_workvisa": True,
        "location": "Toronto",
    }
    assert "Built data pipelines in Python." in document.resume_text
    sent = json.dumps(document.model_dump()).lower()
    for private in (
        "grace",
        "hopper",
        "@example.com",
        "416",
        "github.com",
        "sensory",
        "mental_health",
        "assistive_technology",
        "flexible_schedule",
        "during_application",
        "female",
        "self-describe",
    ):
        assert private not in sent, private


def test_twins_differing_only_in_disability_data_get_identical_scores_and_reasons(
    employer_api, job
):
    plain, _ = applicant(job, ["Python", "SQL"])
    disclosed, _ = applicant(job, ["Python", "SQL"], **DISABILITY)

    rank(employer_api, job)

    first, second = ranking_data(employer_api, job)["ranked_candidates"]
    assert {first["candidate_id"], second["candidate_id"]} == {plain.pk, disclosed.pk}
    assert (first["score"], first["reasons"], first["breakdown"]) == (
        second["score"],
        second["reasons"],
        second["breakdown"],
    )


def test_a_run_costs_the_same_queries_for_1_and_40_applicants(job, organization, employer):
    def queries_of_a_run(target) -> int:
        run, _ = start_run(ranking.KIND, target)
        Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING)
        run.refresh_from_db()
        with CaptureQueriesContext(connection) as captured:
            ranking.rank_candidates_run(RunContext(run))
        return len(captured)

    applicant(job, ["SQL"])
    bigger = JobPostFactory(organization=organization, user=employer, skills=["SQL"])
    for _ in range(40):
        candidate, _ = applicant(bigger, ["SQL", "Python"])
        WorkExperienceFactory(profile=candidate)
        EducationFactory(profile=candidate)

    assert queries_of_a_run(job) == queries_of_a_run(bigger)
    assert Ranking.objects.get(job=bigger).ranked_count == 40


def test_applicant_erased_while_the_run_scores_is_not_written_back(employer_api, job, monkeypatch):
    kept, _ = applicant(job, ["Python"])
    erased, _ = applicant(job, ["SQL"])
    scored = ranking._entries

    def erase_after_scoring(*args):
        entries = scored(*args)
        erase_user(erased.user)  # commits between the plugin's answer and the write
        return entries

    monkeypatch.setattr(ranking, "_entries", erase_after_scoring)

    response = rank(employer_api, job)

    assert response.status_code == 202
    stored = Ranking.objects.get(job=job)
    assert ([entry["candidate_id"] for entry in stored.entries], stored.ranked_count) == (
        [kept.pk],
        1,
    )


# --- plugins ------------------------------------------------------------------------------------


def test_request_plugin_picks_the_ranker(employer_api, job, settings):
    settings.RANKING_PLUGIN = "raising"
    applicant(job, ["SQL"])

    response = rank(employer_api, job, {"plugin": "recording"})

    assert response.status_code == 202
    data = ranking_data(employer_api, job)
    assert (data["ranking_status"], data["ranker"]["plugin"]) == ("ranked", "recording")
    assert Run.objects.get(kind="rank_candidates").plugin == "recording"


def test_rank_with_an_unknown_plugin_is_400_and_starts_nothing(employer_api, job):
    response = rank(employer_api, job, {"plugin": "no_such_ranker"})

    assert response.status_code == 400
    assert set(response.json()) == {"plugin"}
    assert not Run.objects.filter(kind="rank_candidates").exists()


@pytest.mark.parametrize(
    "body",
    [{"plugin": 5}, {"plugin": "x" * 101}, {"unknown": 1}, [1, 2]],
    ids=["number", "too-long", "unknown-key", "array"],
)
def test_rank_with_a_bad_body_is_400_and_starts_nothing(employer_api, job, body):
    response = rank(employer_api, job, body)

    assert response.status_code == 400, response.content
    assert not Run.objects.filter(kind="rank_candidates").exists()


def test_rank_with_a_body_that_is_not_json_is_400(employer_api, job):
    response = employer_api.post(
        job_url(job, "rank-candidates/"), raw=b"{nope", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400
    assert not Run.objects.filter(kind="rank_candidates").exists()


@pytest.mark.parametrize(
    ("plugin", "message"),
    [
        ("raising", "The ranking plugin (raising) failed on this job."),
        ("garbage", "The ranking plugin (garbage) returned no usable ranking"),
    ],
)
def test_failing_ranker_fails_the_run_and_keeps_the_last_good_ranking(
    employer_api, job, plugin, message
):
    candidate, _ = applicant(job, ["SQL"])
    rank(employer_api, job)
    good = ranking_data(employer_api, job)

    rank(employer_api, job, {"plugin": plugin})

    data = ranking_data(employer_api, job)
    assert data["ranking_status"] == "failed"
    assert data["error"].startswith(message)
    assert data["ranked_candidates"] == good["ranked_candidates"]
    assert data["ranker"] == good["ranker"]
    assert employer_api.get(job_url(job)).json()["ranking_status"] == "failed"


@pytest.mark.parametrize(
    "answer",
    [
        [],  # nobody, for one applicant
        [{"candidate_id": 0, "score": 50}],  # a stranger
        [{"candidate_id": "CANDIDATE", "score": 101}],  # a score out of range
        "not a list",
    ],
    ids=["nobody", "stranger", "out-of-range", "string"],
)
def test_ranker_answering_garbage_fails_the_run(employer_api, job, answer):
    candidate, _ = applicant(job, ["SQL"])
    garbage_ranker.answer = (
        [{**item, "candidate_id": candidate.pk} for item in answer]
        if isinstance(answer, list) and answer and answer[0]["candidate_id"] == "CANDIDATE"
        else answer
    )

    rank(employer_api, job, {"plugin": "garbage"})

    data = ranking_data(employer_api, job)
    assert data["ranking_status"] == "failed"
    assert "returned no usable ranking" in data["error"]
    assert not Ranking.objects.filter(job=job).exists()


def test_ranker_counting_a_candidate_twice_fails_the_run(employer_api, job):
    first, _ = applicant(job, ["SQL"])
    second, _ = applicant(job, ["SQL"])
    garbage_ranker.answer = [
        {"candidate_id": first.pk, "score": 50},
        {"candidate_id": first.pk, "score": 40},
    ]

    rank(employer_api, job, {"plugin": "garbage"})

    assert ranking_data(employer_api, job)["ranking_status"] == "failed"


def test_hanging_ranker_fails_the_run_after_the_timeout(employer_api, job, settings):
    settings.RANKING_TIMEOUT = 0.3
    applicant(job, ["SQL"])

    rank(employer_api, job, {"plugin": "hanging"})

    data = ranking_data(employer_api, job)
    assert data["ranking_status"] == "failed"
    assert "did not answer within 0.3 seconds" in data["error"]


# --- who may rank -------------------------------------------------------------------------------


def test_rank_and_ranking_data_of_another_organizations_open_job_are_403(other_employer_api, job):
    applicant(job, ["SQL"])

    assert rank(other_employer_api, job).status_code == 403
    assert other_employer_api.get(job_url(job, "ranking-data/")).status_code == 403
    assert not Run.objects.filter(kind="rank_candidates").exists()


def test_rank_and_ranking_data_of_another_organizations_draft_job_are_404(other_employer_api, job):
    job.status = JobStatus.DRAFT
    job.save()

    assert rank(other_employer_api, job).json() == NOT_FOUND
    assert other_employer_api.get(job_url(job, "ranking-data/")).json() == NOT_FOUND


def test_applicant_cannot_rank_or_read_the_ranking(job):
    candidate, _ = applicant(job, ["SQL"])
    client = client_for(candidate.user)

    assert rank(client, job).status_code == 403
    assert client.get(job_url(job, "ranking-data/")).status_code == 403


def test_rank_anonymous_is_401(api, job):
    assert rank(api, job).status_code == 401
    assert api.get(job_url(job, "ranking-data/")).status_code == 401


def test_rank_of_a_job_that_does_not_exist_is_404(employer_api):
    assert rank(employer_api, 999999).json() == NOT_FOUND
