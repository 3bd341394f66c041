"""Replays of the inputs that answered 500 when the OpenAPI schema was fuzzed (issue 11, items 10,
11, 12 and 14): malformed multipart, deeply nested JSON, NaN and Infinity, ids past 64 bits.

Each request goes over HTTP as the client sends it and gets its exact 4xx JSON answer; no row of
any table changes. The multipart and path-id cases walk every operation of the API's routers, so
an endpoint added later is covered without touching this module. Run on SQLite and PostgreSQL.
"""

import json
import re

import pytest
from django.apps import apps as django_apps
from django.test import TestCase
from ninja.params.models import FileModel, FormModel, PathModel

from apps.candidates.services import RECORD_MODELS
from apps.organizations.models import Role
from platform_core.api import api as ninja_api
from platform_core.payload import MAX_JSON_DEPTH
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.jobs.factories import JobPostFactory
from tests.apps.organizations.factories import MembershipFactory
from tests.factories import UserFactory
from tests.helpers import NOT_FOUND, ApiClient

TOO_DEEP = {
    "detail": f"Cannot parse request body: JSON nested deeper than {MAX_JSON_DEPTH} levels."
}
NOT_FINITE = {"detail": "Cannot parse request body: NaN and Infinity are not valid JSON numbers."}
NO_BOUNDARY = {
    "detail": "Malformed multipart body: the Content-Type header has no valid boundary "
    "(RFC 2046: 1 to 70 characters)."
}
LONG_PART_HEADER = {
    "detail": "Malformed multipart body: the headers of a part exceed 1024 bytes (a long file "
    "name?), or the body does not start with its boundary."
}
UNPARSABLE_MULTIPART = {"detail": "Malformed multipart body: it cannot be parsed."}
BAD_BASE64 = {"detail": "Malformed multipart body: a part's base64 content cannot be decoded."}
MAX_ID = 2**63 - 1


def _api_operations():
    """(METHOD, path template, Ninja operation, its `{int:...}` parameters) of every operation
    the API serves, read from its routers (not from the OpenAPI document, so these tests do not
    depend on the schema generator)."""
    found = []
    for bound in ninja_api._get_bound_routers():
        for route, path_view in bound.path_operations.items():
            path = re.sub(r"/+", "/", f"/api/{bound.prefix}/{route}")
            ints = re.findall(r"\{int:(\w+)\}", path)
            path = re.sub(r"\{(?:\w+:)?(\w+)\}", r"{\1}", path)
            for operation in path_view.operations:
                found += [(method, path, operation, ints) for method in operation.methods]
    return found


def _takes_multipart(operation) -> bool:
    """Declared with `payload_openapi` (JSON or multipart), or with Ninja File/Form params."""
    body = (operation.openapi_extra or {}).get("requestBody", {})
    return "multipart/form-data" in body.get("content", {}) or any(
        issubclass(model, FileModel | FormModel) for model in operation.models
    )


OPERATIONS = _api_operations()
MULTIPART_OPERATIONS = [case for case in OPERATIONS if _takes_multipart(case[2])]
INTEGER_PATH_OPERATIONS = [case for case in OPERATIONS if case[3]]


def _id(case) -> str:
    return f"{case[0]} {case[1]}"


