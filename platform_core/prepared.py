"""Querysets compiled to SQL once per database connection, then run again with new values.

On the hot paths the ORM's building and compiling of a query cost more CPU than the database
spends answering it: about 1.1 of 1.4 ms for the authenticated user, 2 to 3 ms for a profile
with its notes (docs/performance.md). A `PreparedQuery` wraps a function that builds the queryset
from its arguments. The first call on a connection builds it once with stand-in values
(sentinels), compiles it, and notes where each stand-in lands among the SQL parameters; every
later call puts the real values there and runs the SQL. Rows become instances as QuerySet
iteration makes them (the backend's converters, `select_related` objects, annotations, then the
queryset's `prefetch_related` lookups), so callers get what the queryset would have returned.

    profile_by_slug = PreparedQuery(lambda staff, slug: profiles(staff).filter(slug=slug)[:1])
    rows = profile_by_slug("staff", slug="ada-1f2e")     # positional: part of the cache key

Positional arguments choose the query's shape and are part of the cache key (a role, a flag:
keep them few); keyword arguments are values (int or str) that reach the SQL as parameters, and
only as given: a value the ORM transforms (a LIKE pattern, a date) or one that decides the
query's shape cannot be a keyword. Which keywords are given is part of the key too, so a build
function may filter on a value only when it is given. Building checks that every keyword value reaches the SQL.
The build function must depend on nothing else: a `timezone.now()` inside it would be compiled
once and frozen.

Connections are per thread, so a compiled query is never shared between threads. Compiling
relies on Django's compiler internals (`get_related_populators`, `results_iter`,
`klass_info`); tests/core/test_prepared.py checks each use against the plain queryset, so a
Django upgrade that changes them fails there.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet, prefetch_related_objects
from django.db.models.query import get_related_populators

# Per connection and query, the shapes kept compiled; an unbounded number of positional
# arguments (a mistake: they are meant to be few) only costs compiling again.
MAX_SHAPES = 64

ModelT = TypeVar("ModelT", bound=Model)


def _sentinel(value: Any, index: int) -> int | str:
    """A stand-in of the value's type that no real parameter holds. Integers stay inside the
    32-bit range: Django 5 compiles an out-of-range integer lookup as matching nothing."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"Prepared query values are int or str, not {type(value).__name__}.")
    if isinstance(value, int):
        return -2_000_000_000 - index
    return f"\x1fprepared-{index}\x1f"


class _Compiled:
    """One shape of one query on one connection: its SQL and where the values go in its
    parameters."""

    def __init__(self, sql: str, params, sentinels: dict[str, int | str]) -> None:
        self.sql = sql
        self.params = list(params)
        self.slots: list[tuple[int, str]] = []
        for name, sentinel in sentinels.items():
            found = [
                (position, name)
                for position, param in enumerate(self.params)
                if type(param) is type(sentinel) and param == sentinel
            ]
            embedded = isinstance(sentinel, str) and any(
                isinstance(param, str) and sentinel in param and param != sentinel
                for param in self.params
            )
            if embedded:  # transformed (a LIKE pattern): the real value cannot be put there
                raise ValueError(f"{name!r} reaches the SQL transformed: make it positional.")
            if not found:
                raise ValueError(
                    f"{name!r} does not reach the SQL as a parameter: make it positional "
                    "(part of the shape) or pass it untransformed."
                )
            self.slots += found

    def execute(self, connection, values: dict[str, Any], extra: tuple = ()) -> list[tuple]:
        params = list(self.params)
        for position, name in self.slots:
            params[position] = values[name]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [*params, *extra])
            return cursor.fetchall()


