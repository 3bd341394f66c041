"""Reading an employer's talent-search words without an LLM.

"senior React developer in Toronto, remote ok, 5+ years, full-time" becomes skills, a location,
a work mode, a job type and a range of years of experience, plus the words left over for the
ranker to match against profiles. The text is only ever matched against fixed patterns and
looked up in the skills mapping: it never becomes SQL or code. At most MAX_QUERY_CHARS
characters are read, so the longest or most hostile query costs what an ordinary one does.

Words that are both a skill and everyday English are the hard part: "go", "less", "make",
"access", "rest" and the letters "R" and "C". Such a word counts as a skill only when it is
written as one: followed by a developer word ("go developer", "c programmers"), or, for a
letter, in capitals ("R", "C"), and for a word, capitalised inside a sentence ("Senior Go
engineer"). "R&D", "C-level" and "C++" are other words, never the letter skills.

Pure: no Django, no database.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from platform_core.documents import EmploymentType, WorkMode
from platform_core.terms import STOPWORDS, tokens

MAX_QUERY_CHARS = 500
# Skill names have up to this many words ("Amazon Web Services", "Natural Language Processing").
MAX_SKILL_WORDS = 5
# No place name or search word is longer: a longer "word" is noise that would clutter the reasoning.
MAX_WORD_CHARS = 60
MAX_PLACE_WORDS = 6
MAX_YEARS = 50
# The reasoning names at most this many leftover words.
SHOWN_KEYWORDS = 12

# Control characters (NUL, escape, C1) read as spaces. Invisible format characters are dropped:
# bidi overrides, zero-width spaces and joiners, the BOM, tag characters (used to smuggle hidden
# text) and lone surrogates, so "Jav\u200ba" reads "Java" and nothing reorders what is shown.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FORMAT = re.compile(
    r"[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000110bd\U000110cd"
    r"\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f]"
)
# A word as skills are written: "C++", "C#", "Node.js", "R&D" are single words; hyphens, slashes
# and other punctuation separate words ("React/Redux", "t-sql" -> "t", "sql").
_WORD = re.compile(r"[\w+#.&]+")

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
# Not part of a longer number ("2.5 years" is no "5 years").
_N = r"(?<![\w.])(\d{1,3}|" + "|".join(_NUMBER_WORDS) + ")"
_UNIT = r"\s*(?:years?|yrs?|yoe)\b"
_YEAR_PATTERNS = [
    (kind, re.compile(pattern, re.I))
    for kind, pattern in [
        ("range", rf"\bbetween\s+{_N}\s+and\s+{_N}{_UNIT}"),
        ("range", rf"{_N}\s*(?:-|–|—|to)\s*{_N}{_UNIT}"),
        (
            "max",
            r"\b(?:up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|less\s+than|fewer\s+than"
            rf"|under|below|max(?:imum)?(?:\s+of)?)\s+{_N}{_UNIT}",
        ),
        ("max", rf"{_N}{_UNIT}\s+(?:or\s+(?:less|fewer)|at\s+most|max(?:imum)?)\b"),
        (
            "min",
            r"\b(?:at\s+least|min(?:imum)?(?:\s+of)?|over|more\s+than|above|no\s+less\s+than"
            rf"|not\s+less\s+than)\s+{_N}\s*\+?{_UNIT}",
        ),
        ("min", rf"{_N}\s*\+{_UNIT}"),
        ("min", rf"{_N}{_UNIT}\s*(?:\+|or\s+more\b|and\s+(?:up|above|over)\b|plus\b)"),
        # "5 years of experience", "with 5 years": the employer wants at least that much.
        ("min", rf"{_N}{_UNIT}"),
    ]
]
_SENIOR = re.compile(r"\b(?:senior|sr)\b", re.I)
_JUNIOR = re.compile(r"\b(?:junior|jr|entry[\s-]+level)\b", re.I)
# An employer who asks for "senior" means at least this many years; "junior" at most JUNIOR_YEARS.
SENIOR_YEARS = 5
JUNIOR_YEARS = 2

_WORK_MODES: list[tuple[WorkMode, re.Pattern[str]]] = [
    ("remote", re.compile(r"\bremote(?:ly)?\b|\bwfh\b|\b(?:work(?:ing)?\s+)?from\s+home\b", re.I)),
    ("hybrid", re.compile(r"\bhybrid\b", re.I)),
    (
        "onsite",
        re.compile(r"\bon[\s-]?site\b|\bin[\s-](?:the\s+)?office\b|\bin[\s-]person\b", re.I),
    ),
]
_JOB_TYPES: list[tuple[EmploymentType, re.Pattern[str]]] = [
    ("full-time", re.compile(r"\bfull[\s-]?time\b", re.I)),
    ("part-time", re.compile(r"\bpart[\s-]?time\b", re.I)),
    ("contract", re.compile(r"\bcontract(?:ors?)?\b|\bfreelanc(?:e|ers?|ing)\b", re.I)),
    ("temporary", re.compile(r"\btemporary\b|\btemps?\b", re.I)),
    ("internship", re.compile(r"\binterns?(?:hips?)?\b", re.I)),
    ("volunteer", re.compile(r"\bvolunteer(?:s|ing)?\b", re.I)),
]
# "no remote", "not full-time", "non-remote": the word is read, but not as a wish.
_NEGATED = re.compile(r"\b(?:no|not|non)[\s-]*$", re.I)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Everyday words a query uses in their plain sense that are also skill names (see the module
# docstring); stopwords and single letters are treated the same way.
_EVERYDAY = _word_set(
    "go less make rest access word office shell teams express spring swift lean epic zoom sketch"
    " sage spark unity dragon"
)
_DEVELOPER_WORDS = _word_set(
    "developer developers dev devs engineer engineers programmer programmers programming coder"
    " coders code language"
)

_PLACE_BEFORE = re.compile(
    r"\b(?:(?:based|located|living|residing)\s+(?:in|out\s+of|near|around)|near|around|in|from)\s+",
    re.I,
)
# "experience in finance", "degree in Computer Science": a field, not a place.
_FIELD_BEFORE = _word_set(
    "experience experienced background degree degrees skilled skills expert expertise experts"
    " proficient proficiency fluent fluency interested interest specialized specialised"
    " specializing specialising specialist certified certification knowledge major majored"
    " masters phd bachelor bachelors diploma studies trained training versed passion"
    " passionate career"
)
# Lower-case words inside place names ("Rio de Janeiro", "Newcastle upon Tyne").
_PLACE_CONNECTORS = _word_set("de da do dos das del della di du la le les sur upon am der y")

# Words of a search request that say nothing about the candidate wanted.
_FILLER = _word_set(
    "find finding me us candidate candidates looking look search searching seeking seek need"
    " needs needed want wanted wants hire hiring show get give list someone somebody anyone"
    " people person persons profile profiles talent talents applicant applicants please pls ok"
    " okay fine acceptable open preferred preferably prefer ideally required year years yr yrs"
    " yoe experience experienced skill skills know knows knowing knowledge good great strong"
    " solid excellent work working job jobs role roles position positions level only fully"
    " like able based located living residing near around"
)

_WORK_MODE_TEXT = {
    "remote": "open to remote work",
    "hybrid": "working hybrid",
    "onsite": "working on-site",
}
_JOB_TYPE_TEXT = {
    "full-time": "full-time",
    "part-time": "part-time",
    "contract": "on contract",
    "temporary": "for temporary work",
    "internship": "for an internship",
    "volunteer": "as volunteers",
}

Span = tuple[int, int]
Choice = TypeVar("Choice")


@dataclass(frozen=True)
class TalentQuery:
    """An employer's search as read: the filters it names, and the words left for the ranker.

    `text` is the query as read (cleaned, at most MAX_QUERY_CHARS characters, `truncated` if it
    was longer). `keywords` are the meaningful words no filter or skill took; the ranker matches
    them and `skills` against profiles. `reasoning` tells the employer, in plain English, how the
    query was read."""

    text: str
    truncated: bool
    skills: tuple[str, ...]
    location: str
    work_mode: WorkMode | None
    job_type: EmploymentType | None
    min_years: int | None
    max_years: int | None
    keywords: tuple[str, ...]
    reasoning: str


def read_query(text: str, skills: Mapping[str, str]) -> TalentQuery:
    """Read an employer's search words. `skills` maps lower-case skill names and aliases to
    canonical names ({"js": "JavaScript", "react native": "React Native"}). Never raises."""
    cleaned, truncated = _clean(text)
    reading = _Reading(cleaned)
    # Fixed phrases first ("less than 3 years" is no skill Less, "in office" no place), then
    # skills, then the place ("experience in React" names no place).
    min_years, max_years = reading.years()
    work_mode = reading.first_wish(_WORK_MODES)
    job_type = reading.first_wish(_JOB_TYPES)
    found_skills = reading.skills(skills)
    location = reading.location()
    keywords = reading.keywords()
    reasoning = _reasoning(
        found_skills, location, work_mode, job_type, min_years, max_years, keywords, truncated
    )
    return TalentQuery(
        text=cleaned,
        truncated=truncated,
        skills=found_skills,
        location=location,
        work_mode=work_mode,
        job_type=job_type,
        min_years=min_years,
        max_years=max_years,
        keywords=keywords,
        reasoning=reasoning,
    )


def _clean(raw: str) -> tuple[str, bool]:
    """`raw` without control and format characters, whitespace collapsed, cut at a word boundary
    to MAX_QUERY_CHARS; and whether it was cut."""
    # Clean a growing prefix: a megabyte of text costs what its first few hundred words do.
    size = 4 * MAX_QUERY_CHARS
    while True:
        text = " ".join(_FORMAT.sub("", _CONTROL.sub(" ", raw[:size])).split())
        if len(text) > MAX_QUERY_CHARS or size >= len(raw):
            break
        size *= 4
    if len(text) <= MAX_QUERY_CHARS:
        return text, False
    head = text[: MAX_QUERY_CHARS + 1]
    cut = head.rfind(" ")
    # One word longer than the limit is cut where the limit falls.
    return (head[:cut] if cut > 0 else head[:MAX_QUERY_CHARS]), True


class _Reading:
    """One cleaned query and the parts of it already read (`taken`: sorted, never overlapping),
    so each part is read once: as a filter, a skill, a place, or else as a search word."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.taken: list[Span] = []
        # Words as skills are written, full stops around them left out ("Node.js." -> "Node.js";
        # ".NET" -> "NET", the dot looked at again in `_skill_named`).
        self.words: list[Span] = []
        for match in _WORD.finditer(text):
            start, end = match.span()
            while end > start and text[end - 1] == ".":
                end -= 1
            while start < end and text[start] == ".":
                start += 1
            if start < end:
                self.words.append((start, end))
        self.lowered = [text[s:e].lower() for s, e in self.words]
        # How many words from each one on a skill name could span: words parted only by spaces,
        # "-" or "/" ("React Native", "t-sql", "ci/cd"), never by other punctuation.
        self.run = [1] * len(self.words)
        for k in range(len(self.words) - 2, -1, -1):
            if text[self.words[k][1] : self.words[k + 1][0]].strip() in ("", "-", "/"):
                self.run[k] = self.run[k + 1] + 1
        self.word_at = {start: i for i, (start, _) in enumerate(self.words)}

    def free(self, start: int, end: int) -> bool:
        i = bisect_left(self.taken, (start, 0))
        if i < len(self.taken) and self.taken[i][0] < end:
            return False
        return i == 0 or self.taken[i - 1][1] <= start

    def take(self, start: int, end: int) -> bool:
        """Mark a part as read, unless something already read overlaps it."""
        if not self.free(start, end):
            return False
        insort(self.taken, (start, end))
        return True

    def sentence_start(self, start: int) -> bool:
        # Whitespace is collapsed: what precedes a word is punctuation or one space after it.
        before = self.text[max(0, start - 2) : start].rstrip()
        return not before or before[-1] in ".!?"

    def years(self) -> tuple[int | None, int | None]:
        """(min_years, max_years) the query asks for."""
        hits: list[tuple[int, int, str, list[int]]] = []
        for kind, pattern in _YEAR_PATTERNS:
            for match in pattern.finditer(self.text):
                numbers = [_NUMBER_WORDS.get(n.lower()) or int(n) for n in match.groups()]
                if all(n <= MAX_YEARS for n in numbers):
                    hits.append((match.start(), -match.end(), kind, numbers))
        low: int | None = None
        high: int | None = None
        # Leftmost, then longest: "less than 3 years" is one phrase, not also "3 years".
        for start, neg_end, kind, numbers in sorted(hits):
            if not self.take(start, -neg_end):
                continue
            if kind == "range":
                first, second = sorted(numbers)
                low = first if low is None else low
                high = second if high is None else high
            elif kind == "min" and low is None:
                low = numbers[0]
            elif kind == "max" and high is None:
                high = numbers[0]
        if low is None and high is None:
            senior = [m.span() for m in _SENIOR.finditer(self.text)]
            junior = [m.span() for m in _JUNIOR.finditer(self.text)]
            # "junior or senior" asks for neither; both words stay search words.
            read: list[Span] = []
            if senior and not junior:
                low, read = SENIOR_YEARS, senior
            elif junior and not senior:
                high, read = JUNIOR_YEARS, junior
            for span in read:
                self.take(*span)
        return low, high

    def first_wish(self, choices: list[tuple[Choice, re.Pattern[str]]]) -> Choice | None:
        """The first choice the query asks for ("remote or hybrid" -> remote); every mention,
        wished or negated ("no remote"), is read."""
        hits = [
            (match.start(), match.end(), value)
            for value, pattern in choices
            for match in pattern.finditer(self.text)
        ]
        wish: Choice | None = None
        for start, end, value in sorted(hits, key=lambda hit: hit[0]):
            if (
                self.take(start, end)
                and wish is None
                and not _NEGATED.search(self.text, max(0, start - 5), start)
            ):
                wish = value
        return wish

    def skills(self, skills: Mapping[str, str]) -> tuple[str, ...]:
        """Canonical skills named, in order, each once; the longest name wins a span ("React
        Native" over "React")."""
        found: dict[str, None] = {}
        i = 0
        while i < len(self.words):
            for size in range(min(MAX_SKILL_WORDS, self.run[i]), 0, -1):
                name = self._skill_named(i, size, skills)
                if (
                    name
                    and (size > 1 or self._meant_as_skill(i))
                    and self.take(self.words[i][0], self.words[i + size - 1][1])
                ):
                    found.setdefault(name, None)
                    i += size
                    break
            else:
                i += 1
        return tuple(found)

    def _skill_named(self, i: int, size: int, skills: Mapping[str, str]) -> str | None:
        """The skill that the `size` words from `words[i]` on name, as written ("t-sql", "ci/cd")
        or with single spaces ("react-native" -> "react native"), or None."""
        start, end = self.words[i][0], self.words[i + size - 1][1]
        written = self.text[start:end].lower()
        if start > 0 and self.text[start - 1] == "." and "." + written in skills:
            return skills["." + written]
        if written in skills:
            return skills[written]
        return skills.get(" ".join(self.lowered[i : i + size])) if size > 1 else None

    def _meant_as_skill(self, i: int) -> bool:
        """Whether the one word `words[i]` is meant as a skill, when it is also a letter or an
        everyday word (see the module docstring)."""
        start, end = self.words[i]
        written = self.text[start:end]
        low = self.lowered[i]
        if len(written) > 1 and low not in STOPWORDS and low not in _EVERYDAY:
            return True
        if i + 1 < len(self.words):
            next_start = self.words[i + 1][0]
            if self.text[end:next_start] == " " and self.lowered[i + 1] in _DEVELOPER_WORDS:
                return True
        if len(written) == 1:
            return written.isupper() and self.text[end : end + 1] not in ("-", "'")
        return written[0].isupper() and not self.sentence_start(start)

    def location(self) -> str:
        """The first place named after "in", "near", "based in", ... ("near San Francisco, CA")."""
        text = self.text
        # A writer who capitalises words inside sentences capitalises place names: then a
        # lower-case word ("in production") is no place.
        cased = any(
            text[s].isupper() and text[s:e] != "I" and not self.sentence_start(s)
            for s, e in self.words
        )
        for match in _PLACE_BEFORE.finditer(text):
            first = self.word_at.get(match.start())
            if first is None or not self.free(match.start(), match.end()):
                continue
            if first > 0 and self.lowered[first - 1] in _FIELD_BEFORE:
                continue
            place = self._place(self.word_at.get(match.end()), cased)
            if place and self.take(match.start(), place[1]):
                return text[place[0] : place[1]]
        return ""

    def _place(self, first: int | None, cased: bool) -> Span | None:
        """The span of the place name whose first word is `words[first]`, if there is one."""
        if first is None:
            return None
        if self.lowered[first] == "the":
            first += 1
        kept: list[Span] = []
        after_comma = False
        for k in range(first, min(len(self.words), first + MAX_PLACE_WORDS)):
            start, end = self.words[k]
            word = self.text[start:end]
            gap = self.text[kept[-1][1] : start].strip() if kept else ""
            if gap not in ("", "-", "'", ",") or (gap == "," and after_comma):
                break
            after_comma = after_comma or gap == ","
            if not self.free(start, end):
                break
            if gap == ",":
                accepted = _region_word(word, cased)
            else:
                accepted = _place_word(word, cased) or (
                    bool(kept) and self.lowered[k] in _PLACE_CONNECTORS
                )
            if not accepted:
                break
            kept.append((start, end))
        while kept and self.text[kept[-1][0] : kept[-1][1]].lower() in _PLACE_CONNECTORS:
            kept.pop()
        return (kept[0][0], kept[-1][1]) if kept else None

    def keywords(self) -> tuple[str, ...]:
        """The meaningful words nothing else read, in order, each once."""
        pieces: list[str] = []
        at = 0
        for start, end in self.taken:
            pieces.append(self.text[at:start])
            at = end
        pieces.append(self.text[at:])
        found: dict[str, None] = {}
        for token in tokens(" ".join(pieces), exclude=_FILLER):
            if len(token) <= MAX_WORD_CHARS and any(ch.isalpha() for ch in token):
                found.setdefault(token, None)
        return tuple(found)


