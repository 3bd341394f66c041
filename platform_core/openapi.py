"""The OpenAPI document: ninja's schema, completed from the operations themselves.

`DocumentedAPI` (the NinjaAPI that `build_api` makes) post-processes every operation by one set of
rules, so a router added later (a plugin's) is documented like the core's without writing anything:

- Bodies declared with `payload_openapi` reference their models in `components/schemas` (they
  ride along under `x-component-schemas` and are hoisted here), so every `$ref` resolves.
- Error responses, all referencing the shared `Error` / `FieldErrors` schemas
  (`components/responses`); `error_statuses` holds the rule, docs/api-conventions.md explains it.
- Lists (an array answered to `page` and `page_size`) carry `X-Total-Count` and `Link`.
- File downloads (a GET without a response model whose route name ends in avatar, attachment,
  resume or video_pitch, or one marked with `download_openapi`) declare their content types.
- A router mounted under several prefixes (accounts: /auth/ and /users/) is documented in full
  under each; the later mounts are tagged with their prefix and their summaries name the alias,
  so summaries stay unique.
"""

import copy
import mimetypes
import re
from collections.abc import Iterable
from typing import Any

import ninja.openapi.schema
from ninja import NinjaAPI
from ninja.constants import NOT_SET
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema
from pydantic import MISSING, BaseModel, create_model

from .auth import SAFE_METHODS, OptionalAuth
from .errors import NOT_FOUND, NOT_PROVIDED
from .files import IMAGE_FORMATS, VIDEO_EXTENSIONS

# Where `payload_openapi` leaves the models its inlined body refers to (popped from the document).
COMPONENT_SCHEMAS_KEY = "x-component-schemas"

SCHEMAS = "#/components/schemas/"
RESPONSES = "#/components/responses/"
HEADERS = "#/components/headers/"

ERROR_SCHEMAS: dict[str, dict] = {
    "Error": {
        "title": "Error",
        "description": "Every error but validation: one human-readable message.",
        "type": "object",
        "properties": {"detail": {"type": "string", "title": "Detail"}},
        "required": ["detail"],
        "examples": [{"detail": NOT_FOUND}],
    },
    "FieldErrors": {
        "title": "FieldErrors",
        "description": (
            "Validation errors (DRF style): each field maps to its messages; nested fields are "
            'dotted (`profile.gender`), cross-field errors are under `"non_field_errors"`.'
        ),
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "examples": [{"email": ["This field is required."], "profile.gender": ["Invalid value."]}],
    },
}


class ApiJsonSchema(NinjaGenerateJsonSchema):
    """Ninja's JSON schema generator, also for fields whose default is pydantic's MISSING (the
    fields of `partial_schema` patches): no default is shown, as pydantic's own generator does."""

    def default_schema(self, schema: Any) -> Any:
        if schema.get("default") is MISSING:
            return self.generate_inner(schema["schema"])
        return super().default_schema(schema)


# Ninja's document builder names its generator as a module global (for parameters and bodies);
# ours differs from it only for MISSING defaults, which ninja's cannot encode.
ninja.openapi.schema.NinjaGenerateJsonSchema = ApiJsonSchema  # type: ignore[misc]


def model_components(model: type[BaseModel]) -> tuple[str, dict[str, dict]]:
    """The component name of `model` and every component schema it needs, itself included.

    Generated as ninja generates a body parameter's (the model wrapped in a field, ninja's
    generator and mode), so the names and schemas are those ninja emits for the same models.
    """
    wrapper = create_model("Body", payload=(model, ...))
    generated = wrapper.model_json_schema(
        ref_template=REF_TEMPLATE, schema_generator=ApiJsonSchema, mode="validation"
    )
    return generated["properties"]["payload"]["$ref"].removeprefix(SCHEMAS), generated["$defs"]


def _error(description: str, example: str, schema: dict | None = None, **extra) -> dict:
    schema = schema or {"$ref": f"{SCHEMAS}Error"}
    content = {"application/json": {"schema": schema, "example": {"detail": example}}}
    return {"description": description, "content": content, **extra}


