"""What the coach knows about a candidate, computed from the plain data alone: which profile
sections are missing, how their skills compare with each open job, what their experience is.

Skills compare case-insensitively through the skill aliases every plugin registers ("JS" is
"JavaScript", "Postgres" is "PostgreSQL"), then by their letters, digits, `+` and `#` alone, so
"Node.js", "NodeJS" and "node js" are one skill while "C", "C#" and "C++" stay three. Pure: no
Django, no settings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from platform_core.documents import (
    PROFILE_SECTIONS,
    CandidateDocument,
    EducationRecord,
    JobDocument,
    WorkRecord,
)
from platform_core.terms import STOPWORDS

from .intents import plain_text, words_of

# Each section's name in a sentence and what to do about it, in PROFILE_SECTIONS order.
SECTIONS: dict[str, tuple[str, str]] = {
    "resume": ("Resume", "upload your resume (PDF, DOCX or TXT); employers and job matching read it."),
    "parsed_resume": ("Resume details", "have your resume read into your profile, then check the skills and experience it found."),
    "skills": ("Skills", "add the skills and tools you have, named as job posts name them."),
    "work_experience": ("Work experience", "add each role: title, employer, dates and what you achieved."),
    "education": ("Education", "add your school, program and years."),
    "languages": ("Languages", "add the languages you speak and how well."),
    "projects": ("Projects", "add a project or two that shows your skills at work."),
    "certifications": ("Certifications", "add the certificates and courses you completed."),
    "work_modes": ("Work modes", "choose on-site, remote or hybrid, so the jobs you are shown fit."),
    "employment_types": ("Employment types", "choose full-time, part-time, contract or others."),
    "location": ("Location", "add where you live or want to work."),
    "links": ("Links", "add your LinkedIn, GitHub or portfolio."),
    "photo": ("Photo", "add a profile photo if you wish; it is optional."),
    "video_pitch": ("Video pitch", "record a short video introducing yourself; it is optional."),
}  # fmt: skip

WORK_MODE_NAMES = {"onsite": "on-site", "remote": "remote", "hybrid": "hybrid"}
_SEPARATORS = re.compile(r"[\s_\-]+")
_NOT_KEY = re.compile(r"[^a-z0-9+#]")
# A word as skills are written: "c++", "c#", "node.js" stay one word (platform_core.terms.TOKEN,
# less the hyphen, so "front-end" is "front end").
_SKILL_WORD = re.compile(r"[a-z0-9][a-z0-9+#]*(?:\.[a-z0-9+#]+)*")
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?")
# Skills whose name is this short or a common word would be "found" in any text.
_MIN_TEXT_SKILL = 3


def listing(items: Iterable[str], conjunction: str = "and") -> str:
    """ "A", "A and B", "A, B and C"."""
    names = [item for item in items if item]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def missing_sections(sections: Mapping[str, bool]) -> list[str]:
    """The sections known to be empty, in PROFILE_SECTIONS order (a section the core did not
    report on is not called missing)."""
    return [name for name in PROFILE_SECTIONS if name in sections and not sections[name]]


def completeness(sections: Mapping[str, bool]) -> tuple[int, int]:
    """(filled, known) sections of PROFILE_SECTIONS."""
    known = [name for name in PROFILE_SECTIONS if name in sections]
    return sum(1 for name in known if sections[name]), len(known)


class SkillNames:
    """Skill name → the key two spellings of one skill share, through the aliases."""

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self._aliases = {_plain(alias): _plain(canonical) for alias, canonical in aliases.items()}
        # A known skill's name as the vocabulary writes it ("k8s" -> "Kubernetes").
        self._names = {_plain(alias): canonical.strip() for alias, canonical in aliases.items()}
        self._spellings: dict[str, set[str]] = {}
        for alias, canonical in self._aliases.items():
            self._spellings.setdefault(_NOT_KEY.sub("", canonical), set()).add(alias)

    def known(self, name: str) -> str | None:
        """The vocabulary's name of the skill `name` spells, or None for a name it lacks."""
        return self._names.get(_plain(name))

    def key(self, name: str) -> str:
        plain = _plain(name)
        return _NOT_KEY.sub("", self._aliases.get(plain, plain))

    def spellings(self, name: str) -> set[str]:
        """`name` and the aliases of its skill, in plain form ("kubernetes", "k8s")."""
        return {_plain(name), *self._spellings.get(self.key(name), ())}


def _plain(name: str) -> str:
    return _SEPARATORS.sub(" ", name.lower()).strip()


def skill_words(text: str) -> list[str]:
    """The words of `text` as skill keys: lower case, no accents, `+`, `#` and inner dots kept
    then dropped with the rest of the punctuation ("Node.js" → "nodejs", "C#" → "c#")."""
    return [_NOT_KEY.sub("", word) for word in _SKILL_WORD.findall(plain_text(text))]


def contains_phrase(phrase: Sequence[str], words: Sequence[str]) -> bool:
    """`phrase` (skill words) occurs in `words`; a phrase shorter than three characters never
    does, since "go" or "r" would be found in any text."""
    return count_phrase(phrase, words) > 0


def count_phrase(phrase: Sequence[str], words: Sequence[str]) -> int:
    """How often `phrase` (skill words) occurs in `words` (0 for a phrase under three
    characters)."""
    if not phrase or len("".join(phrase)) < _MIN_TEXT_SKILL:
        return 0
    if len(phrase) == 1:
        return words.count(phrase[0])
    width, target = len(phrase), list(phrase)
    return sum(
        1
        for i, word in enumerate(words)
        if word == phrase[0] and list(words[i : i + width]) == target
    )


