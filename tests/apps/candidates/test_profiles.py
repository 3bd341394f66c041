"""Candidate profiles over HTTP: creation, slugs, roles, who sees and writes what, the list and
its filters (contract sections 2, 3, 6, 7, 11)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.candidates.models import CandidateProfile, Note, Skill
from apps.candidates.schemas import NOTES_SHOWN
from apps.organizations.models import Membership, Organization
from tests.apps.organizations.factories import OrganizationFactory
from tests.factories import StaffFactory, UserFactory
from tests.helpers import NOT_FOUND, NOT_PROVIDED, ApiClient, client_for

from .factories import CandidateProfileFactory, EducationFactory, NoteFactory, SkillFactory
from .helpers import PROFILES, profile_url

ORGS = "/api/organization/organizations/"
DISABILITY_FIELDS = (
    "disability_categories",
    "accommodation_needs",
    "workplace_accommodations",
    "disclosure_preference",
)
PROFILE_KEYS = {
    "id",
    "slug",
    "user",
    "resume_file",
    "resume_data",
    "willing_to_relocate",
    "employment_type_preferences",
    "work_mode_preferences",
    "has_workvisa",
    "expected_salary_range",
    "video_pitch",
    "is_available",
    "disability_categories",
    "accommodation_needs",
    "workplace_accommodations",
    "disclosure_preference",
    "parsing_status",
    "is_verified_profile",
    "get_all_notes",
    "created_at",
    "updated_at",
}
DISCLOSED = {
    "disability_categories": ["sensory", "mental_health"],
    "accommodation_needs": "YES",
    "workplace_accommodations": ["flexible_schedule", "assistive_technology"],
    "disclosure_preference": "DURING_APPLICATION",
}
HIDDEN = dict.fromkeys(DISABILITY_FIELDS)


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()]


def snapshot(profile: CandidateProfile) -> dict:
    """The stored state of a profile, to show a refused request changed nothing."""
    return CandidateProfile.objects.filter(pk=profile.pk).values().get()


@pytest.fixture
def candidate(db):
    """The root conftest's candidate, with disability data disclosed (tests read it back)."""
    return CandidateProfileFactory(**DISCLOSED)


# --- create -------------------------------------------------------------------------------------


