"""Dates and date ranges as resumes write them ("Jan 2020 – Present", "06/2019", "2018-2022")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    "spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|winter)"
)
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
DATE = (
    rf"(?:{_MONTH}\.?,?\s*{_YEAR}"
    rf"|(?:0?[1-9]|1[0-2])\s?[/.]\s?{_YEAR}"
    rf"|{_YEAR}\s?[/.-]\s?(?:0[1-9]|1[0-2])(?!\d)"
    rf"|{_YEAR})"
)
_OPEN = r"(?:present|current(?:ly)?|now|today|ongoing|to\s+date|date)"
_DASH = r"(?:\s*(?:-|–|—|‒|―|~|to|until|till|through|thru)\s*)"
RANGE = re.compile(
    rf"(?<![\w/])(?P<start>{DATE}){_DASH}(?P<end>{DATE}|{_OPEN})(?![\w/])", re.IGNORECASE
)
SINGLE = re.compile(rf"(?<![\w/])(?P<date>{DATE})(?![\w/])", re.IGNORECASE)
OPEN_END = re.compile(_OPEN, re.IGNORECASE)


@dataclass
class Span:
    """A date range found in a line: ISO start and end, whether it is ongoing, where it was."""

    start: str | None
    end: str | None
    current: bool
    begin: int
    stop: int


def to_iso(value: str) -> str | None:
    """`YYYY-MM-01` for a month and year, `YYYY-01-01` for a year alone, None otherwise."""
    value = value.strip().lower().rstrip(".")
    year_match = re.search(_YEAR, value)
    if not year_match:
        return None
    year = int(year_match.group(0))
    month = 1
    word = re.match(r"[a-z]+", value)
    named = word and (_MONTHS.get(word.group(0)) or _MONTHS.get(word.group(0)[:3]))
    if named:
        month = named
    else:
        numbers = re.findall(r"\d+", value)
        if len(numbers) == 2:
            other = numbers[1] if numbers[0] == year_match.group(0) else numbers[0]
            month = int(other) if 1 <= int(other) <= 12 else 1
    return f"{year:04d}-{month:02d}-01"


def find_range(line: str) -> Span | None:
    """The first date range in `line`, or a lone date (as the end, e.g. a graduation)."""
    match = RANGE.search(line)
    if match:
        end = match.group("end")
        current = bool(OPEN_END.fullmatch(end.strip()))
        return Span(
            to_iso(match.group("start")),
            None if current else to_iso(end),
            current,
            match.start(),
            match.end(),
        )
    single = SINGLE.search(line)
    if single:
        return Span(None, to_iso(single.group("date")), False, single.start(), single.end())
    return None


def strip_dates(line: str) -> str:
    """`line` without its date range or dates and the punctuation left around them."""
    line = RANGE.sub(" ", line)
    line = SINGLE.sub(" ", line)
    line = re.sub(r"\(\s*\)", " ", line)
    return re.sub(r"\s{2,}", " ", line).strip(" ,|–—-·•()")
