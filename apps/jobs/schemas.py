"""Request and response bodies of the job endpoints (contract section 8).

String fields are `""`, never `null` (the web client validates strictly): a `null` sent for one is
stored as `""`. `estimated_salary` is a string; a number is accepted (85000 reads back "85000").
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, ValidationInfo, field_validator

from apps.candidates.schemas import DisabilityOut, candidate_avatar_url
from apps.organizations.schemas import organization_avatar_url
from platform_core.schemas import (
    Id,
    OutSchema,
    SkillName,
    StrictSchema,
    Text,
    choice_int,
    partial_schema,
    skill_key,
)

from . import accommodations, ranking, skill_lists
from .models import ApplicationStatus, JobPost, JobStatus, JobType, WorkplaceType


def _has_ranking(job) -> bool:
    """Whether the job has a stored ranking, without a query when it was selected with the job."""
    try:
        return job.ranking is not None
    except ObjectDoesNotExist:
        return False


def _label_of(field_name: str) -> Callable[[JobPost], Any]:
    """`job.get_<field>_display()` for a choices field of JobPost, from a dict built once:
    Django's builds one from the field's choices on every call, twice per row of a browse page.
    An unknown value is returned as it is, as Django's does."""
    field = JobPost._meta.get_field(field_name)
    assert isinstance(field, models.Field)  # a column, not a relation
    labels = {value: str(label) for value, label in field.flatchoices}
    return lambda job: labels.get(getattr(job, field_name), getattr(job, field_name))


workplace_type_label = _label_of("workplace_type")
job_type_label = _label_of("job_type")


def _salary_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value  # let validation refuse it
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)).normalize()
        return f"{number:f}"
    return value


# Pydantic validates against types built at runtime from the models' choices (one source of
# truth), which mypy cannot evaluate: statically they are the plain value types.
if TYPE_CHECKING:
    WorkplaceTypeValue: TypeAlias = int
    JobTypeValue: TypeAlias = int
    JobStatusValue: TypeAlias = str
    ApplicationStatusValue: TypeAlias = str
else:
    WorkplaceTypeValue = choice_int(WorkplaceType)
    JobTypeValue = choice_int(JobType)
    JobStatusValue = Literal[tuple(JobStatus.values)]
    ApplicationStatusValue = Literal[tuple(ApplicationStatus.values)]


def _unique_skills(names: list[str]) -> list[str]:
    seen, unique = set(), []
    for name in names:
        if skill_key(name) not in seen:
            seen.add(skill_key(name))
            unique.append(name)
    return unique


Skills = Annotated[list[SkillName], Field(max_length=50), AfterValidator(_unique_skills)]

# The accommodations a job offers: the candidates' vocabulary minus `not_needed` and
# `prefer_to_discuss_later` (accommodations.py); an unknown value is a 400 keyed by the field.
AccommodationsOffered = Annotated[
    list[Annotated[str, Field(max_length=50)]],
    Field(
        max_length=50,
        description="Accommodations the employer offers, each of: "
        f"{', '.join(accommodations.OFFERED)}.",
    ),
    AfterValidator(accommodations.cleaned),
]


# --- output ------------------------------------------------------------------------------------


class JobSkillOut(OutSchema):
    id: int
    name: str


class JobOrganizationOut(OutSchema):
    id: int
    name: str
    avatar_url: str | None

    @staticmethod
    def resolve_avatar_url(obj, context) -> str | None:
        return organization_avatar_url(obj, context)


class JobAuthorOut(OutSchema):
    id: int
    first_name: str
    last_name: str
    email: str
    is_verified: bool
    is_candidate: bool


class JobPublicOut(OutSchema):
    """A job as the public sees it: no author, no ranking data."""

    id: int
    organization: JobOrganizationOut
    title: str
    job_desc: str
    workplace_type: int
    workplace_type_display: str
    location: str
    job_type: int
    job_type_display: str
    skills: list[JobSkillOut]
    estimated_salary: str
    visa_required: bool
    accommodations_offered: list[str]
    accessibility_notes: str
    status: str
    ranking_status: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_workplace_type_display(obj) -> str:
        return workplace_type_label(obj)

    @staticmethod
    def resolve_job_type_display(obj) -> str:
        return job_type_label(obj)

    @staticmethod
    def resolve_skills(obj):
        return skill_lists.skills_of(obj)

    @staticmethod
    def resolve_ranking_status(obj) -> str:
        return ranking.ranking_status(obj)


