"""Request and response bodies of the organization endpoints (contract section 9)."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Literal, TypeAlias

from ninja import Field, Schema
from pydantic import ConfigDict

from platform_core.schemas import (
    Email,
    OutSchema,
    StrictSchema,
    Url,
    choice_int,
    file_url,
    partial_schema,
)

from .bias_audit import DEFAULT_K, MAX_K
from .models import EmployeeSize, Industry, Role

# Pydantic validates against types built at runtime from the models' choices (one source of
# truth), which mypy cannot evaluate: statically they are the plain value types.
if TYPE_CHECKING:
    IndustryValue: TypeAlias = int
    EmployeeSizeValue: TypeAlias = int
    RoleValue: TypeAlias = str
else:
    IndustryValue = choice_int(Industry)
    EmployeeSizeValue = choice_int(EmployeeSize)
    RoleValue = Literal[tuple(Role.values)]


def organization_avatar_url(organization, context) -> str | None:
    """The public URL of an organization's logo, or None without one."""
    return file_url(
        organization,
        "avatar",
        context,
        "organization_organization_avatar",
        organization_id=organization.pk,
    )


class OrganizationUserOut(OutSchema):
    """A member: the user's name and email and their role in the organization."""

    id: int
    first_name: str
    last_name: str
    email: str
    role: str

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.user_id

    @staticmethod
    def resolve_first_name(obj) -> str:
        return obj.user.first_name

    @staticmethod
    def resolve_last_name(obj) -> str:
        return obj.user.last_name

    @staticmethod
    def resolve_email(obj) -> str:
        return obj.user.email


class RootUserOut(OutSchema):
    id: int
    first_name: str
    last_name: str
    email: str


class OrganizationOut(OutSchema):
    """An organization as its members see it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 7,
                    "root_user": {
                        "id": 12,
                        "first_name": "Grace",
                        "last_name": "Hopper",
                        "email": "grace@acme.example",
                    },
                    "name": "Acme Inclusive Tech",
                    "url": "https://acme.example",
                    "industry": 2,
                    "industry_display": "Software Products",
                    "linkedin_url": "https://www.linkedin.com/company/acme",
                    "headquarter_location": "Toronto",
                    "about": "Accessible software, built by a diverse team.",
                    "employee_size": 2,
                    "employee_size_display": "11-50",
                    "users": [
                        {
                            "id": 12,
                            "first_name": "Grace",
                            "last_name": "Hopper",
                            "email": "grace@acme.example",
                            "role": "owner",
                        }
                    ],
                    "avatar_url": "https://api.example.com/api/organization/organizations/7/avatar/",
                    "created_at": "2026-01-10T08:00:00Z",
                    "updated_at": "2026-02-01T12:00:00Z",
                }
            ]
        }
    )

    id: int
    root_user: RootUserOut | None
    name: str
    url: str
    industry: int | None
    industry_display: str | None
    linkedin_url: str
    headquarter_location: str
    about: str
    employee_size: int | None
    employee_size_display: str | None
    users: list[OrganizationUserOut]
    avatar_url: str | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_industry_display(obj) -> str | None:
        return obj.get_industry_display() if obj.industry else None

    @staticmethod
    def resolve_employee_size_display(obj) -> str | None:
        return obj.get_employee_size_display() if obj.employee_size else None

    @staticmethod
    def resolve_users(obj):
        return obj.memberships.all()

    @staticmethod
    def resolve_avatar_url(obj, context) -> str | None:
        return organization_avatar_url(obj, context)


class OrganizationIn(StrictSchema):
    """Create (JSON, or multipart with an `avatar` image); `name` is required."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "Acme Inclusive Tech",
                    "url": "https://acme.example",
                    "industry": 2,
                    "headquarter_location": "Toronto",
                    "about": "Accessible software, built by a diverse team.",
                    "employee_size": 2,
                }
            ]
        }
    )

    name: str = Field(..., min_length=1, max_length=200)
    url: Url = ""
    industry: IndustryValue | None = None
    linkedin_url: Url = ""
    headquarter_location: str | None = Field(None, max_length=255)
    about: str | None = Field(None, max_length=5000)
    employee_size: EmployeeSizeValue | None = None


# Absent leaves a field as it is; null or "" for `name` is refused (an organization needs one).
OrganizationPatch = partial_schema(OrganizationIn)


class InviteIn(StrictSchema):
    email: Email
    role: RoleValue = Role.MEMBER.value


class InviteCreatedOut(OutSchema):
    """The invitation just made. `invite_code` is shown this once (it is stored hashed)."""

    id: int
    email: str
    role: str
    invite_code: str
    expires_at: datetime
    accepted: bool


class InviteOut(OutSchema):
    id: int
    email: str
    role: str
    created_at: datetime
    expires_at: datetime
    accepted: bool
    revoked: bool
    invited_by: RootUserOut | None

    @staticmethod
    def resolve_revoked(obj) -> bool:
        return obj.revoked_at is not None


class AcceptInviteIn(Schema):
    invite_code: str = Field(..., min_length=1, max_length=64)


class MemberPatch(StrictSchema):
    role: RoleValue


# --- candidate insight -------------------------------------------------------------------------


class CandidateInsightIn(StrictSchema):
    """Which candidate the insight is about (the candidate profile id, as in ranking-data)."""

    candidate_id: int = Field(ge=1, le=2**63 - 1, description="The candidate profile id.")


class CandidateInsightOut(OutSchema):
    candidate_id: int
    employer_insight: str = Field(
        description="Strengths and gaps against the organization's open jobs, and questions to ask."
    )


# --- bias audit ----------------------------------------------------------------------------------


class BiasAuditFilters(Schema):
    """The audit's scope: one job of the organization, or all its jobs; applications made from
    `from` to `to` (inclusive, `YYYY-MM-DD`); `k` places of each ranking count as selected."""

    model_config = ConfigDict(populate_by_name=True)

    job: int | None = Field(None, ge=1, le=2**63 - 1, description="A job of this organization.")
    date_from: date | None = Field(None, alias="from", description="First application date.")
    date_to: date | None = Field(None, alias="to", description="Last application date.")
    k: int = Field(DEFAULT_K, ge=1, le=MAX_K, description="How many top places of a ranking count.")


class BiasAuditScopeOut(OutSchema):
    model_config = ConfigDict(populate_by_name=True)

    organization_id: int
    job_id: int | None
    date_from: date | None = Field(alias="from")
    date_to: date | None = Field(alias="to")
    k: int


class BiasAuditRowOut(OutSchema):
    """One group's figures for one outcome; a suppressed group shows none of them."""

    group_type: Literal["gender", "ethnicity", "disability", "gender_x_ethnicity"]
    group: str
    applicants: int | None
    selected: int | None
    selection_rate: float | None = Field(description="selected / applicants, 4 decimals.")
    impact_ratio: float | None = Field(
        description="The rate over the highest shown rate of the group type, 4 decimals."
    )
    flagged: bool = Field(description="The exact impact ratio is below 0.8.")
    suppressed: bool


class BiasAuditMethodOut(OutSchema):
    min_cell: int
    flag_below: float
    withdrawn: str
    reference: str
    documentation: str


class BiasAuditOut(OutSchema):
    scope: BiasAuditScopeOut
    generated_at: datetime
    method: BiasAuditMethodOut
    outcomes: dict[str, list[BiasAuditRowOut]]