def row_counts() -> dict[str, int]:
    """The number of rows of every table the project makes, by model (an unmanaged model's table
    is the database's own, derived from these, and exists only on PostgreSQL)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in django_apps.get_models()
        if model._meta.managed
    }


def send(client: ApiClient, method, path, body, content_type, *, bearer=True, headers=None):
    """`body` as is, with `content_type`, and the client's Bearer token unless `bearer` is off
    (then its cookies authenticate)."""
    headers = dict(headers or {})
    if bearer:
        headers["Authorization"] = f"Bearer {client.token}"
    kwargs = {} if method == "GET" else {"data": body, "content_type": content_type}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return getattr(client.client, method.lower())(path, headers=headers, **kwargs)


class World:
    """A candidate with a profile and one record of every kind, and an organization's owner."""

    def __init__(self):
        self.candidate = UserFactory()
        self.profile = CandidateProfileFactory(user=self.candidate)
        self.records = {
            relation: model.objects.create(profile=self.profile)
            for relation, model in RECORD_MODELS.items()
        }
        owner = MembershipFactory(role=Role.OWNER)
        self.employer, self.organization = owner.user, owner.organization
        self.job = JobPostFactory(organization=self.organization, user=self.employer)
        self.candidate_api, self.employer_api = ApiClient(), ApiClient()
        self.candidate_api.login(self.candidate.email)
        self.employer_api.login(self.employer.email)

    def client_for(self, path: str) -> ApiClient:
        employers = ("/api/organization/", "/api/channels/jobs/")
        return self.employer_api if path.startswith(employers) else self.candidate_api

    def fill(self, path: str, ids: str | None = None) -> str:
        """`path` with its parameters naming the caller's own objects, or with `ids` for every
        parameter but the profile's slug."""
        path = path.replace("{slug}", self.profile.slug)
        if ids is not None:
            return re.sub(r"\{\w+\}", ids, path)
        kind = path.split("/")[3].replace("-", "_")
        values = {
            "user_id": self.candidate.pk,
            "organization_id": self.organization.pk,
            "job_id": self.job.pk,
            "candidate_id": self.profile.pk,
            "record_id": self.records[kind].pk if kind in self.records else None,
        }
        for name, value in values.items():
            path = path.replace(f"{{{name}}}", str(value))
        assert "{" not in path and "None" not in path, f"no value for a parameter of {path}"
        return path


@pytest.fixture
def world(db):
    return World()


# --- 10. malformed multipart --------------------------------------------------------------------

BOUNDARY = "XyZzY"


def _part_with_long_filename() -> bytes:
    return (
        f"--{BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="avatar"; filename="{"a" * 1000}.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
        "not really a png\r\n"
        f"--{BOUNDARY}--\r\n"
    ).encode()


MALFORMED_MULTIPART = {
    "no boundary": ("multipart/form-data", b"--x\r\n\r\nvalue\r\n--x--\r\n", NO_BOUNDARY),
    "empty boundary": ("multipart/form-data; boundary=", b"--\r\n\r\n--\r\n", NO_BOUNDARY),
    "2000-character boundary": (f"multipart/form-data; boundary={'b' * 2000}", b"x", NO_BOUNDARY),
    "garbage": ("multipart/form-data", bytes(range(256)) * 8, NO_BOUNDARY),
    "garbage with a boundary": (
        f"multipart/form-data; boundary={BOUNDARY}",
        bytes(range(256)) * 8,
        LONG_PART_HEADER,
    ),
    "1000-character file name": (
        f"multipart/form-data; boundary={BOUNDARY}",
        _part_with_long_filename(),
        LONG_PART_HEADER,
    ),
    "truncated base64 part": (
        f"multipart/form-data; boundary={BOUNDARY}",
        (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="avatar"; filename="a.png"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n"
            f"abc\r\n--{BOUNDARY}--\r\n"
        ).encode(),
        BAD_BASE64,
    ),
    "non-ASCII content type": (
        "multipart/form-data; boundary=\u00e9t\u00e9",
        b"x",
        UNPARSABLE_MULTIPART,
    ),
}


@pytest.mark.parametrize("case", MULTIPART_OPERATIONS, ids=_id)
@pytest.mark.parametrize("kind", ["no boundary", "1000-character file name"])
def test_malformed_multipart_on_every_multipart_operation_bad_request(world, case, kind):
    method, path, *_ = case
    content_type, body, expected = MALFORMED_MULTIPART[kind]
    before = row_counts()

    response = send(world.client_for(path), method, world.fill(path), body, content_type)

    assert response.status_code == 400
    assert response.json() == expected
    assert row_counts() == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PATCH", "/api/auth/profile/"),
        ("POST", "/api/candidates/profiles/"),
        ("POST", "/api/auth/add-feedback/"),
        ("POST", "/api/organization/organizations/"),
    ],
)
@pytest.mark.parametrize("kind", list(MALFORMED_MULTIPART))
def test_malformed_multipart_each_kind_bad_request(world, method, path, kind):
    content_type, body, expected = MALFORMED_MULTIPART[kind]
    before = row_counts()

    response = send(world.client_for(path), method, path, body, content_type)

    assert response.status_code == 400
    assert response.json() == expected
    assert row_counts() == before


