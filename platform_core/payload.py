"""Request bodies that may come as JSON or as multipart form data (when a file rides along).

Ninja binds one body type per operation; endpoints that take both call `parse_payload` and
declare the body in OpenAPI with `payload_openapi`. Every JSON body, whichever path parses it
(Ninja's parser, installed on the API as `StrictJSONParser`, or `request_data`), goes through
`loads_json`: standard JSON only, nested at most `MAX_JSON_DEPTH` levels (see docs/limits.md).
"""

import json
import math
import re
from itertools import accumulate
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from ninja.parser import Parser
from ninja.responses import NinjaJSONEncoder
from pydantic import ValidationError

from .errors import BadRequest, FieldErrors, field_errors_from_pydantic
from .openapi import COMPONENT_SCHEMAS_KEY, model_components

SchemaT = TypeVar("SchemaT", bound=Schema)

# Far beyond any body the API takes (its deepest is about 5 levels), far below the depth at which
# the parser, validation, the JSON encoder or the database driver would hit Python's recursion limit.
MAX_JSON_DEPTH = 64
NOT_JSON = "Cannot parse request body: it is not valid JSON."
TOO_DEEP = f"Cannot parse request body: JSON nested deeper than {MAX_JSON_DEPTH} levels."
NOT_FINITE = "Cannot parse request body: NaN and Infinity are not valid JSON numbers."


class InvalidJSON(BadRequest, ValueError):
    """A body that is not standard JSON (a ValueError too, so validators treat it as one)."""


# For the depth check: escapes, then strings, then everything but brackets are dropped, and one
# level of innermost pairs (`[]`, `{}`) peeled, all by regular expressions at C speed; the running
# depth of what is left is summed at C speed too. Linear in the body's size, without recursion.
_ESCAPE = re.compile(r"\\.", re.DOTALL)
_STRING = re.compile(r'"[^"]*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST_PAIR = re.compile(r"\[\]|\{\}")
_OPENERS_PAST_LIMIT = re.compile(r"[\[{]{" + str(MAX_JSON_DEPTH + 1) + "}")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _too_deep(text: str) -> bool:
    """Whether JSON `text` nests arrays and objects more than MAX_JSON_DEPTH levels."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", _ESCAPE.sub("", text)))
    if _OPENERS_PAST_LIMIT.search(brackets):
        return True  # the usual attack, `[[[[...`, answered without summing
    # Peeling the innermost pairs lowers the deepest point by exactly one level.
    peeled = _INNERMOST_PAIR.sub("", brackets)
    return bool(peeled) and max(accumulate(map(_STEP.__getitem__, peeled))) >= MAX_JSON_DEPTH


def _refuse_constant(name: str) -> Any:
    raise InvalidJSON(NOT_FINITE)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 overflows to infinity
        raise InvalidJSON(NOT_FINITE)
    return value


def loads_json(raw: bytes | str) -> Any:
    """Parse standard JSON: no NaN or Infinity, at most MAX_JSON_DEPTH levels deep.

    Raises InvalidJSON (400 `{"detail"}`) with the reason. Python's own parser accepts the
    non-standard constants (which no database stores as JSON) and fails on deep nesting with a
    RecursionError, so both are refused here, before anything downstream sees them.
    """
    try:
        text = (
            raw.decode(json.detect_encoding(raw), "surrogatepass")
            if isinstance(raw, bytes)
            else raw
        )
    except (UnicodeDecodeError, LookupError) as exc:
        raise InvalidJSON(NOT_JSON) from exc
    if _too_deep(text):
        raise InvalidJSON(TOO_DEEP)
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except InvalidJSON:
        raise
    except RecursionError as exc:  # belt and braces: nesting the check above did not count
        raise InvalidJSON(TOO_DEEP) from exc
    except ValueError as exc:
        raise InvalidJSON(NOT_JSON) from exc


class StrictJSONParser(Parser):
    """Ninja's body parser, through `loads_json`.

    Ninja answers any parser error with 400 "Cannot parse request body" and keeps the exception as
    the cause; the API's HttpError handler shows an InvalidJSON cause's own detail instead, so
    every JSON body is refused with the same words, whichever way its view reads it.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        return loads_json(request.body)


def _form_data(request: HttpRequest) -> dict:
    # Django parses multipart bodies only for POST; PUT and PATCH need the same treatment. A
    # malformed body raises MultiPartParserError, which the API answers with a 400.
    if request.method != "POST":
        method, request.method = request.method, "POST"
        try:
            request._load_post_and_files()
        finally:
            request.method = method
    data = {}
    for key in request.POST:
        values = request.POST.getlist(key)
        if any("\x00" in value for value in values):
            raise FieldErrors({key: "NUL characters are not allowed."})
        data[key] = values if len(values) > 1 or key.endswith("[]") else values[0]
    return {key.removesuffix("[]"): value for key, value in data.items()}


def is_multipart(request: HttpRequest) -> bool:
    return request.content_type == "multipart/form-data"


def request_data(request: HttpRequest) -> dict:
    """The body as a dict: JSON (an object), multipart form fields, or {} when empty."""
    if is_multipart(request):
        return _form_data(request)
    if not request.body:
        return {}
    data = loads_json(request.body)
    if not isinstance(data, dict):
        raise FieldErrors({"non_field_errors": "Expected a JSON object."})
    return data


def validate_data(schema: type[SchemaT], data: dict) -> SchemaT:
    """Validate `data` against `schema`; 400 with DRF-style field errors if it fails."""
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise field_errors_from_pydantic(exc.errors()) from exc


def parse_payload(request: HttpRequest, schema: type[SchemaT]) -> SchemaT:
    """Validate the body, JSON or multipart, against `schema`; 400 with field errors if it fails."""
    return validate_data(schema, request_data(request))


def payload_openapi(
    schema: type[Schema], files: tuple[str, ...] = (), *, required: bool | None = None
) -> dict:
    """`openapi_extra` for a requestBody accepting `schema` as JSON, or as multipart with `files`.

    `schema` and the models it nests become components (`DocumentedSchema` hoists them from
    COMPONENT_SCHEMAS_KEY), so every `$ref` resolves. `required` defaults to whether `schema`
    has required fields: `request_data` reads an empty body as `{}`.
    """
    name, components = model_components(schema)
    json_schema = {"$ref": f"#/components/schemas/{name}"}
    form_schema = json_schema
    if files:
        form_schema = json.loads(json.dumps(components[name]))
        for field in files:
            form_schema.setdefault("properties", {})[field] = {"type": "string", "format": "binary"}
    if required is None:
        required = bool(components[name].get("required"))
    return {
        "requestBody": {
            "content": {
                "application/json": {"schema": json_schema},
                "multipart/form-data": {"schema": form_schema},
            },
            "required": required,
        },
        COMPONENT_SCHEMAS_KEY: components,
    }


def schema_response(instance: Schema, status: int = 200) -> HttpResponse:
    """Render an already validated schema, for views whose response shape depends on the caller
    (Ninja would validate it again against a union and lose the resolved fields)."""
    body = json.dumps(instance.model_dump(), cls=NinjaJSONEncoder)
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
