"""The bad-input corpus (issue 18, part 4): every operation of the OpenAPI document that takes a
JSON body gets every kind of hostile JSON `tests/corpus.py` makes from its schema, and every one
that takes multipart gets malformed multipart and bad files.

Each case runs as a caller the access matrix (tests/apps/access_matrix/) lets do the operation,
on the objects it owns there, with the body of the matrix's successful request as the base the
bad value rides on, so the input gets past authentication into parsing and validation. The
answer must be a 4xx the operation documents, as JSON in the contract's error shape, and nothing
may be stored: the number of rows of every model and the files under MEDIA_ROOT stay the same.

test_fuzz_regressions.py and test_hostile_input.py replay single findings with their exact
answers; this corpus is generated, so an operation added later is covered by itself.

The matrix's world is built once for the module, inside a transaction every case runs in a
savepoint of (and which is rolled back at the end): the cases store nothing, and a fresh world for
each of about 1,400 cases would cost more than the cases.
"""

import json
import os
import re

import pytest
from django.apps import apps as django_apps
from django.db import connection, transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from apps.jobs.models import Application, InviteStatus
from platform_core.api import api as ninja_api
from tests.apps.access_matrix.rows import Row
from tests.apps.access_matrix.test_invites import _invite
from tests.apps.access_matrix.test_route_coverage import matrix_rows
from tests.apps.access_matrix.world import CALLERS, OWNER, World, build_world
from tests.corpus import (
    BOUNDARY,
    JSON,
    MULTIPART,
    Body,
    file_fields,
    json_mutations,
    multipart_body,
    multipart_mutations,
)
from tests.helpers import MP4, PDF, ApiClient, png_bytes

DOCUMENT = ninja_api.get_openapi_schema()
METHODS = ("post", "put", "patch", "delete")
# Bytes each file field accepts, so a file's name or type is all that is wrong with it.
GOOD_FILES = {
    "avatar": (png_bytes(), "image/png"),
    "attachment": (png_bytes(), "image/png"),
    "resume_file": (PDF, "application/pdf"),
    "video_pitch": (MP4, "video/mp4"),
}


def body_operations(media_type: str) -> list[tuple[str, str, dict]]:
    """(METHOD, path, operation) of every operation whose body may come as `media_type`."""
    return [
        (method.upper(), path, operation)
        for path, item in DOCUMENT["paths"].items()
        for method, operation in item.items()
        if method in METHODS and media_type in operation.get("requestBody", {}).get("content", {})
    ]


def json_bodies(operation: dict, base: dict) -> dict[str, Body]:
    return json_mutations(DOCUMENT, operation, base)


def multipart_bodies(operation: dict, base: dict) -> dict[str, Body]:
    files = {
        field: GOOD_FILES.get(field, GOOD_FILES["resume_file"])
        for field in file_fields(DOCUMENT, operation)
    }
    return multipart_mutations(DOCUMENT, operation, base, files)


MUTATIONS = {JSON: json_bodies, MULTIPART: multipart_bodies}


def _cases(media_type: str) -> list:
    return [
        pytest.param(method, path, kind, id=f"{method} {path} {kind}")
        for method, path, operation in body_operations(media_type)
        for kind in MUTATIONS[media_type](operation, {})
    ]


JSON_CASES = _cases(JSON)
MULTIPART_CASES = _cases(MULTIPART)


# --- who may call each operation, on what, with which body: the access matrix -------------------


def _documented_path(row: Row) -> str:
    return re.sub(r"\{\w+:(\w+)\}", r"{\1}", row.mounted_route)


def allowed_caller(row: Row) -> str | None:
    """The first caller, in the matrix's order, whom the row answers 2xx."""
    return next((caller for caller in CALLERS if 200 <= row.statuses[caller] < 300), None)