def test_create_json_returns_full_profile(user, user_api):
    user.profile.phone = "+1 416 555 0100"
    user.profile.location = "Toronto"
    user.profile.github_url = "https://github.com/someone"
    user.profile.current_status = "Looking"
    user.profile.gender = "female"
    user.profile.ethnicity = "Private ethnicity"
    user.profile.citizenship_status = "Private status"
    user.profile.save()

    response = user_api.post(
        PROFILES,
        {
            "willing_to_relocate": True,
            "employment_type_preferences": ["full-time", "contract"],
            "work_mode_preferences": ["remote"],
            "has_workvisa": True,
            "expected_salary_range": "80k-100k",
            "is_available": True,
            **DISCLOSED,
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    profile = CandidateProfile.objects.get()
    assert {k: v for k, v in body.items() if k not in ("created_at", "updated_at")} == {
        "id": profile.pk,
        "slug": profile.slug,
        "organization": None,
        "user": {
            "id": user.pk,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "profile": {
                "avatar": None,
                "phone": "+1 416 555 0100",
                "location": "Toronto",
                "linkedin_url": "",
                "github_url": "https://github.com/someone",
                "portfolio_url": "",
                "current_status": "Looking",
            },
        },
        "resume_file": None,
        "resume_data": None,
        "willing_to_relocate": True,
        "employment_type_preferences": ["full-time", "contract"],
        "work_mode_preferences": ["remote"],
        "has_workvisa": True,
        "expected_salary_range": "80k-100k",
        "video_pitch": None,
        "is_available": True,
        **DISCLOSED,
        "parsing_status": "not_parsed",
        "is_verified_profile": False,
        "get_all_notes": [],
    }
    created_at = dt.datetime.fromisoformat(body["created_at"])
    assert abs(created_at - profile.created_at) < dt.timedelta(milliseconds=1)


def test_create_response_has_every_seed_field(user_api):
    response = user_api.post(PROFILES, {})

    assert response.status_code == 201
    # Contract section 7: the seed's fields (which include `organization`) plus three more.
    assert set(response.json()) == PROFILE_KEYS | {"organization"}


def test_create_defaults_when_body_is_empty(user_api):
    response = user_api.post(PROFILES, {})

    body = response.json()
    assert {
        key: body[key]
        for key in (
            "willing_to_relocate",
            "employment_type_preferences",
            "work_mode_preferences",
            "has_workvisa",
            "is_available",
            *DISABILITY_FIELDS,
        )
    } == {
        "willing_to_relocate": False,
        "employment_type_preferences": [],
        "work_mode_preferences": [],
        "has_workvisa": False,
        "is_available": True,
        "disability_categories": [],
        "accommodation_needs": "",
        "workplace_accommodations": [],
        "disclosure_preference": "NOT_APPLICABLE",
    }


def test_create_slug_is_random_suffixed_first_name_without_email(db):
    user = UserFactory(email="secret.handle@example.com", first_name="Ada")
    client = client_for(user)

    slug = client.post(PROFILES, {}).json()["slug"]

    assert re.fullmatch(r"ada-[0-9a-f]{10}", slug)
    assert "secret" not in slug and "handle" not in slug


def test_create_slug_differs_for_same_first_name(db):
    first, second = UserFactory(first_name="Ada"), UserFactory(first_name="Ada")

    slug_one = client_for(first).post(PROFILES, {}).json()["slug"]
    slug_two = client_for(second).post(PROFILES, {}).json()["slug"]

    assert slug_one != slug_two


def test_create_slug_without_usable_first_name_never_uses_email(db):
    user = UserFactory(email="hidden.person@example.com", first_name="")
    client = client_for(user)

    slug = client.post(PROFILES, {}).json()["slug"]

    assert re.fullmatch(r"candidate-[0-9a-f]{10}", slug)


def test_slug_unchanged_after_updates_and_rename(user, user_api):
    slug = user_api.post(PROFILES, {}).json()["slug"]

    user_api.patch(profile_url(slug), {"expected_salary_range": "90k"})
    user_api.put(profile_url(slug), {"has_workvisa": True})
    user_api.patch("/api/auth/profile/", {"first_name": "Renamed"})
    response = user_api.get(profile_url(slug))

    assert response.status_code == 200
    assert response.json()["slug"] == slug
    assert CandidateProfile.objects.get().slug == slug


def test_create_aliases_map_to_canonical_values(user_api):
    response = user_api.post(
        PROFILES,
        {
            "employment_type_preferences": ["intern", "Full-Time"],
            "work_mode_preferences": ["on-site", "remote"],
        },
    )

    body = response.json()
    assert (body["employment_type_preferences"], body["work_mode_preferences"]) == (
        ["internship", "full-time"],
        ["onsite", "remote"],
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("employment_type_preferences", ["full-time", "gig"]),
        ("work_mode_preferences", ["moon"]),
        ("disability_categories", ["physical", "unknown"]),
        ("workplace_accommodations", ["jetpack"]),
        ("accommodation_needs", "MAYBE"),
        ("disclosure_preference", "NEVER_EVER"),
    ],
)
def test_create_unknown_enum_value_returns_400_keyed_by_field(user_api, field, value):
    response = user_api.post(PROFILES, {field: value})

    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert isinstance(body[field], list) and body[field]
    assert CandidateProfile.objects.count() == 0


def test_patch_unknown_enum_value_returns_400_and_changes_nothing(candidate, candidate_api):
    before = snapshot(candidate)

    response = candidate_api.patch(profile_url(candidate), {"work_mode_preferences": ["space"]})

    assert response.status_code == 400
    assert list(response.json()) == ["work_mode_preferences"]
    assert snapshot(candidate) == before


def test_create_second_profile_returns_409(user_api):
    user_api.post(PROFILES, {})

    response = user_api.post(PROFILES, {"has_workvisa": True})

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert list(CandidateProfile.objects.values_list("has_workvisa", flat=True)) == [False]


def test_create_as_employer_returns_409(employer, employer_api):
    response = employer_api.post(PROFILES, {})

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert CandidateProfile.objects.count() == 0


def test_create_organization_as_candidate_returns_409(candidate, candidate_api):
    response = candidate_api.post(ORGS, {"name": "Side Business"})

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert (Organization.objects.count(), Membership.objects.count()) == (0, 0)


def test_create_anonymous_returns_401(api):
    response = api.post(PROFILES, {})

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED
    assert CandidateProfile.objects.count() == 0


def test_create_makes_user_a_candidate(user_api):
    user_api.post(PROFILES, {})

    me = user_api.get("/api/auth/users/me/").json()

    assert (me["is_candidate"], me["is_employer"]) == (True, False)


# --- read and write permissions -----------------------------------------------------------------


def test_get_as_owner_returns_profile_with_disability_data(candidate, candidate_api):
    response = candidate_api.get(profile_url(candidate))

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["slug"]) == (candidate.pk, candidate.slug)
    assert {key: body[key] for key in DISABILITY_FIELDS} == DISCLOSED


