"""The employers' `?search=` on the candidate list (services.search_matches): names, skills and
resume text; on PostgreSQL counted and paged from the search table's matches
(services.SearchedProfiles), on SQLite each place its own query, united; the same answers in one
query count whatever the page size (issue 19, part 4; the figures at 100,000 profiles are in
docs/benchmarks.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.apps.jobs.factories import ApplicationFactory

from .factories import CandidateProfileFactory, SkillFactory
from .helpers import PROFILES

POSTGRES = connection.vendor == "postgresql"


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()]


@pytest.fixture
def grace(db):
    """Matched by `hopper` in three places: last name, a skill and the resume text."""
    profile = CandidateProfileFactory(
        user__first_name="Grace",
        user__last_name="Hopper",
        resume_text="Compiler pioneer; wrote the Hopper compiler notes as a nurse of code.",
    )
    SkillFactory(profile=profile, name="Hopper toolchain")
    return profile


def test_search_matching_one_profile_in_several_places_lists_it_once(grace, employer_api):
    response = employer_api.get(PROFILES, {"search": "hopper"})

    assert slugs(response) == [grace.slug]
    assert response["X-Total-Count"] == "1"


def test_search_unites_the_places_in_id_order(grace, employer_api):
    by_name = CandidateProfileFactory(user__first_name="Compiler", user__last_name="Smith")
    by_skill = CandidateProfileFactory(user__first_name="Kim")
    SkillFactory(profile=by_skill, name="Compiler design")
    CandidateProfileFactory(user__first_name="Nobody", resume_text="Gardening")

    response = employer_api.get(PROFILES, {"search": "compiler"})

    assert slugs(response) == [grace.slug, by_name.slug, by_skill.slug]
    assert response["X-Total-Count"] == "3"


def test_search_of_blanks_is_no_search(grace, employer_api):
    other = CandidateProfileFactory()

    response = employer_api.get(PROFILES, {"search": "   "})

    assert slugs(response) == [grace.slug, other.slug]


def test_search_query_count_does_not_grow_with_the_page(employer_api):
    for index in range(12):
        profile = CandidateProfileFactory(resume_text=f"Compiler engineer number {index}")
        SkillFactory(profile=profile, name=f"Compiler {index}")
    counts = []
    for size in (1, 12):
        with CaptureQueriesContext(connection) as captured:
            response = employer_api.get(PROFILES, {"search": "compiler", "page_size": size})
        assert len(response.json()) == size
        counts.append(len(captured))

    assert counts[0] == counts[1]


@pytest.mark.skipif(not POSTGRES, reason="words and stems: PostgreSQL's full-text search")
def test_search_of_resume_text_on_postgres_matches_words_and_their_stems(grace, employer_api):
    assert slugs(employer_api.get(PROFILES, {"search": "nurses"})) == [grace.slug]
    assert slugs(employer_api.get(PROFILES, {"search": "pioneer compiler"})) == [grace.slug]
    assert slugs(employer_api.get(PROFILES, {"search": "pione"})) == []


@pytest.mark.skipif(POSTGRES, reason="SQLite matches substrings of the resume text")
def test_search_of_resume_text_on_sqlite_matches_substrings(grace, employer_api):
    assert slugs(employer_api.get(PROFILES, {"search": "pione"})) == [grace.slug]
    assert slugs(employer_api.get(PROFILES, {"search": "nurses"})) == []


def test_search_finds_no_candidate_the_employer_may_not_see(grace, employer_api):
    grace.is_available = False
    grace.save(update_fields=["is_available"])

    response = employer_api.get(PROFILES, {"search": "hopper"})

    assert response.json() == []
    assert response["X-Total-Count"] == "0"


@pytest.fixture
def limit_of_two(monkeypatch):
    monkeypatch.setattr("apps.candidates.api.EXACT_COUNT_LIMIT", 2)


def test_a_search_counts_exactly_up_to_the_limit(limit_of_two, employer_api):
    for index in range(2):
        SkillFactory(profile=CandidateProfileFactory(), name=f"Welding {index}")

    response = employer_api.get(PROFILES, {"search": "welding"})

    assert response["X-Total-Count"] == "2"
    assert "X-Total-Count-Estimated" not in response


def test_a_search_above_the_limit_is_estimated_and_says_so(limit_of_two, employer_api):
    welders = [CandidateProfileFactory() for _ in range(5)]
    for profile in welders:
        SkillFactory(profile=profile, name="Welding")

    response = employer_api.get(PROFILES, {"search": "welding", "page_size": 2})

    assert response["X-Total-Count-Estimated"] == "true"
    assert int(response["X-Total-Count"]) >= 2  # never below the limit
    assert slugs(response) == [welders[0].slug, welders[1].slug]
    # Every page is read: walking them lists each welder once.
    seen = slugs(response)
    for number in (2, 3):
        seen += slugs(
            employer_api.get(PROFILES, {"search": "welding", "page_size": 2, "page": number})
        )
    assert seen == [profile.slug for profile in welders]


def test_a_list_without_search_counts_exactly_whatever_its_size(limit_of_two, employer_api):
    for _ in range(4):
        CandidateProfileFactory()

    response = employer_api.get(PROFILES, {"willing_to_relocate": "false"})

    assert response["X-Total-Count"] == "4"
    assert "X-Total-Count-Estimated" not in response


def test_a_candidate_searches_only_their_own_profile(grace, candidate, candidate_api):
    candidate.resume_text = "Hopper enthusiast."
    candidate.save()

    response = candidate_api.get(PROFILES, {"search": "hopper"})

    assert response.status_code == 200, response.content
    assert slugs(response) == [candidate.slug]
    assert response["X-Total-Count"] == "1"
    assert slugs(candidate_api.get(PROFILES, {"search": "compiler"})) == []


def test_an_anonymous_search_is_401(api, grace):
    response = api.get(PROFILES, {"search": "hopper"})

    assert response.status_code == 401
    assert list(response.json()) == ["detail"]


def test_a_search_over_200_characters_is_400(grace, employer_api):
    response = employer_api.get(PROFILES, {"search": "h" * 201})

    assert response.status_code == 400, response.content
    assert list(response.json()) == ["search"]


@pytest.fixture
def welders(db):
    """Eight welders (a skill), each with another mix of the list's filters; one more
    profile with none of it."""
    profiles = []
    for index in range(8):
        profile = CandidateProfileFactory(
            work_mode_preferences=["remote"] if index % 2 else ["on-site", "hybrid"],
            employment_type_preferences=["full-time"] if index % 3 else ["contract"],
            willing_to_relocate=index % 4 == 0,
            has_workvisa=index % 5 == 0,
        )
        SkillFactory(profile=profile, name="Welding")
        if index % 3 == 0:
            SkillFactory(profile=profile, name="Python")
        profiles.append(profile)
    CandidateProfileFactory(work_mode_preferences=["remote"], willing_to_relocate=True)
    return profiles


FILTERS = [
    {},
    {"work_mode": "remote"},
    {"work_mode": "Hybrid", "employment_type": "contract"},
    {"employment_type": "full-time", "willing_to_relocate": "true"},
    {"skills": "python"},
    {"skills": "python,welding", "has_workvisa": "true"},
    {"willing_to_relocate": "false", "has_workvisa": "false", "work_mode": "on-site"},
]


def _search_walked(employer_api, query: dict, size: int) -> tuple[list[str], list[str]]:
    """Every page of the search, and the totals each page answered."""
    seen, totals = [], []
    for number in range(1, 10):
        response = employer_api.get(PROFILES, {**query, "page": number, "page_size": size})
        assert response.status_code == 200
        totals.append(response["X-Total-Count"])
        if not response.json():
            break
        seen += slugs(response)
    return seen, totals


@pytest.mark.parametrize("limit", [2, 1000], ids=["estimated", "exact"])
@pytest.mark.parametrize("filters", FILTERS, ids=lambda filters: ",".join(filters) or "none")
def test_a_search_with_filters_lists_what_the_filters_alone_list_that_it_matches(
    welders, employer_api, monkeypatch, filters, limit
):
    """Counted and paged from the search's matches (services.SearchedProfiles on PostgreSQL),
    exactly or above the limit, the search lists the same profiles as the filters without it,
    less those it does not match."""
    monkeypatch.setattr("apps.candidates.api.EXACT_COUNT_LIMIT", limit)
    unsearched = slugs(employer_api.get(PROFILES, {**filters, "page_size": 100}))
    welder_slugs = {profile.slug for profile in welders}
    expected = [slug for slug in unsearched if slug in welder_slugs]

    seen, totals = _search_walked(employer_api, {**filters, "search": "welding"}, 2)

    assert seen == expected
    if len(expected) <= limit:
        assert set(totals) == {str(len(expected))}


def test_a_rare_search_pages_through_its_matches_in_id_order(welders, employer_api):
    seen, totals = _search_walked(employer_api, {"search": "welding"}, 3)

    assert seen == [profile.slug for profile in welders]
    assert set(totals) == {"8"}
    past_the_end = employer_api.get(PROFILES, {"search": "welding", "page": 9, "page_size": 3})
    assert past_the_end.json() == []
    assert past_the_end["X-Total-Count"] == "8"


@pytest.mark.parametrize("limit", [2, 1000], ids=["estimated", "exact"])
def test_a_search_finds_an_unavailable_candidate_only_by_the_organization_applied_to(
    grace, employer_api, other_employer_api, organization, monkeypatch, limit
):
    monkeypatch.setattr("apps.candidates.api.EXACT_COUNT_LIMIT", limit)
    grace.is_available = False
    grace.save(update_fields=["is_available"])
    ApplicationFactory(candidate=grace, job__organization=organization)

    mine = employer_api.get(PROFILES, {"search": "hopper"})
    theirs = other_employer_api.get(PROFILES, {"search": "hopper"})

    assert slugs(mine) == [grace.slug]
    assert mine["X-Total-Count"] == "1"
    assert theirs.json() == []
    assert theirs["X-Total-Count"] == "0"
