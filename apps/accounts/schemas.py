"""Request and response bodies of the accounts endpoints (contract sections 4 and 5)."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from ninja import Field, Schema
from pydantic import ConfigDict
from pydantic.config import JsonDict

from platform_core.schemas import (
    Email,
    OutSchema,
    StrictSchema,
    Text,
    Url,
    file_url,
    partial_schema,
)

from .models import Gender

Password = Annotated[str, Field(min_length=1, max_length=128)]

# Pydantic validates against a Literal built at runtime from the model's choices (one source of
# truth), which mypy cannot evaluate: statically the value is a plain str. "" clears the field.
if TYPE_CHECKING:
    GenderValue: TypeAlias = str
else:
    GenderValue = Literal[tuple([*Gender.values, ""])]


# --- output ------------------------------------------------------------------------------------


class ProfileOut(OutSchema):
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
        return file_url(obj, "avatar", context, "auth_user_avatar", user_id=obj.user_id)


# The example user of the OpenAPI document (UserOut, and the user inside LoginOut).
USER_EXAMPLE: JsonDict = {
    "id": 42,
    "email": "ada@example.com",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "is_active": True,
    "is_verified": True,
    "is_candidate": True,
    "is_employer": False,
    "date_joined": "2026-01-15T09:30:00Z",
    "profile": {
        "id": 42,
        "user": 42,
        "avatar": "https://api.example.com/api/auth/users/42/avatar/",
        "referral_code": "K7Q2M9XA",
        "total_referrals": 0,
        "phone": "+44 20 7946 0000",
        "location": "London",
        "linkedin_url": "https://www.linkedin.com/in/ada",
        "github_url": "",
        "portfolio_url": "",
        "current_status": "Open to work",
        "newsletter": False,
        "gender": "female",
        "ethnicity": "",
        "citizenship_status": "",
    },
}


class UserOut(OutSchema):
    """A user as the user themself and staff see it. `is_candidate`/`is_employer` are booleans."""

    model_config = ConfigDict(json_schema_extra={"examples": [USER_EXAMPLE]})

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


class DetailOut(OutSchema):
    detail: str


class StatusOut(OutSchema):
    status: str


class SignupOut(OutSchema):
    detail: str
    user: UserOut


class TokenPairOut(OutSchema):
    access: str
    refresh: str


class LoginOut(TokenPairOut):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access": "eyJhbGciOiJIUzI1NiJ9.e30.access",
                    "refresh": "eyJhbGciOiJIUzI1NiJ9.e30.refresh",
                    "user": USER_EXAMPLE,
                }
            ]
        }
    )

    user: UserOut


class PasswordChangedOut(TokenPairOut):
    detail: str


class VerifiedOut(OutSchema):
    detail: str
    is_verified: bool


class CsrfOut(OutSchema):
    csrftoken: str


class FeedbackOut(OutSchema):
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
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "email": "ada@example.com",
                    "password": "correct horse battery staple",
                    "confirm_password": "correct horse battery staple",
                    "first_name": "Ada",
                    "last_name": "Lovelace",
                    "newsletter": False,
                }
            ]
        }
    )

    email: Email
    password: Password
    confirm_password: Password | None = None
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    invite_code: str | None = Field(None, max_length=64)
    referral_code: str | None = Field(None, max_length=12)
    newsletter: bool = False


class LoginIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"email": "ada@example.com", "password": "correct horse battery staple"}]
        }
    )

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


class ProfileIn(StrictSchema):
    """Writable profile fields; null or "" clears a field."""

    phone: Text = Field("", max_length=32)
    location: Text = Field("", max_length=255)
    linkedin_url: Url = ""
    github_url: Url = ""
    portfolio_url: Url = ""
    current_status: Text = Field("", max_length=100)
    newsletter: bool | None = False
    gender: GenderValue | None = ""
    ethnicity: Text = Field("", max_length=100)
    citizenship_status: Text = Field("", max_length=100)


# partial_schema derives a subclass of ProfileIn at runtime (every field optional), which mypy
# cannot follow: statically it is ProfileIn, so UserPut.profile can name it.
if TYPE_CHECKING:
    ProfilePatch: TypeAlias = ProfileIn
else:
    ProfilePatch = partial_schema(ProfileIn)


class UserPut(StrictSchema):
    """Full update of the user: both names are required; `profile.*` changes only the fields sent.
    Email and flags are not writable."""

    first_name: Text = Field(..., max_length=150)
    last_name: Text = Field(..., max_length=150)
    profile: ProfilePatch | None = None


UserPatch = partial_schema(UserPut, "UserPatch")


class FeedbackIn(StrictSchema):
    urgency: int = Field(..., ge=1, le=5)
    subject: str = Field(..., min_length=1, max_length=200)
    message: str = Field(..., min_length=1, max_length=5000)
    emoji: str = Field("", max_length=16)