class MyNeedsOut(OutSchema):
    """Which of the caller's own accommodation needs (their profile's `workplace_accommodations`)
    a job offers: shown to that candidate only, never to anyone else."""

    my_needs_offered: list[str] = Field(description="The caller's needs this job offers.")
    my_needs_missing: list[str] = Field(description="The caller's needs this job does not offer.")


class JobCandidateOut(MyNeedsOut, JobPublicOut):
    """A job as a candidate sees it: the public view and which of their own needs it offers."""


class RankingSummaryOut(OutSchema):
    """The last good ranking of a job, in brief (the list itself is `ranking-data/`)."""

    ranker: dict[str, str]
    last_updated: dt.datetime
    ranked_count: int


class JobOut(JobPublicOut):
    """A job as the members of its organization see it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 31,
                    "organization": {
                        "id": 7,
                        "name": "Acme Inclusive Tech",
                        "avatar_url": "https://api.example.com/api/organization/organizations/7/avatar/",
                    },
                    "title": "Backend Developer",
                    "job_desc": "Build accessible APIs with Python and Django.",
                    "workplace_type": 3,
                    "workplace_type_display": "Hybrid",
                    "location": "Toronto",
                    "job_type": 1,
                    "job_type_display": "Full-time",
                    "skills": [{"id": 3, "name": "Python"}, {"id": 9, "name": "Django"}],
                    "estimated_salary": "85000",
                    "visa_required": False,
                    "accommodations_offered": ["flexible_schedule", "remote_work"],
                    "accessibility_notes": "Step-free entrance; interviews by video on request.",
                    "status": "open",
                    "ranking_status": "not_ranked",
                    "created_at": "2026-02-01T12:00:00Z",
                    "updated_at": "2026-02-01T12:00:00Z",
                    "user": {
                        "id": 12,
                        "first_name": "Grace",
                        "last_name": "Hopper",
                        "email": "grace@acme.example",
                        "is_verified": True,
                        "is_candidate": False,
                    },
                    "candidate_ranking_data": {
                        "ranker": {"plugin": "ranking", "version": "0.1.0"},
                        "last_updated": "2026-02-03T09:30:00Z",
                        "ranked_count": 4,
                    },
                    "ranking_task_id": "5f0c1d9e-1b7a-4c52-9d3e-2f8a6b4e7c10",
                    "applications_count": 4,
                }
            ]
        }
    )

    user: JobAuthorOut | None
    candidate_ranking_data: RankingSummaryOut | None = Field(
        description="The last good ranking in brief, or null before the first one."
    )
    ranking_task_id: str
    applications_count: int

    @staticmethod
    def resolve_ranking_task_id(obj) -> str:
        return ranking.ranking_task_id(obj)

    @staticmethod
    def resolve_candidate_ranking_data(obj) -> dict | None:
        stored = getattr(obj, "ranking", None) if _has_ranking(obj) else None
        if stored is None:
            return None
        return {
            "ranker": {"plugin": stored.plugin, "version": stored.plugin_version},
            "last_updated": stored.created_at,
            "ranked_count": stored.ranked_count,
        }

    @staticmethod
    def resolve_applications_count(obj) -> int:
        return getattr(obj, "applications_count", 0)


class ApplyOut(OutSchema):
    message: str
    application_id: int
    status: str


class ApplicationJobOrganizationOut(OutSchema):
    id: int
    name: str


class ApplicationJobOut(MyNeedsOut):
    """The job of one of the candidate's applications; the types are display labels (client).
    The list is the candidate's own, so it shows which of their needs the job offers."""

    id: int
    title: str
    location: str
    job_type: str
    workplace_type: str
    status: str
    organization: ApplicationJobOrganizationOut

    @staticmethod
    def resolve_job_type(obj) -> str:
        return job_type_label(obj)

    @staticmethod
    def resolve_workplace_type(obj) -> str:
        return workplace_type_label(obj)


class CandidateApplicationOut(OutSchema):
    id: int
    job: ApplicationJobOut
    status: str
    applied_at: dt.datetime
    updated_at: dt.datetime


class ApplicantOut(DisabilityOut):
    """An applicant (a candidate profile) as the hiring organization sees them. The disability
    fields follow the candidate's `disclosure_preference` and the application's stage; `null`
    where hidden."""

    id: int
    slug: str
    name: str
    email: str
    avatar: str | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.user.get_full_name()

    @staticmethod
    def resolve_email(obj) -> str:
        return obj.user.email

    @staticmethod
    def resolve_avatar(obj, context) -> str | None:
        return candidate_avatar_url(obj.user.profile, context)


class ApplicationOut(OutSchema):
    id: int
    candidate: ApplicantOut
    status: str
    applied_at: dt.datetime
    updated_at: dt.datetime


