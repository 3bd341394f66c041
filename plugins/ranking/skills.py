"""Skills coverage: which of the job's skills a candidate has, under any spelling.

A job skill is matched by a candidate skill with the same canonical name (aliases: "JS" is
"JavaScript", "k8s" is "Kubernetes"), by a near spelling (rapidfuzz, "Kubernets"), or by the
skill's name as a word of the resume. Each job skill counts once, however often either side
repeats it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from itertools import repeat
from typing import NamedTuple

from rapidfuzz import fuzz

from platform_core.terms import SKILL_PREFIX, tokens

# Near spellings: "postgres" ~ "postgresql" scores 88.9, "javascript" ~ "typescript" 60.
FUZZY_CUTOFF = 85.0
# Short names are too close to each other to compare fuzzily ("C#" ~ "C++", "Go" ~ "Git").
FUZZY_MIN_LENGTH = 4
_SEPARATORS = re.compile(r"[\s_-]+")


def normalise(name: str) -> str:
    """A skill name in the one form names are compared in: lower case, single spaces."""
    return _SEPARATORS.sub(" ", name.lower()).strip()


class Canon:
    """Skill name -> its canonical form through the aliases, memoised: a pool repeats the same
    few hundred names thousands of times."""

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self.aliases: dict[str, str] = {}
        # Sorted, so two aliases that normalise alike resolve the same way whatever the order.
        for alias, canonical in sorted(aliases.items()):
            self.aliases.setdefault(normalise(alias), normalise(canonical))
        self._memo: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        found = self._memo.get(name)
        if found is None:
            key = normalise(name)
            found = self._memo[name] = self.aliases.get(key, key)
        return found

    def spellings_of(self, canonical: str) -> list[str]:
        """The canonical name and every alias of it, sorted."""
        return sorted({canonical, *(a for a, c in self.aliases.items() if c == canonical)})


# A skill only listed counts this much; one the text also shows in use counts in full.
LISTED_SHARE = 0.5


class Coverage(NamedTuple):
    matched: list[str]
    missing: list[str]
    # The matched skills whose words the text repeats beyond a skills list.
    used: list[str]
    # The `skill:` terms (canonical) of the matched skills the candidate lists, in job order.
    listed: list[str]

    @property
    def score(self) -> float:
        total = len(self.matched) + len(self.missing)
        listed = len(self.matched) - len(self.used)
        return 100.0 * (len(self.used) + LISTED_SHARE * listed) / total if total else 0.0


class JobSkills:
    """The job's skills, prepared once per ranking: canonical names, the words that show each in
    a resume, and a memo of the job skills each candidate skill name stands for."""

    def __init__(self, skills: Iterable[str], canon: Canon) -> None:
        self.canon = canon
        self.names: list[str] = []  # as the job spells them, the first spelling of each
        self.canonical: list[str] = []
        # Per job skill: its one-word spellings that may stand for it in text, and the words of
        # its spellings, one-word ones apart (to count how often the text uses it).
        self._words: list[tuple[str, ...]] = []
        self._uses: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = []
        for name in skills:
            key = canon(name)
            if key and key not in self.canonical:
                spellings = canon.spellings_of(key)
                self.names.append(name.strip())
                self.canonical.append(key)
                self._words.append(_words_of(spellings))
                phrases = [t for t in map(tuple, map(tokens, spellings)) if t]
                singles = tuple(sorted({p[0] for p in phrases if len(p) == 1}))
                self._uses.append((singles, [p for p in phrases if len(p) > 1]))
        self._index = {key: i for i, key in enumerate(self.canonical)}
        self._hits: dict[str, tuple[int, ...]] = {}
        # The skills as terms of the job's vector (ranker._JobSpace).
        self.terms = [SKILL_PREFIX + key for key in self.canonical]

    def __bool__(self) -> bool:
        return bool(self.names)

    def coverage(
        self, skills: Iterable[str], terms: Mapping[str, int], *, listed_in_text: bool
    ) -> Coverage:
        """The job skills among `skills` (the candidate's) or, failing that, among the words of
        `terms`. A skill is in use when its words occur in `terms` more often than a skills
        list has them: twice when the text is a resume with its skills section
        (`listed_in_text`), once when it is made from the profile's records."""
        found: set[int] = set()
        for name in skills:
            hits = self._hits.get(name)
            if hits is None:
                hits = self._hits[name] = self._matches(self.canon(name))
            if hits:
                found.update(hits)
        listed = [term for i, term in enumerate(self.terms) if i in found]
        for i, words in enumerate(self._words):
            if words and i not in found and any(map(terms.__contains__, words)):
                found.add(i)
        need = 2 if listed_in_text else 1
        matched, missing, used = [], [], []
        for i, name in enumerate(self.names):
            if i in found:
                matched.append(name)
                singles, phrases = self._uses[i]
                uses = sum(map(terms.get, singles, repeat(0)))
                for phrase in phrases:
                    uses += min(map(terms.get, phrase, repeat(0)))
                if uses >= need:
                    used.append(name)
            else:
                missing.append(name)
        return Coverage(matched, missing, used, listed)

    def _matches(self, key: str) -> tuple[int, ...]:
        """The job skills a candidate skill (canonical name) stands for: the same one, else
        those spelled nearly alike."""
        exact = self._index.get(key)
        if exact is not None:
            return (exact,)
        return tuple(
            i
            for i, canonical in enumerate(self.canonical)
            if min(len(key), len(canonical)) >= FUZZY_MIN_LENGTH
            and fuzz.ratio(key, canonical, score_cutoff=FUZZY_CUTOFF)
        )


def _words_of(spellings: list[str]) -> tuple[str, ...]:
    """The one-word spellings of a skill that can stand for it in running text: "kubernetes",
    "k8s". Multi-word names are left to the resume parser, which finds phrases; words shorter
    than three letters or not tokenised as written ("Go", ".NET") would match everyday text."""
    return tuple(
        spelling
        for spelling in spellings
        if [spelling] == list(tokens(spelling)) and len(spelling) >= 3
    )