def test_patch_as_owner_changes_only_sent_fields(candidate, candidate_api):
    response = candidate_api.patch(
        profile_url(candidate), {"expected_salary_range": "100k", "work_mode_preferences": "hybrid"}
    )

    assert response.status_code == 200
    candidate.refresh_from_db()
    assert (
        candidate.expected_salary_range,
        candidate.work_mode_preferences,
        candidate.disability_categories,
    ) == ("100k", ["hybrid"], DISCLOSED["disability_categories"])


def test_put_as_owner_resets_unsent_fields(candidate, candidate_api):
    response = candidate_api.put(profile_url(candidate), {"willing_to_relocate": True})

    assert response.status_code == 200
    body = response.json()
    assert (body["willing_to_relocate"], body["disability_categories"], body["slug"]) == (
        True,
        [],
        candidate.slug,
    )


def test_delete_as_owner_removes_profile_and_records(candidate, candidate_api):
    EducationFactory(profile=candidate)
    SkillFactory(profile=candidate)

    response = candidate_api.delete(profile_url(candidate))

    assert response.status_code == 204
    assert (CandidateProfile.objects.count(), Skill.objects.count()) == (0, 0)
    assert candidate_api.get("/api/auth/users/me/").json()["is_candidate"] is False


@pytest.mark.parametrize(
    ("method", "suffix", "data"),
    [
        ("get", "", None),
        ("get", "full/", None),
        ("put", "", {"has_workvisa": True}),
        ("patch", "", {"has_workvisa": True}),
        ("delete", "", None),
    ],
)
def test_other_candidate_gets_404_on_every_method(
    candidate, other_candidate_api, method, suffix, data
):
    before = snapshot(candidate)

    response = getattr(other_candidate_api, method)(profile_url(candidate, suffix), data)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert snapshot(candidate) == before


def test_unknown_slug_returns_same_404_as_hidden_profile(candidate, other_candidate_api):
    hidden = other_candidate_api.get(profile_url(candidate))
    missing = other_candidate_api.get(profile_url("nobody-0000000000"))

    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_get_anonymous_returns_401(api, candidate):
    response = api.get(profile_url(candidate))

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def test_get_as_employer_available_candidate_returns_200(candidate, employer_api):
    response = employer_api.get(profile_url(candidate))

    assert response.status_code == 200
    assert response.json()["slug"] == candidate.slug


@pytest.mark.parametrize(
    ("method", "data"),
    [("put", {"has_workvisa": True}), ("patch", {"has_workvisa": True}), ("delete", None)],
)
def test_employer_write_returns_403(candidate, employer_api, method, data):
    before = snapshot(candidate)

    response = getattr(employer_api, method)(profile_url(candidate), data)

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert snapshot(candidate) == before


def test_employer_unavailable_candidate_returns_404(candidate, employer_api):
    CandidateProfile.objects.filter(pk=candidate.pk).update(is_available=False)

    detail = employer_api.get(profile_url(candidate))
    full = employer_api.get(profile_url(candidate, "full/"))
    patch = employer_api.patch(profile_url(candidate), {"has_workvisa": True})

    assert [detail.status_code, full.status_code, patch.status_code] == [404, 404, 404]
    assert detail.json() == NOT_FOUND


def test_employer_list_excludes_unavailable_candidate(candidate, other_candidate, employer_api):
    CandidateProfile.objects.filter(pk=candidate.pk).update(is_available=False)

    response = employer_api.get(PROFILES)

    assert slugs(response) == [other_candidate.slug]


def test_candidate_turning_unavailable_hides_from_employer(candidate, candidate_api, employer_api):
    candidate_api.patch(profile_url(candidate), {"is_available": False})

    response = employer_api.get(profile_url(candidate))

    assert response.status_code == 404


