"""Schema building blocks shared by the apps."""

from typing import Annotated, Any

from django.db.models import IntegerChoices
from ninja import Field
from pydantic import AfterValidator

# A database id as a query parameter: larger values cannot exist and would overflow the column.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


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
