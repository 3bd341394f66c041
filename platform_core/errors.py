"""Errors in the shapes of the API contract (section 2), and the handlers that render them.

Views and services raise these exceptions; the handlers registered on the one NinjaAPI turn them,
and anything unexpected, into JSON: DRF-style field errors for validation (400, never 422),
`{"detail": ...}` for everything else, no stack trace ever.
"""

import logging
import re
from collections.abc import Iterable, Mapping

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError as DatabaseInterfaceError
from django.db import OperationalError as DatabaseOperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

NOT_PROVIDED = "Authentication credentials were not provided."
INVALID_CREDENTIALS = "Authentication credentials are invalid or expired."
NOT_FOUND = "Not found."
SERVER_ERROR = "Internal server error."
STORAGE_UNAVAILABLE = "File storage is unavailable right now; nothing was changed. Try again later."
DATABASE_UNAVAILABLE = (
    "The database is unavailable right now; nothing was changed. Try again later."
)
QUEUE_UNAVAILABLE = "The task queue is unavailable right now. Try again later."


class ApiError(Exception):
    """An error the client caused, answered with `{"detail": ...}` and `status`."""

    status = 400
    default_detail = "Bad request."

    def __init__(self, detail: str | None = None):
        self.detail = detail or self.default_detail
        super().__init__(self.detail)


class BadRequest(ApiError):
    status = 400


class NotAuthenticated(ApiError):
    status = 401
    default_detail = NOT_PROVIDED


class AuthenticationFailed(ApiError):
    status = 401
    default_detail = INVALID_CREDENTIALS


class Forbidden(ApiError):
    status = 403
    default_detail = "You do not have permission to perform this action."


class NotFound(ApiError):
    status = 404
    default_detail = NOT_FOUND


class Conflict(ApiError):
    status = 409
    default_detail = "This conflicts with the current state of the resource."


class PayloadTooLarge(ApiError):
    status = 413
    default_detail = "The upload is too large."


class UnsupportedMediaType(ApiError):
    status = 415
    default_detail = "This type of file is not accepted."


class Throttled(ApiError):
    status = 429

    def __init__(self, wait: float):
        self.wait = max(1, int(wait))
        super().__init__(f"Too many requests. Try again in {self.wait} seconds.")


class UpstreamError(ApiError):
    """A service the API depends on (an LLM provider) failed or answered nonsense: 502."""

    status = 502
    default_detail = "An upstream service failed to answer."


class UpstreamTimeout(ApiError):
    """A service the API depends on did not answer in time: 504."""

    status = 504
    default_detail = "An upstream service did not answer in time."


class FieldErrors(ApiError):
    """Validation errors keyed by field: `{"email": ["..."], "non_field_errors": ["..."]}`."""

    status = 400

    def __init__(self, errors: Mapping[str, str | Iterable[str]]):
        self.errors = {
            field: [messages] if isinstance(messages, str) else list(messages)
            for field, messages in errors.items()
        }
        super().__init__("Invalid input.")

    @classmethod
    def from_django(cls, exc: DjangoValidationError, field: str = "non_field_errors"):
        """Wrap a Django ValidationError; errors without a field go under `field`."""
        if hasattr(exc, "error_dict"):
            return cls({key: list(value) for key, value in exc.message_dict.items()})
        return cls({field: exc.messages})


# Pydantic's wording, where a plainer one serves the client better.
_MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "Unknown field; it cannot be set.",
    "model_attributes_type": "Expected a JSON object.",
    "dict_type": "Expected a JSON object.",
    "string_too_long": "Ensure this field has at most {max_length} characters.",
    "string_too_short": "Ensure this field has at least {min_length} characters.",
    "int_parsing": "A valid integer is required.",
    "int_type": "A valid integer is required.",
    "bool_parsing": "Must be true or false.",
    "bool_type": "Must be true or false.",
    "string_type": "Not a valid string.",
}
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}
# Views name their request-body parameter `payload` (a project convention), so its name can be
# dropped from error locations: `body.payload.email` reads `email`.
BODY_PARAM_NAMES = frozenset({"payload"})


# Pydantic names the branch of a union or a validator in `loc` (`literal['a','b']`, `str`,
# `function-after[...]`); the client only needs the field's path.
_PYDANTIC_BRANCH = re.compile(r"^([a-z-]+\[.*\]|str|int|float|bool|none|list|dict)$")


def _field_name(loc: Iterable, param_names: frozenset[str]) -> str:
    parts = [str(part) for part in loc if not _PYDANTIC_BRANCH.match(str(part))]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
        # Ninja puts the view's parameter name next (`payload`); the client never sees it.
        if len(parts) > 1 and parts[0] in param_names:
            parts = parts[1:]
        elif len(parts) == 1 and parts[0] in param_names:
            parts = []
    return ".".join(parts) or "non_field_errors"


def _message(error: Mapping) -> str:
    template = _MESSAGES.get(error.get("type", ""))
    if template:
        try:
            return template.format(**error.get("ctx", {}))
        except (KeyError, IndexError):
            return template
    message = str(error.get("msg", "Invalid value."))
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def field_errors_from_pydantic(
    errors: Iterable[Mapping], param_names: frozenset[str] = frozenset()
) -> "FieldErrors":
    collected: dict[str, list[str]] = {}
    for error in errors:
        collected.setdefault(_field_name(error.get("loc", ()), param_names), []).append(
            _message(error)
        )
    return FieldErrors(collected)


