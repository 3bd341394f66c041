"""Request and response bodies of the candidate endpoints (contract section 7).

Profile output goes through `disclosure.disclosed`: the disability fields read `null` unless the
viewer was cleared to see them.
"""

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias, cast

from django.db.models import TextChoices
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, model_serializer

from platform_core.payload import loads_json
from platform_core.schemas import OutSchema, StrictSchema, file_url, partial_schema

from .choices import (
    ALIASES,
    Accommodation,
    AccommodationNeeds,
    DisabilityCategory,
    DisclosurePreference,
    EmploymentType,
    WorkMode,
)
from .disclosure import disclosed
from .parsing import parsing_status
from .record_schemas import (
    AchievementIn,
    AchievementOut,
    CertificationIn,
    CertificationOut,
    EducationIn,
    EducationOut,
    LanguageIn,
    LanguageOut,
    ProjectIn,
    ProjectOut,
    SkillIn,
    SkillOut,
    WorkExperienceIn,
    WorkExperienceOut,
)


def _as_list(value: Any) -> Any:
    """Lists arrive as JSON arrays, or in multipart as a JSON string or comma-separated text."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                return loads_json(text)  # standard JSON, bounded depth
            except ValueError:
                return value
        return [part for part in (p.strip() for p in text.split(",")) if part]
    if isinstance(value, dict):  # the seed shows `{}`: take the keys set to true
        return [key for key, chosen in value.items() if chosen]
    return value


def _choice_list(choices: type[TextChoices]) -> Any:
    allowed = set(choices.values)

    def check(values: list[str]) -> list[str]:
        cleaned: list[str] = []
        for raw in values:
            value = raw.strip().lower()
            value = ALIASES.get(value, value)
            if value not in allowed:
                raise ValueError(f"'{raw}' is not one of: {', '.join(sorted(allowed))}.")
            if value not in cleaned:
                cleaned.append(value)
        return cleaned

    return Annotated[
        list[Annotated[str, Field(max_length=50)]],
        BeforeValidator(_as_list),
        AfterValidator(check),
    ]


# Choice types are built from the choices at runtime, for pydantic; mypy sees what they hold.
if TYPE_CHECKING:
    EmploymentTypes: TypeAlias = list[str]
    WorkModes: TypeAlias = list[str]
    DisabilityCategories: TypeAlias = list[str]
    Accommodations: TypeAlias = list[str]
    AccommodationNeedsValue: TypeAlias = str
    DisclosureValue: TypeAlias = str
else:
    EmploymentTypes = _choice_list(EmploymentType)
    WorkModes = _choice_list(WorkMode)
    DisabilityCategories = _choice_list(DisabilityCategory)
    Accommodations = _choice_list(Accommodation)
    AccommodationNeedsValue = Literal[tuple([*AccommodationNeeds.values, ""])]
    DisclosureValue = Literal[tuple(DisclosurePreference.values)]


def candidate_avatar_url(profile, context) -> str | None:
    """Where those who may see a candidate download their avatar (`profile`: the user's)."""
    return file_url(
        profile, "avatar", context, "candidates_candidate_avatar", user_id=profile.user_id
    )


# --- output ------------------------------------------------------------------------------------

# `get_all_notes` shows this many of the notes on a profile (the newest); the rest are paginated
# at `notes/?profile=<slug>`.
NOTES_SHOWN = 20

# `parsing_status` (contract section 7); the values of choices.ParsingStatus.
ParsingStatusValue = Literal["not_parsed", "parsing", "parsed", "failed"]


class CandidateContactOut(OutSchema):
    """Contact details from the user's profile; never the sensitive demographics."""

    avatar: str | None
    phone: str
    location: str
    linkedin_url: str
    github_url: str
    portfolio_url: str
    current_status: str

    @staticmethod
    def resolve_avatar(obj, context) -> str | None:
        return candidate_avatar_url(obj, context)


class CandidateUserOut(OutSchema):
    id: int
    first_name: str
    last_name: str
    email: str
    profile: CandidateContactOut


class NoteAuthorOut(OutSchema):
    id: int
    first_name: str
    last_name: str


class NoteOut(OutSchema):
    """A note; `organization` is set on recruiter notes, null on the candidate's own."""

    id: int
    profile: str
    identifier: str
    note: str
    section: str
    selected_text: str
    context: dict
    author: NoteAuthorOut | None
    organization: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_profile(obj) -> str:
        return obj.profile.slug

    @staticmethod
    def resolve_organization(obj) -> int | None:
        return obj.organization_id


class DisabilityOut(OutSchema):
    """The disability fields of a profile, each `null` for a viewer the candidate has not
    disclosed them to (`disclosure.disclosed`); `disclosure_preference` goes with them."""

    disability_categories: list[str] | None
    accommodation_needs: str | None
    workplace_accommodations: list[str] | None
    disclosure_preference: str | None

    @staticmethod
    def resolve_disability_categories(obj) -> list[str] | None:
        return obj.disability_categories if disclosed(obj) else None

    @staticmethod
    def resolve_accommodation_needs(obj) -> str | None:
        return obj.accommodation_needs if disclosed(obj) else None

    @staticmethod
    def resolve_workplace_accommodations(obj) -> list[str] | None:
        return obj.workplace_accommodations if disclosed(obj) else None

    @staticmethod
    def resolve_disclosure_preference(obj) -> str | None:
        return obj.disclosure_preference if disclosed(obj) else None


class CandidateProfileOut(DisabilityOut):
    """A candidate profile. The disability fields and `disclosure_preference` are `null` for a
    viewer the candidate has not disclosed them to. `get_all_notes` holds the latest
    20 notes the viewer may read; every note, paginated, at `GET /candidates/notes/?profile=`."""

    id: int
    slug: str
    user: CandidateUserOut
    organization: dict | None = Field(
        None,
        description="Always null: the seed lists it, but a candidate belongs to no organization "
        "(a user is a candidate or an employer, never both).",
    )
    resume_file: str | None
    resume_data: dict | None
    willing_to_relocate: bool
    employment_type_preferences: list[str]
    work_mode_preferences: list[str]
    has_workvisa: bool
    expected_salary_range: str
    video_pitch: str | None
    is_available: bool
    parsing_status: ParsingStatusValue = Field(
        description="From the latest parse run of the current resume: not_parsed (no run yet), "
        "parsing (queued or running), parsed or failed."
    )
    is_verified_profile: bool
    get_all_notes: list[NoteOut] = Field(
        description=f"The latest {NOTES_SHOWN} notes the viewer may read, newest first; every "
        "note, paginated, at `GET /api/candidates/notes/?profile=<slug>`."
    )
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_resume_file(obj, context) -> str | None:
        return file_url(obj, "resume_file", context, "candidates_download_resume", slug=obj.slug)

    @staticmethod
    def resolve_video_pitch(obj, context) -> str | None:
        return file_url(
            obj, "video_pitch", context, "candidates_download_video_pitch", slug=obj.slug
        )

    @staticmethod
    def resolve_get_all_notes(obj) -> list:
        return getattr(obj, "visible_notes", [])

    @staticmethod
    def resolve_parsing_status(obj) -> str:
        # Derived from the latest parse run of the current resume (apps/candidates/parsing.py).
        return parsing_status(obj)


# --- profile input -----------------------------------------------------------------------------

PROFILE_FILES = ("resume_file", "video_pitch")


def _removal(value: Any) -> None:
    if value is None or value == "":
        return None
    raise ValueError(
        "Upload a new file as multipart form data, or send null (or an empty value) to remove it."
    )


FileRemoval = Annotated[None, BeforeValidator(_removal)]


class CandidateProfileIn(StrictSchema):
    """Create or replace a profile (JSON, or multipart with `resume_file` / `video_pitch`).

    `user`, `organization` and `get_all_notes` are read-only: accepted (the seed shows them in
    the request) and ignored. A file is uploaded as a multipart part; `"resume_file": null` (or
    an empty form field) removes the resume, with everything parsed from it.
    """

    willing_to_relocate: bool = False
    employment_type_preferences: EmploymentTypes = []
    work_mode_preferences: WorkModes = []
    has_workvisa: bool = False
    expected_salary_range: str = Field("", max_length=100)
    is_available: bool = True
    disability_categories: DisabilityCategories = []
    accommodation_needs: AccommodationNeedsValue = ""
    workplace_accommodations: Accommodations = []
    disclosure_preference: DisclosureValue = DisclosurePreference.NOT_APPLICABLE.value
    user: Any = Field(None, description="Read-only; ignored.")
    organization: Any = Field(None, description="Read-only; ignored.")
    get_all_notes: Any = Field(None, description="Read-only; ignored.")
    resume_file: FileRemoval = Field(
        None,
        description='Upload as a multipart file; null or "" removes the resume (and its '
        "parsed data). Not sent: unchanged.",
    )
    video_pitch: FileRemoval = Field(
        None, description='Upload as a multipart file; null or "" removes the video pitch.'
    )

    def writable(self, *, partial: bool) -> dict:
        """The model fields to set (with `partial`, only those sent)."""
        return self.model_dump(
            exclude_unset=partial,
            exclude={"user", "organization", "get_all_notes", *PROFILE_FILES},
        )

    def removed_files(self) -> list[str]:
        """The file fields the body asks to remove (sent as null or "")."""
        return [name for name in PROFILE_FILES if name in self.model_fields_set]


# null leaves a field as it is (booleans and lists have no "empty" value).
CandidateProfilePatch = partial_schema(CandidateProfileIn, null_unchanged=True)


class ProfileFilters(Schema):
    """Filters of the candidate list (employers and staff)."""

    search: str | None = Field(None, max_length=200, description="Names, skills, resume text.")
    skills: str | None = Field(None, max_length=500, description="Comma-separated; all required.")
    work_mode: str | None = Field(None, max_length=50)
    employment_type: str | None = Field(None, max_length=50)
    willing_to_relocate: bool | None = None
    has_workvisa: bool | None = None

    @property
    def term(self) -> str:
        """What `?search=` looks for, stripped; "" when there is nothing to search."""
        return self.search.strip() if self.search else ""


# --- notes --------------------------------------------------------------------------------------

NOTE_CONTEXT_MAX_BYTES = 16 * 1024


def _small_context(value: dict) -> dict:
    if len(json.dumps(value)) > NOTE_CONTEXT_MAX_BYTES:
        raise ValueError(f"Keep the context under {NOTE_CONTEXT_MAX_BYTES // 1024} KB.")
    return value


NoteContext = Annotated[dict, AfterValidator(_small_context)]


class NoteFields(StrictSchema):
    """What a note says, and where in the profile."""

    identifier: str = Field("", max_length=200)
    note: str = Field(..., min_length=1, max_length=10000)
    section: str = Field("", max_length=200)
    selected_text: str = Field("", max_length=10000)
    context: NoteContext = {}


class NoteIn(NoteFields):
    """A note. `profile` (a slug) names the candidate; a candidate may omit it (their own)."""

    profile: str | None = Field(None, max_length=60)


# null leaves a field as it is.
if TYPE_CHECKING:
    NotePatch: TypeAlias = NoteFields
else:
    NotePatch = partial_schema(NoteFields, "NotePatch", null_unchanged=True)


# --- full profile and verification --------------------------------------------------------------


class PreferencesOut(OutSchema):
    employment_type_preferences: list[str]
    work_mode_preferences: list[str]
    willing_to_relocate: bool
    has_workvisa: bool
    expected_salary_range: str
    is_available: bool


class AccessibilityNeedsOut(OutSchema):
    """Disability data; every field `null` where the viewer may not see it."""

    disability_categories: list[str] | None
    accommodation_needs: str | None
    workplace_accommodations: list[str] | None
    disclosure_preference: str | None


class VerifiedProfileOut(OutSchema):
    education: list[EducationOut]
    skills: list[SkillOut]
    languages: list[LanguageOut]
    work_experience: list[WorkExperienceOut]
    projects: list[ProjectOut]
    achievements: list[AchievementOut]
    certifications: list[CertificationOut]
    preferences: PreferencesOut
    accessibility_needs: AccessibilityNeedsOut


class DisclosureSummaryOut(OutSchema):
    organizations: int = Field(
        description="How many organizations have been shown the disability data."
    )
    last_seen_at: dt.datetime | None = Field(description="When one last was; null if never.")


class DisclosureWarningOut(OutSchema):
    """A passage of the candidate's resume that names a disability or an assistive technology
    ("I use a screen reader"): employers who are sent the file read it there, whatever the
    disclosure preference, though search and ranking leave such words out."""

    text: str = Field(description="The sentence or line of the resume, as the file has it.")
    section: str = Field(
        description="The parsed resume's section holding it (`summary`, `skills`, "
        "`work_experience`, `education`, `projects`, `certifications`, `languages`, "
        "`achievements`), or `resume` when no section does."
    )


DISCLOSURE_WARNINGS_DESCRIPTION = (
    "The candidate's own view only (absent for everyone else): the passages of the parsed resume "
    "that name a disability or an assistive technology, which employers sent the file will read."
)


class FullProfileOut(CandidateProfileOut):
    verified_profile: VerifiedProfileOut
    disclosure_summary: DisclosureSummaryOut | None = Field(
        None,
        description="The candidate's own view of `full/` only (absent for everyone else): who "
        "has seen their disability data, in short; the whole log is at `disclosures/`.",
    )
    disclosure_warnings: list[DisclosureWarningOut] | None = Field(
        None, description=DISCLOSURE_WARNINGS_DESCRIPTION
    )

    @staticmethod
    def resolve_disclosure_summary(obj) -> dict | None:
        return getattr(obj, "disclosure_summary", None)

    @staticmethod
    def resolve_disclosure_warnings(obj) -> list | None:
        # Set by the view for the candidate themself only; the model field is never read here.
        return getattr(obj, "own_disclosure_warnings", None)

    @model_serializer(mode="wrap")
    def _summary_only_when_set(self, handler):
        # Absent rather than null: a null would tell other viewers the key exists for someone.
        data = handler(self)
        for key in ("disclosure_summary", "disclosure_warnings"):
            if data.get(key) is None:
                data.pop(key, None)
        return data

    @staticmethod
    def resolve_verified_profile(obj) -> dict:
        # The records of every kind, loaded in one query (`records.attach_records`).
        shown = disclosed(obj)
        return {
            **obj.verified_records,
            "preferences": obj,
            "accessibility_needs": {
                "disability_categories": obj.disability_categories if shown else None,
                "accommodation_needs": obj.accommodation_needs if shown else None,
                "workplace_accommodations": obj.workplace_accommodations if shown else None,
                "disclosure_preference": obj.disclosure_preference if shown else None,
            },
        }


class PreferencesIn(StrictSchema):
    employment_type_preferences: EmploymentTypes | None = None
    work_mode_preferences: WorkModes | None = None
    willing_to_relocate: bool | None = None
    has_workvisa: bool | None = None
    expected_salary_range: str | None = Field(None, max_length=100)
    is_available: bool | None = None


class AccessibilityNeedsIn(StrictSchema):
    disability_categories: DisabilityCategories | None = None
    accommodation_needs: AccommodationNeedsValue | None = None
    workplace_accommodations: Accommodations | None = None
    disclosure_preference: DisclosureValue | None = None


def _reviewed(schema: type[Schema]) -> type[Schema]:
    """The record schema, tolerating the read-only keys (`id`, `created_at`, `updated_at`) that
    `full/` shows, so a `verified_profile` read there can be sent back as it is."""
    return type(
        f"{schema.__name__}Reviewed", (schema,), {"model_config": ConfigDict(extra="ignore")}
    )


def _example(schema: type[Schema]) -> dict:
    """The first OpenAPI example of a record's request body."""
    extra = cast("dict[str, list[dict]]", schema.model_config["json_schema_extra"])
    return extra["examples"][0]


def _skill_from_name(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class VerifyProfileIn(StrictSchema):
    """The reviewed structured profile, with the keys of `full/`'s `verified_profile` (read-only
    `id`, `created_at`, `updated_at` are ignored). Each list sent replaces that kind of record;
    skills may be names or `{name, level}` objects."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "skills": [{"name": "Python", "level": "Advanced"}, "SQL"],
                    "projects": [_example(ProjectIn)],
                    "achievements": [_example(AchievementIn)],
                    "certifications": [_example(CertificationIn)],
                    "preferences": {"work_mode_preferences": ["remote"]},
                }
            ]
        }
    )

    education: list[_reviewed(EducationIn)] | None = None  # type: ignore[valid-type]
    skills: list[Annotated[_reviewed(SkillIn), BeforeValidator(_skill_from_name)]] | None = None  # type: ignore[valid-type]
    languages: list[_reviewed(LanguageIn)] | None = None  # type: ignore[valid-type]
    work_experience: list[_reviewed(WorkExperienceIn)] | None = None  # type: ignore[valid-type]
    projects: list[_reviewed(ProjectIn)] | None = None  # type: ignore[valid-type]
    achievements: list[_reviewed(AchievementIn)] | None = None  # type: ignore[valid-type]
    certifications: list[_reviewed(CertificationIn)] | None = None  # type: ignore[valid-type]
    preferences: PreferencesIn | None = None
    accessibility_needs: AccessibilityNeedsIn | None = None


# --- resume parsing ----------------------------------------------------------------------------


class ParseStartedOut(OutSchema):
    """`parse-resume/` while the resume is (being) parsed: the run's task id, the same one on
    every call until it ends."""

    detail: str
    parsing_status: Literal["parsing"] = "parsing"
    task_id: str


class ParseDoneOut(OutSchema):
    """`parse-resume/` once the current resume is parsed (without `?force=true`)."""

    parsing_status: Literal["parsed"] = "parsed"
    resume_data: dict | None


class ParsingStatusOut(OutSchema):
    """`parsing-status/`: the latest parse run of the current resume. `resume_data` is present
    only with `?include_resume=true`, `disclosure_warnings` only for the candidate themself."""

    parsing_status: ParsingStatusValue
    progress: int = Field(ge=0, le=100)
    has_resume_data: bool
    resume_file_exists: bool
    error: str | None = Field(description="Why the parse failed, for the candidate; else null.")
    updated_at: dt.datetime
    resume_data: dict | None = Field(None, description="Only with `?include_resume=true`.")
    disclosure_warnings: list[DisclosureWarningOut] | None = Field(
        None, description=DISCLOSURE_WARNINGS_DESCRIPTION
    )


class ParseResumeIn(Schema):
    """The optional body of `parse-resume/`: a multipart `resume_file` replacing the resume."""

    resume_file: None = Field(
        None, description="Upload as a multipart file to replace the resume before parsing."
    )


class ParseResumeParams(Schema):
    """Query of `parse-resume/`."""

    force: bool = Field(False, description="Parse again even if this resume is parsed or parsing.")
    plugin: str | None = Field(
        None, max_length=100, description="The parser plugin to use (default: the configured one)."
    )


class ParsingStatusParams(Schema):
    include_resume: bool = Field(False, description="Embed `resume_data` in the answer.")


# --- career coach and prompts ------------------------------------------------------------------

INPUT_TEXT_MAX_LENGTH = 5000
THREAD_ID_MAX_LENGTH = 64


def _input_text(value: str) -> str:
    """The text stripped; empty or past the limit is refused, never cut short."""
    text = value.strip()
    if not text:
        raise ValueError("This field may not be blank.")
    if len(text) > INPUT_TEXT_MAX_LENGTH:
        raise ValueError(
            f"Ensure this field has at most {INPUT_TEXT_MAX_LENGTH} characters "
            f"(it has {len(text)})."
        )
    return text


InputText = Annotated[
    str,
    AfterValidator(_input_text),
    Field(
        description=f"The message, 1 to {INPUT_TEXT_MAX_LENGTH} characters once trimmed.",
        json_schema_extra={"minLength": 1, "maxLength": INPUT_TEXT_MAX_LENGTH},
    ),
]
ThreadId = Annotated[
    str | None,
    Field(
        max_length=THREAD_ID_MAX_LENGTH,
        description="The thread to continue (`null` or absent: a new thread).",
    ),
]


class CoachIn(StrictSchema):
    """A candidate's message to the career coach."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"input_text": "Which skills should I learn next?", "thread_id": None}]
        }
    )

    input_text: InputText
    thread_id: ThreadId = None
    resume_slug: str | None = Field(
        None, max_length=60, description="The caller's own profile (any other slug is a 404)."
    )


