"""The web client's record bodies, key for key (contract section 7), round-trip through the
sub-resources (create, list, detail, PATCH, PUT), `verify-profile/` and `full/`'s `verified_profile`.

The client writes and reads the records by these names; every record reads back with exactly its
keys plus `id`, `created_at` and `updated_at`.
"""

import pytest

CANDIDATES = "/api/candidates/"
READ_ONLY = {"id", "created_at", "updated_at"}

# kind: (sub-resource path, key in verified_profile, the client's body, a PATCH, a PUT body)
CLIENT_BODIES = {
    "education": (
        "education",
        "education",
        {
            "course_name": "BSc",
            "major": "Computer Science",
            "institution": "University of Toronto",
            "start_year": 2015,
            "end_year": 2019,
        },
        {"major": "Mathematics"},
        {
            "course_name": "MSc",
            "major": "Human-Computer Interaction",
            "institution": "University of Waterloo",
            "start_year": 2019,
            "end_year": 2021,
        },
    ),
    "skills": (
        "skills",
        "skills",
        {"name": "Python", "level": "Advanced"},
        {"level": "Expert"},
        {"name": "TypeScript", "level": ""},
    ),
    "languages": (
        "languages",
        "languages",
        {"language": "French", "speaking": "advanced", "reading": "native", "writing": "basic"},
        {"writing": "intermediate"},
        {"language": "Spanish", "speaking": "basic", "reading": "basic", "writing": "basic"},
    ),
    "work-experience": (
        "work-experience",
        "work_experience",
        {
            "company": "Acme",
            "role": "Accessibility Engineer",
            "start_date": "2022-07-01",
            "end_date": None,
            "current": True,
            "description": "Leads the design-system audit.",
            "location": "Toronto",
        },
        {"current": False, "end_date": "2024-02-29"},
        {
            "company": "Globex",
            "role": "Developer",
            "start_date": "2019-01-15",
            "end_date": "2022-06-30",
            "current": False,
            "description": "Built accessible forms.",
            "location": "Remote",
        },
    ),
    "projects": (
        "projects",
        "projects",
        {
            "project_name": "Screen reader plugin",
            "description": "Reads tables aloud.",
            "url": "https://example.com/plugin",
            "start_date": "2023-01-01",
            "end_date": None,
            "is_current": True,
        },
        {"is_current": False, "end_date": "2023-12-31"},
        {
            "project_name": "Captioner",
            "description": "Live captions for meetings.",
            "url": "",
            "start_date": "2021-03-01",
            "end_date": "2021-09-30",
            "is_current": False,
        },
    ),
    "achievements": (
        "achievements",
        "achievements",
        {"title": "Hackathon winner", "issue_date": "2023-03-01", "description": "First place."},
        {"description": "First place of 40 teams."},
        {"title": "Speaker, A11yConf", "issue_date": None, "description": ""},
    ),
    "certifications": (
        "certifications",
        "certifications",
        {
            "name": "CPACC",
            "issuing_organization": "IAAP",
            "issue_date": "2022-01-01",
            "expiry_date": "2025-01-01",
            "credential_url": "https://example.com/credential",
        },
        {"expiry_date": None},
        {
            "name": "AWS Solutions Architect",
            "issuing_organization": "Amazon Web Services",
            "issue_date": "2023-05-10",
            "expiry_date": "2026-05-10",
            "credential_url": "",
        },
    ),
}
KINDS = list(CLIENT_BODIES)


def records_url(path: str, record_id: int | None = None) -> str:
    return f"{CANDIDATES}{path}/" if record_id is None else f"{CANDIDATES}{path}/{record_id}/"


def written(record: dict) -> dict:
    """A record's body without its read-only keys: what the client wrote."""
    return {key: value for key, value in record.items() if key not in READ_ONLY}


def without_updated_at(record: dict) -> dict:
    return {key: value for key, value in record.items() if key != "updated_at"}


def full_url(candidate) -> str:
    return f"{CANDIDATES}profiles/{candidate.slug}/full/"


def verify_url(candidate) -> str:
    return f"{CANDIDATES}profiles/{candidate.slug}/verify-profile/"


# --- the sub-resources --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_client_body_create_reads_back_the_same_keys_and_values(candidate_api, kind):
    path, _, body, _, _ = CLIENT_BODIES[kind]

    response = candidate_api.post(records_url(path), body)

    assert response.status_code == 201, response.content
    created = response.json()
    assert set(created) == set(body) | READ_ONLY
    assert written(created) == body


