"""`platform_core.prepared`: a prepared query returns what its queryset returns, compiled once.

Each check compares with the plain queryset, so a Django upgrade that changes the compiler
internals the module relies on fails here."""

import math
import threading

import pytest
from django.db import DatabaseError, connection
from django.db.models import Count, Exists, OuterRef
from django.test.utils import CaptureQueriesContext, isolate_apps

from apps.accounts.models import User
from apps.candidates.models import CandidateProfile, Education, Skill
from apps.jobs.models import JobPost
from platform_core import prepared
from platform_core.prepared import PreparedQuery
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.jobs.factories import JobPostFactory
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


def test_a_counted_page_is_the_page_and_the_count_by_one_query():
    users = [UserFactory(first_name="Ada") for _ in range(7)]
    query = PreparedQuery(_users)
    low, high = users[0].pk, users[-1].pk
    plain = _users("range", low=low, high=high)
    for offset, limit in ((0, 3), (3, 3), (6, 3)):
        with CaptureQueriesContext(connection) as queries:
            page, total = query.counted_page(
                "range", offset=offset, limit=limit, low=low, high=high
            )
        assert len(queries) == 1
        assert total == 7
        _same(page, list(plain[offset : offset + limit]))
        # The count is not left on the instances as an annotation would be.
        assert all(prepared._TOTAL not in user.__dict__ for user in page)
    # Past the end no row carries the count.
    assert query.counted_page("range", offset=9, limit=3, low=low, high=high) == ([], None)
    # Other values, the same compiled query: the count follows them.
    page, total = query.counted_page("range", offset=0, limit=2, low=users[5].pk, high=high)
    assert (total, [user.pk for user in page]) == (2, [users[6].pk, users[5].pk])


def test_a_counted_page_of_an_aggregating_queryset_counts_its_rows():
    profile = CandidateProfileFactory()
    for name in ("Python", "SQL"):
        Skill.objects.create(profile=profile, name=name, key=name.lower())
    CandidateProfileFactory()

    def with_skill_counts(low):
        return (
            CandidateProfile.objects.filter(pk__gte=low).annotate(n=Count("skills")).order_by("pk")
        )

    page, total = PreparedQuery(with_skill_counts).counted_page(offset=0, limit=1, low=profile.pk)
    assert total == 2
    assert [(p.pk, p.n) for p in page] == [(profile.pk, 2)]


def test_a_bounded_count_stops_at_its_limit_with_its_own_compiled_query():
    users = [UserFactory(first_name="Ada") for _ in range(7)]
    query = PreparedQuery(_users)
    low, high = users[0].pk, users[-1].pk

    counts = [query.count_up_to(limit, "range", low=low, high=high) for limit in (3, 7, 50)]

    assert counts == [3, 7, 7]
    assert query.count("range", low=low, high=high) == 7  # the unbounded count, unchanged
    with CaptureQueriesContext(connection) as queries:
        query.count_up_to(2, "range", low=low, high=high)
    assert queries[0]["sql"].startswith("SELECT COUNT(*) FROM (")
    assert "LIMIT" in queries[0]["sql"]


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


def _state(instance) -> dict:
    """What an instance holds, its related-object cache by the related objects' primary keys."""
    values = {key: value for key, value in instance.__dict__.items() if key != "_state"}
    cache = instance._state.fields_cache
    return {
        "values": values,
        "cached": {name: getattr(obj, "pk", obj) for name, obj in cache.items()},
        "adding": instance._state.adding,
        "db": instance._state.db,
    }


def _profiles(**values):
    return (
        CandidateProfile.objects.filter(pk__gte=values["low"])
        .select_related("user", "user__profile")
        .defer("resume_data", "user__password")
        .order_by("id")
    )


