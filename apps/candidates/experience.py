"""Years of work experience from a candidate's dated work records, as lists of candidates show it
("6 years"): the talent-search agent's results and the organization's selected candidates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def covered_years(
    periods: Iterable[tuple[date | None, date | None]], today: date | None = None
) -> float:
    """The years the `(start, end)` periods cover up to `today`, overlaps counted once. A period
    without a start is skipped; one without an end is still going on."""
    today = today or date.today()
    spans = sorted(
        (start, min(end or today, today))
        for start, end in periods
        if start is not None and (end or today) > start
    )
    days, reached = 0, date.min
    for start, end in spans:
        start = max(start, reached)
        if end > start:
            days += (end - start).days
            reached = end
    return days / 365.25


def years_text(years: float) -> str:
    """ "6 years", "1 year", "Less than a year", or "" for none."""
    if years <= 0:
        return ""
    if years < 1:
        return "Less than a year"
    whole = int(years)
    return "1 year" if whole == 1 else f"{whole} years"
