"""Candidates as plugins see them: `CandidateDocument`s (platform_core/documents.py).

The one place that turns profiles into what ranking and talent search receive. It reads only
what a candidate can do and wants (records, the parsed resume's text and stored term counts,
preferences) and never a field of disability data, disclosure preference, accommodations,
demographics, contact details or photos: the document types have no place for them, and the
queries below do not even load them. The resume text goes out as the parse stored it, with
e-mail addresses, phone numbers, links and the candidate's own name taken out (`scrub`, applied in
apps/candidates/parsing.py when the text is stored), and without the words of the disability
vocabulary (disability_terms.py; the parse strips text and term counts, and this module the parsed
summary and skills of a profile whose parse found such words).

A whole pool costs a fixed number of queries (one per kind of record), however many candidates
it holds: each query selects by a subquery of the pool, never by a list of ids.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.fields.json import KT, KeyTransform

from platform_core.documents import (
    AchievementRecord,
    CandidateDocument,
    CandidatePreferences,
    CertificationRecord,
    EducationRecord,
    ProjectRecord,
    WorkRecord,
)

from .disability_terms import mentions_term, strip_terms
from .models import (
    Achievement,
    CandidateProfile,
    Certification,
    Education,
    Language,
    Project,
    Skill,
    WorkExperience,
)

# E-mail addresses, links and phone-like digit runs: contact details, never ranking material.
# Addresses and links are looked for only on lines with a hint of one, and the phone pattern
# starts with a character class the regex engine can skip to: one alternation over the whole
# text tried every branch at every character and cost ten times as much.
_CONTACT_HINT = re.compile(r"@|://|www\.|linkedin\.com|github\.com")
_ADDRESS = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+|\S*(?:linkedin|github)\.com\S*")
# A run of 9+ digits, spaces and ( ) . - , as `\+?\(?\d[\d\s().-]{7,}\d`.
_PHONE = re.compile(r"[+(\d](?:(?<=\+)\(?\d|(?<=\()\d|(?<=\d))[\d\s().-]{7,}\d")
WORK_MODES = {"onsite", "remote", "hybrid"}
EMPLOYMENT_TYPES = {
    "full-time",
    "part-time",
    "contract",
    "temporary",
    "internship",
    "volunteer",
    "other",
}


def _contact_spans(text: str) -> list[tuple[int, int]]:
    spans = [match.span() for match in _PHONE.finditer(text)]
    searched = 0
    for hint in _CONTACT_HINT.finditer(text):
        if hint.start() < searched:
            continue  # on a line already searched
        line_start = text.rfind("\n", 0, hint.start()) + 1
        line_end = text.find("\n", hint.end())
        searched = len(text) if line_end < 0 else line_end
        spans += [match.span() for match in _ADDRESS.finditer(text, line_start, searched)]
    return spans


def _without_contacts(text: str) -> str:
    """`text` with every contact span (their union) replaced by a space."""
    parts, kept = [], 0
    for begin, end in sorted(_contact_spans(text)):
        if end <= kept:
            continue
        if begin >= kept:
            parts += [text[kept:begin], " "]
        kept = end
    parts.append(text[kept:])
    return "".join(parts)


def scrub(text: str, names: Iterable[str] = ()) -> str:
    """`text` without contact details and without the words of `names` (the candidate's own)."""
    text = _without_contacts(text)
    words = sorted({word for name in names for word in name.split() if len(word) > 1}, key=len)
    if words:
        pattern = r"\b(?:" + "|".join(re.escape(word) for word in reversed(words)) + r")\b"
        text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return text


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _by_profile(rows: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row.pop("profile_id")].append(row)
    return grouped


def _records(model, pool: QuerySet, fields: tuple[str, ...]) -> dict[int, list[dict[str, Any]]]:
    rows = model.objects.filter(profile__in=pool).order_by("profile_id", "id")
    return _by_profile(rows.values("profile_id", *fields))


def _interned(terms: Any) -> dict[str, int]:
    """Term counts with their keys interned: a pool's resumes share a few thousand distinct terms,
    and one string per term instead of one per resume and term halves a large pool's memory."""
    if not isinstance(terms, dict):
        return {}
    intern = sys.intern
    return {intern(term): count for term, count in terms.items()}


def candidate_documents(
    profiles: QuerySet[CandidateProfile], application_ids: dict[int, int] | None = None
) -> list[CandidateDocument]:
    """The profiles of `profiles` as `CandidateDocument`s, in the queryset's order (by id when it
    has none). `application_ids` maps a profile id to its application to the job at hand.

    Built with `model_construct` from values the database has already typed and the queries
    below have already narrowed, so 10,000 documents do not cost 70,000 validations; the
    resume text is read as the parse stored it, already without contact details and names.
    """
    pool = profiles.values("pk")
    application_ids = application_ids or {}
    skills = _records(Skill, pool, ("name",))
    work = _records(
        WorkExperience,
        pool,
        ("role", "company", "start_date", "end_date", "current", "description", "location"),
    )
    education = _records(
        Education, pool, ("institution", "course_name", "major", "start_year", "end_year")
    )
    projects = _records(Project, pool, ("project_name", "description"))
    certifications = _records(Certification, pool, ("name", "issuing_organization"))
    achievements = _records(Achievement, pool, ("title", "description"))
    languages = _records(Language, pool, ("language",))
    rows = profiles.values(
        "pk",
        "resume_text",
        "resume_terms",
        "willing_to_relocate",
        "has_workvisa",
        # Two keys of `resume_data`, not the whole parsed resume: its records are loaded above
        # from the profile's own records, and decoding them here cost a second per 10,000.
        summary=KT("resume_data__summary"),
        parsed_skills=KeyTransform("skills", "resume_data"),
        has_resume_data=Q(resume_data__isnull=False) & ~Q(resume_data={}),
        # A parse that found disability words in the resume listed them as warnings; only those
        # profiles' summary and skills are read for the words (disability_terms.py).
        has_terms=~Q(disclosure_warnings=[]),
        employment_types=F("employment_type_preferences"),
        work_modes=F("work_mode_preferences"),
        first_name=F("user__first_name"),
        last_name=F("user__last_name"),
        location=F("user__profile__location"),
    )
    if not profiles.query.order_by:
        rows = rows.order_by("pk")
    documents = []
    construct = CandidateDocument.model_construct
    # Inside a transaction, PostgreSQL's server-side cursor streams the rows; outside one, Django
    # declares it WITH HOLD, and PostgreSQL first copies the whole result aside (0.4 s of a
    # 10,000-applicant run). Nothing is written in it.
    with transaction.atomic(using=rows.db):
        for row in rows.iterator(chunk_size=2000):
            profile_id = row["pk"]
            own_skills = [record["name"] for record in skills.get(profile_id, ())]
            known = {name.casefold() for name in own_skills}
            parsed = row["parsed_skills"] if isinstance(row["parsed_skills"], list) else []
            parsed_skills = [
                name
                for name in parsed
                if isinstance(name, str) and name.strip() and name.casefold() not in known
            ]
            summary = row["summary"] if isinstance(row["summary"], str) else ""
            if row["has_terms"]:
                summary = strip_terms(summary)
                parsed_skills = [name for name in parsed_skills if not mentions_term(name)]
            documents.append(
                construct(
                    candidate_id=profile_id,
                    application_id=application_ids.get(profile_id),
                    skills=own_skills + parsed_skills,
                    work_experience=[_work(record) for record in work.get(profile_id, ())],
                    education=[_education(record) for record in education.get(profile_id, ())],
                    projects=[
                        ProjectRecord.model_construct(**record)
                        for record in projects.get(profile_id, ())
                    ],
                    certifications=[
                        CertificationRecord.model_construct(**record)
                        for record in certifications.get(profile_id, ())
                    ],
                    achievements=[
                        AchievementRecord.model_construct(**record)
                        for record in achievements.get(profile_id, ())
                    ],
                    languages=[record["language"] for record in languages.get(profile_id, ())],
                    summary=scrub(summary, (row["first_name"], row["last_name"]))
                    if summary
                    else "",
                    resume_text=row["resume_text"] or "",
                    terms=_interned(row["resume_terms"]),
                    has_parsed_resume=bool(row["has_resume_data"]),
                    preferences=CandidatePreferences.model_construct(
                        work_modes=[mode for mode in row["work_modes"] or [] if mode in WORK_MODES],
                        employment_types=[
                            kind
                            for kind in row["employment_types"] or []
                            if kind in EMPLOYMENT_TYPES
                        ],
                        willing_to_relocate=row["willing_to_relocate"],
                        has_workvisa=row["has_workvisa"],
                        location=row["location"] or "",
                    ),
                )
            )
    return documents


def _work(record: dict[str, Any]) -> WorkRecord:
    return WorkRecord.model_construct(
        role=record["role"],
        company=record["company"],
        start_date=_iso(record["start_date"]),
        end_date=_iso(record["end_date"]),
        current=record["current"],
        description=record["description"],
        location=record["location"],
    )


def _education(record: dict[str, Any]) -> EducationRecord:
    return EducationRecord.model_construct(
        institution=record["institution"],
        degree=record["course_name"],
        field_of_study=record["major"],
        start_year=record["start_year"],
        end_year=record["end_year"],
    )