def test_instances_made_without_init_hold_what_from_db_gives_them():
    """Instances whose fields are plain are made by filling their __dict__: the same values,
    deferred fields (loaded on access), related objects both ways, stored files and state."""
    first = CandidateProfileFactory(resume_data={"skills": ["Python"], "big": 2**70})
    CandidateProfileFactory()
    query = PreparedQuery(_profiles)
    assert prepared._stores_plainly(CandidateProfile)

    got, expected = query(low=first.pk), list(_profiles(low=first.pk))
    assert [_state(one) for one in got] == [_state(one) for one in expected]
    assert [_state(one.user) for one in got] == [_state(one.user) for one in expected]
    mine = got[0]
    assert mine.resume_data == {"skills": ["Python"], "big": 2**70}  # deferred: read on access
    assert mine.user.profile.user is mine.user  # the reverse side is set, as select_related does
    assert mine.resume_file.name == expected[0].resume_file.name
    mine.save(update_fields=["is_available"])  # an instance from the database updates, not inserts
    assert CandidateProfile.objects.count() == 2


def test_init_receivers_are_honoured():
    """While a `post_init` receiver listens, instances go through `from_db` (and so `__init__`)."""
    from django.db.models.signals import post_init

    profile = CandidateProfileFactory()
    query = PreparedQuery(_profiles)
    query(low=profile.pk)
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append((sender, instance.pk))

    post_init.connect(receiver)
    try:
        got = query(low=profile.pk)
    finally:
        post_init.disconnect(receiver)
    models = {sender for sender, _ in seen}
    assert {CandidateProfile, User} <= models
    assert (CandidateProfile, got[0].pk) in seen
    before = len(seen)
    query(low=profile.pk)
    assert len(seen) == before


@isolate_apps("apps.candidates")
def test_a_model_with_its_own_init_or_dimension_fields_goes_through_from_db():
    from django.db import models

    class Custom(models.Model):
        name = models.CharField(max_length=10)

        class Meta:
            app_label = "candidates"
            managed = False

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.extra = True

        def __str__(self):
            return self.name

    class Sized(models.Model):
        width = models.IntegerField(null=True)
        picture = models.ImageField(width_field="width")

        class Meta:
            app_label = "candidates"
            managed = False

        def __str__(self):
            return self.picture.name

    assert not prepared._stores_plainly(Custom)
    assert not prepared._stores_plainly(Sized)
    assert prepared._stores_plainly(User)


def test_a_model_naming_its_after_from_db_step_is_filled_plainly_and_takes_the_step():
    """JobPost's `from_db` only remembers the loaded values of its tracked fields; instances
    made without it remember the same values, so a save still sees what changed."""
    job = JobPostFactory(title="Nurse")
    query = PreparedQuery(lambda pk: JobPost.objects.filter(pk=pk).defer("job_desc"))
    assert prepared._stores_plainly(JobPost)

    got, expected = query(pk=job.pk)[0], JobPost.objects.defer("job_desc").get(pk=job.pk)

    assert got._loaded_values == expected._loaded_values
    assert got.changed_fields() == expected.changed_fields() == {"job_desc"}  # deferred: unknown
    got.title = "Senior nurse"
    assert "title" in got.changed_fields()


@pytest.mark.parametrize(
    "resume_data",
    [
        {"skills": ["Python", "SQL"], "summary": "é ✓ \u2028"},
        {"big": 2**70, "small": -(2**63) - 1},  # 19 digits or more: Django's converter
        {"edges": [2**63 - 1, -(2**63), 10**18 - 1, -(10**18) + 1, 10**18]},
        {"stages": [{"organization": 12, "status": "applied"}], "ratio": 0.1, "tiny": 5e-324},
        # Values PostgreSQL's jsonb keeps as they are (it stores 1e308 as an integer of 309 digits).
        {"floats": [3.141592653589793, 1.5e15, -0.0, 2.5e-5, 2.2250738585072014e-308]},
        {"nested": [{"a": []}, None, True, 0.5]},
        [],
    ],
)
def test_json_columns_read_by_prepared_queries_are_what_the_orm_reads(resume_data):
    profile = CandidateProfileFactory(
        resume_data=resume_data, work_mode_preferences=["remote", "hybrid"]
    )
    query = PreparedQuery(lambda pk: CandidateProfile.objects.filter(pk=pk))

    got, expected = query(pk=profile.pk)[0], CandidateProfile.objects.get(pk=profile.pk)

    assert got.resume_data == expected.resume_data == resume_data
    assert type(got.resume_data) is type(resume_data)
    assert got.work_mode_preferences == expected.work_mode_preferences == ["remote", "hybrid"]


