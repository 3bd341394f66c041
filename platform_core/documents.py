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


# -------------------------------------------------------------------------------------------------
# Ranking and talent search: what a ranking plugin receives and returns.
#
# Built by the core from its rows AFTER it decided who may be ranked. By construction these types
# have no field for disability data, disclosure preference, accommodations, demographics, names,
# emails, phones or photos, so no plugin can see them even by mistake (contract section 6).
# -------------------------------------------------------------------------------------------------

WorkMode = Literal["onsite", "remote", "hybrid"]
EmploymentType = Literal[
    "full-time", "part-time", "contract", "temporary", "internship", "volunteer", "other"
]


class _Plain(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class JobDocument(_Plain):
    """The job a ranking is for (or, for a talent search, the job the employer's words describe:
    `id` 0). `terms` are the term counts of title, description and skills
    (`platform_core.terms.count_terms`), tokenised exactly as resumes are."""

    id: int
    title: str = ""
    description: str = ""
    skills: list[str] = Field(default_factory=list)
    location: str = ""
    workplace_type: WorkMode = "onsite"
    job_type: EmploymentType = "full-time"
    # The job needs a candidate with the right to work (a work visa) where it is.
    visa_required: bool = False
    terms: dict[str, int] = Field(default_factory=dict)
    # The organization's name, for the coach and the employer insight ("Backend Developer at Acme").
    organization: str = ""


class WorkRecord(_Plain):
    role: str = ""
    company: str = ""
    start_date: DateStr = None
    end_date: DateStr = None
    current: bool = False
    description: str = ""
    location: str = ""


class EducationRecord(_Plain):
    institution: str = ""
    degree: str = ""
    field_of_study: str = ""
    start_year: int | None = None
    end_year: int | None = None


class ProjectRecord(_Plain):
    project_name: str = ""
    description: str = ""


class CertificationRecord(_Plain):
    name: str = ""
    issuing_organization: str = ""


class AchievementRecord(_Plain):
    title: str = ""
    description: str = ""


class CandidatePreferences(_Plain):
    work_modes: list[WorkMode] = Field(default_factory=list)
    employment_types: list[EmploymentType] = Field(default_factory=list)
    willing_to_relocate: bool = False
    has_workvisa: bool = False
    # Where the candidate lives or wants to work, as they wrote it ("Toronto, ON").
    location: str = ""


class CandidateDocument(_Plain):
    """One candidate as ranking and search see them: what they can do, never who they are.

    `skills` are the profile's skill records, then the parsed resume's skills not already among
    them. `resume_text` is the parsed resume's plain text with e-mail addresses, phone numbers,
    links and the candidate's name taken out; `terms` its term counts stored at parse time (empty
    when the candidate has no parsed resume: `has_parsed_resume` is then False, and a plugin
    scores from the records that exist). Dates are `YYYY-MM-DD`.
    """

    candidate_id: int
    application_id: int | None = None
    skills: list[str] = Field(default_factory=list)
    work_experience: list[WorkRecord] = Field(default_factory=list)
    education: list[EducationRecord] = Field(default_factory=list)
    projects: list[ProjectRecord] = Field(default_factory=list)
    certifications: list[CertificationRecord] = Field(default_factory=list)
    achievements: list[AchievementRecord] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    summary: str = ""
    resume_text: str = ""
    terms: dict[str, int] = Field(default_factory=dict)
    has_parsed_resume: bool = False
    preferences: CandidatePreferences = Field(default_factory=CandidatePreferences)


class RankedCandidate(BaseModel):
    """One candidate's place in a ranking: what `rank_candidates` returns, one per candidate.

    `score` is 0-100; `reasons` are sentences a recruiter can read ("Has 4 of 5 required skills:
    Python, Django, SQL, Docker; missing Kubernetes"); `breakdown` names each part of the score
    (`{"relevance": 41.2, "skills": 30.0, ...}`), its values numbers, strings or lists of strings.
    """

    model_config = ConfigDict(extra="forbid")

    candidate_id: int
    score: float = Field(ge=0, le=100)
    reasons: list[str] = Field(default_factory=list)
    breakdown: dict[str, float | int | str | list[str]] = Field(default_factory=dict)


# -------------------------------------------------------------------------------------------------
# The career coach and prompts (Step 6): `coach_reply` and `answer_prompt`. Like the ranking types
# above, none of these has a field for disability data, accommodations, disclosure preference or
# demographics: the coach answers questions about disclosure in general terms and points to the
# candidate's own settings, and never reads them.
# -------------------------------------------------------------------------------------------------

# The sections of a profile the coach checks for completeness, in the order it suggests them.
PROFILE_SECTIONS = (
    "resume",
    "parsed_resume",
    "skills",
    "work_experience",
    "education",
    "languages",
    "projects",
    "certifications",
    "work_modes",
    "employment_types",
    "location",
    "links",
    "photo",
    "video_pitch",
)


class CoachMessage(_Plain):
    """One message of a coach or prompt thread, oldest first; `user` is the person asking."""

    role: Literal["user", "coach"]
    content: str


class CoachCandidate(_Plain):
    """A candidate talking to the coach about themself: their own first name, what they can do
    and want (`document`, the ranking view; its `summary` is the parsed resume's), which profile
    sections are filled in (`sections`, a key of PROFILE_SECTIONS → filled), and the open jobs
    that fit their preferences (`open_jobs`, best fit first, at most 20)."""

    first_name: str = ""
    document: CandidateDocument
    sections: dict[str, bool] = Field(default_factory=dict)
    open_jobs: list[JobDocument] = Field(default_factory=list)


class CoachReply(BaseModel):
    """What `coach_reply` returns: the coach's message and the model that wrote it (`"offline"`
    for a reply written without an LLM)."""

    model_config = ConfigDict(extra="forbid")

    content: str = Field(min_length=1)
    model: str = Field(min_length=1)


# What `answer_prompt` is asked to do:
# - "question": answer `prompt`, a question about the candidate's resume (the candidate's own, or
#   an employer's about a candidate they may see), with the thread's earlier messages;
# - "about": write a short professional summary of the candidate (prompt is empty), for their
#   profile's "about";
# - "insight": for an employer, the candidate's strengths and gaps against the organization's
#   open jobs (`jobs`) and questions to ask them.
PromptTask = Literal["question", "about", "insight"]


class PromptAnswer(BaseModel):
    """What `answer_prompt` returns: the answer and the model that wrote it (`"offline"` for an
    answer written without an LLM)."""

    model_config = ConfigDict(extra="forbid")

    answer: str = Field(min_length=1)
    model: str = Field(min_length=1)