def test_staff_reads_every_profile(candidate, other_candidate, staff_api):
    CandidateProfile.objects.filter(pk=candidate.pk).update(is_available=False)

    detail = staff_api.get(profile_url(candidate))
    listing = staff_api.get(PROFILES)

    assert detail.status_code == 200
    assert {key: detail.json()[key] for key in DISABILITY_FIELDS} == DISCLOSED
    assert slugs(listing) == [candidate.slug, other_candidate.slug]


def test_staff_write_returns_403(candidate, staff_api):
    response = staff_api.patch(profile_url(candidate), {"has_workvisa": True})

    assert response.status_code == 403
    assert CandidateProfile.objects.get(pk=candidate.pk).has_workvisa is False


# --- disability data ----------------------------------------------------------------------------


def test_employer_detail_hides_disability_data_as_null(candidate, employer_api):
    body = employer_api.get(profile_url(candidate)).json()

    assert {key: body[key] for key in DISABILITY_FIELDS} == HIDDEN


def test_employer_list_hides_disability_data_as_null(candidate, employer_api):
    body = employer_api.get(PROFILES).json()

    assert [{key: item[key] for key in DISABILITY_FIELDS} for item in body] == [HIDDEN]


def test_employer_full_hides_disability_data_as_null(candidate, employer_api):
    body = employer_api.get(profile_url(candidate, "full/")).json()

    assert {key: body[key] for key in DISABILITY_FIELDS} == HIDDEN
    assert body["verified_profile"]["accessibility_needs"] == HIDDEN


@pytest.mark.parametrize("viewer", ["owner", "staff"])
def test_full_shows_disability_data_to_owner_and_staff(candidate, viewer):
    client = client_for(candidate.user if viewer == "owner" else StaffFactory())

    body = client.get(profile_url(candidate, "full/")).json()

    assert {key: body[key] for key in DISABILITY_FIELDS} == DISCLOSED
    assert body["verified_profile"]["accessibility_needs"] == DISCLOSED


def test_candidate_list_shows_own_disability_data(candidate, candidate_api):
    body = candidate_api.get(PROFILES).json()

    assert [{key: item[key] for key in DISABILITY_FIELDS} for item in body] == [DISCLOSED]


def test_full_lists_records_with_ids(candidate, candidate_api):
    education = EducationFactory(profile=candidate, institution="MIT")
    skill = SkillFactory(profile=candidate, name="Python")

    body = candidate_api.get(profile_url(candidate, "full/")).json()

    verified = body["verified_profile"]
    assert [(e["id"], e["institution"]) for e in verified["education"]] == [(education.pk, "MIT")]
    assert [(s["id"], s["name"]) for s in verified["skills"]] == [(skill.pk, "Python")]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_full_other_methods_return_405(candidate, candidate_api, method):
    response = getattr(candidate_api, method)(profile_url(candidate, "full/"), {})

    assert response.status_code == 405
    assert CandidateProfile.objects.filter(pk=candidate.pk).exists()


# --- notes shown on a profile -------------------------------------------------------------------


def test_get_all_notes_shows_only_employers_organization_notes(
    candidate, organization, employer, employer_api
):
    ours = NoteFactory(profile=candidate, organization=organization, author=employer)
    NoteFactory(profile=candidate, organization=OrganizationFactory())
    NoteFactory(profile=candidate)  # the candidate's own

    body = employer_api.get(profile_url(candidate)).json()

    assert [note["id"] for note in body["get_all_notes"]] == [ours.pk]


def test_get_all_notes_shows_candidate_only_own_notes(candidate, candidate_api, organization):
    own = NoteFactory(profile=candidate)
    NoteFactory(profile=candidate, organization=organization)

    body = candidate_api.get(profile_url(candidate)).json()

    assert [note["id"] for note in body["get_all_notes"]] == [own.pk]


# --- list ---------------------------------------------------------------------------------------


def test_list_as_candidate_returns_only_own(candidate, other_candidate, candidate_api):
    response = candidate_api.get(PROFILES)

    assert response.status_code == 200
    assert slugs(response) == [candidate.slug]
    assert response["X-Total-Count"] == "1"


def test_list_as_user_without_role_returns_empty(candidate, user_api):
    response = user_api.get(PROFILES)

    assert response.status_code == 200
    assert response.json() == []


def test_list_anonymous_returns_401(api, candidate):
    response = api.get(PROFILES)

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def test_list_as_employer_returns_available_candidates(candidate, other_candidate, employer_api):
    response = employer_api.get(PROFILES)

    assert slugs(response) == [candidate.slug, other_candidate.slug]


