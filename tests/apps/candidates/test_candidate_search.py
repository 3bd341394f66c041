"""The employers' `?search=` on the candidate list (services.search_matches): names, skills and
resume text, each place its own query, united; the same answers in one query count whatever the
page size (issue 19, part 4; the figures at 100,000 profiles are in docs/benchmarks.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