# Status -> (component name, response object). Every operation references these: one shape each.
ERROR_RESPONSES: dict[int, tuple[str, dict]] = {
    400: (
        "BadRequest",
        {
            "description": (
                "Invalid input: field errors, or `{detail}` for a body that cannot be parsed "
                "(not JSON, malformed multipart)."
            ),
            "content": {
                "application/json": {
                    "schema": {
                        "anyOf": [{"$ref": f"{SCHEMAS}FieldErrors"}, {"$ref": f"{SCHEMAS}Error"}]
                    },
                    "example": {"email": ["This field is required."]},
                }
            },
        },
    ),
    401: (
        "Unauthorized",
        _error("No credentials, or invalid or expired ones.", NOT_PROVIDED),
    ),
    403: (
        "Forbidden",
        _error(
            "Not allowed, or a cookie/session write without a valid `X-CSRFToken`.",
            "You do not have permission to perform this action.",
        ),
    ),
    404: ("NotFound", _error("Does not exist, or the caller may not see it.", NOT_FOUND)),
    409: (
        "Conflict",
        _error("Conflicts with the current state (a duplicate).", "You already applied."),
    ),
    413: (
        "PayloadTooLarge",
        _error("The body or an uploaded file is too large.", "Images may be at most 5 MB."),
    ),
    415: (
        "UnsupportedMediaType",
        _error("An uploaded file is not of an accepted type.", "Upload a PNG, JPEG or WebP image."),
    ),
    429: (
        "TooManyRequests",
        _error(
            "Rate limited: retry after `Retry-After` seconds.",
            "Too many requests. Try again in 30 seconds.",
            headers={"Retry-After": {"$ref": f"{HEADERS}Retry-After"}},
        ),
    ),
    502: (
        "BadGateway",
        _error(
            "The plugin or its LLM provider failed, or answered something unusable.",
            "The career coach could not answer. Try again later.",
        ),
    ),
    503: (
        "ServiceUnavailable",
        _error(
            "File storage (S3, the local disk) did not answer; nothing was stored. Try again.",
            "File storage is unavailable right now; nothing was changed. Try again later.",
        ),
    ),
    504: (
        "GatewayTimeout",
        _error(
            "The plugin or its LLM provider did not answer in time.",
            "The career coach did not answer in time. Try again later.",
        ),
    ),
}

HEADER_COMPONENTS: dict[str, dict] = {
    "X-Total-Count": {
        "description": "How many items the whole list has, over all pages.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "X-Total-Count-Estimated": {
        "description": (
            "`true` when `X-Total-Count` is the database's estimate, not an exact count: sent "
            "only by lists that can hold millions of rows (job browse), above "
            "1,000 matches. Absent when the count is exact."
        ),
        "schema": {"type": "string", "enum": ["true"]},
    },
    "Link": {
        "description": (
            'Pagination links (RFC 8288): `rel="next"`, `"last"`, `"prev"`, `"first"` where they '
            "apply; absent on a single page."
        ),
        "schema": {"type": "string"},
    },
    "Retry-After": {
        "description": "Seconds until the limit resets.",
        "schema": {"type": "integer", "minimum": 1},
    },
}

# Statuses that a description can document ("Again → 409", "too slow: 504"), beyond the
# derived ones.
_DOCUMENTED_STATUS = re.compile(r"(?<!\d)([45]\d\d)(?!\d)")


def _mime_types(extensions: Iterable[str]) -> list[str]:
    # As platform_core.files.file_response names them: by the stored file's extension.
    names = {
        mimetypes.guess_type(f"file.{ext}")[0] or "application/octet-stream" for ext in extensions
    }
    return sorted(names)


IMAGE_TYPES = _mime_types(IMAGE_FORMATS.values())
DOCUMENT_TYPES = _mime_types(("pdf", "docx", "txt"))  # what validate_document accepts
VIDEO_TYPES = _mime_types(VIDEO_EXTENSIONS)

# How the name of a download route (its view) ends -> the types it serves.
DOWNLOAD_TYPES: dict[str, list[str]] = {
    "avatar": IMAGE_TYPES,
    "attachment": IMAGE_TYPES,
    "resume": DOCUMENT_TYPES,
    "video_pitch": VIDEO_TYPES,
}


