"""Terms: the one tokenizer that resume parsing, job text, ranking and search share.

A resume's term counts are computed once, at parse time, by the parser plugin; a job's from its
title, description and skills when a ranking runs. Both sides must tokenise alike or nothing
matches, so every plugin that counts terms uses `tokens()` / `count_terms()` from here.
Pure: no Django.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

_STOPWORD_TEXT = """
a an and or the of to in on at for with by from as is are was were be been being it its this
    that these those i me my we our you your he she they them their his her which who whom what when
    where how than then so such not no nor but if into over under up down out about after before
    during while through per via etc also very can will would should could may might must has have
    had do does did done just more most other some any each all both few many much own same"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Words with their inner `.`, `-`, `+` and `#` kept: "node.js", "c++", "c#", "front-end".
TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:[.\-][a-z0-9+#]+)*")
# Term-count keys of skills carry this prefix ("skill:python"), so a skill and a word differ.
SKILL_PREFIX = "skill:"
MAX_TERMS = 3000


def tokens(text: str, *, exclude: Iterable[str] = ()) -> Iterator[str]:
    """The lower-case words of `text` that carry meaning: no stopwords, no single characters, no
    bare numbers, none of `exclude` (lower-case words, e.g. a person's name)."""
    left_out = set(exclude)
    for token in TOKEN.findall(text.lower()):
        if (
            len(token) > 1
            and token not in STOPWORDS
            and not token.isdigit()
            and token not in left_out
        ):
            yield token


def count_terms(
    text: str, skills: Iterable[str] = (), *, exclude: Iterable[str] = ()
) -> dict[str, int]:
    """Term counts of `text` plus one `skill:<name>` term per skill, the MAX_TERMS most common."""
    counts = Counter(tokens(text, exclude=exclude))
    for skill in skills:
        counts[f"{SKILL_PREFIX}{skill.strip().lower()}"] += 1
    return dict(counts.most_common(MAX_TERMS))
