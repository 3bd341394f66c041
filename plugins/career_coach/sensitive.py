"""Words about disability and health, kept out of the generated "about".

The plugin never receives disability data, but a candidate's own records and an LLM's answer
can still use such words ("Disability Support Worker", "despite my ADHD"). The "about" is shown
to employers, so a record or a sentence that uses one is left out of it: what to say about
disability, and when, stays the candidate's choice (their disclosure setting).
"""

from __future__ import annotations

import re

from .intents import words_of

_WORDS = frozenset(
    {"disability", "disabilities", "disabled", "accommodation", "accommodations", "impairment"}
    | {"impaired", "wheelchair", "deaf", "blind", "autism", "autistic", "adhd", "dyslexia"}
    | {"dyslexic", "neurodivergent", "neurodiverse", "chronic", "illness", "diagnosis"}
    | {"diagnosed", "handicap", "handicapped", "medical", "condition", "epilepsy", "ptsd"}
)
_PHRASES = (("mental", "health"), ("special", "needs"), ("hard", "of", "hearing"))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def mentions_health(text: str) -> bool:
    """`text` has a word or phrase about disability or health."""
    words = words_of(text)
    if _WORDS.intersection(words):
        return True
    return any(
        tuple(words[i : i + len(phrase)]) == phrase
        for phrase in _PHRASES
        for i in range(len(words) - len(phrase) + 1)
    )


def without_health_sentences(text: str) -> str:
    """`text` less its sentences that mention disability or health."""
    sentences = _SENTENCE_END.split(text.strip())
    return " ".join(s for s in sentences if s and not mentions_health(s))