def test_malformed_multipart_with_cookie_and_csrf_bad_request(world):
    client = world.candidate_api
    csrf = client.cookies["csrftoken"].value
    before = row_counts()

    response = send(
        client, "PATCH", "/api/auth/profile/", b"x", "multipart/form-data",
        bearer=False, headers={"X-CSRFToken": csrf},
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json() == NO_BOUNDARY
    assert row_counts() == before


def test_malformed_multipart_with_cookie_without_csrf_forbidden_first(world):
    before = row_counts()

    response = send(
        world.candidate_api, "PATCH", "/api/auth/profile/", b"x", "multipart/form-data",
        bearer=False,
    )  # fmt: skip

    assert response.status_code == 403
    assert response.json() == {
        "detail": "CSRF token missing: send the csrftoken cookie's value as X-CSRFToken."
    }
    assert row_counts() == before


def test_json_list_in_multipart_field_nested_too_deep_bad_request(world):
    body = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="disability_categories"\r\n\r\n'
        f"{'[' * 100_000}\r\n"
        f"--{BOUNDARY}--\r\n"
    ).encode()

    response = send(
        world.candidate_api, "PATCH", f"/api/candidates/profiles/{world.profile.slug}/", body,
        f"multipart/form-data; boundary={BOUNDARY}",
    )  # fmt: skip

    assert response.status_code == 400
    assert response.json() == {"disability_categories": ["Input should be a valid list"]}


# --- 11. deeply nested JSON ---------------------------------------------------------------------

DEEP_ARRAY = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a": ' * 5_000 + "1" + "}" * 5_000
JSON_OPERATIONS = [
    ("PATCH", "/api/auth/users/me/"),
    ("PATCH", "/api/candidates/profiles/{slug}/"),
    ("POST", "/api/auth/token/refresh/"),
    ("POST", "/api/candidates/notes/"),  # parsed by Ninja, not by request_data
    ("POST", "/api/auth/signup/"),
]


@pytest.mark.parametrize(("method", "path"), JSON_OPERATIONS)
@pytest.mark.parametrize(
    "body",
    [
        DEEP_ARRAY,
        DEEP_OBJECT,
        '{"refresh": ' + DEEP_ARRAY + "}",
        "[" * 100_000,  # never closed
        '{"profile": {"gender": ' + "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1) + "}}",
    ],
    ids=["arrays-100000", "objects-5000", "in-a-field", "unclosed", "one-past-the-limit"],
)
def test_json_nested_too_deep_bad_request(world, method, path, body):
    before = row_counts()

    response = send(world.candidate_api, method, world.fill(path), body, "application/json")

    assert response.status_code == 400
    assert response.json() == TOO_DEEP
    assert row_counts() == before


def _nested(levels: int) -> dict:
    value: dict = {}
    for _ in range(levels - 1):
        value = {"a": value}
    return value


def test_json_nested_to_the_limit_is_accepted(world):
    body = {"profile": world.profile.slug, "note": "deep", "context": _nested(MAX_JSON_DEPTH - 1)}

    response = world.candidate_api.post("/api/candidates/notes/", body)

    assert response.status_code == 201
    assert response.json()["context"] == body["context"]


def test_brackets_inside_strings_do_not_count_as_nesting(world):
    text = '[{\\"' * 500  # brackets, an escaped backslash, a quote: all inside one string
    body = {"profile": world.profile.slug, "note": text, "context": {"a": text}}

    response = world.candidate_api.post("/api/candidates/notes/", body)

    assert response.status_code == 201
    assert (response.json()["note"], response.json()["context"]) == (text, {"a": text})