@dataclass(frozen=True)
class JobFit:
    """One open job against the candidate's skills: the job's skills they list (`matched`),
    those they do not (`missing`), and of those the ones their experience, projects or resume
    text names anyway (`unlisted`: worth adding to the skills)."""

    job: JobDocument
    matched: list[str]
    missing: list[str]
    unlisted: list[str]

    @property
    def share(self) -> float:
        total = len(self.matched) + len(self.missing)
        return len(self.matched) / total if total else 0.0

    @property
    def label(self) -> str:
        return job_label(self.job)


def job_label(job: JobDocument) -> str:
    """ "Backend Developer at Acme"."""
    title = job.title.strip() or "A job"
    return f"{title} at {job.organization.strip()}" if job.organization.strip() else title


def job_fits(
    jobs: Sequence[JobDocument], document: CandidateDocument, names: SkillNames
) -> list[JobFit]:
    """Every job's fit, the best share of skills first (the given order among equals). The
    candidate's text is read once for all the jobs."""
    have = {names.key(skill) for skill in document.skills}
    text_words = skill_words(candidate_text(document))
    fits = [_fit(job, have, text_words, names) for job in jobs]
    return sorted(fits, key=lambda fit: -fit.share)


def _fit(job: JobDocument, have: set[str], text_words: list[str], names: SkillNames) -> JobFit:
    matched, missing, unlisted, seen = [], [], [], set()
    for skill in job.skills:
        key = names.key(skill)
        if not key or key in seen:
            continue
        seen.add(key)
        if key in have:
            matched.append(skill.strip())
            continue
        missing.append(skill.strip())
        spellings = names.spellings(skill)
        if any(contains_phrase(skill_words(s), text_words) for s in spellings):
            unlisted.append(skill.strip())
    return JobFit(job, matched, missing, unlisted)


def common_gaps(fits: Sequence[JobFit]) -> list[tuple[str, int]]:
    """The missing skills by how many of the jobs ask for them, most first."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for fit in fits:
        for skill in fit.missing:
            key = skill.lower()
            first.setdefault(key, skill)
            counts[key] += 1
    return [(first[key], count) for key, count in counts.most_common()]


def candidate_text(document: CandidateDocument) -> str:
    """Everything the candidate wrote about their work, for finding skills named in use."""
    parts = [document.summary, document.resume_text]
    parts += [f"{w.role} {w.description}" for w in document.work_experience]
    parts += [f"{p.project_name} {p.description}" for p in document.projects]
    parts += [c.name for c in document.certifications]
    return "\n".join(parts)


def span(start: str | None, end: str | None, current: bool = False) -> str:
    """ "2019-2023", "2019-present", "2019", or ""."""
    first = (start or "")[:4]
    last = "present" if current else (end or "")[:4]
    if first and last and first != last:
        return f"{first}-{last}"
    return first or last


def work_line(record: WorkRecord) -> str:
    """ "Backend Developer at Initech (2019-present)"."""
    role = record.role.strip() or "A role"
    where = f" at {record.company.strip()}" if record.company.strip() else ""
    when = span(record.start_date, record.end_date, record.current)
    return f"{role}{where}" + (f" ({when})" if when else "")


def education_line(record: EducationRecord) -> str:
    """ "BSc Computer Science, University of Toronto (2012-2016)"."""
    program = " ".join(p for p in (record.degree.strip(), record.field_of_study.strip()) if p)
    if record.degree.strip() and record.field_of_study.strip():
        program = f"{record.degree.strip()} in {record.field_of_study.strip()}"
    where = ", ".join(p for p in (program, record.institution.strip()) if p) or "A program"
    years = span(
        str(record.start_year) if record.start_year else None,
        str(record.end_year) if record.end_year else None,
    )
    return f"{where} ({years})" if years else where


def recent_work(document: CandidateDocument) -> list[WorkRecord]:
    """The work records, current ones first, then by end and start date, newest first."""

    def newest(record: WorkRecord) -> tuple[bool, str, str]:
        return (record.current, record.end_date or "", record.start_date or "")

    return sorted(document.work_experience, key=newest, reverse=True)


def years_of_work(document: CandidateDocument, today: date) -> int:
    """Whole years from the first start date to the last end (today for a current role, or one
    with no end date); records without a readable start date are left out."""
    first: tuple[int, int] | None = None
    last: tuple[int, int] | None = None
    for record in document.work_experience:
        start = _year_month(record.start_date)
        if start is None:
            continue
        if record.current or not record.end_date:
            end = (today.year, today.month)
        else:
            end = _year_month(record.end_date) or start
        first = start if first is None else min(first, start)
        last = end if last is None else max(last, end)
    if first is None or last is None:
        return 0
    return max(0, ((last[0] - first[0]) * 12 + last[1] - first[1]) // 12)


def _year_month(value: str | None) -> tuple[int, int] | None:
    found = _YEAR_MONTH.match(value or "")
    return (int(found[1]), int(found[2] or 1)) if found else None


def relevant_work(job: JobDocument, document: CandidateDocument) -> list[WorkRecord]:
    """The work records whose role or description shares a word with the job's title or names
    one of its skills."""
    wanted = set(words_of(job.title)) - STOPWORDS - _GENERIC_TITLE_WORDS
    skills = [skill_words(skill) for skill in job.skills]
    found = []
    for record in recent_work(document):
        role_words = words_of(record.role)
        text_words = skill_words(f"{record.role} {record.description}")
        if wanted & set(role_words) or any(contains_phrase(s, text_words) for s in skills):
            found.append(record)
    return found


# Words of a job title that say nothing about the kind of work (besides the stopwords).
_GENERIC_TITLE_WORDS = frozenset(
    {"senior", "junior", "lead", "principal", "staff", "intern", "associate", "assistant"}
    | {"head", "chief", "sr", "jr", "ii", "iii"}
)
