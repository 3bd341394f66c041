"""Section headings and the split of a resume into sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Heading text (lower-case, without punctuation) -> section kind.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary", "professional summary", "career summary", "profile", "professional profile",
        "about", "about me", "objective", "career objective", "personal statement", "overview",
        "executive summary", "career profile", "introduction", "summary of qualifications",
    ),
    "experience": (
        "experience", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "relevant experience",
        "professional background", "experience history", "positions held", "career",
        "work", "professional history", "job history", "industry experience",
    ),
    "education": (
        "education", "academic background", "education and training", "academic history",
        "qualifications", "academic qualifications", "educational background", "studies",
        "education & training", "academics", "schooling",
    ),
    "skills": (
        "skills", "technical skills", "core skills", "key skills", "core competencies",
        "competencies", "skills and abilities", "skills & abilities", "areas of expertise",
        "expertise", "tools", "technologies", "tech stack", "skill set", "skillset",
        "tools and technologies", "tools & technologies", "strengths", "abilities",
        "professional skills", "hard skills", "soft skills", "computer skills", "it skills",
        "skills summary", "software", "assistive technology", "key competencies",
    ),
    "projects": (
        "projects", "personal projects", "selected projects", "key projects", "side projects",
        "academic projects", "portfolio", "project experience", "open source",
    ),
    "certifications": (
        "certifications", "certificates", "licenses", "licences", "certifications and licenses",
        "licenses and certifications", "licenses & certifications", "certifications & licenses",
        "professional certifications", "credentials", "training and certifications",
        "courses", "courses and certifications", "accreditations",
    ),
    "languages": ("languages", "language skills", "spoken languages", "language proficiency"),
    "achievements": (
        "achievements", "awards", "honors", "honours", "awards and honors", "honors and awards",
        "awards & honors", "honors & awards", "accomplishments", "key achievements",
        "recognition", "awards and recognition", "publications", "scholarships",
    ),
    "volunteer": (
        "volunteer", "volunteering", "volunteer experience", "volunteer work",
        "community involvement", "community service", "leadership and volunteering",
    ),
    "interests": ("interests", "hobbies", "hobbies and interests", "personal interests"),
    "references": ("references", "referees"),
    "contact": ("contact", "contact information", "contact details", "personal details",
                "personal information", "details", "info"),
}  # fmt: skip
HEADINGS: dict[str, str] = {
    synonym: kind for kind, synonyms in _SYNONYMS.items() for synonym in synonyms
}
_DECORATION = re.compile(r"^[\s•●○◦▪■□◆◇►▸‣⁃∙·*#|=_~\-–—:]+|[\s•●▪■*#|=_~\-–—:.]+$")


@dataclass
class Section:
    kind: str  # "header" for the lines before the first heading
    lines: list[str] = field(default_factory=list)


def heading_kind(line: str) -> tuple[str, str] | None:
    """The section kind a heading line opens, and any text after it on the same line ("Skills:
    Python, SQL"); None when the line is not a heading."""
    stripped = _DECORATION.sub("", line).strip()
    if not stripped or len(stripped) > 60:
        return None
    # Letter-spaced capitals: "E X P E R I E N C E".
    if re.fullmatch(r"(?:[A-Z] ){3,}[A-Z]", stripped):
        stripped = stripped.replace(" ", "")
    key = re.sub(r"\s+", " ", stripped.lower().replace("&", "and")).strip()
    key = re.sub(r"[^\w ]", "", key).strip()
    for candidate in (key, key.replace("and", "&")):
        if candidate in HEADINGS:
            return HEADINGS[candidate], ""
    if ":" in line:
        head, _, rest = line.partition(":")
        head_key = re.sub(r"[^\w ]", "", _DECORATION.sub("", head).lower()).strip()
        if head_key in HEADINGS and rest.strip() and len(head_key) > 3:
            return HEADINGS[head_key], rest.strip()
    return None


def split_sections(lines: list[str]) -> list[Section]:
    """The resume as sections in order; the first is "header" (name and contact lines)."""
    sections = [Section("header")]
    for line in lines:
        if not line.strip():
            continue
        found = heading_kind(line)
        # "Languages: Python, Go" inside a skills section is a skill group, not a new section.
        if found and found[1] and sections[-1].kind == "skills" and found[0] != "experience":
            found = None
        if found and _looks_like_heading(line, found[1]):
            kind, rest = found
            sections.append(Section(kind))
            if rest:
                sections[-1].lines.append(rest)
        else:
            sections[-1].lines.append(line)
    return sections


def _looks_like_heading(line: str, rest: str) -> bool:
    """A heading is short; a sentence that happens to start with "Experience" is not one."""
    if rest:
        return True
    words = line.split()
    return len(words) <= 6 and not line.rstrip().endswith((".", ","))


def heading_words() -> set[str]:
    """Every heading synonym (lower-case), for the normaliser not to join them into sentences."""
    return set(HEADINGS)
