"""Request bodies that may come as JSON or as multipart form data (when a file rides along).

Ninja binds one body type per operation; endpoints that take both call `parse_payload` and
declare the body in OpenAPI with `payload_openapi`.
"""

import json
from typing import TypeVar

from django.http import HttpRequest, HttpResponse
from ninja import Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import ValidationError

from .errors import BadRequest, FieldErrors, field_errors_from_pydantic

SchemaT = TypeVar("SchemaT", bound=Schema)


def _form_data(request: HttpRequest) -> dict:
    # Django parses multipart bodies only for POST; PUT and PATCH need the same treatment.
    if request.method != "POST":
        method, request.method = request.method, "POST"
        request._load_post_and_files()
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
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("Cannot parse request body: it is not valid JSON.") from exc
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


def payload_openapi(schema: type[Schema], files: tuple[str, ...] = ()) -> dict:
    """An OpenAPI requestBody accepting `schema` as JSON, or as multipart with `files`."""
    json_schema = schema.model_json_schema()
    form_schema = json.loads(json.dumps(json_schema))
    for name in files:
        form_schema.setdefault("properties", {})[name] = {"type": "string", "format": "binary"}
    return {
        "requestBody": {
            "content": {
                "application/json": {"schema": json_schema},
                "multipart/form-data": {"schema": form_schema},
            },
            "required": True,
        }
    }


def schema_response(instance: Schema, status: int = 200) -> HttpResponse:
    """Render an already validated schema, for views whose response shape depends on the caller
    (Ninja would validate it again against a union and lose the resolved fields)."""
    body = json.dumps(instance.model_dump(), cls=NinjaJSONEncoder)
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
