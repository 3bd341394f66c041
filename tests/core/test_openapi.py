"""The OpenAPI document at /api/openapi.json: valid OpenAPI 3.1, every `$ref` resolves, and every
operation documents what it can answer by the rules of docs/api-conventions.md ("OpenAPI")."""

import re
from collections import Counter

import pytest
from jsonschema import Draft202012Validator
from ninja import Query, Router, Schema
from openapi_spec_validator import OpenAPIV31SpecValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from apps.accounts.schemas import LoginIn, SignupIn, UserPatch, UserPut
from apps.jobs.schemas import JobIn
from apps.organizations.schemas import OrganizationIn
from platform_core.auth import ApiAuth
from platform_core.openapi import DocumentedAPI
from platform_core.pagination import PageParams
from platform_core.payload import payload_openapi

ERROR_STATUSES = {"400", "401", "403", "404", "409", "413", "415", "429", "502", "503", "504"}
RESPONSE_NAMES = {
    "400": "BadRequest",
    "401": "Unauthorized",
    "403": "Forbidden",
    "404": "NotFound",
    "409": "Conflict",
    "413": "PayloadTooLarge",
    "415": "UnsupportedMediaType",
    "429": "TooManyRequests",
    "502": "BadGateway",
    "503": "ServiceUnavailable",
    "504": "GatewayTimeout",
}
# Health answers 503 with its own body (HealthOut), not the shared error.
OWN_503 = {"health"}
# The operations that call a plugin within the request (platform_core/calls.py): they alone
# document 502 and 504.
UPSTREAM = {
    "candidates_career_coach",
    "candidates_resume_prompt",
    "candidates_generate_about",
    "organization_candidate_insight",
    "organization_candidate_insight_by_post",
    "organization_candidate_insight_of",
}
UNSAFE = {"post", "put", "patch", "delete"}
# Views that count requests against a rate limit (platform_core.throttling), under both prefixes.
THROTTLED_VIEWS = {
    "signup",
    "obtain_token",
    "session_login_view",
    "verify_email",
    "resend_verification",
    "change_password",
    "password_reset",
    "password_reset_validate",
    "password_reset_confirm",
    "export_me",
    "export_user",
}
THROTTLED = {f"{prefix}_{view}" for prefix in ("auth", "users") for view in THROTTLED_VIEWS}
# AI endpoints count against the `ai` scope (throttle_ai).
THROTTLED |= {"channels_rank_candidates", "channels_talent_agent"}
# and so does every operation that calls a plugin within the request.
THROTTLED |= UPSTREAM

IMAGES = ["image/jpeg", "image/png", "image/webp"]
DOCUMENTS = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
]
VIDEOS = ["video/mp4", "video/quicktime", "video/webm"]
DOWNLOADS = {
    "auth_user_avatar": IMAGES,
    "users_user_avatar": IMAGES,
    "organization_organization_avatar": IMAGES,
    "candidates_candidate_avatar": IMAGES,
    "candidates_download_resume": DOCUMENTS,
    "candidates_download_video_pitch": VIDEOS,
}
# The GDPR export (apps/accounts/export.py): a zip; its 503 (storage down) is in its description.
ARCHIVES = {
    f"{prefix}_{view}": ["application/zip"]
    for prefix in ("auth", "users")
    for view in ("export_me", "export_user")
}
DOWNLOAD_ROUTE = re.compile(r"/(avatar|avatars/\{[^}]+\}|resume|video-pitch|attachment)/$")

# The main schemas, which carry examples (each must be valid against its own schema).
EXAMPLED = [
    "UserOut",
    "SignupIn",
    "LoginIn",
    "LoginOut",
    "OrganizationOut",
    "OrganizationIn",
    "JobOut",
    "JobIn",
    "Error",
    "FieldErrors",
]