@pytest.fixture
def searchable(db):
    """Three available candidates that differ in names, skills, resume text and preferences."""
    ada = CandidateProfileFactory(
        user__first_name="Ada",
        user__last_name="Lovelace",
        resume_text="Analytical engine programmer",
        work_mode_preferences=["remote"],
        employment_type_preferences=["full-time", "internship"],
        willing_to_relocate=True,
        has_workvisa=False,
    )
    SkillFactory(profile=ada, name="Python")
    SkillFactory(profile=ada, name="SQL")
    alan = CandidateProfileFactory(
        user__first_name="Alan",
        user__last_name="Turing",
        resume_text="Codebreaking at Bletchley",
        work_mode_preferences=["onsite", "hybrid"],
        employment_type_preferences=["contract"],
        willing_to_relocate=False,
        has_workvisa=True,
    )
    SkillFactory(profile=alan, name="python")
    barbara = CandidateProfileFactory(
        user__first_name="Barbara",
        user__last_name="Liskov",
        resume_text="Substitution principle",
        work_mode_preferences=["hybrid"],
        employment_type_preferences=["part-time"],
        willing_to_relocate=False,
        has_workvisa=False,
    )
    SkillFactory(profile=barbara, name="CLU")
    return {"ada": ada, "alan": alan, "barbara": barbara}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"search": "ada"}, ["ada"]),  # first name
        ({"search": "TURING"}, ["alan"]),  # last name
        ({"search": "clu"}, ["barbara"]),  # skill
        ({"search": "bletchley"}, ["alan"]),  # resume text
        ({"search": "python"}, ["ada", "alan"]),
        ({"search": "nothing-matches"}, []),
        ({"skills": "Python,SQL"}, ["ada"]),
        ({"skills": "python, sql"}, ["ada"]),
        ({"skills": "PYTHON"}, ["ada", "alan"]),
        ({"skills": "Python,CLU"}, []),
        ({"work_mode": "hybrid"}, ["alan", "barbara"]),
        ({"work_mode": "on-site"}, ["alan"]),
        ({"work_mode": "remote"}, ["ada"]),
        ({"employment_type": "intern"}, ["ada"]),
        ({"employment_type": "contract"}, ["alan"]),
        ({"willing_to_relocate": "true"}, ["ada"]),
        ({"willing_to_relocate": "false"}, ["alan", "barbara"]),
        ({"has_workvisa": "true"}, ["alan"]),
        ({"has_workvisa": "false"}, ["ada", "barbara"]),
        ({"search": "a", "has_workvisa": "false", "work_mode": "hybrid"}, ["barbara"]),
    ],
)
def test_employer_list_filters(searchable, employer_api, query, expected):
    response = employer_api.get(PROFILES, query)

    assert response.status_code == 200
    assert slugs(response) == [searchable[name].slug for name in expected]


def test_employer_search_does_not_match_hidden_candidate(searchable, employer_api):
    CandidateProfile.objects.filter(pk=searchable["ada"].pk).update(is_available=False)

    response = employer_api.get(PROFILES, {"search": "python"})

    assert slugs(response) == [searchable["alan"].slug]


def test_employer_search_never_matches_disability_data(employer_api):
    CandidateProfileFactory(user__first_name="Zed", disability_categories=["sensory"])

    response = employer_api.get(PROFILES, {"search": "sensory"})

    assert response.json() == []


def test_list_pagination_headers(searchable, employer_api):
    first = employer_api.get(PROFILES, {"page_size": 2})
    last = employer_api.get(PROFILES, {"page_size": 2, "page": 2})
    beyond = employer_api.get(PROFILES, {"page_size": 2, "page": 5})

    assert slugs(first) == [searchable["ada"].slug, searchable["alan"].slug]
    assert first["X-Total-Count"] == "3"
    assert 'rel="next"' in first["Link"] and 'rel="last"' in first["Link"]
    assert 'rel="prev"' not in first["Link"]
    assert slugs(last) == [searchable["barbara"].slug]
    assert 'rel="prev"' in last["Link"] and 'rel="first"' in last["Link"]
    assert 'rel="next"' not in last["Link"]
    assert beyond.json() == []


def _employer_list_queries(client: ApiClient) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PROFILES, {"page_size": 100})
    assert response.status_code == 200
    return len(response.json()), len(queries)


