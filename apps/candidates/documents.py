"""Candidates as plugins see them: `CandidateDocument`s (platform_core/documents.py).

The one place that turns profiles into what ranking and talent search receive. It reads only
what a candidate can do and wants (records, the parsed resume's text and stored term counts,
preferences) and never a field of disability data, disclosure preference, accommodations,
demographics, contact details or photos: the document types have no place for them, and the
queries below do not even load them. The resume text goes out with e-mail addresses, phone
numbers, links and the candidate's own name taken out.

A whole pool costs a fixed number of queries (one per kind of record), however many candidates
it holds: each query selects by a subquery of the pool, never by a list of ids.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet

from platform_core.documents import (
    AchievementRecord,
    CandidateDocument,
    CandidatePreferences,
    CertificationRecord,
    EducationRecord,
    ProjectRecord,
    WorkRecord,
)

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


def candidate_documents(
    profiles: QuerySet[CandidateProfile], application_ids: dict[int, int] | None = None
) -> list[CandidateDocument]:
    """The profiles of `profiles` as `CandidateDocument`s, in the queryset's order (by id when it
    has none). `application_ids` maps a profile id to its application to the job at hand."""
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
        "resume_data",
        "resume_text",
        "resume_terms",
        "willing_to_relocate",
        "employment_type_preferences",
        "work_mode_preferences",
        "has_workvisa",
        "user__first_name",
        "user__last_name",
        "user__profile__location",
    )
    if not profiles.query.order_by:
        rows = rows.order_by("pk")
    documents = []
    for row in rows.iterator(chunk_size=2000):
        profile_id = row["pk"]
        data = row["resume_data"] if isinstance(row["resume_data"], dict) else {}
        names = (row["user__first_name"] or "", row["user__last_name"] or "")
        own_skills = [record["name"] for record in skills.get(profile_id, [])]
        known = {name.casefold() for name in own_skills}
        parsed_skills = [
            name
            for name in data.get("skills") or []
            if isinstance(name, str) and name.strip() and name.casefold() not in known
        ]
        documents.append(
            CandidateDocument(
                candidate_id=profile_id,
                application_id=application_ids.get(profile_id),
                skills=own_skills + parsed_skills,
                work_experience=[
                    WorkRecord(
                        **{
                            **record,
                            "start_date": _iso(record["start_date"]),
                            "end_date": _iso(record["end_date"]),
                        }
                    )
                    for record in work.get(profile_id, [])
                ],
                education=[
                    EducationRecord(
                        institution=record["institution"],
                        degree=record["course_name"],
                        field_of_study=record["major"],
                        start_year=record["start_year"],
                        end_year=record["end_year"],
                    )
                    for record in education.get(profile_id, [])
                ],
                projects=[ProjectRecord(**record) for record in projects.get(profile_id, [])],
                certifications=[
                    CertificationRecord(**record) for record in certifications.get(profile_id, [])
                ],
                achievements=[
                    AchievementRecord(**record) for record in achievements.get(profile_id, [])
                ],
                languages=[record["language"] for record in languages.get(profile_id, [])],
                summary=scrub(str(data.get("summary") or ""), names),
                resume_text=scrub(row["resume_text"] or "", names),
                terms=row["resume_terms"] if isinstance(row["resume_terms"], dict) else {},
                has_parsed_resume=bool(data),
                preferences=CandidatePreferences(
                    work_modes=[
                        mode for mode in row["work_mode_preferences"] or [] if mode in WORK_MODES
                    ],
                    employment_types=[
                        kind
                        for kind in row["employment_type_preferences"] or []
                        if kind in EMPLOYMENT_TYPES
                    ],
                    willing_to_relocate=row["willing_to_relocate"],
                    has_workvisa=row["has_workvisa"],
                    location=row["user__profile__location"] or "",
                ),
            )
        )
    return documents
