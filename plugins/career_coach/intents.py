"""What a message to the offline coach is about, from plain word rules.

Each intent has cue words and phrases, strong ones (weight 2: "resume", "interview") and weak
ones (weight 1: "profile", "prepare"). A message scores each intent by the cues it contains and
the highest score wins; a tie goes to the intent listed first in `INTENTS`, so a question naming
a disability and a resume is answered about disclosure. A message with no cue is `general`.

Words match as people type them: in any case, with accents or not ("Résumé"), inflected
("interviewing", "salaries": a word of five letters or more also matches what starts with all
but its last letter), and with one typo (two in words of ten letters or more; the first letter
must be right, and words under six letters get none, so "still" is not "skill").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

from rapidfuzz.distance import OSA

Intent = Literal[
    "accommodations", "salary", "interviews", "skills", "resume", "job_search", "general"
]  # fmt: skip

STRONG, WEAK = 2, 1

# Tie-break order: the first intent listed wins a tie.
INTENTS: dict[Intent, tuple[tuple[str, int], ...]] = {
    "accommodations": (
        ("accommodation", STRONG), ("accommodate", STRONG), ("disclose", STRONG),
        ("disclosure", STRONG), ("disability", STRONG), ("disabled", STRONG),
        ("reasonable adjustment", STRONG), ("wheelchair", STRONG), ("deaf", STRONG),
        ("blind", STRONG), ("neurodivergent", STRONG), ("adhd", STRONG), ("autism", STRONG),
        ("autistic", STRONG), ("mental health", STRONG), ("accessibility", WEAK),
        ("accessible", WEAK), ("assistive", WEAK), ("adjustment", WEAK), ("chronic", WEAK),
        ("condition", WEAK),
        ("tell my employer", WEAK), ("tell the employer", WEAK), ("my rights", WEAK),
        ("legal rights", WEAK),
    ),
    "salary": (
        ("salary", STRONG), ("wage", STRONG), ("compensation", STRONG), ("pay range", STRONG),
        ("how much", STRONG), ("get paid", STRONG), ("earning", STRONG), ("earn", STRONG),
        ("income", STRONG), ("negotiate", STRONG), ("negotiation", STRONG),
        ("hourly rate", STRONG), ("pay", WEAK), ("paid", WEAK), ("money", WEAK),
        ("benefits", WEAK), ("raise", WEAK), ("offer", WEAK),
    ),
    "interviews": (
        ("interview", STRONG), ("star method", STRONG), ("phone screen", STRONG),
        ("prepare", WEAK), ("preparation", WEAK), ("prep", WEAK), ("behavioral", WEAK),
        ("behavioural", WEAK), ("screening", WEAK), ("recruiter", WEAK), ("nervous", WEAK),
        ("questions", WEAK),
    ),
    "skills": (
        ("skill", STRONG), ("upskill", STRONG), ("reskill", STRONG), ("skill gap", STRONG),
        ("learn", WEAK), ("learning", WEAK), ("course", WEAK), ("training", WEAK),
        ("certification", WEAK), ("certificate", WEAK), ("qualify", WEAK),
        ("qualification", WEAK), ("gap", WEAK), ("requirement", WEAK), ("missing", WEAK),
    ),
    "resume": (
        ("resume", STRONG), ("cv", STRONG), ("curriculum vitae", STRONG),
        ("cover letter", STRONG), ("profile", WEAK), ("summary", WEAK), ("bio", WEAK),
        ("headline", WEAK), ("portfolio", WEAK), ("complete", WEAK), ("about me", WEAK),
        ("improve", WEAK),
    ),
    "job_search": (
        ("job search", STRONG), ("find a job", STRONG), ("find work", STRONG),
        ("open jobs", STRONG), ("openings", STRONG), ("vacancy", STRONG),
        ("vacancies", STRONG), ("hiring", STRONG), ("job", WEAK), ("apply", WEAK),
        ("application", WEAK), ("position", WEAK), ("role", WEAK), ("opportunity", WEAK),
        ("opportunities", WEAK), ("search", WEAK), ("find", WEAK), ("match", WEAK),
        ("fit", WEAK), ("work", WEAK),
    ),
}  # fmt: skip

_WORD = re.compile(r"[a-z0-9]+")


def plain_text(text: str) -> str:
    """`text` in lower case with accents taken off ("Résumé" → "résumé" → "resume")."""
    plain = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in plain if not unicodedata.combining(ch))


def words_of(text: str) -> list[str]:
    """The lower-case words of `text`, accents taken off, letters and digits only."""
    return _WORD.findall(plain_text(text))


def word_matches(word: str, cue: str) -> bool:
    """`word` (from a message) is `cue` as typed: itself, a plural, an inflection or a typo."""
    if word == cue or word in (cue + "s", cue + "es"):
        return True
    if len(cue) < 5:
        return False
    if word.startswith(cue[:-1]):
        return True
    if len(cue) < 6 or word[0] != cue[0]:
        return False
    allowed = 2 if len(cue) >= 10 else 1
    return OSA.distance(word, cue, score_cutoff=allowed) <= allowed


def _contains(words: Sequence[str], cue: str) -> bool:
    parts = cue.split()
    if len(parts) == 1:
        return any(word_matches(word, cue) for word in words)
    width = len(parts)
    return any(
        all(word_matches(w, p) for w, p in zip(words[i : i + width], parts, strict=True))
        for i in range(len(words) - width + 1)
    )


def scores(text: str) -> dict[Intent, int]:
    """Each intent's score for `text`: the weights of the cues it contains."""
    words = words_of(text)
    return {
        intent: sum(weight for cue, weight in cues if _contains(words, cue))
        for intent, cues in INTENTS.items()
    }


def detect(text: str) -> Intent:
    """The intent of `text`: the highest score, the first listed on a tie, else `general`."""
    best: Intent = "general"
    top = 0
    for intent, score in scores(text).items():
        if score > top:
            best, top = intent, score
    return best


def mentions(text: str, cue: str) -> bool:
    """`text` contains the word or phrase `cue`, matched as the intents' cues are."""
    return _contains(words_of(text), cue)