class PromptIn(StrictSchema):
    """A question about a candidate's resume: the caller's own, or one an employer may see."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "input_text": "Has this candidate led a team?",
                    "resume_slug": "ada-3f9c1e20b4",
                    "thread_id": None,
                }
            ]
        }
    )

    input_text: InputText
    resume_slug: str = Field(min_length=1, max_length=60)
    thread_id: ThreadId = None


class CoachAnswerOut(OutSchema):
    """The coach's (or the prompt's) answer, and the thread it is kept in."""

    output: str
    thread_id: str = Field(description="Send it back to continue this thread.")
    model: str = Field(description='The model that answered; "offline" without an LLM.')


class GenerateAboutIn(StrictSchema):
    """The optional body of `test/generate-about/`: the caller's own profile is used."""

    resume_slug: str | None = Field(
        None, max_length=60, description="The caller's own profile (any other slug is a 404)."
    )


class GeneratedAboutOut(OutSchema):
    generated_about: str = Field(description="A short professional summary for the profile.")


CoachThreadKind = Literal["coach", "prompt"]


class CoachThreadFilters(Schema):
    kind: CoachThreadKind | None = Field(
        None, description="Only coach threads, or only prompt threads."
    )


class CoachThreadOut(OutSchema):
    """One of the caller's threads, without its messages."""

    thread_id: str
    kind: CoachThreadKind
    title: str = Field(description="The first 80 characters of the first message.")
    resume_slug: str | None = Field(description="The profile the thread is about.")
    message_count: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_resume_slug(obj) -> str | None:
        return obj.subject.slug if obj.subject is not None else None