@pytest.mark.parametrize("kind", KINDS)
def test_client_body_list_and_detail_return_the_created_record(candidate_api, kind):
    path, _, body, _, _ = CLIENT_BODIES[kind]
    created = candidate_api.post(records_url(path), body).json()

    listed = candidate_api.get(records_url(path))
    detail = candidate_api.get(records_url(path, created["id"]))

    assert (listed.status_code, detail.status_code) == (200, 200)
    assert listed.json() == [created]
    assert detail.json() == created


@pytest.mark.parametrize("kind", KINDS)
def test_client_body_patch_changes_only_the_sent_keys(candidate_api, kind):
    path, _, body, patch, _ = CLIENT_BODIES[kind]
    created = candidate_api.post(records_url(path), body).json()

    response = candidate_api.patch(records_url(path, created["id"]), patch)

    assert response.status_code == 200, response.content
    expected = without_updated_at({**created, **patch})
    assert without_updated_at(response.json()) == expected
    assert without_updated_at(candidate_api.get(records_url(path, created["id"])).json()) == (
        expected
    )


@pytest.mark.parametrize("kind", KINDS)
def test_client_body_put_replaces_every_key(candidate_api, kind):
    path, _, body, _, replacement = CLIENT_BODIES[kind]
    created = candidate_api.post(records_url(path), body).json()

    response = candidate_api.put(records_url(path, created["id"]), replacement)

    assert response.status_code == 200, response.content
    assert (response.json()["id"], written(response.json())) == (created["id"], replacement)
    assert candidate_api.get(records_url(path)).json() == [response.json()]


# --- verify-profile/ and full/ ------------------------------------------------------------------


def _verified_bodies(position: int) -> dict:
    """Every kind's client body (2: the first, 4: the replacement) under its verified_profile key."""
    return {entry[1]: [entry[position]] for entry in CLIENT_BODIES.values()}


def test_client_bodies_through_verify_profile_read_back_from_full(candidate, candidate_api):
    sent = _verified_bodies(2)

    verified = candidate_api.post(verify_url(candidate), sent)
    full = candidate_api.get(full_url(candidate))

    assert verified.status_code == 200, verified.content
    assert full.status_code == 200, full.content
    records = {key: full.json()["verified_profile"][key] for key in sent}
    assert {key: [written(record) for record in value] for key, value in records.items()} == sent
    assert all(set(value[0]) == set(sent[key][0]) | READ_ONLY for key, value in records.items())
    assert {key: verified.json()["verified_profile"][key] for key in sent} == records


def test_client_bodies_in_sub_resources_match_full(candidate, candidate_api):
    created = {}
    for path, key, body, _, _ in CLIENT_BODIES.values():
        created[key] = [candidate_api.post(records_url(path), body).json()]

    full = candidate_api.get(full_url(candidate)).json()["verified_profile"]

    assert {key: full[key] for key in created} == created


def test_verified_profile_read_from_full_sent_back_to_verify_profile_is_unchanged(
    candidate, candidate_api
):
    candidate_api.post(verify_url(candidate), _verified_bodies(2))
    read = candidate_api.get(full_url(candidate)).json()["verified_profile"]
    keys = [entry[1] for entry in CLIENT_BODIES.values()]
    reviewed = {key: read[key] for key in keys}  # with id, created_at and updated_at as read

    response = candidate_api.post(verify_url(candidate), reviewed)

    assert response.status_code == 200, response.content
    again = candidate_api.get(full_url(candidate)).json()["verified_profile"]
    assert {key: [written(record) for record in again[key]] for key in keys} == {
        key: [written(record) for record in read[key]] for key in keys
    }


def test_verify_profile_replacement_bodies_replace_the_records(candidate, candidate_api):
    candidate_api.post(verify_url(candidate), _verified_bodies(2))
    replacement = _verified_bodies(4)

    response = candidate_api.post(verify_url(candidate), replacement)

    assert response.status_code == 200, response.content
    full = candidate_api.get(full_url(candidate)).json()["verified_profile"]
    assert {key: [written(record) for record in full[key]] for key in replacement} == replacement


def test_verify_profile_skill_names_and_objects_read_back_with_level(candidate, candidate_api):
    skills = ["SQL", {"name": "Python", "level": "Advanced"}, {"name": "Go"}]

    response = candidate_api.post(verify_url(candidate), {"skills": skills})

    assert response.status_code == 200, response.content
    full = candidate_api.get(full_url(candidate)).json()["verified_profile"]
    assert [written(skill) for skill in full["skills"]] == [
        {"name": "SQL", "level": ""},
        {"name": "Python", "level": "Advanced"},
        {"name": "Go", "level": ""},
    ]
