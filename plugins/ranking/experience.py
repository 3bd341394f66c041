"""Experience: years of work, counted in full in roles like the job and in part in any other.

Durations come from the work records' dates. A current role (or one without an end date) runs to
the pool's reference date: the latest date in any applicant's work records, never today, so a
ranking depends on its inputs alone and a rerun on the same inputs gives the same scores. (A
record dated in the future moves that date for everyone; the job carries no date of its own.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from platform_core.documents import WorkRecord
from platform_core.terms import tokens

# Years in another kind of role count this much: work is work, but not this work.
OTHER_ROLE_SHARE = 0.1
# Effective years at which the score reaches 63 of 100 (1 - 1/e); it approaches 100 slowly after.
YEARS_SCALE = 4.0
# A role whose title has at least this share of the job title's words is "a role like this one".
LIKE_SHARE = 0.5
_YEAR = 365.25
# A record claiming more is a typo (or a stuffed date); no career is longer.
MAX_YEARS = 50.0
# Title words that say how senior, not what the work is.
_RANK_WORDS = frozenset(
    ("senior", "junior", "sr", "jr", "lead", "principal", "staff", "head", "chief", "intern")
    + ("trainee", "entry", "level", "mid", "ii", "iii", "iv")
)


@lru_cache(maxsize=65536)
def day_number(value: str | None) -> int | None:
    """`YYYY-MM-DD` (or `YYYY-MM`, `YYYY`) as a day number (`date.toordinal`); None when missing
    or unreadable. Cached: a pool repeats the same few thousand dates."""
    if not value:
        return None
    parts = value.strip()[:10].split("-")
    try:
        year, month, day = (int(parts[i]) if i < len(parts) else 1 for i in range(3))
        return date(year, month, day).toordinal()
    except ValueError:
        return None


def reference_day(records: Iterable[WorkRecord]) -> int | None:
    """The latest start or end date among `records` (every applicant's), or None."""
    days = [
        day
        for record in records
        for day in (day_number(record.start_date), day_number(record.end_date))
        if day is not None
    ]
    return max(days, default=None)


def title_words(title: str) -> list[str]:
    """The words of a job or role title that say what the work is, singular ("Nurses" is
    "nurse"). Exact words only: stems and synonyms made "Business Development" a developer's
    and "Mechanical Engineer" a software engineer's role on the measured pool."""
    return sorted({_singular(w) for w in tokens(title) if w not in _RANK_WORDS})


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


class Experience(NamedTuple):
    total_years: float
    # Years weighted by how like the job each role is: what the score uses.
    weighted_years: float
    # Calendar years in roles at least half like the job, and their titles, most years first:
    # what the reasons say.
    like_years: float
    like_roles: list[str]

    @property
    def score(self) -> float:
        effective = self.weighted_years + OTHER_ROLE_SHARE * (
            self.total_years - self.weighted_years
        )
        return 100.0 * (1.0 - math.exp(-effective / YEARS_SCALE))


_NONE = Experience(total_years=0.0, weighted_years=0.0, like_years=0.0, like_roles=[])


class RoleMatcher:
    """How much a role title is like the job's title: the idf-weighted share of the job title's
    words it contains (a shared "engineer" counts for less than a shared "mechanical"),
    memoised per title."""

    def __init__(self, job_title: str, idf: Callable[[str], float]) -> None:
        self._words = title_words(job_title)
        self._weights = [idf(word) for word in self._words]
        self._total = math.fsum(self._weights)
        self._memo: dict[str, float] = {}

    def share(self, role: str) -> float:
        found = self._memo.get(role)
        if found is None:
            words = set(title_words(role))
            found = self._memo[role] = (
                math.fsum(
                    weight
                    for word, weight in zip(self._words, self._weights, strict=True)
                    if word in words
                )
                / self._total
                if self._total
                else 0.0
            )
        return found


def experience(
    records: Sequence[WorkRecord], reference: int | None, roles: RoleMatcher
) -> Experience:
    """Years of work in `records` (overlapping roles counted once) and how many of them in
    roles like the job; a current role, or one without an end date, runs to `reference`."""
    spans: list[tuple[int, int, float, str]] = []
    for record in records:
        start = day_number(record.start_date)
        end = reference if record.current else (day_number(record.end_date) or reference)
        if start is not None and end is not None and end > start:
            spans.append((start, end, roles.share(record.role), record.role))
    if not spans:
        return _NONE
    total = _union([(start, end) for start, end, _, _ in spans])
    # Relevance-weighted days, never more than the calendar allows.
    weighted = min(total, math.fsum([share * (end - start) for start, end, share, _ in spans]))
    like = [span for span in spans if span[2] >= LIKE_SHARE]
    if not like:
        return Experience(min(total / _YEAR, MAX_YEARS), min(weighted / _YEAR, MAX_YEARS), 0.0, [])
    by_role: dict[str, int] = {}
    for start, end, _, role in like:
        title = role.strip()
        if title:
            by_role[title] = by_role.get(title, 0) + end - start
    return Experience(
        total_years=min(total / _YEAR, MAX_YEARS),
        weighted_years=min(weighted / _YEAR, MAX_YEARS),
        like_years=min(_union([(start, end) for start, end, _, _ in like]) / _YEAR, MAX_YEARS),
        like_roles=sorted(by_role, key=lambda role: (-by_role[role], role)),
    )


def _union(spans: list[tuple[int, int]]) -> int:
    """Days covered by `spans`, each day once."""
    days = 0
    reach = None
    for start, end in sorted(spans):
        if reach is None or start > reach:
            days += end - start
            reach = end
        elif end > reach:
            days += end - reach
            reach = end
    return days