@pytest.fixture
def document(api):
    response = api.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def _refs(node, where=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield where, value
            else:
                yield from _refs(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, f"{where}/{index}")


def _resolve(document, ref):
    """Follow a local JSON pointer (`#/a/b~1c`); KeyError/IndexError if it leads nowhere."""
    assert ref.startswith("#/"), f"not a reference into this document: {ref}"
    node = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _validator(document, name):
    """A JSON Schema 2020-12 validator for component `name`, resolving refs in the document."""
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:openapi", resource)
    return Draft202012Validator(
        {"$ref": f"urn:openapi#/components/schemas/{name}"}, registry=registry
    )


def _has_file_field(body):
    return any(
        prop.get("format") == "binary"
        for media in body["content"].values()
        for prop in media["schema"].get("properties", {}).values()
    )


def _expected_errors(operation, method):
    """The rule of docs/api-conventions.md, read from the operation's own declarations."""
    params = operation.get("parameters", [])
    body = operation.get("requestBody")
    security = [name for entry in operation.get("security", []) for name in entry]
    expected = set()
    if body or any(param["in"] == "query" for param in params):
        expected.add("400")
    if body:
        expected.add("413")
        if _has_file_field(body):
            expected.update(("415", "503"))  # 503: file storage down
    if operation["operationId"] in DOWNLOADS or operation["operationId"] in OWN_503:
        expected.add("503")
    if security:
        expected.add("401")
        if method in UNSAFE or security != ["OptionalAuth"]:
            expected.add("403")
    if any(param["in"] == "path" for param in params):
        expected.add("404")
    if operation["operationId"] in THROTTLED:
        expected.add("429")
    named = set(re.findall(r"(?<!\d)[45]\d\d(?!\d)", operation.get("description", "")))
    return expected | (named & ERROR_STATUSES)


# --- the document as a whole --------------------------------------------------------------------


def test_openapi_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    errors = [error.message for error in OpenAPIV31SpecValidator(document).iter_errors()]

    assert errors == []


def test_openapi_every_ref_resolves(document):
    refs = list(_refs(document))
    unresolved = []
    for where, ref in refs:
        try:
            _resolve(document, ref)
        except (KeyError, IndexError, ValueError, AssertionError):
            unresolved.append(f"{where}: {ref}")

    assert len(refs) > 500  # the walk did see the document
    assert unresolved == []


def test_openapi_schemas_embed_no_local_definitions(document):
    # A `$defs` inside an operation is what `#/$defs/...` pointers (resolving nowhere) came from.
    embedded = [where for where, _ in _walk_keys(document, "$defs")]

    assert embedded == []


def _walk_keys(node, wanted, where=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == wanted:
                yield where, value
            yield from _walk_keys(value, wanted, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk_keys(value, wanted, f"{where}/{index}")


def test_openapi_operation_ids_and_summaries_are_unique(document):
    operations = [operation for _, _, operation in _operations(document)]
    ids = Counter(operation["operationId"] for operation in operations)
    summaries = Counter(operation["summary"] for operation in operations)

    assert [name for name, count in ids.items() if count > 1] == []
    assert [summary for summary, count in summaries.items() if count > 1] == []


def test_docs_page_renders(api):
    response = api.get("/api/docs")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "/api/openapi.json" in page


# --- request bodies -----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["auth", "users"])
@pytest.mark.parametrize(
    ("path", "method", "model"),
    [
        ("users/me/", "patch", UserPatch),
        ("profile/", "patch", UserPatch),
        ("users/{user_id}/", "patch", UserPatch),
        ("users/{user_id}/", "put", UserPut),
    ],
)
def test_openapi_payload_bodies_reference_components(document, prefix, path, method, model):
    body = document["paths"][f"/api/{prefix}/{path}"][method]["requestBody"]["content"]
    component = document["components"]["schemas"][model.__name__]
    form = body["multipart/form-data"]["schema"]

    assert body["application/json"]["schema"] == {"$ref": f"#/components/schemas/{model.__name__}"}
    assert form["properties"]["avatar"] == {"type": "string", "format": "binary"}
    assert form["properties"]["profile"] == component["properties"]["profile"]
    # The nested profile is a component too, not an inlined definition.
    profile_refs = {ref for _, ref in _refs(component["properties"]["profile"])}
    assert profile_refs == {"#/components/schemas/ProfilePatch"}


def test_openapi_payload_body_names_the_model_as_ninja_does(document):
    # EducationIn is ninja's own body on POST and a payload_openapi body on PATCH: one component.
    paths = document["paths"]
    created = paths["/api/candidates/education/"]["post"]["requestBody"]["content"]
    patched = paths["/api/candidates/education/{record_id}/"]["patch"]["requestBody"]["content"]

    assert created["application/json"]["schema"] == {"$ref": "#/components/schemas/EducationIn"}
    assert patched["application/json"]["schema"] == created["application/json"]["schema"]


@pytest.mark.parametrize("prefix", ["auth", "users"])
def test_openapi_refresh_body_is_optional(document, prefix, api):
    body = document["paths"][f"/api/{prefix}/token/refresh/"]["post"]["requestBody"]

    assert body["required"] is False
    # And it really is: without a body (or cookie) the answer is about the missing token.
    response = api.post(f"/api/{prefix}/token/refresh/")
    assert response.status_code == 401


# --- responses ----------------------------------------------------------------------------------


def test_openapi_operations_document_their_errors_by_the_rule(document):
    mismatches = {}
    for path, method, operation in _operations(document):
        declared = set(operation["responses"]) & ERROR_STATUSES
        expected = _expected_errors(operation, method)
        if declared != expected:
            mismatches[f"{method.upper()} {path}"] = {
                "missing": sorted(expected - declared),
                "extra": sorted(declared - expected),
            }

    assert mismatches == {}


def test_openapi_conflicts_are_documented(document):
    # The operations whose services answer 409 (apps/*/services.py raising Conflict).
    conflicts = {
        "organization_create_organization",
        "organization_create_invite",
        "organization_revoke_invite",
        "organization_accept_invite",
        "organization_change_member_role",
        "organization_remove_member",
        "candidates_create_profile",
        "channels_apply",
        "auth_delete_user",
        "users_delete_user",
    }
    documented = {
        operation["operationId"]
        for _, _, operation in _operations(document)
        if "409" in operation["responses"]
    }

    assert conflicts - documented == set()


def test_openapi_error_responses_share_one_schema(document):
    references = {
        (status, response["$ref"])
        for _, _, operation in _operations(document)
        for status, response in operation["responses"].items()
        if status in ERROR_STATUSES
        and not (status == "503" and operation["operationId"] in OWN_503)
    }
    responses = document["components"]["responses"]
    schemas = {
        name: response["content"]["application/json"]["schema"]
        for name, response in responses.items()
    }

    assert references == {
        (status, f"#/components/responses/{name}") for status, name in RESPONSE_NAMES.items()
    }
    assert schemas.pop("BadRequest") == {
        "anyOf": [
            {"$ref": "#/components/schemas/FieldErrors"},
            {"$ref": "#/components/schemas/Error"},
        ]
    }
    assert schemas == {
        name: {"$ref": "#/components/schemas/Error"}
        for status, name in RESPONSE_NAMES.items()
        if status != "400"
    }
    assert responses["TooManyRequests"]["headers"] == {
        "Retry-After": {"$ref": "#/components/headers/Retry-After"}
    }


def test_openapi_error_schemas_describe_real_answers(document, api):
    field_errors = api.post("/api/auth/signup/", {})
    not_authenticated = api.get("/api/auth/users/me/")
    not_found = api.get("/api/channels/jobs/999999/")

    assert field_errors.status_code == 400
    assert not_authenticated.status_code == 401
    assert not_found.status_code == 404
    assert list(_validator(document, "FieldErrors").iter_errors(field_errors.json())) == []
    assert list(_validator(document, "Error").iter_errors(not_authenticated.json())) == []
    assert list(_validator(document, "Error").iter_errors(not_found.json())) == []
    # The two shapes do not blur: a detail is not field errors.
    assert list(_validator(document, "FieldErrors").iter_errors(not_found.json())) != []


def test_openapi_lists_declare_pagination_headers(document):
    lists = []
    for path, method, operation in _operations(document):
        ok = operation["responses"].get("200", {})
        schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("type") != "array":
            continue
        lists.append(operation["operationId"])
        query = {param["name"] for param in operation["parameters"] if param["in"] == "query"}
        assert {"page", "page_size"} <= query, f"{method.upper()} {path} is not paginated"
        assert ok["headers"] == {
            "X-Total-Count": {"$ref": "#/components/headers/X-Total-Count"},
            "X-Total-Count-Estimated": {"$ref": "#/components/headers/X-Total-Count-Estimated"},
            "Link": {"$ref": "#/components/headers/Link"},
        }

    assert "auth_list_users" in lists
    assert "channels_list_jobs" in lists


def test_openapi_downloads_declare_their_content_types(document):
    declared = {}
    for path, method, operation in _operations(document):
        content = operation["responses"].get("200", {}).get("content", {})
        if any(schema.get("schema", {}).get("format") == "binary" for schema in content.values()):
            declared[operation["operationId"]] = sorted(content)
            assert all(
                media["schema"] == {"type": "string", "format": "binary"}
                for media in content.values()
            )
        elif method == "get" and DOWNLOAD_ROUTE.search(path):
            declared[operation["operationId"]] = []  # a download route without its types

    assert declared == {**DOWNLOADS, **ARCHIVES}


def test_openapi_main_schemas_have_valid_examples(document):
    schemas = document["components"]["schemas"]
    problems = {}
    for name in EXAMPLED:
        examples = schemas[name].get("examples", [])
        errors = [
            error.message
            for example in examples
            for error in _validator(document, name).iter_errors(example)
        ]
        if not examples or errors:
            problems[name] = errors or ["no examples"]

    assert problems == {}


@pytest.mark.parametrize("model", [SignupIn, LoginIn, OrganizationIn, JobIn])
def test_openapi_request_examples_are_accepted_by_their_schema(model):
    (example,) = model.model_json_schema()["examples"]

    assert model.model_validate(example).model_dump(exclude_unset=True) == example


# --- what a new router gets for free ------------------------------------------------------------


class _ThingMetaIn(Schema):
    colour: str


class _ThingIn(Schema):
    name: str
    meta: _ThingMetaIn | None = None


class _ThingOut(Schema):
    id: int
    name: str


def _plugin_document():
    router = Router(tags=["plugin"])

    @router.get("things/", response=list[_ThingOut])
    def list_things(request, page: Query[PageParams]):
        return []

    @router.patch(
        "things/{int:thing_id}/",
        response=_ThingOut,
        openapi_extra=payload_openapi(_ThingIn, ("photo",)),
    )
    def patch_thing(request, thing_id: int):
        """Change a thing. A duplicate name → 409."""

    @router.get("things/{int:thing_id}/attachment/")
    def thing_attachment(request, thing_id: int):
        """The thing's image."""

    api = DocumentedAPI(auth=ApiAuth(), urls_namespace="plugin-test")
    api.add_router("plugin/", router)
    return api.get_openapi_schema(path_prefix="")


def test_openapi_new_router_is_documented_by_the_same_rules():
    document = _plugin_document()
    things = document["paths"]["/plugin/things/"]["get"]
    patch = document["paths"]["/plugin/things/{thing_id}/"]["patch"]
    download = document["paths"]["/plugin/things/{thing_id}/attachment/"]["get"]
    meta_refs = {ref for _, ref in _refs(document["components"]["schemas"]["_ThingIn"])}

    assert sorted(things["responses"]) == ["200", "400", "401", "403"]
    assert set(things["responses"]["200"]["headers"]) == {
        "X-Total-Count",
        "X-Total-Count-Estimated",
        "Link",
    }
    assert sorted(patch["responses"]) == [
        "200", "400", "401", "403", "404", "409", "413", "415", "503"
    ]  # fmt: skip
    assert patch["requestBody"]["required"] is True
    assert meta_refs == {"#/components/schemas/_ThingMetaIn"}
    assert sorted(download["responses"]["200"]["content"]) == IMAGES
    assert [ref for _, ref in _refs(document) if not ref.startswith("#/components/")] == []


def test_openapi_refuses_two_models_under_one_name():
    class _Twin(Schema):
        a: int

    first = _Twin

    class _Twin(Schema):  # noqa: F811 - a second model of the same name, on purpose
        b: str

    router = Router()

    @router.post("one/", openapi_extra=payload_openapi(first))
    def one(request):
        """One."""

    @router.post("two/", openapi_extra=payload_openapi(_Twin))
    def two(request):
        """Two."""

    api = DocumentedAPI(urls_namespace="twin-test")
    api.add_router("", router)

    with pytest.raises(ValueError, match="'_Twin' is defined twice"):
        api.get_openapi_schema(path_prefix="")


def test_openapi_only_operations_calling_a_plugin_document_502_and_504(document):
    documented = {
        operation["operationId"]: {"502", "504"} & operation["responses"].keys()
        for _, _, operation in _operations(document)
    }

    assert {name for name, statuses in documented.items() if statuses} == UPSTREAM
    assert all(documented[name] == {"502", "504"} for name in UPSTREAM)
