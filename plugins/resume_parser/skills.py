"""Skills found in resume text, by the curated vocabulary in `vocabulary.py` (plus aliases that
other plugins contribute); the vocabulary's aliases, for the skill alias registry."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .vocabulary import VOCABULARY

# A skill name is not glued to letters, digits or the characters that make other names ("C" in
# "C++", "C#", "R&D"); a trailing full stop is allowed (end of a sentence).
_BEFORE = r"(?<![\w+#&@/.-])"
_AFTER = r"(?![\w+#&@]|-\w|\.\w)"


@dataclass(frozen=True)
class Term:
    canonical: str
    alias: str
    skills_section_only: bool


def parse_vocabulary(source: str) -> list[Term]:
    """The terms of a vocabulary text (`Canonical: alias, alias`, `~` marking everyday words)."""
    terms: list[Term] = []
    for raw in source.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        head, _, tail = line.partition(":")
        canonical = head.lstrip("~").strip()
        terms.append(Term(canonical, canonical, head.startswith("~")))
        for alias in tail.split(","):
            alias = alias.strip()
            if alias:
                terms.append(Term(canonical, alias.lstrip("~").strip(), alias.startswith("~")))
    return terms


class SkillMatcher:
    """Finds vocabulary skills in text, in order of first appearance, each once."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.canonical: dict[str, str] = {}
        short: list[Term] = []
        anywhere: list[Term] = []
        section: list[Term] = []
        for term in terms:
            self.canonical.setdefault(_key(term.alias), term.canonical)
            if len(term.alias) <= 3:
                short.append(term)
            elif term.skills_section_only:
                section.append(term)
            else:
                anywhere.append(term)
        self._anywhere = _compile(anywhere, ignore_case=True)
        self._section = _compile(section, ignore_case=True)
        # Short names ("C", "R", "Go", "SQL") match as written or in capitals, never lower-case.
        self._short_anywhere = _compile(
            [t for t in short if not t.skills_section_only], ignore_case=False
        )
        self._short_section = _compile(
            [t for t in short if t.skills_section_only], ignore_case=False
        )
        self._lookup = {
            **{t.alias: t.canonical for t in short},
            **{t.alias.upper(): t.canonical for t in short},
        }

    def find(self, text: str, *, in_skills_section: bool) -> list[str]:
        """Canonical skill names in `text`; everyday words count only in a skills section."""
        seen: dict[str, None] = {}
        for _, _, name in self.spans(text, in_skills_section=in_skills_section):
            seen.setdefault(name, None)
        return list(seen)

    def spans(self, text: str, *, in_skills_section: bool) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of each skill mention, a name inside a longer one
        ("SQL" in "SQL Server") left out."""
        hits: list[tuple[int, int, str]] = []
        patterns = [self._anywhere, self._short_anywhere]
        if in_skills_section:
            patterns += [self._section, self._short_section]
        for pattern in patterns:
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                found = match.group(0)
                name = self._lookup.get(found) or self.canonical.get(_key(found))
                if name:
                    hits.append((match.start(), -match.end(), name))
        kept: list[tuple[int, int, str]] = []
        reach = -1
        for start, neg_end, name in sorted(hits):
            if -neg_end <= reach:
                continue
            reach = max(reach, -neg_end)
            kept.append((start, -neg_end, name))
        return kept


def _key(alias: str) -> str:
    return re.sub(r"[\s-]+", " ", alias.lower()).strip()


def _compile(terms: list[Term], *, ignore_case: bool) -> re.Pattern[str] | None:
    if not terms:
        return None
    variants: set[str] = set()
    for term in terms:
        variants.add(term.alias)
        if not ignore_case:
            variants.add(term.alias.upper())
    # Longest first, so "React Native" wins over "React" and "C++" over "C".
    ordered = sorted(variants, key=lambda alias: (-len(alias), alias))
    body = "|".join(re.escape(alias).replace(r"\ ", r"[\s-]+") for alias in ordered)
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(f"{_BEFORE}(?:{body}){_AFTER}", flags)


@lru_cache(maxsize=8)
def matcher(extra: tuple[tuple[str, str], ...] = ()) -> SkillMatcher:
    """The shared matcher: the vocabulary plus `extra` (alias, canonical) pairs."""
    terms = parse_vocabulary(VOCABULARY)
    terms += [Term(canonical, alias, False) for alias, canonical in extra]
    return SkillMatcher(terms)


@lru_cache(maxsize=1)
def vocabulary_aliases() -> dict[str, str]:
    """Every spelling of a vocabulary skill, its canonical name included, -> its canonical name
    ("k8s" -> "Kubernetes", "TypeScript" -> "TypeScript"): what this plugin adds to the skill
    alias registry, so ranking and the talent-search agent know every skill it knows."""
    aliases: dict[str, str] = {}
    for term in parse_vocabulary(VOCABULARY):
        aliases.setdefault(term.alias, term.canonical)
    return aliases


@lru_cache(maxsize=1)
def _known() -> frozenset[str]:
    return frozenset(_key(term.alias) for term in parse_vocabulary(VOCABULARY))


def new_aliases(aliases: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """The (alias, canonical) pairs of the registry that the vocabulary does not already name,
    sorted: the registry holds this plugin's own aliases too, and matching them again would
    double the vocabulary and lose its `~` (skills section only) marks."""
    return _unknown(tuple(sorted(aliases.items())))


@lru_cache(maxsize=8)
def _unknown(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    # Cached: every parse asks with the same registry.
    known = _known()
    return tuple(pair for pair in pairs if _key(pair[0]) not in known)