class DecisionOut(OutSchema):
    message: str
    status: str
    application_id: int
    job_id: int


class WithdrawOut(OutSchema):
    message: str
    application_id: int
    status: str


# --- input -------------------------------------------------------------------------------------


class JobIn(StrictSchema):
    """A job post. `skills` are names; `estimated_salary` text or a number."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "Backend Developer",
                    "job_desc": "Build accessible APIs with Python and Django.",
                    "workplace_type": 3,
                    "location": "Toronto",
                    "job_type": 1,
                    "skills": ["Python", "Django"],
                    "estimated_salary": "85000",
                    "visa_required": False,
                    "accommodations_offered": ["flexible_schedule", "remote_work"],
                    "accessibility_notes": "Step-free entrance; interviews by video on request.",
                    "status": "open",
                }
            ]
        }
    )

    title: str = Field(..., min_length=1, max_length=200)
    job_desc: Text = Field("", max_length=20000)
    workplace_type: WorkplaceTypeValue = WorkplaceType.ONSITE.value
    location: Text = Field("", max_length=200)
    job_type: JobTypeValue = JobType.FULL_TIME.value
    skills: Skills = []
    estimated_salary: Annotated[str, BeforeValidator(_salary_text), Field(max_length=100)] = ""
    visa_required: bool = False
    accommodations_offered: AccommodationsOffered = []
    accessibility_notes: Text = Field(
        "",
        max_length=2000,
        description="About the workplace's and the hiring process's accessibility.",
    )
    status: JobStatusValue = JobStatus.OPEN.value


# partial_schema derives a subclass of JobIn at runtime (every field optional), which mypy cannot
# follow: statically it is JobIn, so the PATCH view can take it as its body.
if TYPE_CHECKING:
    JobPatch: TypeAlias = JobIn
else:
    JobPatch = partial_schema(JobIn)


class DecisionIn(Schema):
    # The decisions an employer can take (ApplicationStatus values; contract section 11).
    status: Literal["shortlisted", "rejected", "hired"]


class QueryFilters(Schema):
    """Query-string filters: an unknown value is a 400 keyed by the parameter; a parameter sent
    blank (`?status=`) counts as not sent, as a blank `?search=` does."""

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_default(cls, value: Any, info: ValidationInfo) -> Any:
        if value == "" and info.field_name:
            return cls.model_fields[info.field_name].get_default()
        return value


Ordering = Literal["created_at", "-created_at", "title", "-title"]


class BrowseFilters(QueryFilters):
    """Filters of the public job browse."""

    search: str | None = Field(
        None, max_length=200, description="Title, description, skills, organization, location."
    )
    workplace_type: WorkplaceTypeValue | None = None
    job_type: JobTypeValue | None = None
    location: str | None = Field(None, max_length=200, description="Case-insensitive substring.")
    skills: str | None = Field(None, max_length=500, description="Comma-separated; all required.")
    visa_required: bool | None = None
    organization: Id | None = None
    accommodations: str | None = Field(
        None,
        max_length=500,
        description="Comma-separated accommodations; jobs offering all of them.",
    )
    ordering: Ordering = Field("-created_at", description="Newest first unless given.")

    @field_validator("accommodations")
    @classmethod
    def _known_accommodations(cls, value: str | None) -> str | None:
        """Each value from the offered vocabulary (else a 400 keyed `accommodations`), kept
        as one canonical comma-separated text."""
        if value is None:
            return None
        values = accommodations.cleaned(part for part in value.split(",") if part.strip())
        return ",".join(values) or None


class PublicBrowseFilters(BrowseFilters):
    """Filters of the public browse: those of every job list, and the candidate's own needs."""

    matches_my_needs: bool = Field(
        False,
        description="Signed-in candidates: only jobs offering every accommodation listed in "
        "their own profile (all jobs when they listed none). Stored and shown nowhere.",
    )


class JobFilters(BrowseFilters):
    """Filters of the organization's own job list (adds `status`)."""

    status: JobStatusValue | None = Field(None, description="Only jobs with this status.")


class ApplicantFilters(QueryFilters):
    """Filters of a job's applicant list."""

    status: ApplicationStatusValue | None = Field(
        None, description="Only applications with this status."
    )


# --- ranking ---------------------------------------------------------------------------------------


class RankIn(StrictSchema):
    """`rank-candidates/`: an optional plugin name (default: RANKING_PLUGIN, else the built-in)."""

    plugin: str | None = Field(
        default=None,
        max_length=100,
        description="An installed plugin implementing rank_candidates (see GET /api/plugins/).",
    )


class RankOut(OutSchema):
    detail: str
    ranking_status: Literal["ranking", "ranked", "failed"]
    task_id: str