def test_employer_list_query_count_is_constant(organization, employer, employer_api):
    def add_candidates(count: int) -> None:
        for _ in range(count):
            profile = CandidateProfileFactory()
            SkillFactory(profile=profile)
            NoteFactory(profile=profile, organization=organization, author=employer)

    add_candidates(1)
    one_count, one_queries = _employer_list_queries(employer_api)
    add_candidates(99)
    hundred_count, hundred_queries = _employer_list_queries(employer_api)

    assert (one_count, hundred_count) == (1, 100)
    assert hundred_queries == one_queries


def test_employer_list_query_count_is_constant_with_more_notes_than_shown(
    organization, employer, employer_api
):
    def add_candidates(count: int) -> None:
        profiles = [CandidateProfileFactory() for _ in range(count)]
        Note.objects.bulk_create(
            Note(profile=profile, author=employer, organization=organization, note=f"Note {n}")
            for profile in profiles
            for n in range(NOTES_SHOWN + 3)
        )

    add_candidates(1)
    one_count, one_queries = _employer_list_queries(employer_api)
    add_candidates(99)
    hundred_count, hundred_queries = _employer_list_queries(employer_api)
    body = employer_api.get(PROFILES, {"page_size": 100}).json()

    assert (one_count, hundred_count) == (1, 100)
    assert hundred_queries == one_queries
    assert {len(profile["get_all_notes"]) for profile in body} == {NOTES_SHOWN}
    assert all(
        {note["profile"] for note in profile["get_all_notes"]} == {profile["slug"]}
        for profile in body
    )


def test_employer_list_shows_notes_of_own_organization_only(
    organization, employer, employer_api, candidate
):
    ours = NoteFactory(profile=candidate, organization=organization, author=employer)
    NoteFactory(profile=candidate, organization=OrganizationFactory())

    body = employer_api.get(PROFILES).json()

    assert [[note["id"] for note in item["get_all_notes"]] for item in body] == [[ours.pk]]


def _add_notes(profile, organization, author, count: int, newest: dt.datetime) -> None:
    """`count` notes, two by two at the same minute going back from `newest` (the id decides
    between two of the same time)."""
    notes = Note.objects.bulk_create(
        Note(profile=profile, organization=organization, author=author, note=f"Note {n}")
        for n in range(count)
    )
    for n, note in enumerate(notes):
        Note.objects.filter(pk=note.pk).update(created_at=newest - dt.timedelta(minutes=n // 2))


def _latest_ids(profile, **scope) -> list[int]:
    notes = Note.objects.filter(profile=profile, **scope).order_by("-created_at", "-id")
    return list(notes.values_list("pk", flat=True)[:NOTES_SHOWN])


def _shown_ids(client: ApiClient, url: str, **params) -> dict[str, list[int]]:
    response = client.get(url, params)
    assert response.status_code == 200
    body = response.json()
    rows = body if isinstance(body, list) else [body]
    return {row["slug"]: [note["id"] for note in row["get_all_notes"]] for row in rows}


def test_each_listed_profile_shows_its_latest_notes_of_the_viewer(
    organization, employer, employer_api, candidate
):
    now = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    busy = CandidateProfileFactory(is_available=True)
    quiet = CandidateProfileFactory(is_available=True)
    _add_notes(busy, organization, employer, NOTES_SHOWN * 3, now - dt.timedelta(hours=1))
    _add_notes(busy, OrganizationFactory(), None, 5, now)  # newer, another organization's
    _add_notes(quiet, organization, employer, 3, now)
    _add_notes(candidate, None, candidate.user, NOTES_SHOWN + 4, now - dt.timedelta(hours=1))
    _add_notes(candidate, organization, employer, 2, now)  # the employer's, not the candidate's

    listed = _shown_ids(employer_api, PROFILES, page_size=100)
    own = _shown_ids(client_for(candidate.user), PROFILES)

    for profile in (busy, quiet):
        expected = _latest_ids(profile, organization=organization)
        assert listed[profile.slug] == expected
        assert _shown_ids(employer_api, profile_url(profile)) == {profile.slug: expected}
    assert len(listed[busy.slug]) == NOTES_SHOWN
    assert own == {candidate.slug: _latest_ids(candidate, organization=None)}
    assert len(own[candidate.slug]) == NOTES_SHOWN