def test_json_text_orjson_refuses_goes_through_djangos_converter():
    from django.db.models import JSONField

    converter = prepared._faster(JSONField().from_db_value)

    assert converter('["remote"]', None, connection) == ["remote"]
    assert converter("not json", None, connection) == "not json"  # as Django's gives it back
    assert math.isnan(converter('{"x": NaN}', None, connection)["x"])  # the standard library's
    assert converter(None, None, connection) is None


def _names(**values):
    educations = Education.objects.filter(profile_id=values["profile"]).order_by()
    skills = Skill.objects.filter(profile_id=values["profile"]).order_by()
    educations, skills = educations.values_list("institution"), skills.values_list("name")
    return educations.union(skills, all=True).order_by("institution")


def test_rows_of_a_union_are_its_tuples_compiled_once():
    profile = CandidateProfileFactory()
    Education.objects.create(profile=profile, institution="MIT", course_name="CS")
    Skill.objects.create(profile=profile, name="Ada", key="ada")
    query = PreparedQuery(_names)
    assert (
        query.rows(profile=profile.pk) == list(_names(profile=profile.pk)) == [("Ada",), ("MIT",)]
    )
    with CaptureQueriesContext(connection) as queries:
        assert query.rows(profile=profile.pk + 1000) == []
    assert len(queries) == 1


def _ids(shape: str, **values):
    return _users(shape, **values).values_list("id")


def test_rows_with_a_limit_are_the_slices_of_the_querysets_rows():
    users = [UserFactory(first_name="Ada") for _ in range(7)]
    query = PreparedQuery(_ids)
    low, high = users[0].pk, users[-1].pk
    plain = list(_ids("range", low=low, high=high))
    for offset, limit in ((0, 3), (3, 3), (6, 3), (9, 3), (0, 100)):
        got = query.rows("range", limit=limit, offset=offset, low=low, high=high)
        assert got == plain[offset : offset + limit]
    # Unsliced, the same query answers every row: the two are compiled apart.
    assert query.rows("range", low=low, high=high) == plain


def test_rows_with_a_limit_refuse_a_queryset_sliced_already():
    query = PreparedQuery(lambda low: User.objects.filter(pk__gte=low).values_list("id")[:2])

    with pytest.raises(ValueError, match="unsliced"):
        query.rows(limit=1, low=1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate")
def test_estimate_is_the_planners_row_count_without_running_the_query():
    for _ in range(3):
        UserFactory(first_name="Ada")
    query = PreparedQuery(_users)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_user")

    with CaptureQueriesContext(connection) as queries:
        everyone = query.estimate("range", low=0, high=10**9)
        nobody = query.estimate("range", low=10**9, high=0)

    assert [sql["sql"].startswith("EXPLAIN") for sql in queries] == [True, True]
    assert everyone == User.objects.count()
    assert nobody == 1  # the planner never expects fewer than one row


@pytest.mark.skipif(connection.vendor == "postgresql", reason="no planner estimate there")
def test_estimate_is_zero_where_the_database_has_no_planner_estimate():
    assert PreparedQuery(_users).estimate("range", low=0, high=10**9) == 0


def test_keys_first_pages_are_the_querysets_slices_and_pick_the_keys_in_a_subquery():
    users = [UserFactory(first_name="Ada") for _ in range(7)]
    query = PreparedQuery(_users, keys_first=True)
    low, high = users[0].pk, users[-1].pk
    plain = _users("range", low=low, high=high)
    for offset, limit in ((0, 3), (3, 3), (6, 3), (9, 3)):
        with CaptureQueriesContext(connection) as queries:
            page = query.page("range", offset=offset, limit=limit, low=low, high=high)
        _same(page, list(plain[offset : offset + limit]))
        sql = queries[0]["sql"]
        assert "IN (SELECT" in sql
        assert sql.rstrip().endswith("DESC")  # the outer query sorts the page, unsliced
        counted, total = query.counted_page("range", offset=offset, limit=limit, low=low, high=high)
        _same(counted, list(plain[offset : offset + limit]))
        assert total == (7 if offset < 7 else None)


def test_keys_first_refuses_a_queryset_without_an_order():
    query = PreparedQuery(lambda low: User.objects.filter(pk__gte=low).order_by(), keys_first=True)

    with pytest.raises(ValueError, match="order"):
        query.page(offset=0, limit=1, low=1)