def _place_word(word: str, cased: bool) -> bool:
    low = word.lower()
    return (
        word[0].isalpha()
        and not (cased and word[0].islower())
        and len(word) <= MAX_WORD_CHARS
        and "+" not in word
        and "#" not in word
        and low not in STOPWORDS
        and low not in _FILLER
    )


def _region_word(word: str, cased: bool) -> bool:
    """Whether `word`, after a comma, goes on the place: a region ("CA", "ON", "Brazil"); in
    lower-case text only a code ("ca", "bc"), since "toronto, developers" is no place."""
    if cased and len(word) == 2 and word.isalpha() and word.isupper():
        return True  # "ON", "OR", "IN" are regions here, not words
    return _place_word(word, cased) and (cased or (len(word) <= 3 and word.isalpha()))


def _reasoning(
    skills: tuple[str, ...],
    location: str,
    work_mode: WorkMode | None,
    job_type: EmploymentType | None,
    min_years: int | None,
    max_years: int | None,
    keywords: tuple[str, ...],
    truncated: bool,
) -> str:
    parts: list[str] = []
    if skills:
        parts.append("with " + _listed(list(skills)))
    if location:
        parts.append(f"in {location}")
    if work_mode:
        parts.append(_WORK_MODE_TEXT[work_mode])
    if job_type:
        parts.append(_JOB_TYPE_TEXT[job_type])
    if min_years is not None or max_years is not None:
        parts.append(f"with {_years_text(min_years, max_years)} of experience")
    sentences: list[str] = []
    if parts:
        sentences.append("Looking for candidates " + ", ".join(parts))
    if keywords:
        shown = ", ".join(keywords[:SHOWN_KEYWORDS])
        if len(keywords) > SHOWN_KEYWORDS:
            shown += f" and {len(keywords) - SHOWN_KEYWORDS} more"
        sentences.append(
            ("Also matching the words: " if parts else "Searching profiles for: ") + shown
        )
    if not sentences:
        sentences.append("The query names nothing to search for")
    if truncated:
        sentences[-1] += f" (only the first {MAX_QUERY_CHARS} characters of the query were read)"
    return ". ".join(sentences) + "."


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _years_text(low: int | None, high: int | None) -> str:
    def years(n: int) -> str:
        return f"{n} year" if n == 1 else f"{n} years"

    if low is not None and high is not None:
        return years(low) if low == high else f"{low} to {years(high)}"
    if low is not None:
        return f"at least {years(low)}"
    return f"at most {years(high or 0)}"