class CoachThreadMessageOut(OutSchema):
    role: Literal["user", "coach"]
    content: str
    model: str = Field(description='The model of a coach message ("offline" without an LLM).')
    created_at: dt.datetime


class CoachThreadDetailOut(CoachThreadOut):
    """A thread with its messages, oldest first."""

    messages: list[CoachThreadMessageOut]

    @staticmethod
    def resolve_messages(obj) -> list:
        return list(obj.messages.all())


# --- disclosure log -----------------------------------------------------------------------------


class DisclosureFilters(Schema):
    organization: int | None = Field(None, description="Only this organization's reads.")
    since: dt.datetime | None = Field(
        None, description="Only reads at or after this ISO 8601 datetime (UTC if no zone)."
    )


class DisclosureOrganizationOut(OutSchema):
    id: int
    name: str


class DisclosureViewerOut(OutSchema):
    """Who read: names are empty once the viewer's account is gone; `role` stays."""

    first_name: str
    last_name: str
    role: str = Field(description="owner, admin or member of the organization; or staff.")


class DisclosureEventOut(OutSchema):
    """One response that showed the candidate's disability data to an employer or staff."""

    id: int
    organization: DisclosureOrganizationOut | None = Field(
        description="The viewer's organization; null for staff or a deleted organization."
    )
    viewer: DisclosureViewerOut
    endpoint: str = Field(description="The OpenAPI operation id of the endpoint that answered.")
    fields: list[str] = Field(description="Which disability fields carried a value.")
    seen_at: dt.datetime

    @staticmethod
    def resolve_viewer(obj) -> dict:
        user = obj.viewer
        return {
            "first_name": user.first_name if user else "",
            "last_name": user.last_name if user else "",
            "role": obj.role,
        }
