"""Request and response bodies of a candidate's records: education, skills, languages, work
experience, projects, achievements, certifications (contract section 7).

Years run 1900–2100 and an end never comes before its start.
"""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import model_validator

from platform_core.schemas import SkillName, StrictSchema, Url

from .choices import LanguageLevel

LevelValue = Literal[tuple([*LanguageLevel.values, ""])]  # type: ignore[valid-type]
Year = Annotated[int, Field(ge=1900, le=2100)]


def _check_order(start, end, start_name: str, end_name: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValueError(f"{end_name} cannot be before {start_name}.")


class EducationOut(Schema):
    id: int
    course_name: str
    major: str
    institution: str
    start_year: int | None
    end_year: int | None
    created_at: dt.datetime


class EducationIn(StrictSchema):
    course_name: str = Field("", max_length=200)
    major: str = Field("", max_length=200)
    institution: str = Field(..., min_length=1, max_length=200)
    start_year: Year | None = None
    end_year: Year | None = None

    @model_validator(mode="after")
    def _years_in_order(self):
        _check_order(self.start_year, self.end_year, "start_year", "end_year")
        return self


class SkillOut(Schema):
    id: int
    name: str
    created_at: dt.datetime


class SkillIn(StrictSchema):
    name: SkillName


class LanguageOut(Schema):
    id: int
    language: str
    speaking: str
    reading: str
    writing: str


class LanguageIn(StrictSchema):
    language: str = Field(..., min_length=1, max_length=100)
    speaking: LevelValue = ""
    reading: LevelValue = ""
    writing: LevelValue = ""


class WorkExperienceOut(Schema):
    id: int
    company: str
    role: str
    start_date: dt.date | None
    end_date: dt.date | None
    current: bool
    description: str
    location: str


class WorkExperienceIn(StrictSchema):
    company: str = Field(..., min_length=1, max_length=200)
    role: str = Field(..., min_length=1, max_length=200)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    current: bool = False
    description: str = Field("", max_length=5000)
    location: str = Field("", max_length=200)

    @model_validator(mode="after")
    def _dates_in_order(self):
        _check_order(self.start_date, self.end_date, "start_date", "end_date")
        return self


class ProjectOut(Schema):
    id: int
    name: str
    description: str
    url: str
    start_date: dt.date | None
    end_date: dt.date | None


class ProjectIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    url: Url = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None

    @model_validator(mode="after")
    def _dates_in_order(self):
        _check_order(self.start_date, self.end_date, "start_date", "end_date")
        return self


class AchievementOut(Schema):
    id: int
    title: str
    description: str
    date: dt.date | None


class AchievementIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    date: dt.date | None = None


class CertificationOut(Schema):
    id: int
    name: str
    issuer: str
    issue_date: dt.date | None
    expiry_date: dt.date | None
    credential_id: str
    credential_url: str


class CertificationIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=200)
    issuer: str = Field("", max_length=200)
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None
    credential_id: str = Field("", max_length=200)
    credential_url: Url = ""

    @model_validator(mode="after")
    def _dates_in_order(self):
        _check_order(self.issue_date, self.expiry_date, "issue_date", "expiry_date")
        return self