def multipart_error_detail(exc: MultiPartParserError) -> str:
    """A client-facing reason for Django's multipart failure (its own text may echo the input)."""
    message = str(exc)
    if message.startswith("Invalid boundary"):
        reason = "the Content-Type header has no valid boundary (RFC 2046: 1 to 70 characters)"
    elif message.startswith("Request max total header size"):
        reason = (
            "the headers of a part exceed 1024 bytes (a long file name?), "
            "or the body does not start with its boundary"
        )
    elif message.startswith("Could not decode base64"):
        reason = "a part's base64 content cannot be decoded"
    elif message.startswith("File name is a path"):
        reason = "a file name is a path or has control characters (send the file's name alone)"
    elif message.startswith("Body ends before"):
        reason = "it ends before its closing boundary (--boundary--), as a body cut short does"
    else:
        reason = "it cannot be parsed"
    return f"Malformed multipart body: {reason}."


def too_many_fields_detail() -> str:
    """Django refuses more query parameters or form fields than DATA_UPLOAD_MAX_NUMBER_FIELDS."""
    return (
        "Too many query parameters or form fields: "
        f"at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} are accepted."
    )


def _path_errors(errors: Iterable[Mapping]) -> bool:
    return any(tuple(error.get("loc", ()))[:1] == ("path",) for error in errors)


def _response(api: NinjaAPI, request: HttpRequest, body: dict, status: int) -> HttpResponse:
    return api.create_response(request, body, status=status)


def install_handlers(api: NinjaAPI) -> None:
    """Register the contract's error shapes on `api`."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        if isinstance(exc, FieldErrors):
            return _response(api, request, exc.errors, exc.status)
        response = _response(api, request, {"detail": exc.detail}, exc.status)
        if isinstance(exc, Throttled):
            response["Retry-After"] = str(exc.wait)
        return response

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        # A path parameter out of its bounds (an id past 64 bits, `PathId`) names no resource.
        if _path_errors(exc.errors):
            return _response(api, request, {"detail": NOT_FOUND}, 404)
        errors = field_errors_from_pydantic(exc.errors, BODY_PARAM_NAMES)
        return _response(api, request, errors.errors, 400)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request, exc):
        return _response(api, request, {"detail": NOT_PROVIDED}, 401)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # Ninja wraps a body parser's error in "Cannot parse request body"; a cause of ours
        # (JSON too deep, NaN) says what is wrong.
        if isinstance(exc.__cause__, ApiError):
            return api_error(request, exc.__cause__)
        response = _response(api, request, {"detail": str(exc)}, exc.status_code)
        wait = getattr(exc, "wait", None)
        if exc.status_code == 429 and wait:
            response["Retry-After"] = str(int(wait))
        return response

    @api.exception_handler(RequestDataTooBig)
    def body_too_large(request, exc):
        return _response(api, request, {"detail": "The request body is too large."}, 413)

    @api.exception_handler(MultiPartParserError)
    def malformed_multipart(request, exc: MultiPartParserError):
        # Raised wherever the body is first read: Ninja's File/Form params, request.POST/FILES in
        # a view, or payload.request_data.
        return _response(api, request, {"detail": multipart_error_detail(exc)}, 400)

    @api.exception_handler(TooManyFieldsSent)
    def too_many_fields(request, exc):
        return _response(api, request, {"detail": too_many_fields_detail()}, 400)

    @api.exception_handler(TooManyFilesSent)
    def too_many_files(request, exc):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return _response(api, request, {"detail": f"Too many files: at most {limit}."}, 400)

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        return _response(api, request, {"detail": "Bad request."}, 400)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _response(api, request, {"detail": NOT_FOUND}, 404)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return _response(api, request, {"detail": Forbidden.default_detail}, 403)

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request, exc: DjangoValidationError):
        return _response(api, request, FieldErrors.from_django(exc).errors, 400)

    # Services down (docs/api-conventions.md, "Errors"): 503, the cause in the log. Any
    # write the request made was in a transaction the error rolled back.
    def unavailable(detail: str):
        def handler(request, exc):
            logger.error(
                "%s on %s %s: %s", type(exc).__name__, request.method, request.path, exc,
                exc_info=exc,
            )  # fmt: skip
            return _response(api, request, {"detail": detail}, 503)

        return handler

    # botocore: the endpoint refused or timed out (BotoCoreError), or answered an error other than
    # a missing object (ClientError; file_response turns NoSuchKey into 404 itself). OSError: the
    # local storage failed (disk full, permissions). ConnectionError is an OSError too.
    api.add_exception_handler(BotoCoreError, unavailable(STORAGE_UNAVAILABLE))
    api.add_exception_handler(ClientError, unavailable(STORAGE_UNAVAILABLE))
    api.add_exception_handler(OSError, unavailable(STORAGE_UNAVAILABLE))
    # The database connection was lost or refused (pg_terminate_backend, a restart, a failover):
    # the transaction rolled back; the next request gets a new connection.
    api.add_exception_handler(DatabaseOperationalError, unavailable(DATABASE_UNAVAILABLE))
    api.add_exception_handler(DatabaseInterfaceError, unavailable(DATABASE_UNAVAILABLE))
    # Redis down where a request needs it (AI_CALLS=queue enqueues and waits on it).
    api.add_exception_handler(RedisError, unavailable(QUEUE_UNAVAILABLE))

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return _response(api, request, {"detail": SERVER_ERROR}, 500)
