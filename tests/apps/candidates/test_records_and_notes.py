"""Candidate records, `full/`, `verify-profile/` and notes, over HTTP (contract sections 2, 3, 6, 7, 11).

Every test talks to the API as the web client does (Bearer tokens; one cookie + CSRF write) and
checks the stored outcome. Cross-tenant tests: another candidate's records and notes, and another
organization's recruiter notes, never show up.
"""

import datetime as dt

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from apps.candidates.models import (
    Achievement,
    CandidateProfile,
    Certification,
    Education,
    Language,
    Note,
    Project,
    Skill,
    WorkExperience,
)
from apps.organizations.models import Role
from tests.apps.candidates.factories import (
    CandidateProfileFactory,
    EducationFactory,
    LanguageFactory,
    NoteFactory,
    SkillFactory,
    WorkExperienceFactory,
)
from tests.apps.organizations.factories import MembershipFactory
from tests.helpers import NOT_FOUND, NOT_PROVIDED, ApiClient, client_for

from .helpers import profile_url

CANDIDATES = "/api/candidates/"
NOTES = f"{CANDIDATES}notes/"


def snapshot(instance) -> dict:
    """The stored field values of a row, read afresh from the database."""
    return model_to_dict(type(instance).objects.get(pk=instance.pk))


def without(body: dict, *keys: str) -> dict:
    return {key: value for key, value in body.items() if key not in keys}


