"""The default ranker over the labelled pool (pool.py): its figures must not fall below the ones
recorded in quality_baseline.json, and it must beat the BM25 baseline.

After a change that moves the figures on purpose (the pool, the ranker), rerun
`python benchmarks/rank_quality.py --write-baseline` and commit the new JSON with the table in
docs/benchmarks.md.
"""

import json
import math
from pathlib import Path

import pytest

from benchmarks.rank_quality import (
    METRICS,
    bm25_rank,
    default_rank,
    evaluate,
    ndcg,
    precision,
    reciprocal_rank,
)
from platform_core.terms import count_terms
from plugins.resume_parser.parser import structure

from .pool import build_pool

BASELINE = json.loads(Path(__file__).with_name("quality_baseline.json").read_text())
# How far a figure may fall below the baseline: one relevant candidate more or less in one
# job's top 10 moves NDCG@10 by about 0.01.
TOLERANCE = 0.01


@pytest.fixture(scope="module")
def pool():
    return build_pool(BASELINE["seed"])


@pytest.fixture(scope="module")
def default(pool):
    return evaluate(default_rank, pool)


def test_metrics_of_a_known_ranking():
    ranking, relevant = [5, 9, 7, 1], {7, 5, 3}

    assert (
        ndcg(ranking, relevant),
        precision(ranking, relevant),
        reciprocal_rank(ranking, relevant),
    ) == (
        pytest.approx((1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3) + 1 / math.log2(4))),
        0.2,
        1.0,
    )


def test_pool_is_the_same_for_the_same_seed(pool):
    assert (build_pool(BASELINE["seed"]) == pool, build_pool(BASELINE["seed"] + 1) == pool) == (
        True,
        False,
    )


def test_pool_has_one_job_and_ten_candidates_per_profession(pool):
    labelled = [ids for ids in pool.relevant.values()]
    everyone = {candidate.candidate_id for candidate in pool.candidates}

    assert len(pool.jobs) >= 8
    assert sorted(pool.relevant) == sorted(job.id for job in pool.jobs)
    assert [len(ids) for ids in labelled] == [10] * len(pool.jobs)
    assert len(set().union(*labelled)) == 10 * len(pool.jobs)  # nobody in two professions
    assert set().union(*labelled) < everyone  # and some belong to none


def test_pool_terms_are_what_the_parser_stores(pool):
    with_resume = [c for c in pool.candidates if c.has_parsed_resume]
    without = [c for c in pool.candidates if not c.has_parsed_resume]

    # Every 8th: the parser takes ~25 ms a resume, the whole pool would take seconds.
    for candidate in with_resume[::8]:
        skills = structure(candidate.resume_text).skills
        assert candidate.terms == count_terms(candidate.resume_text, skills), candidate.candidate_id
    assert {(c.resume_text, len(c.terms)) for c in without} == {("", 0)}
    assert len(without) == 2 * len(pool.jobs)


def test_pool_resumes_carry_no_contact_details(pool):
    texts = [candidate.resume_text for candidate in pool.candidates]

    assert [text for text in texts if "@" in text or "http" in text or "www." in text] == []


def test_bm25_figures_are_the_baseline_ones(pool):
    """The pool is the one the baseline was measured on."""
    bm25 = evaluate(bm25_rank, pool)

    assert {m: round(bm25[m], 4) for m in METRICS} == BASELINE["bm25"]


def test_default_ranker_does_not_fall_below_the_baseline(default):
    assert {m: default[m] >= BASELINE["default"][m] - TOLERANCE for m in METRICS} == {
        m: True for m in METRICS
    }, {m: round(default[m], 4) for m in METRICS}


def test_default_ranker_beats_bm25_on_ndcg(default):
    assert default["ndcg@10"] > BASELINE["bm25"]["ndcg@10"]