def download_openapi(*content_types: str) -> dict:
    """`openapi_extra` for a view that answers a file of one of `content_types`."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    content = {content_type: copy.deepcopy(binary) for content_type in content_types}
    return {"responses": {200: {"description": "The file.", "content": content}}}


def _download_types(operation: Operation) -> list[str] | None:
    """The content types a download route serves, by how its route name ends."""
    if operation.methods != ["GET"] or operation.response_models != {200: NOT_SET}:
        return None
    name = getattr(operation, "url_name", None) or operation.view_func.__name__
    for suffix, types in DOWNLOAD_TYPES.items():
        if name.endswith(suffix):
            return types
    return None


def _is_throttled(operation: Operation) -> bool:
    """Ninja throttles on the operation, or a view that calls `platform_core.throttling.throttle`."""
    if operation.throttle_objects:
        return True
    view = operation.view_func
    called = getattr(view, "__code__", None)
    names = called.co_names if called else ()
    return any(
        getattr(view.__globals__.get(name), "__module__", None) == "platform_core.throttling"
        for name in names
    )


def _has_file_field(body: dict) -> bool:
    for media in body.get("content", {}).values():
        for prop in media.get("schema", {}).get("properties", {}).values():
            if prop.get("format") == "binary":
                return True
    return False


def error_statuses(operation: Operation, details: dict) -> set[int]:
    """The error statuses `operation` can answer, derived from what it declares.

    400 with a request body or query parameters; 413 with a body; 415 with a file field;
    401 when it takes credentials (optional ones too: present but bad ones are refused);
    403 when they are required, or on an unsafe method (CSRF); 404 with path parameters;
    429 when throttled; 503 (storage down) with a file field or a file download; and any of
    these that the description names ("again → 409").
    """
    params = details.get("parameters") or []
    body = details.get("requestBody")
    statuses: set[int] = set()
    if body or any(param["in"] == "query" for param in params):
        statuses.add(400)
    if body:
        statuses.add(413)
        if _has_file_field(body):
            statuses.update((415, 503))
    if _download_types(operation):
        statuses.add(503)
    auth = operation.auth_callbacks or []
    if auth:
        statuses.add(401)
        unsafe = any(method not in SAFE_METHODS for method in operation.methods)
        if unsafe or any(not isinstance(callback, OptionalAuth) for callback in auth):
            statuses.add(403)
    if any(param["in"] == "path" for param in params):
        statuses.add(404)
    if _is_throttled(operation):
        statuses.add(429)
    documented = {int(code) for code in _DOCUMENTED_STATUS.findall(details.get("description", ""))}
    return statuses | (documented & ERROR_RESPONSES.keys())


def _is_list(details: dict) -> bool:
    names = {param["name"] for param in details.get("parameters") or [] if param["in"] == "query"}
    ok = details["responses"].get("200", {})
    schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
    return schema.get("type") == "array" and {"page", "page_size"} <= names


def _normalise_responses(details: dict) -> None:
    """Ninja keys responses by int, openapi_extra may use strings: merge into string keys."""
    merged: dict[str, dict] = {}
    for status, response in details.get("responses", {}).items():
        merged.setdefault(str(status), {}).update(response)
    details["responses"] = dict(sorted(merged.items()))


def document_operation(operation: Operation, details: dict) -> None:
    """Add the error responses, list headers and download types that `operation` implies."""
    _normalise_responses(details)
    responses = details["responses"]
    # A status the view declares in `response=` is listed too, with the shared schema: one shape.
    declared = {int(status) for status in responses} & ERROR_RESPONSES.keys()
    # A 503 the view declares with its own body (health's HealthOut) keeps it.
    declared.discard(503)
    for status in sorted(error_statuses(operation, details) | declared):
        responses[str(status)] = {"$ref": RESPONSES + ERROR_RESPONSES[status][0]}
    if _is_list(details):
        headers = responses["200"].setdefault("headers", {})
        for name in ("X-Total-Count", "X-Total-Count-Estimated", "Link"):
            headers.setdefault(name, {"$ref": HEADERS + name})
    types = _download_types(operation)
    if types and "content" not in responses["200"]:
        responses["200"].update(download_openapi(*types)["responses"][200])
    details["responses"] = dict(sorted(responses.items()))


def _same_or_refuse(name: str, known: dict, schema: dict) -> None:
    # Two different models under one name: references would silently point at the wrong one.
    if known != schema:
        raise ValueError(f"OpenAPI component schema {name!r} is defined twice, differently.")


class DocumentedSchema(OpenAPISchema):
    """Ninja's document, with every operation completed by `document_operation`."""

    def __init__(self, api: NinjaAPI, path_prefix: str) -> None:
        self.hoisted: dict[str, dict] = {}
        self.aliases: dict[int, tuple[str, str]] = {}
        canonical: dict[tuple, str] = {}
        for bound in api._get_bound_routers():
            prefix = bound.prefix.strip("/")
            for path_view in bound.path_operations.values():
                for operation in path_view.operations:
                    key = (operation.view_func, tuple(operation.methods))
                    first = canonical.setdefault(key, prefix)
                    if first != prefix:
                        self.aliases[id(operation)] = (prefix, first)
        super().__init__(api, path_prefix)

    def operation_details(self, operation: Operation) -> dict[str, Any]:
        # A copy: openapi_extra dicts are shared between operations (both mounts, several views).
        details = copy.deepcopy(super().operation_details(operation))
        self._hoist(details.pop(COMPONENT_SCHEMAS_KEY, {}))
        document_operation(operation, details)
        if id(operation) in self.aliases:
            prefix, first = self.aliases[id(operation)]
            details["tags"] = [prefix]
            details["summary"] = f"{details['summary']} (/{prefix}/ alias)"
            details["description"] = (
                f"The same as under `/{first}/`. " + details.get("description", "")
            ).strip()
        return details

    def _hoist(self, definitions: dict[str, dict]) -> None:
        for name, schema in definitions.items():
            _same_or_refuse(name, self.hoisted.get(name, schema), schema)
            self.hoisted[name] = schema

    def get_components(self) -> dict[str, Any]:
        components = super().get_components()
        schemas = components["schemas"]
        for name, schema in {**self.hoisted, **ERROR_SCHEMAS}.items():
            if name in schemas and schemas[name] != schema:
                # Two different models under one name: references would point at the wrong one.
                raise ValueError(
                    f"OpenAPI component schema {name!r} is defined twice, differently."
                )
            schemas[name] = copy.deepcopy(schema)
        # Copies, so that nothing done to one document reaches the module's constants.
        responses = {name: response for name, response in ERROR_RESPONSES.values()}
        components["responses"] = copy.deepcopy(responses)
        components["headers"] = copy.deepcopy(HEADER_COMPONENTS)
        return components


class DocumentedAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI document is a `DocumentedSchema`."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return DocumentedSchema(self, path_prefix)
