"""Schema building blocks shared by the apps and the plugins: strict request bodies, emails, URLs,
skill names, choice fields, and URLs of the API's own routes.

Normalised values (lowercased emails, casefolded skill keys) can grow: "ß" casefolds to "ss" and
"İ" lowercases to two code points. Their lengths are checked after normalising, so what reaches a
column always fits it (PostgreSQL would refuse it with a 500, SQLite would store it silently).
"""

from typing import Annotated, Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import IntegerChoices
from django.urls import reverse
from ninja import Field, Schema
from pydantic import (
    MISSING,
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    create_model,
)
from pydantic.fields import FieldInfo

EMAIL_MAX_LENGTH = 254
SKILL_MAX_LENGTH = 100
URL_MAX_LENGTH = 500

# A database id as a query parameter: larger values cannot exist and would overflow the column.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
# A database id in a path (`{int:job_id}` with `job_id: PathId`): out of these bounds the API
# answers 404, as for any id that names nothing (SQLite would overflow past 64 bits).
PathId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class StrictSchema(Schema):
    """Request bodies that change state refuse unknown fields (no mass assignment)."""

    model_config = ConfigDict(extra="forbid")


SchemaT = TypeVar("SchemaT", bound=Schema)


def partial_schema(
    schema: type[SchemaT], name: str | None = None, *, null_unchanged: bool = False
) -> type[SchemaT]:
    """`schema` with every field optional: the body of a PATCH.

    A field that is not sent is MISSING (and left out of `model_dump()`); one that is sent is
    validated exactly as in `schema`: same type, constraints, validators and strictness, so null
    is accepted only where `schema` accepts it. With `null_unchanged`, null is accepted for every
    field and reads as None, which the caller takes as "leave it as it is" (for clients that
    send every key of a form).

    Cross-field checks (model validators) would see MISSING for what was not sent, so a schema
    with one is refused: merge the stored values with the request and validate the full schema.
    """
    validators = schema.__pydantic_decorators__.model_validators.values()
    if any(validator.info.mode != "wrap" for validator in validators):  # ninja's own is "wrap"
        raise TypeError(f"{schema.__name__} has model validators; validate merged data instead.")
    fields: dict[str, Any] = {}
    for field_name, info in schema.model_fields.items():
        optional = FieldInfo(
            default=MISSING,
            alias=info.alias,
            title=info.title,
            description=info.description,
            examples=info.examples,
            json_schema_extra=info.json_schema_extra,
        )
        annotation = info.rebuild_annotation()
        if null_unchanged:
            annotation = annotation | None
        fields[field_name] = (annotation | MISSING, optional)
    return create_model(
        name or f"{schema.__name__.removesuffix('In')}Patch",
        __base__=schema,
        __module__=schema.__module__,
        __doc__=f"Partial update of {schema.__name__}: only the fields sent change.",
        **fields,
    )


def blank_if_null(value):
    """String fields are never null: a null sent for one means "" (cleared)."""
    return "" if value is None else value


def normalize_email(email: str) -> str:
    """Emails are case-insensitive everywhere: stored and compared lowercased."""
    return (email or "").strip().lower()


def _check_email(value: str) -> str:
    value = normalize_email(value)
    if len(value) > EMAIL_MAX_LENGTH:
        raise ValueError(f"Ensure this field has at most {EMAIL_MAX_LENGTH} characters.")
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


def skill_key(name: str) -> str:
    """The form two skill names share when they differ only in letter case (any alphabet)."""
    return name.strip().casefold()


def skill_keys(text: str) -> set[str]:
    """The keys of a comma-separated list of skill names (`?skills=Python,SQL`)."""
    return {skill_key(part) for part in text.split(",") if part.strip()}


def _check_skill_key(name: str) -> str:
    if len(skill_key(name)) > SKILL_MAX_LENGTH:
        raise ValueError(
            f"Ensure this skill has at most {SKILL_MAX_LENGTH} characters "
            "once letter case is folded."
        )
    return name


class _NullAccepted:
    """In a request schema, the field's schema or null (`blank_if_null` takes it); responses
    keep the plain schema. Its constraints (`maxLength`) stay in the first branch."""

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict:
        schema = handler(core_schema)
        if handler.mode == "validation":
            return {"anyOf": [schema, {"type": "null"}]}
        return schema


# Text that is never null: a null sent for it means "" (cleared).
Text = Annotated[str, BeforeValidator(blank_if_null), _NullAccepted()]
Email = Annotated[str, Field(max_length=EMAIL_MAX_LENGTH), AfterValidator(_check_email)]
Url = Annotated[
    str,
    BeforeValidator(blank_if_null),
    _NullAccepted(),
    Field(max_length=URL_MAX_LENGTH),
    AfterValidator(_check_url),
]
# A skill name, trimmed; its casefolded key (what uniqueness rests on) fits the key column too.
SkillName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=SKILL_MAX_LENGTH),
    AfterValidator(_check_skill_key),
]


def choice_int(choices: type[IntegerChoices]) -> Any:
    """An integer field limited to `choices`, documented with its labels in OpenAPI.

    Query strings and multipart forms send numbers as text; int parsing accepts them.
    """
    labels = ", ".join(f"{value} ({label})" for value, label in choices.choices)

    def check(value: int) -> int:
        if value not in choices.values:
            raise ValueError(f"Must be one of {labels}.")
        return value

    schema: dict[str, Any] = {"enum": list(choices.values), "description": labels}
    return Annotated[int, AfterValidator(check), Field(json_schema_extra=schema)]


def absolute_url(context: dict | None, path: str) -> str:
    """`path` as an absolute URL of the current request, when a resolver has one."""
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request else path


def api_url(context: dict | None, route: str, **kwargs: Any) -> str:
    """The absolute URL of the API route named `route` (`<prefix>_<view>`, as mounted)."""
    return absolute_url(context, reverse(f"api:{route}", kwargs=kwargs))


def file_url(field_file, context: dict | None, route: str, **kwargs: Any) -> str | None:
    """Where the API serves a stored file (the route checks who may have it), or None."""
    return api_url(context, route, **kwargs) if field_file else None