class RankerOut(OutSchema):
    plugin: str
    version: str


class RankedCandidateOut(OutSchema):
    candidate_id: int = Field(description="The candidate profile id.")
    candidate_slug: str
    application_id: int
    application_status: str
    score: float = Field(ge=0, le=100)
    reasons: list[str]
    breakdown: dict[str, Any]


class RankingDataOut(OutSchema):
    """A job's ranking: the latest run's status and the last good ranking, best first. Every
    current applicant (not withdrawn) appears exactly once; one who applied after the ranking
    comes last with score 0 and a reason saying so."""

    ranking_status: Literal["not_ranked", "ranking", "ranked", "failed"]
    ranking_task_id: str
    progress: int = Field(ge=0, le=100)
    error: str | None = Field(description="Why the latest run failed, for a person to act on.")
    ranker: RankerOut
    last_updated: dt.datetime | None
    ranked_candidates: list[RankedCandidateOut]


# --- talent-search agent ---------------------------------------------------------------------------


class AgentIn(StrictSchema):
    """An employer's search in their own words. Only the first 500 characters are read."""

    query: str = Field(
        max_length=5000,
        description="What you are looking for: skills, a role, a place, a work mode, a job type, "
        "years of experience.",
        examples=["Senior React developer in Toronto, remote ok, 5+ years, full-time"],
    )


class AgentCandidateOut(OutSchema):
    """One candidate found, with the keys the web client's agent panel reads (camelCase
    included)."""

    id: int = Field(description="The candidate profile id.")
    slug: str
    name: str
    role: str
    location: str
    experience: str = Field(description='Years of work experience as text ("5 years"), or "".')
    skills: list[str]
    matchPercentage: int = Field(ge=0, le=100)  # noqa: N815 - the client's key
    avatarUrl: str | None  # noqa: N815 - the client's key
    reasons: list[str]


class AgentResultsOut(OutSchema):
    candidates: list[AgentCandidateOut]
    reasoning: str = Field(description="How the query was read, in one or two sentences.")


class AgentOut(OutSchema):
    results: AgentResultsOut
    model: str = Field(description='The LLM model that helped, or "offline".')


# --- job invitations and selected candidates -------------------------------------------------


class JobInviteIn(StrictSchema):
    candidate_id: Id = Field(description="The candidate profile id.")


class JobInviteCreatedOut(OutSchema):
    detail: str
    id: int
    status: str
    expires_at: dt.datetime


class CandidateJobInviteOut(OutSchema):
    """One of the candidate's invitations; `token` is what `respond/` takes."""

    id: int
    job_id: int
    job_title: str
    company: str = Field(description="The organization's name.")
    status: str = Field(description="pending | accepted | declined | expired | withdrawn")
    sent_at: dt.datetime
    responded_at: dt.datetime | None
    expires_at: dt.datetime
    token: str

    @staticmethod
    def resolve_job_title(obj) -> str:
        return obj.job.title

    @staticmethod
    def resolve_company(obj) -> str:
        return obj.job.organization.name

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.current_status


class JobInviteRespondIn(StrictSchema):
    token: str = Field(max_length=200)
    action: Literal["accept", "decline"]


class JobInviteRespondOut(OutSchema):
    detail: str
    status: str


class JobInviteOut(OutSchema):
    """An invitation of a job, as its organization's members see it."""

    id: int
    candidate_id: int
    candidate_slug: str
    status: str = Field(description="pending | accepted | declined | expired | withdrawn")
    sent_at: dt.datetime
    responded_at: dt.datetime | None
    expires_at: dt.datetime

    @staticmethod
    def resolve_candidate_slug(obj) -> str:
        return obj.candidate.slug

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.current_status


class SelectedJobOut(OutSchema):
    id: int
    title: str


class SelectedCandidateOut(OutSchema):
    id: int = Field(description="The application id.")
    candidate_id: int
    candidate_slug: str
    name: str
    role: str
    location: str
    experience: str = Field(description='Years of work experience as text ("6 years"), or "".')
    match_percent: int | None = Field(description="The job's latest ranking score; null unranked.")
    status: Literal["accepted", "shortlisted", "hired"]
    avatar_path: str | None = Field(description="Joined to `media_base_url`, the avatar's URL.")
    job: SelectedJobOut
    accepted_at: dt.datetime


class SelectedPaginationOut(OutSchema):
    page: int
    page_size: int
    total: int


class SelectedCandidatesOut(OutSchema):
    media_base_url: str
    results: list[SelectedCandidateOut]
    pagination: SelectedPaginationOut
