"""Plugin-facing resume types: what a resume parser plugin receives and returns.

`ResumeData` is exactly contract §7's `resume_data`; the list items use the record keys of the
contract's table (projects, certifications, achievements, languages), so the client can save them
back unchanged. None of these types carries disability data, demographics or photos.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# A date in `resume_data` is `YYYY-MM-DD` (day 01 when the resume names only a month or a year).
DateStr = str | None


class ResumeParseError(Exception):
    """A resume that cannot be read. `str(error)` is a message for the person who uploaded it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ResumeDocument(BaseModel):
    """An uploaded resume file, as a parser plugin receives it."""

    model_config = ConfigDict(frozen=True)

    filename: str
    extension: Literal["pdf", "docx", "txt"]
    content: bytes


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonalInfo(_Item):
    first_name: str = ""
    last_name: str = ""
    full_name: str = ""
    email: str = ""
    phone: str = ""
    location: str = ""
    linkedin_url: str = ""
    github_url: str = ""
    portfolio_url: str = ""


class WorkExperienceItem(_Item):
    company: str = ""
    role: str = ""
    start_date: DateStr = None
    end_date: DateStr = None
    current: bool = False
    description: str = ""
    location: str = ""


class EducationItem(_Item):
    institution: str = ""
    degree: str = ""
    field_of_study: str = ""
    start_date: DateStr = None
    end_date: DateStr = None


class ProjectItem(_Item):
    project_name: str = ""
    description: str = ""
    url: str = ""
    start_date: DateStr = None
    end_date: DateStr = None
    is_current: bool = False


class CertificationItem(_Item):
    name: str = ""
    issuing_organization: str = ""
    issue_date: DateStr = None
    expiry_date: DateStr = None
    credential_url: str = ""


class LanguageItem(_Item):
    language: str = ""
    # basic|intermediate|advanced|native, or "" when the resume does not say.
    speaking: str = ""
    reading: str = ""
    writing: str = ""


class AchievementItem(_Item):
    title: str = ""
    issue_date: DateStr = None
    description: str = ""


class ResumeData(_Item):
    """Contract §7's `resume_data`."""

    personal_info: PersonalInfo = Field(default_factory=PersonalInfo)
    summary: str = ""
    skills: list[str] = Field(default_factory=list)
    work_experience: list[WorkExperienceItem] = Field(default_factory=list)
    education: list[EducationItem] = Field(default_factory=list)
    projects: list[ProjectItem] = Field(default_factory=list)
    certifications: list[CertificationItem] = Field(default_factory=list)
    languages: list[LanguageItem] = Field(default_factory=list)
    achievements: list[AchievementItem] = Field(default_factory=list)


class ParsedResume(BaseModel):
    """What `parse_resume` returns: the plain text (stored with the profile, never shown to
    employers as such), the structured data, and the normalised term counts computed once here so
    search and ranking never re-tokenise the resume."""

    text: str
    resume_data: ResumeData
    term_counts: dict[str, int] = Field(default_factory=dict)
