"""Request and response bodies of a candidate's records: education, skills, languages, work
experience, projects, achievements, certifications (contract section 7).

The keys are exactly the web client's: it writes and reads them by name, in the sub-resources, in
`full/`'s `verified_profile` and in `verify-profile/`. Every record reads back with `id`,
`created_at` and `updated_at`. Years run 1900–2100, an end never comes before its start, and a
current position or project (`current`, `is_current`) has no end date.
"""

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from ninja import Field
from pydantic import BeforeValidator, ConfigDict, StringConstraints, model_validator

from platform_core.schemas import OutSchema, SkillName, StrictSchema, Url, blank_if_null

from .choices import LanguageLevel
from .models import SKILL_LEVEL_MAX_LENGTH

# Built from the choices at runtime, for pydantic; mypy sees a str.
if TYPE_CHECKING:
    LevelValue: TypeAlias = str
else:
    LevelValue = Literal[tuple([*LanguageLevel.values, ""])]
Year = Annotated[int, Field(ge=1900, le=2100)]
# Free text such as "Expert" or "3 years"; null or absent reads back as "".
SkillLevel = Annotated[
    str,
    BeforeValidator(blank_if_null),
    StringConstraints(strip_whitespace=True, max_length=SKILL_LEVEL_MAX_LENGTH),
]
CURRENT_HAS_NO_END = "A current {what} has no end date: send end_date as null."


def _check_order(start, end, start_name: str, end_name: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValueError(f"{end_name} cannot be before {start_name}.")


def _check_current(is_current: bool, end_date: dt.date | None, what: str) -> None:
    if is_current and end_date is not None:
        raise ValueError(CURRENT_HAS_NO_END.format(what=what))


def _examples(*examples: dict) -> ConfigDict:
    """OpenAPI examples of a request body (keeps the parent's strictness: configs merge)."""
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class RecordOut(OutSchema):
    """What every record reads back besides its own keys."""

    id: int
    created_at: dt.datetime
    updated_at: dt.datetime


# --- education ----------------------------------------------------------------------------------


class EducationOut(RecordOut):
    course_name: str
    major: str
    institution: str
    start_year: int | None
    end_year: int | None


class EducationIn(StrictSchema):
    model_config = _examples(
        {
            "course_name": "BSc",
            "major": "Computer Science",
            "institution": "University of Toronto",
            "start_year": 2015,
            "end_year": 2019,
        }
    )

    course_name: str = Field("", max_length=200)
    major: str = Field("", max_length=200)
    institution: str = Field(..., min_length=1, max_length=200)
    start_year: Year | None = None
    end_year: Year | None = None

    @model_validator(mode="after")
    def _years_in_order(self):
        _check_order(self.start_year, self.end_year, "start_year", "end_year")
        return self


# --- skills -------------------------------------------------------------------------------------


class SkillOut(RecordOut):
    name: str
    level: str


class SkillIn(StrictSchema):
    """A skill, unique on the profile whatever its letter case; `level` is optional free text."""

    model_config = _examples({"name": "Python", "level": "Advanced"}, {"name": "WCAG auditing"})

    name: SkillName
    level: SkillLevel = Field("", description='Free text, e.g. "Expert"; "" when unset.')


# --- languages ----------------------------------------------------------------------------------


class LanguageOut(RecordOut):
    language: str
    speaking: str
    reading: str
    writing: str


class LanguageIn(StrictSchema):
    """Levels are `basic`, `intermediate`, `advanced`, `native`, or "" (not given)."""

    model_config = _examples(
        {"language": "French", "speaking": "advanced", "reading": "native", "writing": "basic"}
    )

    language: str = Field(..., min_length=1, max_length=100)
    speaking: LevelValue = ""
    reading: LevelValue = ""
    writing: LevelValue = ""


# --- work experience ----------------------------------------------------------------------------


class WorkExperienceOut(RecordOut):
    company: str
    role: str
    start_date: dt.date | None
    end_date: dt.date | None
    current: bool
    description: str
    location: str


class WorkExperienceIn(StrictSchema):
    """A position; a `current` one has no `end_date` (null)."""

    model_config = _examples(
        {
            "company": "Acme",
            "role": "Accessibility Engineer",
            "start_date": "2020-01-01",
            "end_date": "2022-06-30",
            "current": False,
            "description": "Built accessible forms.",
            "location": "Toronto",
        },
        {
            "company": "Globex",
            "role": "Lead Engineer",
            "start_date": "2022-07-01",
            "end_date": None,
            "current": True,
            "description": "",
            "location": "Remote",
        },
    )

    company: str = Field(..., min_length=1, max_length=200)
    role: str = Field(..., min_length=1, max_length=200)
    start_date: dt.date | None = None
    end_date: dt.date | None = Field(None, description="null while `current` is true.")
    current: bool = False
    description: str = Field("", max_length=5000)
    location: str = Field("", max_length=200)

    @model_validator(mode="after")
    def _dates_in_order(self):
        _check_order(self.start_date, self.end_date, "start_date", "end_date")
        _check_current(self.current, self.end_date, "position")
        return self


# --- projects -----------------------------------------------------------------------------------


class ProjectOut(RecordOut):
    project_name: str
    description: str
    url: str
    start_date: dt.date | None
    end_date: dt.date | None
    is_current: bool


class ProjectIn(StrictSchema):
    """A project; one still going on (`is_current`) has no `end_date` (null)."""

    model_config = _examples(
        {
            "project_name": "Screen reader plugin",
            "description": "Reads tables aloud.",
            "url": "https://example.com/plugin",
            "start_date": "2021-01-01",
            "end_date": None,
            "is_current": True,
        }
    )

    project_name: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    url: Url = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = Field(None, description="null while `is_current` is true.")
    is_current: bool = False

    @model_validator(mode="after")
    def _dates_in_order(self):
        _check_order(self.start_date, self.end_date, "start_date", "end_date")
        _check_current(self.is_current, self.end_date, "project")
        return self


# --- achievements -------------------------------------------------------------------------------


class AchievementOut(RecordOut):
    title: str
    issue_date: dt.date | None
    description: str


class AchievementIn(StrictSchema):
    model_config = _examples(
        {"title": "Hackathon winner", "issue_date": "2023-03-01", "description": "First place."}
    )

    title: str = Field(..., min_length=1, max_length=200)
    issue_date: dt.date | None = None
    description: str = Field("", max_length=5000)


# --- certifications -----------------------------------------------------------------------------


class CertificationOut(RecordOut):
    name: str
    issuing_organization: str
    issue_date: dt.date | None
    expiry_date: dt.date | None
    credential_url: str


class CertificationIn(StrictSchema):
    """A certification; it cannot expire before it was issued."""

    model_config = _examples(
        {
            "name": "CPACC",
            "issuing_organization": "IAAP",
            "issue_date": "2022-01-01",
            "expiry_date": "2025-01-01",
            "credential_url": "https://example.com/credential",
        }
    )

    name: str = Field(..., min_length=1, max_length=200)
    issuing_organization: str = Field("", max_length=200)
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None
    credential_url: Url = ""

    @model_validator(mode="after")
    def _dates_in_order(self):
        _check_order(self.issue_date, self.expiry_date, "issue_date", "expiry_date")
        return self
