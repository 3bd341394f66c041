"""`platform_core.prepared`: a prepared query returns what its queryset returns, compiled once.

Each check compares with the plain queryset, so a Django upgrade that changes the compiler
internals the module relies on fails here."""

import threading

import pytest
from django.db import DatabaseError, connection
from django.db.models import Count, Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.candidates.models import CandidateProfile, Education, Skill
from platform_core import prepared
from platform_core.prepared import PreparedQuery
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _users(shape: str, **values):
    users = User.objects.select_related("profile").annotate(
        has_profile=Exists(CandidateProfile.objects.filter(user=OuterRef("pk")))
    )
    if shape == "by_name":
        return users.filter(first_name=values["name"]).order_by("id")
    return users.filter(pk__gte=values["low"], pk__lte=values["high"]).order_by("-id")


def _same(got, expected) -> None:
    assert [user.pk for user in got] == [user.pk for user in expected]
    for mine, theirs in zip(got, expected, strict=True):
        assert mine.__dict__.keys() - {"_state"} == theirs.__dict__.keys() - {"_state"}
        for name in ("email", "first_name", "date_joined", "is_verified", "has_profile"):
            assert getattr(mine, name) == getattr(theirs, name)
        assert User.profile.is_cached(mine)
        assert mine.profile.pk == theirs.profile.pk
        assert mine._state.adding is False
        assert mine._state.db == "default"


def test_rows_are_the_querysets_instances_with_related_objects_and_annotations():
    people = [UserFactory(first_name=name) for name in ("Ada", "Ada", "Grace")]
    CandidateProfileFactory(user=people[1])
    query = PreparedQuery(_users)

    for name in ("Ada", "Grace", "Nobody"):
        _same(query("by_name", name=name), list(_users("by_name", name=name)))
    low, high = people[0].pk, people[2].pk
    _same(query("range", low=low, high=high), list(_users("range", low=low, high=high)))
    assert [user.has_profile for user in query("by_name", name="Ada")] == [False, True]


def test_compiled_once_per_connection_and_shape_then_one_query_a_call():
    UserFactory(first_name="Ada")
    calls = []

    def build(shape, **values):
        calls.append(shape)
        return _users(shape, **values)

    query = PreparedQuery(build)
    query("by_name", name="Ada")
    with CaptureQueriesContext(connection) as queries:
        assert len(query("by_name", name="Ada")) == 1
        assert query("by_name", name="Grace") == []
    assert calls == ["by_name", "by_name"]  # built twice (two sets of stand-ins), compiled once
    assert len(queries.captured_queries) == 2
    query("range", low=1, high=2)
    assert calls == ["by_name"] * 2 + ["range"] * 2

    def in_other_thread():
        from django.db import connections

        try:
            query("by_name", name="Ada")
        except DatabaseError:  # SQLite's in-memory test database is this thread's only
            pass
        finally:
            connections.close_all()

    thread = threading.Thread(target=in_other_thread)
    thread.start()
    thread.join()
    # A thread's connection compiles its own.
    assert calls == ["by_name"] * 2 + ["range"] * 2 + ["by_name"] * 2


def test_page_and_count_match_slicing_and_count_of_the_queryset():
    users = [UserFactory(first_name="Ada") for _ in range(7)]
    query = PreparedQuery(_users)
    low, high = users[0].pk, users[-1].pk
    plain = _users("range", low=low, high=high)
    assert query.count("range", low=low, high=high) == plain.count() == 7
    for offset, limit in ((0, 3), (3, 3), (6, 3), (9, 3)):
        page = query.page("range", offset=offset, limit=limit, low=low, high=high)
        _same(page, list(plain[offset : offset + limit]))


def test_count_of_an_aggregating_queryset_counts_its_rows():
    profile = CandidateProfileFactory()
    for name in ("Python", "SQL"):
        Skill.objects.create(profile=profile, name=name, key=name.lower())
    CandidateProfileFactory()

    def with_skill_counts(low):
        return CandidateProfile.objects.filter(pk__gte=low).annotate(n=Count("skills"))

    query = PreparedQuery(with_skill_counts)
    assert query.count(low=profile.pk) == with_skill_counts(profile.pk).count() == 2
    assert sorted(p.n for p in query(low=profile.pk)) == [0, 2]


def test_prefetches_of_the_queryset_run_after_the_rows():
    profile = CandidateProfileFactory()
    Skill.objects.create(profile=profile, name="Python", key="python")

    query = PreparedQuery(
        lambda pk: CandidateProfile.objects.filter(pk=pk).prefetch_related("skills")
    )
    (found,) = query(pk=profile.pk)
    with CaptureQueriesContext(connection) as queries:
        assert [skill.name for skill in found.skills.all()] == ["Python"]
    assert queries.captured_queries == []


def test_a_small_integer_column_takes_its_value():
    # Stand-ins out of a column's range would compile as matching nothing (Django 5).
    profile = CandidateProfileFactory()
    Education.objects.create(profile=profile, institution="EPFL", start_year=2015)
    query = PreparedQuery(lambda year: Education.objects.filter(start_year=year))
    assert [row.institution for row in query(year=2015)] == ["EPFL"]
    assert query(year=2016) == []
    assert query.count(year=2015) == 1


def test_a_constant_equal_to_a_stand_in_stays_a_constant():
    users = [UserFactory(first_name="Ada") for _ in range(2)]
    query = PreparedQuery(lambda pk: User.objects.filter(pk=pk) | User.objects.filter(pk=30_001))
    assert [user.pk for user in query(pk=users[1].pk)] == [users[1].pk]


def test_values_must_reach_the_sql_unchanged_and_be_int_or_str():
    with pytest.raises(ValueError, match="transformed"):
        PreparedQuery(lambda name: User.objects.filter(first_name__icontains=name))(name="Ad")
    with pytest.raises(ValueError, match="transformed"):  # also there as given: still refused
        PreparedQuery(
            lambda name: User.objects.filter(first_name=name, last_name__startswith=name)
        )(name="Ad")
    with pytest.raises(ValueError, match="does not reach the SQL"):
        PreparedQuery(lambda name: User.objects.all())(name="Ada")
    with pytest.raises(TypeError, match="int or str"):
        PreparedQuery(lambda flag: User.objects.filter(is_staff=flag))(flag=True)
    with pytest.raises(ValueError, match="unsliced"):
        PreparedQuery(lambda pk: User.objects.filter(pk=pk)[:1]).page(offset=0, limit=1, pk=1)


def test_shapes_beyond_the_bound_are_compiled_again(monkeypatch):
    monkeypatch.setattr(prepared, "MAX_SHAPES", 2)
    calls = []

    def build(shape, pk):
        calls.append(shape)
        return User.objects.filter(pk=pk)

    query = PreparedQuery(build)
    for shape in ("a", "b", "a", "c", "a", "b"):
        query(shape, pk=1)
    # "a", used last, was kept; "b" was evicted. Each compiling builds twice.
    assert calls == ["a", "a", "b", "b", "c", "c", "b", "b"]


def test_which_values_are_given_is_part_of_the_shape():
    ada, grace = UserFactory(first_name="Ada"), UserFactory(first_name="Grace")

    def build(**values):
        users = User.objects.order_by("id")
        return users.filter(first_name=values["name"]) if "name" in values else users

    query = PreparedQuery(build)
    assert [user.pk for user in query(name="Ada")] == [ada.pk]
    assert {ada.pk, grace.pk} <= {user.pk for user in query()}
    assert [user.pk for user in query(name="Grace")] == [grace.pk]
