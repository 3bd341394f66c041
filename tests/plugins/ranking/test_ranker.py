"""The default ranker (plugins/ranking/ranker.py): order, determinism, skills under other
spellings, experience by the pool's dates, logistics, reasons and breakdown, weights."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from platform_core.documents import CandidateDocument, CandidatePreferences, WorkRecord
from plugins.ranking.ranker import DEFAULT_WEIGHTS, Weights, rank
from plugins.resume_parser.skills import vocabulary_aliases

from .applicants import (
    BACKEND_RESUME,
    honest_backend,
    job,
    pool,
    records_only,
    resume,
    work,
)

ROOT = Path(__file__).resolve().parents[3]
ALIASES = {alias.lower(): name for alias, name in vocabulary_aliases().items()}


def _by_id(ranked):
    return {entry.candidate_id: entry for entry in ranked}


# --- order and determinism ------------------------------------------------------------------------


def test_rank_empty_candidate_list_is_empty():
    assert rank(job(), []) == []


def test_rank_matching_candidate_outranks_the_other_professions():
    ranked = rank(job(), [*pool(), honest_backend(10)], aliases=ALIASES)

    assert [entry.candidate_id for entry in ranked][:2] == [10, 3]  # then the data scientist
    assert sorted(entry.candidate_id for entry in ranked) == [1, 2, 3, 4, 10]
    assert ranked[0].score > 80 > 40 > ranked[1].score


def test_rank_twice_gives_equal_lists():
    candidates = [*pool(), honest_backend(10), records_only(11)]

    assert rank(job(), candidates, aliases=ALIASES) == rank(job(), candidates, aliases=ALIASES)


def test_rank_same_in_any_input_order_and_term_order():
    candidates = [*pool(), honest_backend(10), records_only(11)]
    reordered = [
        c.model_copy(update={"terms": dict(reversed(list(c.terms.items())))})
        for c in reversed(candidates)
    ]

    assert rank(job(), reordered, aliases=ALIASES) == rank(job(), candidates, aliases=ALIASES)


_RANK_AND_PRINT = """
import json
from plugins.ranking.ranker import rank
from tests.plugins.ranking.applicants import honest_backend, job, pool, records_only
ranked = rank(job(), [*pool(), honest_backend(10), records_only(11)])
print(json.dumps([entry.model_dump() for entry in ranked]))
"""


def test_rank_same_bytes_under_any_hash_seed():
    # String hashing, and so set order, changes with PYTHONHASHSEED: no result may depend on it.
    outputs = {
        subprocess.run(
            [sys.executable, "-c", _RANK_AND_PRINT],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }

    assert len(outputs) == 1 and b'"candidate_id": 10' in outputs.pop()


def test_rank_twins_get_identical_scores_and_reasons_ordered_by_id():
    twin = honest_backend(12)
    ranked = rank(job(), [*pool(), twin, honest_backend(10)], aliases=ALIASES)
    first, second = ranked[0], ranked[1]

    assert (first.candidate_id, second.candidate_id) == (10, 12)
    assert (first.score, first.reasons, first.breakdown) == (
        second.score,
        second.reasons,
        second.breakdown,
    )


def test_rank_scores_are_rounded_to_one_decimal_within_0_100():
    ranked = rank(job(), [*pool(), honest_backend(10), records_only(11)], aliases=ALIASES)

    assert all(0 <= e.score <= 100 and round(e.score, 1) == e.score for e in ranked)
    assert [e.score for e in ranked] == sorted((e.score for e in ranked), reverse=True)


def test_rank_long_resume_that_mentions_everything_does_not_beat_a_focused_one():
    everything = "\n".join(
        [BACKEND_RESUME]
        + [f"Also worked on {topic}." for topic in _OTHER_TOPICS]
        + [candidate.resume_text for candidate in pool()]
    )
    long_one = resume(20, everything, ["Python", "Django", "SQL", "Docker", "Git"])
    focused = resume(21, BACKEND_RESUME, ["Python", "Django", "SQL", "Docker", "Git"])

    scores = _by_id(rank(job(), [*pool(), long_one, focused], aliases=ALIASES))

    assert scores[21].breakdown["relevance"] > scores[20].breakdown["relevance"]


_OTHER_TOPICS = [
    "payroll", "forklift safety", "retail merchandising", "bookkeeping", "event planning",
    "social media campaigns", "customer service", "warehouse inventory", "tutoring", "catering",
]  # fmt: skip


# --- skills ---------------------------------------------------------------------------------------


def test_rank_skills_match_under_aliases():
    spelled = resume(30, "Backend work.", ["JS", "Postgres", "k8s"])
    wanted = job(skills=["JavaScript", "PostgreSQL", "Kubernetes", "Go"])

    entry = rank(wanted, [*pool(), spelled], aliases=ALIASES)[0]

    assert (entry.breakdown["matched_skills"], entry.breakdown["missing_skills"]) == (
        ["JavaScript", "PostgreSQL", "Kubernetes"],
        ["Go"],
    )
    assert entry.reasons[0] == (
        "Has 3 of 4 required skills: JavaScript, PostgreSQL, Kubernetes; missing Go"
    )


def test_rank_skills_match_near_spellings():
    typos = resume(31, "Backend work.", ["Kubernets", "Djangoo", "Javascript"])

    entry = _by_id(rank(job(), [*pool(), typos]))[31]

    assert entry.breakdown["matched_skills"] == ["Django", "Kubernetes"]


def test_rank_short_skill_names_are_not_matched_fuzzily():
    near = resume(32, "Work.", ["C#", "Gi"])

    entry = _by_id(rank(job(skills=["C++", "Go"]), [*pool(), near]))[32]

    assert entry.breakdown["matched_skills"] == []


def test_rank_skill_named_in_resume_text_counts_once_however_repeated():
    text = "Backend developer. Deployed with docker. Docker images, docker compose."
    described = resume(33, text, ["Python"])

    entry = _by_id(rank(job(), [*pool(), described], aliases=ALIASES))[33]

    assert entry.breakdown["matched_skills"] == ["Python", "Docker"]
    assert entry.breakdown["skills_in_use"] == ["Docker"]  # Python is only listed


def test_rank_skill_listed_fifty_times_counts_once():
    listed = resume(34, "Backend developer.", ["Python"] * 50)

    entry = _by_id(rank(job(), [*pool(), listed], aliases=ALIASES))[34]

    assert entry.breakdown["matched_skills"] == ["Python"]
    assert entry.reasons[0] == (
        "Has 1 of 5 required skills: Python; missing Django, SQL, Docker, Kubernetes"
    )


def test_rank_job_without_skills_has_no_skills_part():
    entry = rank(job(skills=[]), [*pool(), honest_backend(10)], aliases=ALIASES)[0]

    assert "skills" not in entry.breakdown and "matched_skills" not in entry.breakdown
    assert not any("required skill" in reason for reason in entry.reasons)


# --- experience -----------------------------------------------------------------------------------


def test_rank_current_role_runs_to_the_latest_date_in_the_pool_not_today():
    # The pool's latest date is 2024-01-01: a role current since 2018 is six years, whatever
    # today is; a later date anywhere in the pool moves it.
    later = resume(40, "Nurse.", [], roles=[work("Nurse", "2015-01-01", "2026-01-01")])

    alone = _by_id(rank(job(), [*pool(), honest_backend(10)]))[10]
    with_later = _by_id(rank(job(), [*pool(), honest_backend(10), later]))[10]

    assert (alone.breakdown["experience_years"], with_later.breakdown["experience_years"]) == (
        6.0,
        8.0,
    )
    assert alone.reasons[1] == "6 years as Backend Developer"


def test_rank_years_in_other_roles_count_less():
    like = resume(41, "Developer.", [], roles=[work("Backend Developer", "2016-01-01")])
    other = resume(42, "Developer.", [], roles=[work("Warehouse Associate", "2016-01-01")])

    scores = _by_id(rank(job(), [*pool(), like, other]))

    assert scores[41].breakdown["experience"] > 3 * scores[42].breakdown["experience"] > 0
    assert scores[42].reasons[1] == "8 years of work experience, none in a role like this one"


def test_rank_experience_reason_names_the_candidates_own_titles():
    career = [
        work("Backend Developer", "2020-01-01"),
        work("Senior Backend Developer", "2017-01-01", "2020-01-01"),
        work("Cashier", "2012-01-01", "2016-01-01"),
    ]
    changer = resume(43, "Developer.", [], roles=career)

    entry = _by_id(rank(job(), [*pool(), changer]))[43]

    assert entry.reasons[1] == (
        "7 years in roles like this one: Backend Developer, Senior Backend Developer "
        "(11 years of work experience in all)"
    )


def test_rank_overlapping_roles_count_once_and_undated_ones_not_at_all():
    roles = [
        work("Backend Developer", "2020-01-01", "2024-01-01"),
        work("Backend Developer", "2021-01-01", "2023-01-01"),  # a second job at the same time
        WorkRecord(role="Backend Developer"),
    ]

    entry = _by_id(rank(job(), [*pool(), resume(44, "Developer.", [], roles=roles)]))[44]

    assert entry.breakdown["experience_years"] == 4.0


def test_rank_work_without_dates_is_said_so():
    entry = _by_id(
        rank(job(), [*pool(), resume(45, "Dev.", [], roles=[WorkRecord(role="Developer")])])
    )[45]

    assert entry.reasons[1] == "Work experience listed without dates to count years from"


# --- a candidate without a parsed resume ----------------------------------------------------------


def test_rank_without_parsed_resume_scores_from_records_and_says_so():
    entry = _by_id(rank(job(), [*pool(), records_only(11)], aliases=ALIASES))[11]

    assert "No parsed resume: scored from profile records" in entry.reasons
    assert entry.reasons[-1].startswith("Profile matches the job closely; shared terms: ")
    assert entry.breakdown["relevance"] > 50  # the records' words (roles, descriptions) count
    assert entry.breakdown["skills_in_use"] == ["Django"]  # described in a role, not only listed


def test_rank_empty_profile_is_ranked_with_its_reasons():
    entry = _by_id(rank(job(), [*pool(), CandidateDocument(candidate_id=46)]))[46]

    assert entry.score == 0.0
    assert entry.reasons == [
        "Has none of the 5 required skills: Python, Django, SQL, Docker, Kubernetes",
        "No work experience listed",
        "No parsed resume: scored from profile records",
        "Profile shares none of the job's key terms",
    ]


# --- logistics ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preferences", "job_fields", "reason"),
    [
        (
            CandidatePreferences(work_modes=["remote"]),
            {"workplace_type": "onsite"},
            "Prefers remote work; this job is on-site",
        ),
        (
            CandidatePreferences(work_modes=["remote", "hybrid"]),
            {"workplace_type": "onsite"},
            "Prefers remote or hybrid work; this job is on-site",
        ),
        (
            CandidatePreferences(employment_types=["part-time", "contract"]),
            {},
            "Looks for part-time or contract work; this job is full-time",
        ),
        (
            CandidatePreferences(location="Ottawa, ON"),
            {"workplace_type": "onsite"},
            "Based in Ottawa, ON and not open to relocating; this job is in Toronto, ON",
        ),
        (
            CandidatePreferences(),
            {"visa_required": True},
            "Needs a work visa; this job requires one",
        ),
    ],
)
def test_rank_logistics_conflict_costs_a_little_and_is_said(preferences, job_fields, reason):
    wanted = job(**job_fields)
    suited = honest_backend(10, preferences=CandidatePreferences(has_workvisa=True))
    unsuited = honest_backend(11, preferences=preferences)

    scores = _by_id(rank(wanted, [*pool(), suited, unsuited], aliases=ALIASES))

    assert reason in scores[11].reasons
    assert scores[10].score > scores[11].score > 0.8 * scores[10].score
    assert scores[11].breakdown["logistics"] < scores[10].breakdown["logistics"] == 100.0


@pytest.mark.parametrize(
    "preferences",
    [
        CandidatePreferences(),  # nothing given: neutral
        CandidatePreferences(work_modes=["hybrid"], employment_types=["full-time"]),
        CandidatePreferences(location="Toronto, Ontario"),
        CandidatePreferences(location="Ottawa, ON", willing_to_relocate=True),
        CandidatePreferences(has_workvisa=True),
    ],
)
def test_rank_logistics_without_conflict_is_neutral(preferences):
    entry = _by_id(
        rank(job(visa_required=False), [*pool(), honest_backend(11, preferences=preferences)])
    )[11]
    plain = _by_id(rank(job(visa_required=False), [*pool(), honest_backend(11)]))[11]

    assert (entry.score, entry.breakdown["logistics"]) == (plain.score, 100.0)


def test_rank_location_does_not_matter_for_a_remote_job():
    far = honest_backend(11, preferences=CandidatePreferences(location="Vancouver, BC"))

    entry = _by_id(rank(job(workplace_type="remote"), [*pool(), far]))[11]

    assert entry.breakdown["logistics"] == 100.0


# --- reasons and breakdown ------------------------------------------------------------------------


def test_rank_reasons_are_two_to_five_sentences_and_breakdown_plain_values():
    unsuited = CandidatePreferences(
        work_modes=["remote"], employment_types=["contract"], location="Ottawa, ON"
    )
    candidates = [
        *pool(),
        honest_backend(10),
        records_only(11, preferences=unsuited),
        CandidateDocument(candidate_id=12, preferences=unsuited),
    ]

    ranked = rank(job(workplace_type="onsite", visa_required=True), candidates, aliases=ALIASES)

    assert all(2 <= len(entry.reasons) <= 5 for entry in ranked)
    for entry in ranked:
        for value in entry.breakdown.values():
            assert isinstance(value, float | int | str) or all(isinstance(v, str) for v in value)


def test_rank_breakdown_parts_of_the_honest_match():
    entry = rank(job(), [*pool(), honest_backend(10)], aliases=ALIASES)[0]

    assert entry.breakdown == {
        "relevance": entry.breakdown["relevance"],
        "experience": entry.breakdown["experience"],
        "logistics": 100.0,
        "experience_years": 6.0,
        "relevant_years": 6.0,
        "stuffing": 0.0,
        "skills": 80.0,
        "matched_skills": ["Python", "Django", "SQL", "Docker"],
        "missing_skills": ["Kubernetes"],
        "skills_in_use": ["Python", "Django", "SQL", "Docker"],
    }
    assert entry.reasons == [
        "Has 4 of 5 required skills: Python, Django, SQL, Docker; missing Kubernetes",
        "6 years as Backend Developer",
        "Resume matches the job closely; shared terms: backend, developer, django, apis, docker",
    ]


# --- weights --------------------------------------------------------------------------------------


def test_rank_weights_choose_the_parts():
    candidates = [*pool(), honest_backend(10)]

    skills_only = rank(
        job(), candidates, aliases=ALIASES, weights={"relevance": 0, "experience": 0}
    )[0]

    assert skills_only.score == skills_only.breakdown["skills"] == 80.0


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([("skills", 1)], "must be a mapping"),
        ({"speed": 1}, "unknown ranking weight 'speed'"),
        ({"skills": -1}, "must be a number >= 0"),
        ({"skills": "high"}, "must be a number >= 0"),
        ({"skills": True}, "must be a number >= 0"),
        ({"logistics": 2}, "at most 1"),
        ({"relevance": 0, "skills": 0, "experience": 0}, "must weigh > 0"),
    ],
)
def test_weights_refuse_what_is_not_a_weight(weights, message):
    with pytest.raises(ValueError, match=message):
        Weights.of(weights)


def test_weights_default_shares_add_up_to_one():
    chosen = Weights.of()

    assert chosen.relevance + chosen.skills + chosen.experience == pytest.approx(1.0)
    assert chosen.logistics == DEFAULT_WEIGHTS["logistics"]
