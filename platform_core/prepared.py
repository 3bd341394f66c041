"""Querysets compiled to SQL once per database connection, then run again with new values.

On the hot paths the ORM's building and compiling of a query cost more CPU than the database
spends answering it: about 1.1 of 1.4 ms for the authenticated user, 2 to 3 ms for a profile
with its notes (docs/performance.md). A `PreparedQuery` wraps a function that builds the queryset
from its arguments. The first call on a connection builds it twice, with two sets of stand-in
values, compiles both and notes where their SQL parameters differ: that is where each value goes.
Every later call puts the real values there and runs the SQL. Rows become instances as QuerySet
iteration makes them (the backend's converters, `select_related` objects, annotations, then the
queryset's `prefetch_related` lookups), so callers get what the queryset would have returned;
where `Model.__init__` would only store each value, an instance is made by filling its __dict__
(`_stores_plainly`), which costs a fraction of it. `rows()` answers plain tuples instead, for a
query whose rows are no model's (a `union()` of several models' rows).

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
from functools import partial
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

import orjson
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    BigIntegerField,
    JSONField,
    Model,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.fields.files import FileDescriptor, ImageFileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import RelatedPopulator, get_related_populators
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

# The annotation that carries `counted_page`'s count.
_TOTAL = "_prepared_total"

# The names of a page's LIMIT and OFFSET where they are values of the query (`keys_first`):
# no keyword argument can have them.
_PAGE_LIMIT, _PAGE_OFFSET = "page limit", "page offset"

# Per connection and query, the shapes kept compiled; an unbounded number of positional
# arguments (a mistake: they are meant to be few) only costs compiling again.
MAX_SHAPES = 64

ModelT = TypeVar("ModelT", bound=Model)


def _sentinels(values: dict[str, Any], round_: int) -> dict[str, int | str]:
    """Stand-ins of the values' types, different in each of the two rounds a query is compiled
    in: the parameters that differ between the rounds are where the values go. Integers stay
    within a small integer column's range, since Django compiles an out-of-range integer lookup
    as matching nothing."""
    stand_ins: dict[str, int | str] = {}
    for index, (name, value) in enumerate(values.items()):
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise TypeError(f"Prepared query values are int or str, not {type(value).__name__}.")
        if isinstance(value, int):
            stand_ins[name] = 30_001 + 1_000 * round_ + index
        else:
            stand_ins[name] = f"\x1fprepared-{round_}-{index}\x1f"
    return stand_ins


def _compile(queryset: QuerySet, connection) -> tuple[Any, str, list]:
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    return compiler, sql, list(params)


class _Compiled:
    """One shape of one query on one connection: its SQL and where the values go in its
    parameters, found by comparing the parameters of two compilations with different
    stand-ins (`first`, `second`)."""

    def __init__(self, sql: str, params: list, other: tuple[str, list], first, second) -> None:
        self.sql = sql
        self.params = params
        self.slots: list[tuple[int, str, type | None]] = []
        if other[0] != sql or len(other[1]) != len(params):
            raise ValueError("The query's SQL changes with its values: make them positional.")
        for position, (one, two) in enumerate(zip(params, other[1], strict=True)):
            if one == two and type(one) is type(two):
                continue
            name = next(
                (
                    name
                    for name in first
                    if isinstance(one, type(first[name]))
                    and one == first[name]
                    and two == second[name]
                ),
                None,
            )
            if name is None:  # a LIKE pattern, a cast: the real value cannot be put there
                raise ValueError(
                    f"A value reaches the SQL transformed ({one!r}): make it positional."
                )
            # The backend's own wrapper (psycopg's Int2 for a small integer column) is kept.
            wrapper = None if type(one) is type(first[name]) else type(one)
            self.slots.append((position, name, wrapper))
        missing = set(first) - {name for _, name, _ in self.slots}
        if missing:
            raise ValueError(
                f"{', '.join(sorted(missing))}: does not reach the SQL as a parameter; make it "
                "positional (part of the shape) or pass it untransformed."
            )

    def execute(self, connection, values: dict[str, Any], extra: tuple = ()) -> list[tuple]:
        params = list(self.params)
        for position, name, wrapper in self.slots:
            params[position] = values[name] if wrapper is None else wrapper(values[name])
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [*params, *extra])
            return cursor.fetchall()


def _converters(compiler) -> list[tuple[int, tuple[Callable, ...], Any]] | None:
    """The compiler's converters of each selected column, looked up once (`results_iter` looks
    them up on every call); None when the query selects composite columns, which
    `results_iter` also regroups."""
    fields = [column[0] for column in compiler.select[: compiler.col_count]]
    if compiler.has_composite_fields(fields):
        return None
    return [
        (position, tuple(map(_faster, converters)), expression)
        for position, (converters, expression) in compiler.get_converters(fields).items()
    ]


def _faster(converter: Callable) -> Callable:
    """A column converter, or one that gives the same values faster."""
    field = getattr(converter, "__self__", None)
    if (
        getattr(converter, "__func__", None) is JSONField.from_db_value
        and type(field) is JSONField
        and field.decoder is None
    ):
        return partial(_json_value, converter)
    return converter


def _json_value(from_db_value: Callable, value, expression, connection):
    # orjson reads JSON about twice as fast as the standard library, and reads the same values
    # except integers past 64 bits (as floats): text without a run of 19 digits has none, since
    # every integer of 18 digits or fewer fits in 64 bits, and that is nearly all JSON (choice
    # values, an application's stages with their ids, a resume's data). The rest goes through
    # Django's converter. The runs are looked for with every digit made a 0 (`bytes.translate`:
    # a tenth of orjson's time; a regular expression of 19 digits costs four times orjson's).
    if type(value) is str:
        encoded = value.encode("utf-8", "surrogatepass")  # orjson refuses a lone surrogate
        if _LONG_NUMBER not in encoded.translate(_DIGITS_AS_ZERO):
            try:
                return orjson.loads(encoded)
            except orjson.JSONDecodeError:
                pass  # Django's converter decides (NaN, text that is not JSON)
    return from_db_value(value, expression, connection)


_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 19


# The descriptors `Model.__init__` sets a value through that, on a new instance, only store it
# in the instance's __dict__.
_STORING_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute, FileDescriptor)


def _stores_plainly(model: type[Model]) -> bool:
    """Whether `model.from_db` comes down to filling the new instance's __dict__ (and the one
    step `after_from_db` names): `__init__` is not overridden, nor `from_db` unless the model
    names that step, and each column's attribute is one of Django's storing descriptors (an
    image field's only without dimension fields, which it would update)."""
    if model.__init__ is not Model.__init__:
        return False
    if model.from_db.__func__ is not Model.from_db.__func__ and not _after_from_db(model):  # type: ignore[attr-defined]
        return False
    for field in model._meta.concrete_fields:
        descriptor = next(
            (
                klass.__dict__[field.attname]
                for klass in model.__mro__
                if field.attname in klass.__dict__
            ),
            None,
        )
        if type(descriptor) is ImageFileDescriptor:
            if field.width_field or field.height_field:  # type: ignore[attr-defined]
                return False
        elif type(descriptor) not in _STORING_DESCRIPTORS:
            return False
    return True


def _after_from_db(model: type[Model]) -> str | None:
    """The method a model's `from_db` calls on the instance Django's made, when that is all its
    override does and it says so: `after_from_db = "<method name>"` on the model."""
    return getattr(model, "after_from_db", None)


def _maker(model: type[Model], alias: str, attnames: list[str]) -> Callable[[Any], Model]:
    """How a row's values (in `attnames` order) become an instance of `model`: what
    `model.from_db` makes, without its per-field `setattr` where `_stores_plainly` allows."""
    if not _stores_plainly(model):
        return lambda values: model.from_db(alias, attnames, values)
    after = _after_from_db(model)

    def make(values):
        instance = model.__new__(model)
        state = ModelState()
        state.adding = False
        state.db = alias
        instance.__dict__.update(zip(attnames, values, strict=True))
        instance._state = state
        if after is not None:
            getattr(instance, after)()
        return instance

    return make


class _Populator:
    """Django's `RelatedPopulator.populate` (one `select_related` object of a row), making its
    instances with `_maker`."""

    def __init__(self, populator: RelatedPopulator, alias: str) -> None:
        self.populator = populator
        self.model = populator.model_cls
        self.make = _maker(populator.model_cls, alias, populator.init_list)
        self.related = [_Populator(related, alias) for related in populator.related_populators]

    def models(self) -> list[type[Model]]:
        return [self.model, *(model for related in self.related for model in related.models())]

    def populate(self, row, from_obj) -> None:
        populator = self.populator
        if populator.reorder_for_init:
            values = populator.reorder_for_init(row)
        else:
            values = row[populator.cols_start : populator.cols_end]
        if values[populator.pk_idx] is None:
            instance = None
        else:
            instance = self.make(values)
            for related in self.related:
                related.populate(row, instance)
        populator.local_setter(from_obj, instance)
        if instance is not None:
            populator.remote_setter(instance, from_obj)


class _CompiledQuery(_Compiled):
    """One shape of a queryset's query on one connection: its compiler, and the converters of
    its columns, looked up once (`results_iter` looks them up on every call)."""

    def __init__(self, queryset: QuerySet, other: QuerySet, first, second, connection) -> None:
        self.compiler, sql, params = _compile(queryset, connection)
        super().__init__(sql, params, _compile(other, connection)[1:], first, second)
        self.converters = _converters(self.compiler)

    def converted(self, rows: list[tuple]):
        """The rows with the database's values converted as the ORM converts them."""
        if self.converters is None:
            return self.compiler.results_iter([rows])
        if not self.converters:
            return rows
        return self._converted(rows)

    def _converted(self, rows: list[tuple]):
        connection = self.compiler.connection
        for row in map(list, rows):
            for position, converters, expression in self.converters or ():
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            yield row


class _CompiledRows(_CompiledQuery):
    """A query of model instances: also how its rows become instances, as ModelIterable makes
    them, with two savings: the columns' converters are looked up once, and an instance whose
    fields are plain is made by filling its __dict__ rather than through `__init__`'s `setattr`
    per field (while no `pre_init`/`post_init` receiver listens to its model)."""

    def __init__(self, queryset: QuerySet, other: QuerySet, first, second, connection) -> None:
        self.model = queryset.model
        self.alias = connection.alias
        self.prefetch = queryset._prefetch_related_lookups  # type: ignore[attr-defined]
        super().__init__(queryset, other, first, second, connection)
        select, klass_info = self.compiler.select, self.compiler.klass_info
        if klass_info is None:
            raise ValueError("A prepared query selects model instances (no values()).")
        fields = klass_info["select_fields"]
        self.fields = slice(fields[0], fields[-1] + 1)
        self.init_list = [column[0].target.attname for column in select[self.fields]]
        # django-stubs describe a later Django, whose populators also take a fetch mode.
        self.related = get_related_populators(klass_info, select, self.alias)  # type: ignore[call-arg]
        self.annotations = dict(self.compiler.annotation_col_map)
        self.make = _maker(self.model, self.alias, self.init_list)
        self.fast_related = [_Populator(populator, self.alias) for populator in self.related]
        self.models = [
            self.model,
            *(model for populator in self.fast_related for model in populator.models()),
        ]

    def instances(self, connection, values: dict[str, Any], extra: tuple = ()) -> list:
        return self.made(self.execute(connection, values, extra))

    def made(self, rows: list[tuple]) -> list:
        """The instances of rows this query read."""
        # Receivers may connect at any time (a test's, a library's): checked on every run.
        signalled = any(
            pre_init.has_listeners(model) or post_init.has_listeners(model) for model in self.models
        )
        make: Callable[[Any], Model] = self.make
        related: list[RelatedPopulator] | list[_Populator] = self.fast_related
        if signalled:
            make = partial(self.model.from_db, self.alias, self.init_list)
            related = self.related
        instances = []
        for row in self.converted(rows):
            instance = make(row[self.fields])
            for populator in related:
                populator.populate(row, instance)
            for name, position in self.annotations.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        if self.prefetch and instances:
            prefetch_related_objects(instances, *self.prefetch)
        return instances


class _CompiledTuples(_CompiledQuery):
    """A query of plain rows (`values()`, a `union()` of several models' rows)."""

    def tuples(self, connection, values: dict[str, Any], extra: tuple = ()) -> list[tuple]:
        return [tuple(row) for row in self.converted(self.execute(connection, values, extra))]


class PreparedQuery(Generic[ModelT]):
    """A queryset-building function whose queries are compiled once per connection and shape.

    `query(*shape, **values)` is the list the queryset holds (`rows()` the same as tuples, for
    a queryset of no model's instances); `count()` its length, and `page(offset, limit, ...)`
    a slice of it, for `paginate` (the queryset itself unsliced); `counted_page` both by one
    query (`paginate_prepared`).
    `count_build`, when given, builds the queryset counted (the same rows, without what only
    the page needs: annotations, joins); by default the queryset unordered, without its
    `select_related` and prefetches.

    With `keys_first`, a page first picks its rows' primary keys from the counted queryset, in
    the list's order (`LIMIT`/`OFFSET` there), and then reads those rows: the database skips the
    OFFSET's rows on the narrow query, where a plain page makes each of them whole (its joins,
    its subqueries in the SELECT) before skipping it. A deep page then costs about what the
    first does; the list must be ordered by `order_by()`, ending in a unique key."""

    def __init__(
        self,
        build: Callable[..., QuerySet[ModelT]],
        *,
        count_build: Callable[..., QuerySet[ModelT]] | None = None,
        keys_first: bool = False,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        self.build = build
        self.count_build = count_build
        self.keys_first = keys_first
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
            first, second = _sentinels(values, 0), _sentinels(values, 1)
            compiled = shapes[key] = make(first, second, connection)
            if len(shapes) > MAX_SHAPES:
                shapes.popitem(last=False)
        else:
            shapes.move_to_end(key)
        return compiled, connection

    def _queryset(self, build, shape: tuple, sentinels: dict) -> QuerySet:
        return build(*shape, **sentinels).using(self.using)

    def __call__(self, *shape: Hashable, **values: int | str) -> list[ModelT]:
        def make(first, second, connection):
            build = partial(self._queryset, self.build, shape)
            return _CompiledRows(build(first), build(second), first, second, connection)

        compiled, connection = self._compiled_for(("rows", *shape), values, make)
        return compiled.instances(connection, values)

    def rows(
        self, *shape: Hashable, limit: int | None = None, offset: int = 0, **values: int | str
    ) -> list[tuple]:
        """The query's rows as tuples, its values converted as the ORM converts them: for a
        query whose rows are no model's instances (a `union()` of several models' rows, the
        ids of a list). With `limit`, at most that many from `offset` on, the database
        stopping there (the queryset built unsliced, as for `page()`)."""
        sliced = limit is not None

        def make(first, second, connection):
            build = partial(self._queryset, self.build, shape)
            queryset = build(first)
            if sliced and queryset.query.is_sliced:
                raise ValueError("rows(limit=) slices the queryset itself: build it unsliced.")
            compiled = _CompiledTuples(queryset, build(second), first, second, connection)
            if sliced:
                compiled.sql += " LIMIT %s OFFSET %s"
            return compiled

        compiled, connection = self._compiled_for(("tuples", sliced, *shape), values, make)
        return compiled.tuples(connection, values, (limit, offset) if sliced else ())

    def page(self, *shape: Hashable, offset: int, limit: int, **values: int | str) -> list[ModelT]:
        def make(first, second, connection):
            return self._compiled_page(shape, first, second, connection)

        compiled, connection = self._compiled_for(("page", *shape), values, make)
        return compiled.instances(connection, *self._paged(values, offset, limit))

    def _paged(self, values: dict, offset: int, limit: int) -> tuple[dict, tuple]:
        """A page's values and the parameters after them (`_compiled_page`'s SQL)."""
        if self.keys_first:
            return {**values, _PAGE_LIMIT: limit, _PAGE_OFFSET: offset}, ()
        return values, (limit, offset)

    def counted_page(
        self, *shape: Hashable, offset: int, limit: int, **values: int | str
    ) -> tuple[list[ModelT], int | None]:
        """`page()` and `count()` by one query: the page's rows carry the count, a subquery
        that does not depend on the row, so the database counts once (an InitPlan on
        PostgreSQL), in the same snapshot as the page. The count is None when the page is
        empty: there is no row to carry it (`count()` then tells)."""

        def make(first, second, connection):
            compiled = self._compiled_page(shape, first, second, connection, counted=True)
            compiled.total_position = compiled.annotations.pop(_TOTAL)
            return compiled

        compiled, connection = self._compiled_for(("counted_page", *shape), values, make)
        rows = compiled.execute(connection, *self._paged(values, offset, limit))
        total = rows[0][compiled.total_position] if rows else None
        return compiled.made(rows), total

    def _compiled_page(
        self,
        shape: tuple,
        first: dict,
        second: dict,
        connection,
        counted: bool = False,
    ) -> _CompiledRows:
        if self.keys_first:  # the page's LIMIT and OFFSET are values, in the keys' subquery
            first = {**first, _PAGE_LIMIT: 20_001, _PAGE_OFFSET: 20_002}
            second = {**second, _PAGE_LIMIT: 21_001, _PAGE_OFFSET: 21_002}

        def build(sentinels):
            page = (_PAGE_LIMIT, _PAGE_OFFSET)
            values = {name: value for name, value in sentinels.items() if name not in page}
            queryset = self._queryset(self.build, shape, values)
            if queryset.query.is_sliced:
                raise ValueError("page() slices the queryset itself: build it unsliced.")
            if self.keys_first:
                keys = self._keys(shape, values, queryset, sentinels, connection)
                queryset = queryset.filter(pk__in=keys)
            if counted:
                sql, params = _compile(self._counted(shape, values), connection)[1:]
                count = RawSQL(  # noqa: S611 (compiled SQL, its parameters)
                    f"SELECT COUNT(*) FROM ({sql}) prepared_count",  # noqa: S608 (compiled SQL)
                    params,
                    output_field=BigIntegerField(),
                )
                queryset = queryset.annotate(**{_TOTAL: count})
            return queryset

        compiled = _CompiledRows(build(first), build(second), first, second, connection)
        if not self.keys_first:
            compiled.sql += " LIMIT %s OFFSET %s"
        return compiled

    def _keys(
        self, shape: tuple, values: dict, queryset: QuerySet, sentinels: dict, connection
    ) -> RawSQL:
        """The primary keys of a page of `queryset` (`keys_first`): the counted queryset in
        the same order, from the page's OFFSET to its LIMIT."""
        order = queryset.query.order_by
        if not order:
            raise ValueError(
                "keys_first: order the queryset by order_by(), ending in a unique key."
            )
        keys = self._counted(shape, values).order_by(*order).values("pk")
        sql, params = _compile(keys, connection)[1:]
        page = (sentinels[_PAGE_LIMIT], sentinels[_PAGE_OFFSET])
        return RawSQL(f"{sql} LIMIT %s OFFSET %s", (*params, *page))  # noqa: S611 (compiled SQL)

    def _counted(self, shape: tuple, sentinels: dict) -> QuerySet:
        """The queryset `count()` counts: `count_build`'s, or the list's without what only its
        page needs (order, `select_related`, prefetches)."""
        if self.count_build is not None:
            return self._queryset(self.count_build, shape, sentinels).order_by()
        queryset = self._queryset(self.build, shape, sentinels)
        return queryset.select_related(None).prefetch_related(None).order_by()

    def count(self, *shape: Hashable, **values: int | str) -> int:
        return self._count(shape, values, None)

    def estimate(self, *shape: Hashable, **values: int | str) -> int:
        """How many rows the PostgreSQL planner expects `count()` to count: one EXPLAIN, which
        plans the query without running it (0 on other databases)."""

        def make(first, second, connection):
            _, sql, params = _compile(self._counted(shape, first), connection)
            other_sql, other_params = _compile(self._counted(shape, second), connection)[1:]
            explain = "EXPLAIN (FORMAT JSON) "
            return _Compiled(
                explain + sql, params, (explain + other_sql, other_params), first, second
            )

        compiled, connection = self._compiled_for(("estimate", *shape), values, make)
        if connection.vendor != "postgresql":
            return 0
        plan = compiled.execute(connection, values)[0][0]
        if isinstance(plan, str):  # psycopg decodes json, unless told otherwise
            plan = orjson.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])

    def count_up_to(self, limit: int, *shape: Hashable, **values: int | str) -> int:
        """The number of rows, or `limit` if there are more: the database stops reading there
        (for lists too long to count)."""
        return self._count(shape, values, limit)

    def _count(self, shape: tuple, values: dict[str, int | str], up_to: int | None) -> int:
        bounded = " LIMIT %s" if up_to is not None else ""

        def make(first, second, connection):
            _, sql, params = _compile(self._counted(shape, first), connection)
            other = _compile(self._counted(shape, second), connection)[1:]
            count_sql = f"SELECT COUNT(*) FROM ({sql}{bounded}) prepared_count"  # noqa: S608
            other_sql = f"SELECT COUNT(*) FROM ({other[0]}{bounded}) prepared_count"  # noqa: S608
            return _Compiled(count_sql, params, (other_sql, other[1]), first, second)

        key = ("count", bool(bounded), *shape)
        compiled, connection = self._compiled_for(key, values, make)
        extra = (up_to,) if up_to is not None else ()
        return compiled.execute(connection, values, extra)[0][0]
