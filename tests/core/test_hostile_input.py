"""Input that breaks naive servers: NUL characters, numbers past any column, oversized bodies,
more query parameters or files than Django accepts.

Each answer is a clear 4xx JSON error (never a 500) and nothing is written. These run on SQLite
and on PostgreSQL, where NUL characters and out-of-range integers fail inside the database.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import Feedback, User

HUGE = "9" * 25
NUL_DETAIL = {"detail": "NUL characters (\\u0000) are not allowed in requests."}


@pytest.mark.parametrize(
    "path",
    [
        f"/api/auth/users/{HUGE}/",
        f"/api/channels/jobs/{HUGE}/",
        f"/api/organization/organizations/{HUGE}/",
        f"/api/candidates/education/{HUGE}/",
    ],
)
def test_id_past_bigint_not_found(user_api, path):
    response = user_api.get(path)

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("query", [f"page={HUGE}", f"organization={HUGE}", "page=1000001"])
def test_query_number_past_bound_bad_request(api, query):
    response = api.get(f"/api/channels/jobs/browse/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [query.split("=")[0]]


@pytest.mark.parametrize(
    "path",
    ["/api/channels/jobs/browse/?search=a%00b", "/api/candidates/profiles/a%00b/"],
)
def test_nul_in_url_bad_request(user_api, path):
    response = user_api.get(path)

    assert response.status_code == 400
    assert response.json() == NUL_DETAIL


def test_nul_escape_in_json_body_bad_request_and_no_user(api):
    body = '{"email": "a@example.com", "password": "Correct-Horse-42", "first_name": "a\\u0000b"}'

    response = api.post("/api/auth/signup/", raw=body)

    assert response.status_code == 400
    assert response.json() == NUL_DETAIL
    assert User.objects.count() == 0


def test_escaped_backslash_before_u0000_is_text(api):
    body = '{"email": "b@example.com", "password": "Correct-Horse-42", "first_name": "a\\\\u0000"}'

    response = api.post("/api/auth/signup/", raw=body)

    assert response.status_code == 201
    assert User.objects.get().first_name == "a\\u0000"


def test_nul_in_multipart_field_bad_request(user_api):
    response = user_api.post(
        "/api/auth/add-feedback/",
        {"urgency": "3", "subject": "a\x00b", "message": "hello"},
        multipart=True,
    )

    assert response.status_code == 400
    assert response.json() == {"subject": ["NUL characters are not allowed."]}


def test_json_body_over_upload_limit_too_large(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = '{"email": "c@example.com", "password": "%s"}' % ("x" * 2048)

    response = api.post("/api/auth/signup/", raw=body)

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    assert User.objects.count() == 0


def test_query_with_too_many_parameters_bad_request(api, settings):
    query = "&".join(f"p{index}=1" for index in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = api.get(f"/api/channels/jobs/browse/?{query}")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Too many query parameters or form fields: at most 1000 are accepted."
    }


def test_multipart_with_too_many_files_bad_request_and_no_feedback(user_api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    files = {f"file{index}": SimpleUploadedFile(f"{index}.txt", b"x") for index in range(4)}

    response = user_api.post(
        "/api/auth/add-feedback/",
        {"urgency": "3", "subject": "s", "message": "m", **files},
        multipart=True,
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "Too many files: at most 3."}
    assert Feedback.objects.count() == 0
