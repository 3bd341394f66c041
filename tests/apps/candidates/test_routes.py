"""The candidates router's names: every URL name is registered once, and every operation has its
own OpenAPI id, summary and description (record kinds included, though their routes are made in
a loop)."""

from collections import Counter

import pytest

from platform_core.api import api

PREFIX = "/api/candidates/"
RECORD_PATHS = [
    "education",
    "skills",
    "languages",
    "work-experience",
    "projects",
    "achievements",
    "certifications",
]


def candidate_url_names() -> list[str]:
    patterns = api.urls[0]
    return [pattern.name for pattern in patterns if str(pattern.pattern).startswith("candidates/")]


def candidate_operations() -> dict[tuple[str, str], dict]:
    """{(method, path): {operationId, summary, description}} of the candidates router as mounted,
    read from the operations OpenAPI is generated from (the schema of the candidates router
    alone, whatever other routers hold)."""
    operations = {}
    for bound in api._get_bound_routers():
        if bound.prefix.strip("/") != "candidates":
            continue
        for path, path_view in bound.path_operations.items():
            url = PREFIX + path.replace("{int:", "{")
            for operation in path_view.operations:
                for method in operation.methods:
                    operations[method.lower(), url] = {
                        "operationId": operation.operation_id,
                        "summary": operation.summary,
                        "description": operation.description,
                    }
    return operations


def duplicates(values) -> list:
    return sorted(value for value, count in Counter(values).items() if count > 1)


def test_every_candidates_url_name_is_registered_once():
    names = candidate_url_names()

    assert duplicates(names) == []
    assert all(names)


def test_every_candidates_operation_has_a_unique_id_summary_and_description():
    operations = list(candidate_operations().values())
    described = [op["description"] for op in operations if op.get("description")]

    assert duplicates(op["operationId"] for op in operations) == []
    assert duplicates(op["summary"] for op in operations) == []
    assert duplicates(described) == []


@pytest.mark.parametrize("path", RECORD_PATHS)
def test_record_operations_are_named_after_their_kind(path):
    operations = candidate_operations()
    collection, item = f"{PREFIX}{path}/", f"{PREFIX}{path}/{{record_id}}/"
    relation = path.replace("-", "_")

    ids = {key: operations[key]["operationId"] for key in operations if path in key[1]}

    assert ids == {
        ("get", collection): f"candidates_list_{relation}",
        ("post", collection): f"candidates_create_{relation}",
        ("get", item): f"candidates_get_{relation}",
        ("put", item): f"candidates_replace_{relation}",
        ("patch", item): f"candidates_patch_{relation}",
        ("delete", item): f"candidates_delete_{relation}",
    }
    assert all(operations[key].get("description") for key in ids)


def test_record_summaries_name_their_kind():
    operations = candidate_operations()

    assert {
        "list work experience": operations["get", f"{PREFIX}work-experience/"]["summary"],
        "create project": operations["post", f"{PREFIX}projects/"]["summary"],
        "update skill": operations["patch", f"{PREFIX}skills/{{record_id}}/"]["summary"],
        "delete certification": operations["delete", f"{PREFIX}certifications/{{record_id}}/"][
            "summary"
        ],
    } == {
        "list work experience": "List work experience",
        "create project": "Create a project",
        "update skill": "Update a skill",
        "delete certification": "Delete a certification",
    }
