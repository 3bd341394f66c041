"""Request bodies that may come as JSON or as multipart form data (when a file rides along).

Ninja binds one body type per operation; endpoints that take both call `parse_payload` and
declare the body in OpenAPI with `payload_openapi`. Every JSON body, whichever path parses it
(Ninja's parser, installed on the API as `StrictJSONParser`, or `request_data`), goes through
`loads_json`: standard JSON only, nested at most `MAX_JSON_DEPTH` levels (see docs/limits.md).
"""

import html
import json
import math
import re
from itertools import accumulate
from typing import Any, TypeVar

from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from ninja import Schema
from ninja.parser import Parser
from pydantic import ValidationError

from .errors import BadRequest, FieldErrors, field_errors_from_pydantic
from .openapi import COMPONENT_SCHEMAS_KEY, model_components
from .renderers import render_json

SchemaT = TypeVar("SchemaT", bound=Schema)

# Far beyond any body the API takes (its deepest is about 5 levels), far below the depth at which
# the parser, validation, the JSON encoder or the database driver would hit Python's recursion limit.
MAX_JSON_DEPTH = 64
NOT_JSON = "Cannot parse request body: it is not valid JSON."
TOO_DEEP = f"Cannot parse request body: JSON nested deeper than {MAX_JSON_DEPTH} levels."
NOT_FINITE = "Cannot parse request body: NaN and Infinity are not valid JSON numbers."
NOT_UNICODE = "Cannot parse request body: a string has a lone surrogate (\\ud800 to \\udfff)."


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


# The escape of a surrogate code point. Paired escapes (`\ud83d\ude00`) are one character once
# parsed; a lone one, escaped or raw (UTF-8 bytes ED A0 80 decode to one with "surrogatepass"),
# is text no UTF-8 encoder and no database takes (PostgreSQL's jsonb refuses even the escape).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _not_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _has_lone_surrogate(text: str, value: Any) -> bool:
    """Whether JSON `text`, parsed as `value`, has a lone surrogate (at C speed: the usual body
    is ASCII without escapes and costs two scans)."""
    if not text.isascii() and _not_utf8(text):
        return True
    if "\\u" in text and _SURROGATE_ESCAPE.search(text):
        return _not_utf8(json.dumps(value, ensure_ascii=False))
    return False


def _refuse_constant(name: str) -> Any:
    raise InvalidJSON(NOT_FINITE)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 overflows to infinity
        raise InvalidJSON(NOT_FINITE)
    return value


def loads_json(raw: bytes | str) -> Any:
    """Parse standard JSON: no NaN or Infinity, no lone surrogate, at most MAX_JSON_DEPTH levels
    deep.

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
        value = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except InvalidJSON:
        raise
    except RecursionError as exc:  # belt and braces: nesting the check above did not count
        raise InvalidJSON(TOO_DEEP) from exc
    except ValueError as exc:
        raise InvalidJSON(NOT_JSON) from exc
    if _has_lone_surrogate(text, value):
        raise InvalidJSON(NOT_UNICODE)
    return value


class StrictJSONParser(Parser):
    """Ninja's body parser, through `loads_json`.

    Ninja answers any parser error with 400 "Cannot parse request body" and keeps the exception as
    the cause; the API's HttpError handler shows an InvalidJSON cause's own detail instead, so
    every JSON body is refused with the same words, whichever way its view reads it.
    """

    def parse_body(self, request: HttpRequest) -> Any:
        return loads_json(request.body)


class UnsafeFileName(MultiPartParserError):
    """A multipart file name that names a path (`../../x.pdf`, `/etc/passwd`, `..\\x.pdf`) or
    carries a control character (NUL): no browser sends one, so it is refused, not cleaned."""


# C0 controls and DEL; other unprintable characters (a no-break space) are left to Django.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class _StrictFileNamesParser(MultiPartParser):
    def sanitize_file_name(self, file_name: str) -> str | None:
        name = html.unescape(file_name)  # as Django reads it
        if "/" in name or "\\" in name or name in {".", ".."} or _CONTROL.search(name):
            raise UnsafeFileName("File name is a path or has control characters")
        return super().sanitize_file_name(file_name)


class _ClosingDelimiterWatch:
    """The body's stream as the parser reads it, noting whether the closing delimiter
    (`--boundary--`) went by: Django's parser takes a body cut short (a dropped connection, a
    client that never closes it) for a complete one, without its last part."""

    def __init__(self, stream, boundary: bytes):
        self._stream = stream
        self._delimiter = b"\r\n--" + boundary + b"--"
        self._tail = b"\r\n"  # a body without parts opens with the closing delimiter
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if data and not self.closed:
            window = self._tail + data
            self.closed = self._delimiter in window
            self._tail = window[-len(self._delimiter) :]
        return data


class StrictFileNames(FileUploadHandler):
    """The first upload handler of a multipart request to the API (middleware.ApiPathMiddleware
    adds it): parses the body as Django does, with the other handlers, but a file name that
    Django would cut down to its last part or strip of characters is an error (400) instead, and
    so is a body that ends before its closing delimiter."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        assert self.request is not None
        others = [handler for handler in self.request.upload_handlers if handler is not self]
        watch = _ClosingDelimiterWatch(input_data, boundary)
        post, files = _StrictFileNamesParser(META, watch, others, encoding).parse()
        if not watch.closed:
            for _field, uploads in files.lists():
                for upload in uploads:
                    upload.close()
            raise MultiPartParserError("Body ends before its closing delimiter")
        return post, files

    def receive_data_chunk(self, raw_data, start):
        return raw_data  # never reached: handle_raw_input parses the whole body

    def file_complete(self, file_size):
        return None


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
    body = render_json(instance.model_dump())
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
