"""Schema building blocks shared by the apps and the plugins: strict request bodies, emails, URLs,
skill names, choice fields, and URLs of the API's own routes.

Normalised values (lowercased emails, casefolded skill keys) can grow: "ß" casefolds to "ss" and
"İ" lowercases to two code points. Their lengths are checked after normalising, so what reaches a
column always fits it (PostgreSQL would refuse it with a 500, SQLite would store it silently).
"""

from functools import lru_cache
from typing import Annotated, Any, ClassVar, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import IntegerChoices, Manager, QuerySet
from django.db.models.fields.files import FieldFile
from django.urls import get_script_prefix, get_urlconf, reverse
from ninja import Field, Schema
from pydantic import (
    MISSING,
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    StringConstraints,
    ValidationInfo,
    create_model,
    model_validator,
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

# Values that need no conversion before pydantic validates them.
_PLAIN = frozenset({str, int, float, bool, type(None), dict, list})


def plain_attribute(value: Any) -> Any:
    """An attribute as django-ninja's `DjangoGetter` hands it to pydantic: a related manager or
    a queryset as a list, a callable called, a stored file as its URL (None when empty)."""
    if isinstance(value, Manager):
        return list(value.all())
    if isinstance(value, QuerySet):
        return list(value)
    if callable(value):
        return value()
    if isinstance(value, FieldFile):
        return value.url if value else None
    return value


def plain_type(kind: type) -> bool:
    """Whether `plain_attribute` gives back every value of type `kind` as it is: neither a
    manager, a queryset nor a file, and not callable (`callable()` asks the type)."""
    if issubclass(kind, Manager | QuerySet | FieldFile):
        return False
    return not any("__call__" in vars(klass) for klass in kind.__mro__)


class OutSchema(Schema):
    """A response schema: read from a model instance (or a dict) as django-ninja's `Schema` is,
    `resolve_<field>` static methods included, but in one pass per object.

    django-ninja wraps every object in a `DjangoGetter` whose `__getattr__` pydantic calls once
    per field, after a failed attribute lookup on the getter itself; on a 50-row page of
    profiles that was about 1,900 calls per row and a third of the request's CPU
    (docs/performance.md). Here the fields to read and their resolvers are listed once per class,
    each object becomes a dict of exactly what the getter would have returned, and pydantic
    validates the dict. Missing attributes are left out, as the getter's AttributeError leaves
    them, so defaults and "Field required" errors are the same."""

    _field_readers: ClassVar[tuple[tuple[str, Any, bool], ...] | None] = None

    @classmethod
    def _readers(cls) -> tuple[tuple[str, Any, bool], ...]:
        """Per field: its key, its `resolve_<field>` function (None for an attribute) and
        whether that takes the context, as ninja's `Resolver` calls it."""
        readers = cls.__dict__.get("_field_readers")
        if readers is None:
            fields = []
            for name, info in cls.model_fields.items():
                alias = info.validation_alias if isinstance(info.validation_alias, str) else None
                key = alias or info.alias or name
                resolver = cls._ninja_resolvers.get(key)
                if resolver is None:
                    fields.append((key, None, False))
                elif not resolver._static:  # ninja would fail on its first call
                    raise TypeError(f"{cls.__name__}.resolve_{key} must be a staticmethod.")
                else:
                    fields.append((key, resolver._func, resolver._takes_context))
            readers = tuple(fields)
            cls._field_readers = readers  # set on this class only: subclasses have their own
        return readers

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler, info: ValidationInfo
    ) -> Any:
        if isinstance(values, cls) or cls.model_config.get("extra") == "forbid":
            return super()._run_root_validator(values, handler, info)  # type: ignore[operator]
        is_dict = isinstance(values, dict)
        data = {}
        for key, resolve, takes_context in cls._readers():
            if resolve is not None:
                value = resolve(values, context=info.context) if takes_context else resolve(values)
            elif is_dict:
                if key not in values:
                    continue
                value = values[key]
            else:
                try:
                    value = getattr(values, key)
                except AttributeError:
                    continue
            data[key] = value if type(value) in _PLAIN else plain_attribute(value)
        return handler(data)


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


@lru_cache(maxsize=4096)
def _route_path(route: str, arguments: tuple, script_prefix: str, urlconf: str | None) -> str:
    # `reverse` costs about as much as serialising the rest of a row; the URL of a route and
    # its arguments changes only with the script prefix and URLconf, both part of the key.
    return reverse(f"api:{route}", kwargs=dict(arguments), urlconf=urlconf)


def api_url(context: dict | None, route: str, **kwargs: Any) -> str:
    """The absolute URL of the API route named `route` (`<prefix>_<view>`, as mounted)."""
    arguments = tuple(sorted(kwargs.items()))
    request = (context or {}).get("request")
    if request is None:
        return _route_path(route, arguments, get_script_prefix(), get_urlconf())
    # A list writes a URL or three per row: what they share is worked out once per request.
    # `build_absolute_uri` of a path is the scheme and host before it; a path `reverse` gives
    # is already quoted as the URI would be.
    shared = getattr(request, "_api_url_base", None)
    if shared is None:
        shared = (get_script_prefix(), get_urlconf(), request.build_absolute_uri("/")[:-1])
        request._api_url_base = shared
    prefix, urlconf, origin = shared
    return origin + _route_path(route, arguments, prefix, urlconf)


def file_url(obj: Any, field: str, context: dict | None, route: str, **kwargs: Any) -> str | None:
    """Where the API serves the file in `obj`'s file field `field` (the route checks who may
    have it), or None when it holds none.

    Read from the stored name when the row has it: the field's descriptor would build a
    `FieldFile`, which refers back to `obj` (a reference cycle per file, left to the garbage
    collector), only for its name to be tested."""
    stored = obj.__dict__.get(field)
    if stored is None and field not in obj.__dict__:
        stored = getattr(obj, field)  # deferred: the descriptor loads it
    return api_url(context, route, **kwargs) if stored else None