MATRIX: dict[tuple[str, str], Row] = {}
for _row in matrix_rows():
    _key = (_row.method.upper(), _documented_path(_row))
    if _key not in MATRIX or (allowed_caller(MATRIX[_key]) is None and allowed_caller(_row)):
        MATRIX[_key] = _row


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The access matrix's world (and its job invites, test_invites.py), once for the module."""
    media = tmp_path_factory.mktemp("corpus-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), THROTTLE_ENABLED=False),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            shared = build_world()
            shared.scratch["c_invite"] = _invite(shared.job, shared.c)
            Application.objects.create(job=shared.job, candidate=shared.d)
            shared.scratch["d_invite"] = _invite(
                shared.job, shared.d, status=InviteStatus.ACCEPTED, responded_at=timezone.now()
            )
            invites = dict(shared.scratch)
            shared.scratch["invites"] = invites
            yield shared
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def case_world(world, db) -> World:
    """The module's world, in a savepoint of this case (the `db` fixture's transaction)."""
    invites = world.scratch["invites"]
    world.scratch = {**invites, "invites": invites}  # what a row's body kept is forgotten
    return world


# --- what is stored -----------------------------------------------------------------------------


def _count_query() -> tuple[list[str], str]:
    """One query counting the rows of every table of every model (a case makes two)."""
    tables = sorted(
        {
            model._meta.db_table
            for model in django_apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
    )
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    return tables, f"SELECT {counts}"


def row_counts() -> dict[str, int]:
    """The number of rows of every table the project's models have (many-to-many ones too)."""
    tables, query = _count_query()
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def media_files() -> set[str]:
    from django.conf import settings

    root = settings.MEDIA_ROOT
    return {
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    }


def is_error_shape(body) -> bool:
    """`{"detail": "..."}`, or field errors `{"field": ["message", ...]}` (contract section 2)."""
    if not isinstance(body, dict) or not body:
        return False
    if set(body) == {"detail"}:
        return isinstance(body["detail"], str) and bool(body["detail"])
    return all(
        isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages)
        for messages in body.values()
    )


def send(world: World, method: str, url: str, caller: str, body: Body):
    token = world.tokens[caller]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return getattr(ApiClient().client, method.lower())(
            url, data=body.content, content_type=body.content_type, headers=headers
        )


def assert_refused(world: World, media_type: str, method: str, path: str, kind: str) -> None:
    row = MATRIX.get((method, path))
    assert row is not None, f"the access matrix has no row for {method} {path}"
    caller = allowed_caller(row) or CALLERS[1]
    base = row.body(world, caller) if row.body else {}
    operation = DOCUMENT["paths"][path][method.lower()]
    body = MUTATIONS[media_type](operation, base)[kind]
    url = row.path(world)
    before = (row_counts(), media_files())

    response = send(world, method, url, caller, body)

    where = f"{method} {url} as {caller}, {kind}"
    answer = response.content[:300]
    documented = {int(status) for status in operation["responses"] if status.isdigit()}
    assert 400 <= response.status_code < 500, f"{where}: {response.status_code} {answer!r}"
    assert response.status_code in documented, f"{where}: {response.status_code} undocumented"
    assert response["Content-Type"].startswith("application/json"), f"{where}: {answer!r}"
    assert is_error_shape(json.loads(response.content)), f"{where}: {answer!r}"
    assert (row_counts(), media_files()) == before, f"{where}: something was stored"


@pytest.mark.parametrize(("method", "path", "kind"), JSON_CASES)
def test_bad_json_body_refused_and_nothing_stored(case_world, method, path, kind):
    assert_refused(case_world, JSON, method, path, kind)


@pytest.mark.parametrize(("method", "path", "kind"), MULTIPART_CASES)
def test_bad_multipart_body_refused_and_nothing_stored(case_world, method, path, kind):
    assert_refused(case_world, MULTIPART, method, path, kind)


def test_corpus_covers_every_body_operation_and_the_matrix_allows_each():
    json_operations = {(method, path) for method, path, _ in body_operations(JSON)}
    multipart_operations = {(method, path) for method, path, _ in body_operations(MULTIPART)}

    assert {tuple(case.values[:2]) for case in JSON_CASES} == json_operations
    assert {tuple(case.values[:2]) for case in MULTIPART_CASES} == multipart_operations
    assert (len(json_operations), len(multipart_operations)) >= (80, 30)
    assert sorted(key for key in json_operations | multipart_operations if key not in MATRIX) == []


# --- the answers to what the corpus found, exactly, and what is still accepted ------------------

LONE_SURROGATE = {
    "detail": "Cannot parse request body: a string has a lone surrogate (\\ud800 to \\udfff)."
}
UNSAFE_FILE_NAME = {
    "detail": "Malformed multipart body: a file name is a path or has control characters (send "
    "the file's name alone)."
}
CUT_SHORT = {
    "detail": "Malformed multipart body: it ends before its closing boundary (--boundary--), as a "
    "body cut short does."
}


def _avatar_body(filename: str, *, closed: bool = True) -> Body:
    content, content_type = GOOD_FILES["avatar"]
    files = {"avatar": (filename, content, content_type)}
    return Body(
        multipart_body({"first_name": "Cora"}, files, closed=closed),
        f"{MULTIPART}; boundary={BOUNDARY}",
    )


@pytest.mark.parametrize(
    "raw",
    ['{"note": "n", "context": {"a": ["\\udc00"]}}', '{"note": "\\ud800 alone"}'],
    ids=["in-a-free-form-object", "in-a-field"],
)
def test_lone_surrogate_in_note_bad_request_and_no_note(case_world, raw):
    before = row_counts()

    response = send(case_world, "POST", "/api/candidates/notes/", OWNER, Body(raw.encode(), JSON))

    assert (response.status_code, response.json()) == (400, LONE_SURROGATE)
    assert row_counts() == before


def test_surrogate_pair_escape_is_one_character(case_world):
    raw = '{"note": "smile \\ud83d\\ude00", "context": {"a": "\\\\ud800 is text"}}'

    response = send(case_world, "POST", "/api/candidates/notes/", OWNER, Body(raw.encode(), JSON))

    assert response.status_code == 201, response.content
    assert (response.json()["note"], response.json()["context"]) == (
        "smile \U0001f600",
        {"a": "\\ud800 is text"},
    )


@pytest.mark.parametrize("filename", ["../../x.png", "/etc/passwd", "..\\x.png", "x\x00.png", ".."])
def test_file_name_with_path_or_control_character_bad_request_and_nothing_stored(
    case_world, filename
):
    before = (row_counts(), media_files())

    response = send(case_world, "PATCH", "/api/auth/users/me/", OWNER, _avatar_body(filename))

    assert (response.status_code, response.json()) == (400, UNSAFE_FILE_NAME)
    assert (row_counts(), media_files()) == before


def test_plain_file_name_with_spaces_and_accents_is_accepted(case_world):
    before = media_files()

    response = send(
        case_world, "PATCH", "/api/auth/users/me/", OWNER, _avatar_body("Cora é\u00a0photo.png")
    )

    assert response.status_code == 200, response.content
    stored = media_files() - before
    assert len(stored) == 1 and stored.pop().endswith(".png")


def test_multipart_cut_short_bad_request_and_nothing_stored(case_world):
    before = (row_counts(), media_files())

    response = send(
        case_world, "PATCH", "/api/auth/users/me/", OWNER, _avatar_body("a.png", closed=False)
    )

    assert (response.status_code, response.json()) == (400, CUT_SHORT)
    assert (row_counts(), media_files()) == before


NUL_DETAIL = {"detail": "NUL characters (\\u0000) are not allowed in requests."}


@pytest.mark.parametrize(
    "escaped",
    [r"a\u0000", r"a\\\u0000", r"a\\u0000\u0000"],  # the last two: `\\` is a backslash
)
def test_nul_escape_after_escaped_backslashes_bad_request_and_no_note(case_world, escaped):
    body = Body(('{"note": "' + escaped + '"}').encode(), JSON)
    before = row_counts()

    response = send(case_world, "POST", "/api/candidates/notes/", OWNER, body)

    assert (response.status_code, response.json()) == (400, NUL_DETAIL)
    assert row_counts() == before


@pytest.mark.parametrize("escaped", [r"a\\u0000", r"a\\u0000\\u0000"])
def test_escaped_backslash_then_u0000_is_text(case_world, escaped):
    body = Body(('{"note": "' + escaped + '"}').encode(), JSON)

    response = send(case_world, "POST", "/api/candidates/notes/", OWNER, body)

    assert response.status_code == 201, response.content
    assert response.json()["note"] == escaped.replace("\\\\", "\\")
