"""The resume parser: file -> plain text -> contract §7 `resume_data` + term counts.

Pure (no Django): `parse(document)` is what the `parse_resume` hook delegates to.
"""

from __future__ import annotations

import re
from collections import deque

from platform_core.documents import ParsedResume, ResumeData, ResumeDocument, ResumeParseError
from platform_core.terms import count_terms

from . import contact, entries, others
from .extract import extract
from .normalize import normalize
from .sections import Section, heading_words, split_sections
from .skills import matcher

MAX_TEXT_CHARS = 200_000


def parse(document: ResumeDocument, extra_skills: tuple[tuple[str, str], ...] = ()) -> ParsedResume:
    """Parse `document`; raises `ResumeParseError` (a message for a person) when it cannot."""
    extracted = extract(document)
    text = normalize(extracted.text, heading_words())[:MAX_TEXT_CHARS]
    if len(re.findall(r"[A-Za-zÀ-ÿ]", text)) < 20:
        raise ResumeParseError(
            "We found almost no text in this file. If it is a scan, upload a PDF exported from "
            "your editor, a Word file or a text file."
        )
    prominent = [normalize(line) for line in extracted.prominent]
    data = structure(text, prominent, extra_skills)
    return ParsedResume(text=text, resume_data=data, term_counts=term_counts(text, data))


def structure(
    text: str, prominent: list[str] | None = None, extra_skills: tuple[tuple[str, str], ...] = ()
) -> ResumeData:
    """`resume_data` from normalised text (and the lines set in the largest type)."""
    sections = split_sections(text.splitlines())
    by_kind: dict[str, list[str]] = {}
    for section in sections:
        by_kind.setdefault(section.kind, []).extend(section.lines)
    header = by_kind.get("header", []) + by_kind.get("contact", [])
    info = contact.personal_info(header, text, prominent or [])
    return ResumeData(
        personal_info=info,
        summary=_summary(by_kind, sections),
        skills=_skills(text, by_kind, extra_skills),
        work_experience=entries.work_experience(by_kind.get("experience", [])),
        education=entries.education(by_kind.get("education", [])),
        projects=others.projects(by_kind.get("projects", [])),
        certifications=others.certifications(by_kind.get("certifications", [])),
        languages=others.languages(by_kind.get("languages", []) + _language_lines(by_kind)),
        achievements=others.achievements(by_kind.get("achievements", [])),
    )


def _summary(by_kind: dict[str, list[str]], sections: list[Section]) -> str:
    lines = by_kind.get("summary")
    if not lines:
        # No heading: a paragraph of the header (after the name and contact lines).
        lines = [line for line in by_kind.get("header", []) if len(line.split()) >= 12][:4]
    return " ".join(entries.unbullet(line) for line in lines)[:5000]


def _skills(
    text: str, by_kind: dict[str, list[str]], extra: tuple[tuple[str, str], ...]
) -> list[str]:
    """Vocabulary skills of the skills sections, then of the rest of the text; plus short
    unknown items listed in a skills section."""
    found = matcher(extra)
    section_lines = by_kind.get("skills", [])
    names = found.find("\n".join(section_lines), in_skills_section=True)
    for name in found.find(text, in_skills_section=False):
        if name not in names:
            names.append(name)
    known = {name.lower() for name in names}
    body = "\n".join(
        re.sub(r"^[^:]{1,30}:\s*", "", entries.unbullet(line)) for line in section_lines
    )
    covered = deque(found.spans(body, in_skills_section=True))
    for item in re.finditer(r"[^,;|•·\n]+", body):
        text = item.group(0).strip(" .()/")
        while covered and covered[0][1] <= item.start():
            covered.popleft()  # spans and items both run left to right
        if covered and covered[0][0] < item.end():
            continue  # part of a known skill (perhaps wrapped onto the next line)
        if (
            1 <= len(text.split()) <= 3
            and 2 <= len(text) <= 40
            and text[:1].isupper()
            and text.lower() not in known
            and not re.search(r"\d{4}|@|https?:", text)
        ):
            known.add(text.lower())
            names.append(text)
    return names[:100]


def _language_lines(by_kind: dict[str, list[str]]) -> list[str]:
    """A "Languages: English, French" line inside a skills or header section."""
    return [
        line
        for kind in ("skills", "header", "contact", "interests")
        for line in by_kind.get(kind, [])
        if re.match(r"^\s*languages?\s*:", entries.unbullet(line), re.IGNORECASE)
    ]


def term_counts(text: str, data: ResumeData) -> dict[str, int]:
    """Normalised term counts for search and ranking, computed once at parse time. Contact
    details and the candidate's name are left out (ranking never sees who the person is)."""
    info = data.personal_info
    scrubbed = contact.EMAIL.sub(" ", text)
    scrubbed = re.sub(r"\S*(?:https?://|www\.|linkedin\.com|github\.com)\S*", " ", scrubbed)
    if info.phone:
        scrubbed = scrubbed.replace(info.phone, " ")
    private = {token.lower() for token in info.full_name.split()}
    return count_terms(scrubbed, data.skills, exclude=private)
