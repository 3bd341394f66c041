"""Request and response bodies of the accounts endpoints (contract sections 4 and 5)."""

from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict

from platform_core.schemas import absolute_url

from .models import Gender, normalize_email


def _check_email(value: str) -> str:
    value = normalize_email(value)
    try:
        validate_email(value)
    except ValidationError as exc:
        raise ValueError("Enter a valid email address.") from exc
    return value


def _check_url(value: str | None) -> str | None:
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError as exc:
            raise ValueError("Enter a valid http(s) URL.") from exc
    return value


def blank_if_null(value):
    """String fields are never null: a null sent for one means "" (cleared)."""
    return "" if value is None else value


Email = Annotated[str, Field(max_length=254), AfterValidator(_check_email)]
Url = Annotated[
    str, BeforeValidator(blank_if_null), Field(max_length=500), AfterValidator(_check_url)
]
Password = Annotated[str, Field(min_length=1, max_length=128)]
# "" clears the field.
GenderValue = Literal[tuple([*Gender.values, ""])]  # type: ignore[valid-type]


class StrictSchema(Schema):
    """Request bodies that change state refuse unknown fields (no mass assignment)."""

    model_config = ConfigDict(extra="forbid")


# --- output ------------------------------------------------------------------------------------


class ProfileOut(Schema):
    """The user's profile. The demographics appear only to the user themself and to staff."""

    id: int
    user: int
    avatar: str | None
    referral_code: str
    total_referrals: int
    phone: str
    location: str
    linkedin_url: str
    github_url: str
    portfolio_url: str
    current_status: str
    newsletter: bool
    gender: str
    ethnicity: str
    citizenship_status: str

    @staticmethod
    def resolve_user(obj) -> int:
        return obj.user_id

    @staticmethod
    def resolve_avatar(obj, context) -> str | None:
        if not obj.avatar:
            return None
        return absolute_url(context, f"/api/auth/users/{obj.user_id}/avatar/")


class UserOut(Schema):
    """A user as the user themself and staff see it. `is_candidate`/`is_employer` are booleans."""

    id: int
    email: str
    first_name: str
    last_name: str
    is_active: bool
    is_verified: bool
    is_candidate: bool
    is_employer: bool
    date_joined: datetime
    profile: ProfileOut


class DetailOut(Schema):
    detail: str


class StatusOut(Schema):
    status: str


class SignupOut(Schema):
    detail: str
    user: UserOut


class TokenPairOut(Schema):
    access: str
    refresh: str


class LoginOut(TokenPairOut):
    user: UserOut


class PasswordChangedOut(TokenPairOut):
    detail: str


class VerifiedOut(Schema):
    detail: str
    is_verified: bool


class CsrfOut(Schema):
    csrftoken: str


class FeedbackOut(Schema):
    id: int
    urgency: int
    subject: str
    message: str
    emoji: str
    has_attachment: bool
    created_at: datetime

    @staticmethod
    def resolve_has_attachment(obj) -> bool:
        return bool(obj.attachment)


# --- input -------------------------------------------------------------------------------------


class SignupIn(StrictSchema):
    email: Email
    password: Password
    confirm_password: Password | None = None
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    invite_code: str | None = Field(None, max_length=64)
    referral_code: str | None = Field(None, max_length=12)
    newsletter: bool = False


class LoginIn(Schema):
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=128)


class RefreshIn(Schema):
    """The refresh token; when absent, the `refresh_token` cookie is used."""

    refresh: str | None = Field(None, max_length=2000)


class VerifyEmailIn(Schema):
    email: str = Field(..., max_length=254)
    code: str = Field(..., max_length=16)


class EmailIn(Schema):
    email: str = Field(..., max_length=254)


class ChangePasswordIn(StrictSchema):
    current_password: str = Field(..., max_length=128)
    new_password: Password
    confirm_password: Password | None = None


class ResetTokenIn(Schema):
    token: str = Field(..., max_length=200)


class ResetConfirmIn(StrictSchema):
    token: str = Field(..., max_length=200)
    password: Password


class ProfilePatch(StrictSchema):
    """Writable profile fields; null or "" clears a field."""

    phone: str | None = Field(None, max_length=32)
    location: str | None = Field(None, max_length=255)
    linkedin_url: Url = None
    github_url: Url = None
    portfolio_url: Url = None
    current_status: str | None = Field(None, max_length=100)
    newsletter: bool | None = None
    gender: GenderValue | None = None
    ethnicity: str | None = Field(None, max_length=100)
    citizenship_status: str | None = Field(None, max_length=100)


class UserPatch(StrictSchema):
    """Partial update of the user: names and `profile.*`. Email and flags are not writable."""

    first_name: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    profile: ProfilePatch | None = None


class UserPut(UserPatch):
    """Full update: both names are required."""

    first_name: str = Field(..., max_length=150)
    last_name: str = Field(..., max_length=150)


class FeedbackIn(StrictSchema):
    urgency: int = Field(..., ge=1, le=5)
    subject: str = Field(..., min_length=1, max_length=200)
    message: str = Field(..., min_length=1, max_length=5000)
    emoji: str = Field("", max_length=16)
