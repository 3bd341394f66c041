"""The candidate search's own table on PostgreSQL (`SearchEntry`, migration 0011), which the
database's triggers keep: every way a profile's resume text, its user's names or its skills
change shows in the next `?search=`, through the API as through the ORM, and what the table
answers is what the profiles' own tables answer. SQLite has no such table and searches the
profiles themselves (test_candidate_search.py covers both)."""

import pytest
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.candidates.models import CandidateProfile, SearchEntry, Skill
from apps.candidates.services import search_matches
from tests.factories import UserFactory
from tests.helpers import client_for

from .factories import CandidateProfileFactory, SkillFactory
from .helpers import PROFILES

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the search table is PostgreSQL's"
)

CANDIDATES = "/api/candidates/"


def found(employer_api, term: str) -> list[str]:
    response = employer_api.get(PROFILES, {"search": term})
    assert response.status_code == 200, response.content
    assert int(response["X-Total-Count"]) == len(response.json())
    return [item["slug"] for item in response.json()]


def entry(profile) -> SearchEntry:
    return SearchEntry.objects.get(profile_id=profile.pk)


@pytest.fixture
def ada(db):
    profile = CandidateProfileFactory(
        user__first_name="Ada", user__last_name="Lovelace", resume_text="Analytical engines."
    )
    SkillFactory(profile=profile, name="Difference calculus")
    return profile


def test_a_new_profile_has_its_entry_of_names_skills_and_words(ada):
    assert entry(ada).terms == "Ada\nLovelace\nDifference calculus"
    assert SearchEntry.objects.filter(profile_id=ada.pk, words="engine").exists()


def test_a_changed_resume_text_is_searched_by_its_new_words(ada, employer_api):
    ada.resume_text = "Poetical science."
    ada.save()

    assert found(employer_api, "poetical") == [ada.slug]
    assert found(employer_api, "engines") == []


def written_by(profile) -> str:
    """The transaction that last wrote the profile's entry (its row's xmin)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT xmin::text FROM candidates_searchentry WHERE profile_id = %s", [profile.pk]
        )
        return cursor.fetchone()[0]


def rewritten(profile, change) -> bool:
    """Whether `change()`, in a transaction of its own within the test's, rewrote the entry."""
    before = written_by(profile)
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT change")
        change()
        cursor.execute("RELEASE SAVEPOINT change")
    # A savepoint's writes carry its subtransaction's id.
    return written_by(profile) != before


def test_a_change_elsewhere_in_the_profile_or_a_login_leaves_the_entry(ada):
    def relocate():
        ada.willing_to_relocate = True
        ada.save()

    def log_in():
        ada.user.last_login = timezone.now()
        ada.user.save()

    assert not rewritten(ada, relocate)
    assert not rewritten(ada, log_in)
    assert SearchEntry.objects.filter(profile_id=ada.pk, words="engine").exists()


def test_a_change_of_what_is_searched_rewrites_the_entry(ada):
    def retext():
        ada.resume_text = "Looms."
        ada.save()

    def rename():
        ada.user.first_name = "Augusta"
        ada.user.save()

    assert rewritten(ada, retext)
    assert rewritten(ada, rename)


def test_a_renamed_candidate_is_found_by_the_new_name_only(ada, employer_api):
    response = client_for(ada.user).patch("/api/auth/profile/", {"last_name": "King"})
    assert response.status_code == 200, response.content

    assert found(employer_api, "king") == [ada.slug]
    assert found(employer_api, "lovelace") == []


def test_skills_added_renamed_and_deleted_over_http_are_searched(ada, employer_api):
    client = client_for(ada.user)
    added = client.post(f"{CANDIDATES}skills/", {"name": "Bernoulli numbers"})
    assert added.status_code == 201, added.content
    assert found(employer_api, "bernoulli") == [ada.slug]

    skill_id = added.json()["id"]
    renamed = client.patch(f"{CANDIDATES}skills/{skill_id}/", {"name": "Looms"})
    assert renamed.status_code == 200, renamed.content
    assert found(employer_api, "bernoulli") == []
    assert found(employer_api, "loom") == [ada.slug]

    deleted = client.delete(f"{CANDIDATES}skills/{skill_id}/")
    assert deleted.status_code == 204, deleted.content
    assert found(employer_api, "loom") == []
    assert entry(ada).terms == "Ada\nLovelace\nDifference calculus"


def test_a_skill_moved_to_another_profile_leaves_the_first(ada):
    other = CandidateProfileFactory(user__first_name="Charles", user__last_name="Babbage")
    Skill.objects.filter(profile=ada).update(profile=other)

    assert entry(ada).terms == "Ada\nLovelace"
    assert entry(other).terms == "Charles\nBabbage\nDifference calculus"


def test_a_deleted_profile_leaves_no_entry(ada, employer_api):
    profile_id = ada.pk
    ada.user.delete()

    assert not SearchEntry.objects.filter(profile_id=profile_id).exists()
    assert found(employer_api, "lovelace") == []


def test_bulk_inserted_profiles_and_skills_each_have_their_entry(db):
    users = [UserFactory(first_name=f"Bulk{i}", last_name="Person") for i in range(3)]
    profiles = CandidateProfile.objects.bulk_create(
        CandidateProfile(user=user, slug=f"bulk-{i}", resume_text=f"Welder number {i}")
        for i, user in enumerate(users)
    )
    Skill.objects.bulk_create(
        Skill(profile=profile, name=name, key=name.lower())
        for profile in profiles
        for name in ("Arc welding", "Blueprints")
    )

    entries = SearchEntry.objects.filter(profile_id__in=[p.pk for p in profiles])
    assert sorted(entries.values_list("terms", flat=True)) == [
        f"Bulk{i}\nPerson\nArc welding\nBlueprints" for i in range(3)
    ]
    assert entries.filter(words="welder").count() == 3


def test_truncating_the_profiles_empties_the_table(ada):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's foreign keys are deferred
        cursor.execute("TRUNCATE candidates_candidateprofile CASCADE")

    assert not SearchEntry.objects.exists()


@pytest.mark.parametrize("term", ["ada", "LACE", "calc", "ence ca", "a", "engine", "zzz"])
def test_the_table_answers_what_the_profiles_own_tables_answer(ada, term):
    other = CandidateProfileFactory(user__first_name="Adam", user__last_name="Smith")
    SkillFactory(profile=other, name="Calculus")
    CandidateProfileFactory(user__first_name="Nobody", user__last_name="Else")

    by_tables = set(
        CandidateProfile.objects.filter(
            Q(user__first_name__icontains=term)
            | Q(user__last_name__icontains=term)
            | Q(skills__name__icontains=term)
        ).values_list("pk", flat=True)
    ) | set(
        CandidateProfile.objects.annotate(words=SearchVector("resume_text", config="english"))
        .filter(words=SearchQuery(term, config="english", search_type="websearch"))
        .values_list("pk", flat=True)
    )

    assert {row["profile_id"] for row in search_matches(term)} == by_tables


def test_a_term_with_a_line_break_does_not_match_across_two_names(ada, employer_api):
    assert found(employer_api, "Ada\nLovelace") == []
    assert found(employer_api, "Ada") == [ada.slug]


def test_the_search_reads_the_table_not_the_resume_texts(ada, employer_api):
    with CaptureQueriesContext(connection) as captured:
        assert found(employer_api, "engines") == [ada.slug]

    searched = [q["sql"] for q in captured if "candidates_searchentry" in q["sql"]]
    assert searched, "the search did not read candidates_searchentry"
    assert not any("to_tsvector" in sql for sql in searched)