def query_count(client: ApiClient, url: str) -> int:
    """How many SQL queries one GET of `url` makes."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


# --- the record kinds ---------------------------------------------------------------------------

# path, model, a valid body, an invalid body and the error key it gives, a PATCH body.
RECORD_KINDS = [
    pytest.param(
        "education",
        Education,
        {
            "course_name": "BSc",
            "major": "Computer Science",
            "institution": "University of Toronto",
            "start_year": 2015,
            "end_year": 2019,
        },
        ({"institution": "MIT", "start_year": 2019, "end_year": 2015}, "non_field_errors"),
        {"major": "Mathematics"},
        id="education",
    ),
    pytest.param(
        "skills",
        Skill,
        {"name": "Python", "level": "Advanced"},
        ({"name": ""}, "name"),
        {"name": "Go"},
        id="skills",
    ),
    pytest.param(
        "languages",
        Language,
        {"language": "French", "speaking": "advanced", "reading": "native", "writing": "basic"},
        ({"language": "French", "speaking": "fluent"}, "speaking"),
        {"writing": "intermediate"},
        id="languages",
    ),
    pytest.param(
        "work-experience",
        WorkExperience,
        {
            "company": "Acme",
            "role": "Engineer",
            "start_date": "2020-01-01",
            "end_date": "2022-06-30",
            "current": False,
            "description": "Built accessible forms.",
            "location": "Toronto",
        },
        (
            {
                "company": "Acme",
                "role": "Engineer",
                "start_date": "2022-01-01",
                "end_date": "2021-01-01",
            },
            "non_field_errors",
        ),
        {"role": "Senior Engineer"},
        id="work-experience",
    ),
    pytest.param(
        "projects",
        Project,
        {
            "project_name": "Screen reader plugin",
            "description": "Reads tables aloud.",
            "url": "https://example.com/plugin",
            "start_date": "2021-01-01",
            "end_date": "2021-05-01",
            "is_current": False,
        },
        (
            {"project_name": "Plugin", "start_date": "2021-05-01", "end_date": "2021-01-01"},
            "non_field_errors",
        ),
        {"description": "Reads tables and charts aloud."},
        id="projects",
    ),
    pytest.param(
        "achievements",
        Achievement,
        {"title": "Hackathon winner", "issue_date": "2023-03-01", "description": "First place."},
        ({"title": "Award", "issue_date": "yesterday"}, "issue_date"),
        {"title": "Hackathon runner-up"},
        id="achievements",
    ),
    pytest.param(
        "certifications",
        Certification,
        {
            "name": "AWS Solutions Architect",
            "issuing_organization": "Amazon",
            "issue_date": "2022-01-01",
            "expiry_date": "2025-01-01",
            "credential_url": "https://example.com/credential",
        },
        (
            {"name": "AWS", "issue_date": "2022-01-01", "expiry_date": "2021-01-01"},
            "non_field_errors",
        ),
        {"issuing_organization": "Amazon Web Services"},
        id="certifications",
    ),
]
RECORD_ARGS = "path, model, valid, invalid, patch"
# Keys a record's body carries besides those written (read-only).
READ_ONLY = ("id", "created_at", "updated_at")


def records_url(path: str, record_id: int | None = None) -> str:
    return f"{CANDIDATES}{path}/" if record_id is None else f"{CANDIDATES}{path}/{record_id}/"


def written(body: dict) -> dict:
    return without(body, *READ_ONLY)


# --- fixtures -----------------------------------------------------------------------------------


# This module's names for the root conftest's set-ups: organization A ("Acme") with its owner
# and a colleague of theirs, organization B ("Globex") with its owner, and a second candidate.


@pytest.fixture
def other_api(other_candidate_api):
    return other_candidate_api


@pytest.fixture
def org_a(organization):
    return organization


@pytest.fixture
def org_b(other_organization):
    return other_organization


@pytest.fixture
def employer_a(employer):
    return employer


@pytest.fixture
def colleague_a(org_a):
    return MembershipFactory(organization=org_a, role=Role.MEMBER).user


@pytest.fixture
def employer_b(other_employer):
    return other_employer


@pytest.fixture
def employer_a_api(employer_api):
    return employer_api


@pytest.fixture
def colleague_a_api(colleague_a):
    return client_for(colleague_a)


@pytest.fixture
def employer_b_api(other_employer_api):
    return other_employer_api


# --- records: create, list, detail --------------------------------------------------------------


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_create_is_201_with_id(candidate, candidate_api, path, model, valid, invalid, patch):
    response = candidate_api.post(records_url(path), valid)

    assert response.status_code == 201, response.content
    body = response.json()
    assert isinstance(body["id"], int)
    assert written(body) == valid
    assert list(model.objects.filter(profile=candidate).values_list("id", flat=True)) == [
        body["id"]
    ]


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_list_shows_only_own_records(
    candidate_api, other_candidate, path, model, valid, invalid, patch
):
    own = candidate_api.post(records_url(path), valid).json()
    model.objects.create(profile=other_candidate, **valid)

    response = candidate_api.get(records_url(path))

    assert response.status_code == 200, response.content
    assert response.json() == [own]
    assert response["X-Total-Count"] == "1"


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_get_own_is_200(candidate_api, path, model, valid, invalid, patch):
    created = candidate_api.post(records_url(path), valid).json()

    response = candidate_api.get(records_url(path, created["id"]))

    assert response.status_code == 200, response.content
    assert response.json() == created


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_put_own_replaces_it(candidate_api, path, model, valid, invalid, patch):
    created = candidate_api.post(records_url(path), valid).json()
    replacement = {**valid, **patch}

    response = candidate_api.put(records_url(path, created["id"]), replacement)

    assert response.status_code == 200, response.content
    assert response.json()["id"] == created["id"]
    assert written(response.json()) == replacement
    assert written(candidate_api.get(records_url(path, created["id"])).json()) == replacement


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_patch_own_merges_with_stored_values(
    candidate_api, path, model, valid, invalid, patch
):
    created = candidate_api.post(records_url(path), valid).json()

    response = candidate_api.patch(records_url(path, created["id"]), patch)

    assert response.status_code == 200, response.content
    expected = without({**created, **patch}, "updated_at")
    assert without(response.json(), "updated_at") == expected
    assert without(candidate_api.get(records_url(path, created["id"])).json(), "updated_at") == (
        expected
    )
    assert response.json()["updated_at"] >= created["updated_at"]


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_delete_own_is_204(candidate, candidate_api, path, model, valid, invalid, patch):
    created = candidate_api.post(records_url(path), valid).json()

    response = candidate_api.delete(records_url(path, created["id"]))

    assert response.status_code == 204, response.content
    assert not model.objects.filter(pk=created["id"]).exists()
    assert candidate_api.get(records_url(path, created["id"])).status_code == 404


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_of_another_candidate_is_404(
    candidate_api, other_candidate, method, path, model, valid, invalid, patch
):
    theirs = model.objects.create(profile=other_candidate, **valid)
    before = snapshot(theirs)
    data = {"get": None, "put": {**valid, **patch}, "patch": patch, "delete": None}[method]

    response = getattr(candidate_api, method)(records_url(path, theirs.pk), data)

    assert response.status_code == 404, response.content
    assert response.json() == NOT_FOUND
    assert snapshot(theirs) == before


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_list_without_profile_is_empty(
    user_api, other_candidate, path, model, valid, invalid, patch
):
    model.objects.create(profile=other_candidate, **valid)

    response = user_api.get(records_url(path))

    assert response.status_code == 200, response.content
    assert response.json() == []


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_create_without_profile_is_403(user_api, path, model, valid, invalid, patch):
    response = user_api.post(records_url(path), valid)

    assert response.status_code == 403, response.content
    assert list(response.json()) == ["detail"]
    assert model.objects.count() == 0


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_create_by_employer_is_403(employer_a_api, path, model, valid, invalid, patch):
    response = employer_a_api.post(records_url(path), valid)

    assert response.status_code == 403, response.content
    assert list(response.json()) == ["detail"]
    assert model.objects.count() == 0


@pytest.mark.parametrize("method", ["list", "create", "get", "put", "patch", "delete"])
@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_anonymous_is_401(api, candidate, method, path, model, valid, invalid, patch):
    record = model.objects.create(profile=candidate, **valid)
    before = snapshot(record)
    calls = {
        "list": ("get", records_url(path), None),
        "create": ("post", records_url(path), valid),
        "get": ("get", records_url(path, record.pk), None),
        "put": ("put", records_url(path, record.pk), {**valid, **patch}),
        "patch": ("patch", records_url(path, record.pk), patch),
        "delete": ("delete", records_url(path, record.pk), None),
    }
    verb, url, data = calls[method]

    response = getattr(api, verb)(url, data)

    assert response.status_code == 401, response.content
    assert response.json() == NOT_PROVIDED
    assert snapshot(record) == before
    assert model.objects.count() == 1


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_create_unknown_field_is_400(candidate_api, path, model, valid, invalid, patch):
    response = candidate_api.post(records_url(path), {**valid, "profile": 999})

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["profile"]
    assert model.objects.count() == 0


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_update_unknown_field_is_400_and_unchanged(
    candidate, candidate_api, method, path, model, valid, invalid, patch
):
    record = model.objects.create(profile=candidate, **valid)
    before = snapshot(record)
    data = {**valid, "is_staff": True} if method == "put" else {**patch, "is_staff": True}

    response = getattr(candidate_api, method)(records_url(path, record.pk), data)

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["is_staff"]
    assert snapshot(record) == before


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_create_invalid_is_400(candidate_api, path, model, valid, invalid, patch):
    body, error_key = invalid

    response = candidate_api.post(records_url(path), body)

    assert response.status_code == 400, response.content
    assert list(response.json()) == [error_key]
    assert isinstance(response.json()[error_key][0], str)
    assert model.objects.count() == 0


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_put_invalid_is_400_and_unchanged(
    candidate, candidate_api, path, model, valid, invalid, patch
):
    record = model.objects.create(profile=candidate, **valid)
    before = snapshot(record)
    body, error_key = invalid

    response = candidate_api.put(records_url(path, record.pk), body)

    assert response.status_code == 400, response.content
    assert list(response.json()) == [error_key]
    assert snapshot(record) == before


@pytest.mark.parametrize(
    "path, model, stored, change",
    [
        pytest.param(
            "education",
            Education,
            {"institution": "MIT", "start_year": 2015, "end_year": 2019},
            {"end_year": 2010},
            id="education",
        ),
        pytest.param(
            "work-experience",
            WorkExperience,
            {"company": "Acme", "role": "Dev", "start_date": "2020-01-01"},
            {"end_date": "2019-12-31"},
            id="work-experience",
        ),
        pytest.param(
            "projects",
            Project,
            {"project_name": "Plugin", "start_date": "2021-03-01", "end_date": "2021-06-01"},
            {"start_date": "2021-07-01"},
            id="projects",
        ),
        pytest.param(
            "certifications",
            Certification,
            {"name": "AWS", "issue_date": "2022-01-01"},
            {"expiry_date": "2021-12-31"},
            id="certifications",
        ),
    ],
)
def test_record_patch_against_stored_values_still_validates(
    candidate, candidate_api, path, model, stored, change
):
    record = model.objects.create(profile=candidate, **stored)
    before = snapshot(record)

    response = candidate_api.patch(records_url(path, record.pk), change)

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["non_field_errors"]
    assert snapshot(record) == before


def test_record_create_with_cookie_and_csrf_is_201(candidate):
    client = ApiClient()
    client.login(candidate.user.email)
    client.token = None  # the access_token cookie alone

    response = client.post(records_url("skills"), {"name": "Accessibility testing"}, csrf=True)

    assert response.status_code == 201, response.content
    assert list(Skill.objects.filter(profile=candidate).values_list("name", flat=True)) == [
        "Accessibility testing"
    ]


def test_record_create_with_cookie_without_csrf_is_403(candidate):
    client = ApiClient()
    client.login(candidate.user.email)
    client.token = None

    response = client.post(records_url("skills"), {"name": "Accessibility testing"})

    assert response.status_code == 403, response.content
    assert Skill.objects.count() == 0


def test_record_list_is_paginated_with_headers(candidate, candidate_api):
    skills = [SkillFactory(profile=candidate) for _ in range(3)]

    response = candidate_api.get(records_url("skills"), {"page": 2, "page_size": 2})

    assert response.status_code == 200, response.content
    assert [item["id"] for item in response.json()] == [skills[2].pk]
    assert response["X-Total-Count"] == "3"
    assert 'rel="prev"' in response["Link"]
    assert 'rel="next"' not in response["Link"]


@pytest.mark.parametrize(RECORD_ARGS, RECORD_KINDS)
def test_record_list_query_count_is_the_same_for_1_and_5(
    candidate, candidate_api, path, model, valid, invalid, patch
):
    def numbered(n: int) -> dict:  # skill names must differ within a profile
        return {**valid, "name": f"Skill {n}"} if path == "skills" else valid

    model.objects.create(profile=candidate, **numbered(0))
    one = query_count(candidate_api, records_url(path))
    for n in range(1, 5):
        model.objects.create(profile=candidate, **numbered(n))

    five = query_count(candidate_api, records_url(path))

    assert model.objects.filter(profile=candidate).count() == 5
    assert five == one


@pytest.mark.parametrize(
    "path, body, field",
    [
        ("projects", {"project_name": "Plugin"}, "url"),
        ("certifications", {"name": "AWS"}, "credential_url"),
    ],
)
def test_record_null_url_is_stored_empty_or_400(candidate, candidate_api, path, body, field):
    # A validation matter (400) or an empty value (""); never a 409 "conflict" nor a 500.
    response = candidate_api.post(records_url(path), {**body, field: None})

    assert response.status_code in (201, 400), response.content
    if response.status_code == 201:
        assert response.json()[field] == ""
    else:
        assert list(response.json()) == [field]


# --- records: validations -----------------------------------------------------------------------


@pytest.mark.parametrize("field", ["start_year", "end_year"])
@pytest.mark.parametrize("year", [1899, 2101, 0])
def test_education_year_outside_range_is_400(candidate_api, field, year):
    response = candidate_api.post(records_url("education"), {"institution": "MIT", field: year})

    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert Education.objects.count() == 0


@pytest.mark.parametrize("year", [1900, 2100])
def test_education_year_at_range_bounds_is_201(candidate_api, year):
    body = {"institution": "MIT", "start_year": year, "end_year": year}

    response = candidate_api.post(records_url("education"), body)

    assert response.status_code == 201, response.content
    assert (response.json()["start_year"], response.json()["end_year"]) == (year, year)


def test_education_end_year_before_start_year_is_400(candidate_api):
    body = {"institution": "MIT", "start_year": 2020, "end_year": 2019}

    response = candidate_api.post(records_url("education"), body)

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["non_field_errors"]
    assert Education.objects.count() == 0


def test_education_end_year_equal_to_start_year_is_201(candidate_api):
    body = {"institution": "MIT", "start_year": 2020, "end_year": 2020}

    response = candidate_api.post(records_url("education"), body)

    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "path, body",
    [
        ("work-experience", {"company": "Acme", "role": "Dev"}),
        ("projects", {"project_name": "Plugin"}),
    ],
)
def test_dated_record_end_date_before_start_date_is_400(candidate_api, path, body):
    dates = {"start_date": "2022-05-02", "end_date": "2022-05-01"}

    response = candidate_api.post(records_url(path), {**body, **dates})

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["non_field_errors"]
    assert (WorkExperience.objects.count(), Project.objects.count()) == (0, 0)


def test_certification_expiry_before_issue_is_400(candidate_api):
    body = {"name": "AWS", "issue_date": "2022-05-02", "expiry_date": "2022-05-01"}

    response = candidate_api.post(records_url("certifications"), body)

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["non_field_errors"]
    assert Certification.objects.count() == 0


# path, model, the body of a current record without an end, its "current" key.
CURRENT_KINDS = [
    pytest.param(
        "work-experience",
        WorkExperience,
        {"company": "Acme", "role": "Dev", "start_date": "2022-01-01"},
        "current",
        id="work-experience",
    ),
    pytest.param(
        "projects",
        Project,
        {"project_name": "Plugin", "start_date": "2022-01-01"},
        "is_current",
        id="projects",
    ),
]


@pytest.mark.parametrize("path, model, body, flag", CURRENT_KINDS)
def test_current_record_without_end_date_is_201(candidate_api, path, model, body, flag):
    response = candidate_api.post(records_url(path), {**body, flag: True, "end_date": None})

    assert response.status_code == 201, response.content
    assert (response.json()[flag], response.json()["end_date"]) == (True, None)
    assert list(model.objects.values_list(flag, "end_date")) == [(True, None)]


@pytest.mark.parametrize("path, model, body, flag", CURRENT_KINDS)
def test_current_record_with_end_date_is_400(candidate_api, path, model, body, flag):
    response = candidate_api.post(records_url(path), {**body, flag: True, "end_date": "2023-01-01"})

    assert response.status_code == 400, response.content
    assert response.json() == {
        "non_field_errors": [
            f"A current {'project' if path == 'projects' else 'position'} has no end date: "
            "send end_date as null."
        ]
    }
    assert model.objects.count() == 0


@pytest.mark.parametrize("path, model, body, flag", CURRENT_KINDS)
def test_current_patch_on_ended_record_needs_null_end_date(
    candidate, candidate_api, path, model, body, flag
):
    record = model.objects.create(profile=candidate, **body, end_date="2023-01-01")
    before = snapshot(record)

    refused = candidate_api.patch(records_url(path, record.pk), {flag: True})
    accepted = candidate_api.patch(records_url(path, record.pk), {flag: True, "end_date": None})

    assert (refused.status_code, list(refused.json())) == (400, ["non_field_errors"])
    assert accepted.status_code == 200, accepted.content
    assert (accepted.json()[flag], accepted.json()["end_date"]) == (True, None)
    after = snapshot(record)
    assert (after[flag], after["end_date"]) == (True, None)
    assert before[flag] is False


@pytest.mark.parametrize("path, model, body, flag", CURRENT_KINDS)
def test_current_record_end_before_start_is_400(candidate_api, path, model, body, flag):
    dates = {"start_date": "2022-05-02", "end_date": "2022-05-01"}

    response = candidate_api.post(records_url(path), {**body, flag: False, **dates})

    assert response.status_code == 400, response.content
    assert response.json() == {"non_field_errors": ["end_date cannot be before start_date."]}
    assert model.objects.count() == 0


@pytest.mark.parametrize(
    "sent, stored",
    [("  Expert ", "Expert"), (None, ""), ("", ""), ("5 years", "5 years"), ("x" * 50, "x" * 50)],
)
def test_skill_level_is_optional_free_text(candidate, candidate_api, sent, stored):
    response = candidate_api.post(records_url("skills"), {"name": "Python", "level": sent})

    assert response.status_code == 201, response.content
    assert response.json()["level"] == stored
    assert list(Skill.objects.filter(profile=candidate).values_list("level", flat=True)) == [stored]


def test_skill_without_level_reads_back_empty(candidate_api):
    response = candidate_api.post(records_url("skills"), {"name": "Python"})

    assert response.status_code == 201, response.content
    assert written(response.json()) == {"name": "Python", "level": ""}


@pytest.mark.parametrize("level", ["x" * 51, 5, ["Expert"]])
def test_skill_level_too_long_or_not_text_is_400(candidate_api, level):
    response = candidate_api.post(records_url("skills"), {"name": "Python", "level": level})

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["level"]
    assert Skill.objects.count() == 0


@pytest.mark.parametrize(
    "path, body, old_key",
    [
        ("projects", {"project_name": "Plugin"}, "name"),
        ("achievements", {"title": "Award"}, "date"),
        ("certifications", {"name": "AWS"}, "issuer"),
        ("certifications", {"name": "AWS"}, "credential_id"),
    ],
)
def test_record_keys_outside_the_contract_are_400(candidate_api, path, body, old_key):
    response = candidate_api.post(records_url(path), {**body, old_key: "x"})

    assert response.status_code == 400, response.content
    assert list(response.json()) == [old_key]


@pytest.mark.parametrize("field", ["speaking", "reading", "writing"])
@pytest.mark.parametrize("level", ["fluent", "expert", "Native ", "beginner"])
def test_language_level_outside_set_is_400(candidate_api, field, level):
    response = candidate_api.post(records_url("languages"), {"language": "French", field: level})

    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert Language.objects.count() == 0


@pytest.mark.parametrize("level", ["basic", "intermediate", "advanced", "native"])
def test_language_level_in_set_is_201(candidate_api, level):
    body = {"language": "French", "speaking": level, "reading": level, "writing": level}

    response = candidate_api.post(records_url("languages"), body)

    assert response.status_code == 201, response.content
    assert written(response.json()) == body


@pytest.mark.parametrize("second", ["python", "PYTHON", " Python "])
def test_skill_duplicate_in_other_case_is_409(candidate, candidate_api, second):
    candidate_api.post(records_url("skills"), {"name": "Python"})

    response = candidate_api.post(records_url("skills"), {"name": second})

    assert response.status_code == 409, response.content
    assert list(response.json()) == ["detail"]
    assert list(Skill.objects.filter(profile=candidate).values_list("name", flat=True)) == [
        "Python"
    ]


@pytest.mark.parametrize("method", ["put", "patch"])
def test_skill_rename_to_existing_name_in_other_case_is_409(candidate, candidate_api, method):
    SkillFactory(profile=candidate, name="Python")
    sql = SkillFactory(profile=candidate, name="SQL")

    response = getattr(candidate_api, method)(records_url("skills", sql.pk), {"name": "pYthon"})

    assert response.status_code == 409, response.content
    assert list(response.json()) == ["detail"]
    assert sorted(Skill.objects.filter(profile=candidate).values_list("name", flat=True)) == [
        "Python",
        "SQL",
    ]


def test_skill_rename_to_own_name_in_other_case_is_200(candidate, candidate_api):
    skill = SkillFactory(profile=candidate, name="python")

    response = candidate_api.patch(records_url("skills", skill.pk), {"name": "Python"})

    assert response.status_code == 200, response.content
    assert snapshot(skill)["name"] == "Python"


@pytest.mark.parametrize("name", ["   ", "\t"])
def test_skill_blank_name_is_400(candidate_api, name):
    response = candidate_api.post(records_url("skills"), {"name": name})

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["name"]
    assert Skill.objects.count() == 0


def test_skill_duplicate_with_non_ascii_letters_in_other_case_is_409(candidate, candidate_api):
    candidate_api.post(records_url("skills"), {"name": "Ökonometrie"})

    response = candidate_api.post(records_url("skills"), {"name": "ökonometrie"})

    assert response.status_code == 409, response.content
    assert list(Skill.objects.filter(profile=candidate).values_list("name", flat=True)) == [
        "Ökonometrie"
    ]


def test_skill_same_name_on_two_candidates_is_allowed(
    candidate, candidate_api, other_candidate, other_api
):
    first = candidate_api.post(records_url("skills"), {"name": "Python"})

    second = other_api.post(records_url("skills"), {"name": "python"})

    assert (first.status_code, second.status_code) == (201, 201)
    assert list(Skill.objects.filter(profile=candidate).values_list("name", flat=True)) == [
        "Python"
    ]
    assert list(Skill.objects.filter(profile=other_candidate).values_list("name", flat=True)) == [
        "python"
    ]


# --- full/ --------------------------------------------------------------------------------------


VERIFIED_PROFILE_KEYS = {
    "education",
    "skills",
    "languages",
    "work_experience",
    "projects",
    "achievements",
    "certifications",
    "preferences",
    "accessibility_needs",
}
RECORD_LISTS = [
    "education",
    "skills",
    "languages",
    "work_experience",
    "projects",
    "achievements",
    "certifications",
]


@pytest.fixture
def rich_candidate(candidate):
    """The candidate with one record of every kind, preferences and disability data."""
    CandidateProfile.objects.filter(pk=candidate.pk).update(
        employment_type_preferences=["full-time"],
        work_mode_preferences=["remote"],
        willing_to_relocate=True,
        expected_salary_range="80-90k",
        disability_categories=["sensory"],
        accommodation_needs="YES",
        workplace_accommodations=["assistive_technology"],
        disclosure_preference="DURING_APPLICATION",
    )
    EducationFactory(profile=candidate)
    SkillFactory(profile=candidate, name="Python")
    SkillFactory(profile=candidate, name="SQL")
    LanguageFactory(profile=candidate)
    WorkExperienceFactory(profile=candidate)
    Project.objects.create(profile=candidate, project_name="Plugin")
    Achievement.objects.create(profile=candidate, title="Award")
    Certification.objects.create(profile=candidate, name="AWS")
    candidate.refresh_from_db()
    return candidate


def stored_ids(profile: CandidateProfile) -> dict[str, list[int]]:
    return {
        relation: list(getattr(profile, relation).order_by("id").values_list("id", flat=True))
        for relation in RECORD_LISTS
    }


def test_full_profile_owner_sees_every_record_with_ids(rich_candidate, candidate_api):
    response = candidate_api.get(profile_url(rich_candidate, "full/"))

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["slug"]) == (rich_candidate.pk, rich_candidate.slug)
    verified = body["verified_profile"]
    assert set(verified) == VERIFIED_PROFILE_KEYS
    assert {
        relation: [record["id"] for record in verified[relation]] for relation in RECORD_LISTS
    } == stored_ids(rich_candidate)
    assert [skill["name"] for skill in verified["skills"]] == ["Python", "SQL"]
    assert verified["preferences"] == {
        "employment_type_preferences": ["full-time"],
        "work_mode_preferences": ["remote"],
        "willing_to_relocate": True,
        "has_workvisa": False,
        "expected_salary_range": "80-90k",
        "is_available": True,
    }
    assert verified["accessibility_needs"] == {
        "disability_categories": ["sensory"],
        "accommodation_needs": "YES",
        "workplace_accommodations": ["assistive_technology"],
        "disclosure_preference": "DURING_APPLICATION",
    }


def test_full_profile_without_records_has_empty_lists(candidate, candidate_api):
    response = candidate_api.get(profile_url(candidate, "full/"))

    assert response.status_code == 200, response.content
    verified = response.json()["verified_profile"]
    assert {relation: verified[relation] for relation in RECORD_LISTS} == {
        relation: [] for relation in RECORD_LISTS
    }


@pytest.mark.parametrize("method", ["put", "patch", "post", "delete"])
def test_full_profile_write_methods_are_405(rich_candidate, candidate_api, method):
    before = stored_ids(rich_candidate)

    response = getattr(candidate_api, method)(profile_url(rich_candidate, "full/"), {})

    assert response.status_code == 405, response.content
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()) == ["detail"]
    assert stored_ids(rich_candidate) == before
    assert CandidateProfile.objects.filter(pk=rich_candidate.pk).exists()


def test_full_profile_of_another_candidate_is_404(rich_candidate, other_api):
    response = other_api.get(profile_url(rich_candidate, "full/"))

    assert response.status_code == 404, response.content
    assert response.json() == NOT_FOUND


def test_full_profile_anonymous_is_401(rich_candidate, api):
    response = api.get(profile_url(rich_candidate, "full/"))

    assert response.status_code == 401, response.content
    assert response.json() == NOT_PROVIDED


def test_full_profile_employer_sees_available_candidate_without_disability_data(
    rich_candidate, employer_a_api
):
    response = employer_a_api.get(profile_url(rich_candidate, "full/"))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["verified_profile"]["accessibility_needs"] == {
        "disability_categories": None,
        "accommodation_needs": None,
        "workplace_accommodations": None,
        "disclosure_preference": None,
    }
    assert (
        body["disability_categories"],
        body["accommodation_needs"],
        body["workplace_accommodations"],
    ) == (None, None, None)
    assert {
        relation: [record["id"] for record in body["verified_profile"][relation]]
        for relation in RECORD_LISTS
    } == stored_ids(rich_candidate)


def test_full_profile_employer_unavailable_candidate_is_404(rich_candidate, employer_a_api):
    CandidateProfile.objects.filter(pk=rich_candidate.pk).update(is_available=False)

    response = employer_a_api.get(profile_url(rich_candidate, "full/"))

    assert response.status_code == 404, response.content
    assert response.json() == NOT_FOUND


# --- verify-profile/ ----------------------------------------------------------------------------


def verify_url(profile: CandidateProfile) -> str:
    return profile_url(profile, "verify-profile/")


def test_verify_profile_stores_reviewed_data(candidate, candidate_api):
    old_education = EducationFactory(profile=candidate)
    SkillFactory(profile=candidate, name="COBOL")
    language = LanguageFactory(profile=candidate, language="French")
    work = WorkExperienceFactory(profile=candidate)
    reviewed = {
        "education": [
            {
                "id": old_education.pk,
                "created_at": "2024-01-01T00:00:00Z",
                "institution": "University of Waterloo",
                "course_name": "BMath",
                "major": "Statistics",
                "start_year": 2010,
                "end_year": 2014,
            }
        ],
        "skills": ["Python", {"name": "SQL"}, "python", {"name": "sql", "id": 12}],
        "projects": [{"project_name": "Captioner", "url": "https://example.com/captioner"}],
        "certifications": [],
        "preferences": {"work_mode_preferences": ["hybrid"], "willing_to_relocate": True},
        "accessibility_needs": {
            "disability_categories": ["physical"],
            "accommodation_needs": "PREFER_TO_DISCUSS_LATER",
        },
    }
    Certification.objects.create(profile=candidate, name="Old certificate")

    response = candidate_api.post(verify_url(candidate), reviewed)

    assert response.status_code == 200, response.content
    verified = response.json()["verified_profile"]
    assert response.json()["is_verified_profile"] is True
    assert [written(record) for record in verified["education"]] == [
        {
            "institution": "University of Waterloo",
            "course_name": "BMath",
            "major": "Statistics",
            "start_year": 2010,
            "end_year": 2014,
        }
    ]
    assert [skill["name"] for skill in verified["skills"]] == ["Python", "SQL"]
    assert [project["project_name"] for project in verified["projects"]] == ["Captioner"]
    assert verified["certifications"] == []
    # Lists not sent stay as they were.
    assert [record["id"] for record in verified["languages"]] == [language.pk]
    assert [record["id"] for record in verified["work_experience"]] == [work.pk]
    assert not Education.objects.filter(pk=old_education.pk).exists()
    assert list(Skill.objects.filter(profile=candidate).values_list("name", flat=True)) == [
        "Python",
        "SQL",
    ]
    candidate.refresh_from_db()
    assert candidate.is_verified_profile is True
    assert (candidate.work_mode_preferences, candidate.willing_to_relocate) == (["hybrid"], True)
    assert (candidate.disability_categories, candidate.accommodation_needs) == (
        ["physical"],
        "PREFER_TO_DISCUSS_LATER",
    )


def test_verify_profile_leaves_unsent_groups_unchanged(candidate, candidate_api):
    CandidateProfile.objects.filter(pk=candidate.pk).update(
        employment_type_preferences=["contract"],
        disability_categories=["sensory"],
        disclosure_preference="DURING_INTERVIEW",
    )
    skill = SkillFactory(profile=candidate, name="Go")

    response = candidate_api.post(verify_url(candidate), {"languages": []})

    assert response.status_code == 200, response.content
    candidate.refresh_from_db()
    assert (
        candidate.employment_type_preferences,
        candidate.disability_categories,
        candidate.disclosure_preference,
        candidate.is_verified_profile,
    ) == (["contract"], ["sensory"], "DURING_INTERVIEW", True)
    assert list(Skill.objects.filter(profile=candidate).values_list("id", flat=True)) == [skill.pk]


@pytest.mark.parametrize(
    "accessibility_needs",
    [
        {"accommodation_needs": "MAYBE"},
        {"disability_categories": ["telepathy"]},
        {"workplace_accommodations": ["a_pony"]},
        {"disclosure_preference": "WHENEVER"},
    ],
)
def test_verify_profile_invalid_accessibility_enum_is_400_and_changes_nothing(
    candidate, candidate_api, accessibility_needs
):
    skill = SkillFactory(profile=candidate, name="Go")
    before = snapshot(candidate)
    field = next(iter(accessibility_needs))

    response = candidate_api.post(
        verify_url(candidate),
        {
            "skills": ["Python"],
            "education": [{"institution": "MIT"}],
            "preferences": {"willing_to_relocate": True},
            "accessibility_needs": accessibility_needs,
        },
    )

    assert response.status_code == 400, response.content
    assert list(response.json()) == [f"accessibility_needs.{field}"]
    assert snapshot(candidate) == before
    assert list(Skill.objects.filter(profile=candidate).values_list("id", flat=True)) == [skill.pk]
    assert Education.objects.count() == 0


def test_verify_profile_invalid_record_is_400_and_changes_nothing(candidate, candidate_api):
    skill = SkillFactory(profile=candidate, name="Go")
    before = snapshot(candidate)

    response = candidate_api.post(
        verify_url(candidate),
        {
            "skills": ["Python"],
            "education": [{"institution": "MIT", "start_year": 2020, "end_year": 2010}],
        },
    )

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["education.0"]
    assert snapshot(candidate) == before
    assert list(Skill.objects.filter(profile=candidate).values_list("id", flat=True)) == [skill.pk]


def test_verify_profile_null_project_url_is_not_a_server_error(candidate, candidate_api):
    project = Project.objects.create(profile=candidate, project_name="Old project")

    response = candidate_api.post(
        verify_url(candidate), {"projects": [{"project_name": "Captioner", "url": None}]}
    )

    assert response.status_code in (200, 400), response.content
    if response.status_code == 200:
        assert [
            (record["project_name"], record["url"])
            for record in response.json()["verified_profile"]["projects"]
        ] == [("Captioner", "")]
    else:
        assert list(Project.objects.values_list("id", flat=True)) == [project.pk]
        assert snapshot(candidate)["is_verified_profile"] is False


def test_verify_profile_unknown_top_level_key_is_400(candidate, candidate_api):
    response = candidate_api.post(verify_url(candidate), {"is_verified_profile": True})

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["is_verified_profile"]
    assert snapshot(candidate)["is_verified_profile"] is False


def test_verify_profile_of_another_candidate_is_404(candidate, other_api):
    skill = SkillFactory(profile=candidate, name="Go")

    response = other_api.post(verify_url(candidate), {"skills": ["Python"]})

    assert response.status_code == 404, response.content
    assert response.json() == NOT_FOUND
    assert list(Skill.objects.filter(profile=candidate).values_list("id", flat=True)) == [skill.pk]
    assert snapshot(candidate)["is_verified_profile"] is False


def test_verify_profile_by_employer_is_403(candidate, employer_a_api):
    skill = SkillFactory(profile=candidate, name="Go")

    response = employer_a_api.post(verify_url(candidate), {"skills": ["Python"]})

    assert response.status_code == 403, response.content
    assert list(response.json()) == ["detail"]
    assert list(Skill.objects.filter(profile=candidate).values_list("id", flat=True)) == [skill.pk]
    assert snapshot(candidate)["is_verified_profile"] is False


def test_verify_profile_anonymous_is_401(candidate, api):
    response = api.post(verify_url(candidate), {"skills": ["Python"]})

    assert response.status_code == 401, response.content
    assert Skill.objects.count() == 0


# --- notes: the candidate's own -----------------------------------------------------------------


@pytest.mark.parametrize("how", ["notes-without-profile", "notes-with-own-slug", "create-notes"])
def test_note_candidate_creates_own_note(candidate, candidate_api, how):
    body = {"note": "Mention the screen reader work.", "section": "summary"}
    url, data = {
        "notes-without-profile": (NOTES, body),
        "notes-with-own-slug": (NOTES, {**body, "profile": candidate.slug}),
        "create-notes": (profile_url(candidate, "create-notes/"), body),
    }[how]

    response = candidate_api.post(url, data)

    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["profile"], created["organization"], created["note"]) == (
        candidate.slug,
        None,
        "Mention the screen reader work.",
    )
    assert created["author"]["id"] == candidate.user.pk
    note = Note.objects.get(pk=created["id"])
    assert (note.profile_id, note.organization_id, note.author_id) == (
        candidate.pk,
        None,
        candidate.user.pk,
    )


@pytest.mark.parametrize("how", ["notes", "create-notes"])
def test_note_candidate_on_another_profile_is_404(candidate_api, other_candidate, how):
    url, data = {
        "notes": (NOTES, {"note": "Hi", "profile": other_candidate.slug}),
        "create-notes": (profile_url(other_candidate, "create-notes/"), {"note": "Hi"}),
    }[how]

    response = candidate_api.post(url, data)

    assert response.status_code == 404, response.content
    assert response.json() == NOT_FOUND
    assert Note.objects.count() == 0


def test_note_user_without_profile_is_403(user_api):
    response = user_api.post(NOTES, {"note": "Hi"})

    assert response.status_code == 403, response.content
    assert list(response.json()) == ["detail"]
    assert Note.objects.count() == 0


@pytest.mark.parametrize("url_of", [lambda p: NOTES, lambda p: profile_url(p, "create-notes/")])
def test_note_missing_text_is_400(candidate, candidate_api, url_of):
    response = candidate_api.post(url_of(candidate), {"section": "summary"})

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["note"]
    assert Note.objects.count() == 0


def test_note_empty_text_is_400(candidate, candidate_api):
    response = candidate_api.post(NOTES, {"note": ""})

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["note"]
    assert Note.objects.count() == 0


def test_note_candidate_lists_only_own_notes(candidate, candidate_api, other_candidate, org_a):
    own = [NoteFactory(profile=candidate), NoteFactory(profile=candidate)]
    NoteFactory(profile=other_candidate)
    recruiter = MembershipFactory(organization=org_a).user
    NoteFactory(profile=candidate, author=recruiter, organization=org_a)

    response = candidate_api.get(NOTES)

    assert response.status_code == 200, response.content
    assert sorted(note["id"] for note in response.json()) == sorted(note.pk for note in own)
    assert response["X-Total-Count"] == "2"


def test_note_candidate_own_notes_in_get_all_notes(candidate, candidate_api, org_a):
    own = NoteFactory(profile=candidate)
    recruiter = MembershipFactory(organization=org_a).user
    NoteFactory(profile=candidate, author=recruiter, organization=org_a)

    response = candidate_api.get(profile_url(candidate))

    assert response.status_code == 200, response.content
    assert [note["id"] for note in response.json()["get_all_notes"]] == [own.pk]


def test_note_candidate_gets_updates_and_deletes_own_note(candidate, candidate_api):
    note = NoteFactory(profile=candidate, note="Draft")

    got = candidate_api.get(f"{NOTES}{note.pk}/")
    patched = candidate_api.patch(f"{NOTES}{note.pk}/", {"note": "Final"})
    deleted = candidate_api.delete(f"{NOTES}{note.pk}/")

    assert (got.status_code, got.json()["note"]) == (200, "Draft")
    assert (patched.status_code, patched.json()["note"]) == (200, "Final")
    assert deleted.status_code == 204
    assert not Note.objects.filter(pk=note.pk).exists()


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_note_of_another_candidate_is_404(candidate, other_api, method):
    note = NoteFactory(profile=candidate, note="Private")
    before = snapshot(note)
    data = {"get": None, "put": {"note": "Mine"}, "patch": {"note": "Mine"}, "delete": None}

    response = getattr(other_api, method)(f"{NOTES}{note.pk}/", data[method])

    assert response.status_code == 404, response.content
    assert response.json() == NOT_FOUND
    assert snapshot(note) == before


def test_note_other_candidate_never_sees_notes_in_lists(candidate, other_candidate, other_api):
    NoteFactory(profile=candidate)
    theirs = NoteFactory(profile=other_candidate)

    listed = other_api.get(NOTES)
    filtered = other_api.get(NOTES, {"profile": candidate.slug})

    assert [note["id"] for note in listed.json()] == [theirs.pk]
    assert filtered.json() == []


def test_note_profile_filter_narrows_the_list(candidate, other_candidate, employer_a, org_a):
    on_candidate = NoteFactory(profile=candidate, author=employer_a, organization=org_a)
    NoteFactory(profile=other_candidate, author=employer_a, organization=org_a)
    client = client_for(employer_a)

    response = client.get(NOTES, {"profile": candidate.slug})

    assert response.status_code == 200, response.content
    assert [note["id"] for note in response.json()] == [on_candidate.pk]
    assert len(client.get(NOTES).json()) == 2


def test_note_anonymous_is_401(api, candidate):
    note = NoteFactory(profile=candidate)

    listed = api.get(NOTES)
    detail = api.get(f"{NOTES}{note.pk}/")
    created = api.post(NOTES, {"note": "Hi", "profile": candidate.slug})

    assert (listed.status_code, detail.status_code, created.status_code) == (401, 401, 401)
    assert Note.objects.count() == 1


# --- notes: recruiters --------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["create-notes", "notes"])
def test_note_employer_creates_recruiter_note(candidate, employer_a, employer_a_api, org_a, how):
    body = {"note": "Strong accessibility portfolio.", "section": "projects"}
    url, data = {
        "create-notes": (profile_url(candidate, "create-notes/"), body),
        "notes": (NOTES, {**body, "profile": candidate.slug}),
    }[how]

    response = employer_a_api.post(url, data)

    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["profile"], created["organization"], created["author"]["id"]) == (
        candidate.slug,
        org_a.pk,
        employer_a.pk,
    )
    note = Note.objects.get(pk=created["id"])
    assert (note.profile_id, note.organization_id, note.author_id) == (
        candidate.pk,
        org_a.pk,
        employer_a.pk,
    )


def test_note_employer_without_profile_is_400(employer_a_api):
    response = employer_a_api.post(NOTES, {"note": "Who is this about?"})

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["profile"]
    assert isinstance(response.json()["profile"], list)
    assert Note.objects.count() == 0


@pytest.mark.parametrize("how", ["create-notes", "notes"])
def test_note_employer_on_hidden_candidate_is_404(candidate, employer_a_api, how):
    CandidateProfile.objects.filter(pk=candidate.pk).update(is_available=False)
    url, data = {
        "create-notes": (profile_url(candidate, "create-notes/"), {"note": "Hi"}),
        "notes": (NOTES, {"note": "Hi", "profile": candidate.slug}),
    }[how]

    response = employer_a_api.post(url, data)

    assert response.status_code == 404, response.content
    assert response.json() == NOT_FOUND
    assert Note.objects.count() == 0


def test_note_employer_missing_text_is_400(candidate, employer_a_api):
    response = employer_a_api.post(NOTES, {"profile": candidate.slug})

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["note"]
    assert Note.objects.count() == 0


@pytest.fixture
def recruiter_note(candidate, employer_a_api):
    """A note employer A left on the candidate, through the API."""
    response = employer_a_api.post(profile_url(candidate, "create-notes/"), {"note": "Call back"})
    assert response.status_code == 201, response.content
    return Note.objects.get(pk=response.json()["id"])


def test_note_colleague_sees_recruiter_note(candidate, recruiter_note, colleague_a_api):
    listed = colleague_a_api.get(NOTES)
    detail = colleague_a_api.get(f"{NOTES}{recruiter_note.pk}/")
    profile = colleague_a_api.get(profile_url(candidate))

    assert [note["id"] for note in listed.json()] == [recruiter_note.pk]
    assert (detail.status_code, detail.json()["note"]) == (200, "Call back")
    assert [note["id"] for note in profile.json()["get_all_notes"]] == [recruiter_note.pk]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_note_colleague_cannot_change_recruiter_note(recruiter_note, colleague_a_api, method):
    before = snapshot(recruiter_note)
    data = {"put": {"note": "Edited"}, "patch": {"note": "Edited"}, "delete": None}[method]

    response = getattr(colleague_a_api, method)(f"{NOTES}{recruiter_note.pk}/", data)

    assert response.status_code == 403, response.content
    assert list(response.json()) == ["detail"]
    assert snapshot(recruiter_note) == before


def test_note_author_updates_and_deletes_recruiter_note(recruiter_note, employer_a_api):
    url = f"{NOTES}{recruiter_note.pk}/"

    patched = employer_a_api.patch(url, {"note": "Called; follow up Friday."})
    deleted = employer_a_api.delete(url)

    assert (patched.status_code, patched.json()["note"]) == (200, "Called; follow up Friday.")
    assert patched.json()["organization"] == recruiter_note.organization_id
    assert deleted.status_code == 204
    assert not Note.objects.filter(pk=recruiter_note.pk).exists()


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_note_other_organization_gets_404_on_detail(recruiter_note, employer_b_api, method):
    before = snapshot(recruiter_note)
    data = {"get": None, "put": {"note": "X"}, "patch": {"note": "X"}, "delete": None}[method]

    response = getattr(employer_b_api, method)(f"{NOTES}{recruiter_note.pk}/", data)

    assert response.status_code == 404, response.content
    assert response.json() == NOT_FOUND
    assert snapshot(recruiter_note) == before


def test_note_other_organization_never_sees_it_in_lists(candidate, recruiter_note, employer_b_api):
    listed = employer_b_api.get(NOTES)
    filtered = employer_b_api.get(NOTES, {"profile": candidate.slug})
    profile = employer_b_api.get(profile_url(candidate))
    full = employer_b_api.get(profile_url(candidate, "full/"))

    assert (listed.json(), filtered.json()) == ([], [])
    assert profile.status_code == 200, profile.content
    assert profile.json()["get_all_notes"] == []
    assert full.json()["get_all_notes"] == []


def test_note_candidate_never_sees_recruiter_note(candidate, candidate_api, recruiter_note):
    own = NoteFactory(profile=candidate)

    listed = candidate_api.get(NOTES)
    detail = candidate_api.get(f"{NOTES}{recruiter_note.pk}/")
    profile = candidate_api.get(profile_url(candidate))
    full = candidate_api.get(profile_url(candidate, "full/"))

    assert [note["id"] for note in listed.json()] == [own.pk]
    assert (detail.status_code, detail.json()) == (404, NOT_FOUND)
    assert [note["id"] for note in profile.json()["get_all_notes"]] == [own.pk]
    assert [note["id"] for note in full.json()["get_all_notes"]] == [own.pk]


def test_note_candidate_cannot_change_recruiter_note(candidate_api, recruiter_note):
    before = snapshot(recruiter_note)

    patched = candidate_api.patch(f"{NOTES}{recruiter_note.pk}/", {"note": "Ignore this"})
    deleted = candidate_api.delete(f"{NOTES}{recruiter_note.pk}/")

    assert (patched.status_code, deleted.status_code) == (404, 404)
    assert snapshot(recruiter_note) == before


def test_note_employer_never_sees_candidates_own_notes(candidate, employer_a_api):
    own = NoteFactory(profile=candidate, note="My private reminder")

    listed = employer_a_api.get(NOTES)
    detail = employer_a_api.get(f"{NOTES}{own.pk}/")
    profile = employer_a_api.get(profile_url(candidate))

    assert listed.json() == []
    assert (detail.status_code, detail.json()) == (404, NOT_FOUND)
    assert profile.json()["get_all_notes"] == []


def test_note_list_query_count_is_the_same_for_1_and_5(candidate, employer_a, org_a):
    client = client_for(employer_a)
    NoteFactory(profile=candidate, author=employer_a, organization=org_a)
    one = query_count(client, NOTES)
    for _ in range(4):
        author = MembershipFactory(organization=org_a).user
        NoteFactory(profile=CandidateProfileFactory(), author=author, organization=org_a)

    five = query_count(client, NOTES)

    assert len(client.get(NOTES).json()) == 5
    assert five == one


# --- notes: get_all_notes is bounded, the full list is paginated ---------------------------------


def _notes_in_order(profile, count: int, **kwargs) -> list[Note]:
    """`count` notes on `profile`, each a minute newer than the one before (oldest first)."""
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    notes = [NoteFactory(profile=profile, **kwargs) for _ in range(count)]
    for minutes, note in enumerate(notes):
        Note.objects.filter(pk=note.pk).update(created_at=start + dt.timedelta(minutes=minutes))
    return notes


def test_get_all_notes_holds_the_latest_20_of_25_newest_first(candidate, candidate_api):
    notes = _notes_in_order(candidate, 25)

    profile = candidate_api.get(profile_url(candidate))
    full = candidate_api.get(profile_url(candidate, "full/"))

    newest_20 = [note.pk for note in reversed(notes[5:])]
    assert [note["id"] for note in profile.json()["get_all_notes"]] == newest_20
    assert [note["id"] for note in full.json()["get_all_notes"]] == newest_20


def test_get_all_notes_bound_is_per_profile_in_the_list(org_a, employer_a, employer_a_api):
    profiles = [CandidateProfileFactory(), CandidateProfileFactory()]
    notes = {
        profile.pk: _notes_in_order(profile, 22, author=employer_a, organization=org_a)
        for profile in profiles
    }

    response = employer_a_api.get(f"{CANDIDATES}profiles/")

    assert response.status_code == 200, response.content
    assert {
        body["id"]: [note["id"] for note in body["get_all_notes"]] for body in response.json()
    } == {profile.pk: [note.pk for note in reversed(notes[profile.pk][2:])] for profile in profiles}


def test_notes_list_of_a_profile_pages_through_all_25(candidate, candidate_api, other_candidate):
    notes = _notes_in_order(candidate, 25)
    NoteFactory(profile=other_candidate)
    newest_first = [note.pk for note in reversed(notes)]

    pages = [
        candidate_api.get(NOTES, {"profile": candidate.slug, "page_size": 10, "page": page})
        for page in (1, 2, 3)
    ]
    everything = candidate_api.get(NOTES, {"profile": candidate.slug})

    assert [[note["id"] for note in page.json()] for page in pages] == [
        newest_first[:10],
        newest_first[10:20],
        newest_first[20:],
    ]
    assert [page["X-Total-Count"] for page in pages] == ["25", "25", "25"]
    assert 'rel="next"' in pages[0]["Link"] and 'rel="prev"' not in pages[0]["Link"]
    assert 'rel="prev"' in pages[2]["Link"] and 'rel="next"' not in pages[2]["Link"]
    assert [note["id"] for note in everything.json()] == newest_first


def test_notes_list_of_a_profile_is_scoped_to_the_organization(
    candidate, org_a, org_b, employer_a, employer_b, employer_a_api
):
    ours = _notes_in_order(candidate, 25, author=employer_a, organization=org_a)
    NoteFactory(profile=candidate, author=employer_b, organization=org_b)
    NoteFactory(profile=candidate)  # the candidate's own

    response = employer_a_api.get(NOTES, {"profile": candidate.slug, "page_size": 100})

    assert response.status_code == 200, response.content
    assert [note["id"] for note in response.json()] == [note.pk for note in reversed(ours)]
    assert response["X-Total-Count"] == "25"
