"""Every answer under /api/ is JSON in the contract's shapes (API contract sections 1 and 2)."""

import pytest

from apps.accounts import services

JSON = "application/json"
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _assert_json(response):
    assert response["Content-Type"].split(";")[0] == JSON


def test_unknown_api_path_is_json_404(api):
    response = api.get("/api/nope/")

    assert response.status_code == 404
    _assert_json(response)
    assert response.json() == {"detail": "Not found."}


def test_unknown_api_path_without_trailing_slash_is_json_404(api):
    response = api.get("/api/nope")

    assert response.status_code == 404
    _assert_json(response)
    assert response.json() == {"detail": "Not found."}


def test_wrong_method_is_json_405_with_allow_header(api):
    response = api.delete("/api/health/")

    assert response.status_code == 405
    _assert_json(response)
    assert response.json() == {"detail": 'Method "DELETE" not allowed.'}
    assert response["Allow"] == "GET"


def test_health_without_trailing_slash_answers_as_with_it(api):
    with_slash = api.get("/api/health/")

    without_slash = api.get("/api/health")

    assert without_slash.status_code == with_slash.status_code == 200
    _assert_json(without_slash)
    assert without_slash.json() == with_slash.json()


def test_me_without_trailing_slash_answers_as_with_it(user_api, user):
    with_slash = user_api.get("/api/auth/users/me/")

    without_slash = user_api.get("/api/auth/users/me")

    assert without_slash.status_code == with_slash.status_code == 200
    assert without_slash.json() == with_slash.json()
    assert without_slash.json()["email"] == user.email


def test_post_without_trailing_slash_reaches_the_view(api):
    response = api.post("/api/auth/signup", {})

    assert response.status_code == 400
    _assert_json(response)
    assert response.json() == {
        "email": ["This field is required."],
        "password": ["This field is required."],
    }


def test_malformed_json_body_is_json_400(api):
    response = api.post("/api/auth/signup/", raw="{not json")

    assert response.status_code == 400
    _assert_json(response)
    assert response.json() == {"detail": "Cannot parse request body: it is not valid JSON."}


def test_missing_fields_are_400_in_drf_style(api):
    response = api.post("/api/auth/signup/", {})

    assert response.status_code == 400
    assert response.json() == {
        "email": ["This field is required."],
        "password": ["This field is required."],
    }


def test_nested_field_error_is_400_with_dotted_name(user_api):
    response = user_api.patch("/api/auth/users/me/", {"profile": {"phone": "1" * 40}})

    assert response.status_code == 400
    _assert_json(response)
    assert response.json() == {"profile.phone": ["Ensure this field has at most 32 characters."]}


def test_wrong_type_is_400_not_422(user_api):
    response = user_api.patch("/api/auth/users/me/", {"profile": {"newsletter": "maybe"}})

    assert response.status_code == 400
    assert response.json() == {"profile.newsletter": ["Must be true or false."]}


def test_missing_credentials_is_json_401(api):
    response = api.get("/api/auth/users/me/")

    assert response.status_code == 401
    _assert_json(response)
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_unexpected_exception_is_json_500_without_traceback(user_api, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr(services, "current_user", explode)

    response = user_api.get("/api/auth/users/me/")

    assert response.status_code == 500
    _assert_json(response)
    assert response.json() == {"detail": "Internal server error."}
    assert b"Traceback" not in response.content
    assert b"secret-internal-detail" not in response.content


@pytest.mark.parametrize("path", ["/api/openapi.json", "/api/docs"])
def test_schema_and_docs_are_served(api, path):
    response = api.get(path)

    assert response.status_code == 200


def test_openapi_schema_lists_both_auth_prefixes(api):
    response = api.get("/api/openapi.json")

    assert response.status_code == 200
    _assert_json(response)
    paths = response.json()["paths"]
    assert "/api/auth/users/me/" in paths
    assert "/api/users/users/me/" in paths
    assert "/api/health/" in paths


def test_openapi_operation_ids_are_unique(api):
    schema = api.get("/api/openapi.json").json()

    operations = [
        operation
        for path_item in schema["paths"].values()
        for method, operation in path_item.items()
        if method in HTTP_METHODS
    ]
    operation_ids = [operation.get("operationId") for operation in operations]

    assert len(operations) > 2
    assert None not in operation_ids
    assert len(operation_ids) == len(set(operation_ids))
