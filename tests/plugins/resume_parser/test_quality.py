"""The parser over the labelled generated corpus: the issue's quality thresholds."""

import json

import pytest

from .corpus import LABELS, generate, labels
from .quality import evaluate


@pytest.fixture(scope="module")
def corpus():
    return generate()


def test_corpus_generation_matches_committed_labels(corpus):
    assert labels(corpus) == json.loads(LABELS.read_text())


def test_corpus_covers_at_least_six_layouts(corpus):
    assert len({sample.layout for sample in corpus}) >= 6


def test_quality_thresholds_hold_over_corpus(corpus):
    _, overall = evaluate(corpus)
    metrics = overall.metrics()

    assert metrics["email"] == 1.0
    assert metrics["phone"] >= 0.95
    assert metrics["name_f1"] >= 0.95
    assert metrics["skills_recall"] >= 0.85
    assert metrics["skills_precision"] >= 0.8
    for kind in ("employers", "institutions"):
        assert metrics[f"{kind}_precision"] >= 0.85, kind
        assert metrics[f"{kind}_recall"] >= 0.85, kind


def test_quality_every_layout_finds_every_email(corpus):
    per_layout, _ = evaluate(corpus)

    assert {name: score.metrics()["email"] for name, score in per_layout.items()} == {
        name: 1.0 for name in per_layout
    }