class _CompiledRows(_Compiled):
    """A query of model instances: also how its rows become instances, as ModelIterable makes
    them."""

    def __init__(self, queryset: QuerySet, sentinels: dict[str, int | str], connection) -> None:
        self.model = queryset.model
        self.alias = connection.alias
        self.prefetch = queryset._prefetch_related_lookups  # type: ignore[attr-defined]
        self.compiler = queryset.query.get_compiler(connection=connection)
        sql, params = self.compiler.as_sql()
        super().__init__(sql, params, sentinels)
        select, klass_info = self.compiler.select, self.compiler.klass_info
        if klass_info is None:
            raise ValueError("A prepared query selects model instances (no values()).")
        fields = klass_info["select_fields"]
        self.fields = slice(fields[0], fields[-1] + 1)
        self.init_list = [column[0].target.attname for column in select[self.fields]]
        # django-stubs describe a later Django, whose populators also take a fetch mode.
        self.related = get_related_populators(klass_info, select, self.alias)  # type: ignore[call-arg]
        self.annotations = dict(self.compiler.annotation_col_map)

    def instances(self, connection, values: dict[str, Any], extra: tuple = ()) -> list:
        rows = self.execute(connection, values, extra)
        instances = []
        for row in self.compiler.results_iter([rows]):
            instance = self.model.from_db(self.alias, self.init_list, row[self.fields])
            for populator in self.related:
                populator.populate(row, instance)
            for name, position in self.annotations.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        if self.prefetch and instances:
            prefetch_related_objects(instances, *self.prefetch)
        return instances


class PreparedQuery(Generic[ModelT]):
    """A queryset-building function whose queries are compiled once per connection and shape.

    `query(*shape, **values)` is the list the queryset holds; `count()` its length, and
    `page(offset, limit, ...)` a slice of it, for `paginate` (the queryset itself unsliced).
    `count_build`, when given, builds the queryset counted (the same rows, without what only
    the page needs: annotations, joins); by default the queryset unordered, without its
    `select_related` and prefetches."""

    def __init__(
        self,
        build: Callable[..., QuerySet[ModelT]],
        *,
        count_build: Callable[..., QuerySet[ModelT]] | None = None,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        self.build = build
        self.count_build = count_build
        self.using = using
        self._compiled: WeakKeyDictionary[Any, OrderedDict[Hashable, _Compiled]] = (
            WeakKeyDictionary()
        )

    def _compiled_for(self, key: Hashable, values: dict[str, Any], make) -> tuple[Any, Any]:
        connection = connections[self.using]
        key = (key, tuple(sorted(values)))  # which values are given can change the query too
        shapes = self._compiled.get(connection)
        if shapes is None:
            shapes = self._compiled[connection] = OrderedDict()
        compiled = shapes.get(key)
        if compiled is None:
            sentinels = {
                name: _sentinel(value, i) for i, (name, value) in enumerate(values.items())
            }
            compiled = shapes[key] = make(sentinels, connection)
            if len(shapes) > MAX_SHAPES:
                shapes.popitem(last=False)
        else:
            shapes.move_to_end(key)
        return compiled, connection

    def _queryset(self, build, shape: tuple, sentinels: dict) -> QuerySet:
        return build(*shape, **sentinels).using(self.using)

    def __call__(self, *shape: Hashable, **values: int | str) -> list[ModelT]:
        def make(sentinels, connection):
            return _CompiledRows(
                self._queryset(self.build, shape, sentinels), sentinels, connection
            )

        compiled, connection = self._compiled_for(("rows", *shape), values, make)
        return compiled.instances(connection, values)

    def page(self, *shape: Hashable, offset: int, limit: int, **values: int | str) -> list[ModelT]:
        def make(sentinels, connection):
            queryset = self._queryset(self.build, shape, sentinels)
            if queryset.query.is_sliced:
                raise ValueError("page() slices the queryset itself: build it unsliced.")
            compiled = _CompiledRows(queryset, sentinels, connection)
            compiled.sql += " LIMIT %s OFFSET %s"
            return compiled

        compiled, connection = self._compiled_for(("page", *shape), values, make)
        return compiled.instances(connection, values, (limit, offset))

    def count(self, *shape: Hashable, **values: int | str) -> int:
        def make(sentinels, connection):
            if self.count_build is not None:
                queryset = self._queryset(self.count_build, shape, sentinels)
            else:
                queryset = self._queryset(self.build, shape, sentinels)
                queryset = queryset.select_related(None).prefetch_related(None)
            sql, params = queryset.order_by().query.get_compiler(connection=connection).as_sql()
            count_sql = f"SELECT COUNT(*) FROM ({sql}) prepared_count"  # noqa: S608 (ORM SQL)
            return _Compiled(count_sql, params, sentinels)

        compiled, connection = self._compiled_for(("count", *shape), values, make)
        return compiled.execute(connection, values)[0][0]