# --- 12. NaN and Infinity -----------------------------------------------------------------------


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_non_finite_number_in_note_context_bad_request(world, constant):
    body = f'{{"profile": "{world.profile.slug}", "note": "x", "context": {{"a": {constant}}}}}'
    before = row_counts()

    response = send(world.candidate_api, "POST", "/api/candidates/notes/", body, "application/json")

    assert response.status_code == 400
    assert response.json() == NOT_FINITE
    assert row_counts() == before


@pytest.mark.parametrize(("method", "path"), JSON_OPERATIONS[:3])
def test_non_finite_number_in_body_parsed_by_the_view_bad_request(world, method, path):
    before = row_counts()

    response = send(
        world.candidate_api, method, world.fill(path), '{"a": [1, NaN]}', "application/json"
    )

    assert response.status_code == 400
    assert response.json() == NOT_FINITE
    assert row_counts() == before


def test_nan_inside_a_string_is_text(world):
    slug = world.profile.slug
    body = f'{{"profile": "{slug}", "note": "NaN Infinity", "context": {{"a": "NaN"}}}}'

    response = send(world.candidate_api, "POST", "/api/candidates/notes/", body, "application/json")

    assert response.status_code == 201
    assert (response.json()["note"], response.json()["context"]) == ("NaN Infinity", {"a": "NaN"})


# --- 14. ids past 64 bits -----------------------------------------------------------------------


@pytest.mark.parametrize("case", INTEGER_PATH_OPERATIONS, ids=_id)
@pytest.mark.parametrize("huge", [str(MAX_ID + 1), str(2**64)])
def test_path_id_past_64_bits_not_found(world, case, huge):
    method, path, *_ = case
    before = row_counts()

    response = send(
        world.client_for(path), method, world.fill(path, ids=huge), "{}", "application/json"
    )

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert row_counts() == before


@pytest.mark.parametrize("value", ["0", str(MAX_ID)])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/candidates/avatars/{id}/"),
        ("DELETE", "/api/organization/organizations/{organization_id}/members/{id}/"),
    ],
)
def test_path_id_zero_and_largest_not_found(world, method, path, value):
    path = path.replace("{organization_id}", str(world.organization.pk)).replace("{id}", value)
    before = row_counts()

    response = send(world.employer_api, method, path, "{}", "application/json")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert row_counts() == before


def test_path_id_past_64_bits_anonymous_still_unauthenticated(db):
    response = ApiClient().get(f"/api/candidates/avatars/{MAX_ID + 1}/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_every_integer_path_parameter_is_bounded():
    """Every `{int:...}` path parameter is a `PathId`: 1 to 2**63 - 1, 404 outside."""
    bounds = {}
    for method, path, operation, ints in INTEGER_PATH_OPERATIONS:
        (path_model,) = [model for model in operation.models if issubclass(model, PathModel)]
        for name in ints:
            metadata = path_model.model_fields[name].metadata
            limits = {
                key: getattr(m, key) for m in metadata for key in ("ge", "le") if hasattr(m, key)
            }
            bounds[f"{method} {path} {name}"] = limits

    assert len(bounds) >= 30
    assert {key: value for key, value in bounds.items() if value != {"ge": 1, "le": MAX_ID}} == {}


def test_multipart_operations_are_found():
    found = {f"{method} {path}" for method, path, *_ in MULTIPART_OPERATIONS}

    assert found >= {
        "PATCH /api/auth/profile/",
        "POST /api/candidates/profiles/",
        "POST /api/auth/add-feedback/",
        "POST /api/organization/organizations/",
        "PATCH /api/candidates/education/{record_id}/",
    }


def test_json_body_numbers_survive_parsing(world):
    """The strict parser keeps ordinary numbers as they are."""
    context = {"int": 12, "float": 1.5, "exp": 2e10, "neg": -0.25, "big": 10**30}
    body = json.dumps({"profile": world.profile.slug, "note": "n", "context": context})

    response = send(world.candidate_api, "POST", "/api/candidates/notes/", body, "application/json")

    assert response.status_code == 201
    assert response.json()["context"] == context
