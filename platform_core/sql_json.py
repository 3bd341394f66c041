"""JSON and arrays in the query itself, on SQLite and PostgreSQL: related rows read in the
parent's own query as a JSON array (`JSONRows`), a list of ids as one parameter (`AmongIds`),
a subquery's values as one array (`AmongRows`), and rows whose stored JSON list holds given
values (`holding_all`: a job's skill keys, its accommodations).

A `prefetch_related` costs a second query per list and a model instance per related row, built
and compiled on every request; for a list that shows only a few columns of the related rows
(a job's skill ids and names), a correlated subquery that returns them as JSON is cheaper, and
a `PreparedQuery` compiles it with the rest of the list.
"""

from collections.abc import Iterable

from django.db import connections
from django.db.models import BooleanField, F, Func, JSONField, QuerySet, Subquery, Value
from django.db.models.functions import JSONObject

_COLUMN = "_json_row"


class JSONRows(Subquery):
    """The rows of `queryset` as a JSON array of objects `{key: value of field}` (`fields` maps
    each key to a field path of the queryset's model), in the queryset's order; `[]` when it
    has none. Correlate it with `OuterRef`, as any subquery.

    The order is the subquery's ORDER BY: PostgreSQL's `ARRAY(subquery)` keeps it; SQLite
    before 3.44 has no ORDER BY inside an aggregate, and `json_group_array` reads an ordered
    subquery in its order (SQLite never flattens an ordered subquery into an aggregate)."""

    def __init__(self, queryset: QuerySet, **fields: str) -> None:
        rows = queryset.values(**{_COLUMN: JSONObject(**fields)})
        super().__init__(rows, output_field=JSONField())

    def as_sqlite(self, compiler, connection, **extra_context):
        # `json()`: the column's text is JSON, not a string to quote again.
        template = f'(SELECT json_group_array(json("{_COLUMN}")) FROM (%(subquery)s))'  # noqa: S608
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        # jsonb, which Django's PostgreSQL backend reads as text for JSONField to decode.
        template = "to_jsonb(ARRAY(%(subquery)s))"
        return self.as_sql(compiler, connection, template=template, **extra_context)


class AmongIds(Func):
    """A condition: `field` is one of `ids`, a comma-separated text of integers. The list is one
    SQL parameter however long, so a `PreparedQuery` can take it as a value (an `__in` lookup
    compiles to one parameter per id: a new shape for every length)."""

    output_field = BooleanField()

    def __init__(self, field: str, ids: str) -> None:
        super().__init__(F(field), Value(ids))

    def as_sql(self, compiler, connection, function=None, template=None, **extra_context):
        column, ids = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        ids_sql, ids_params = compiler.compile(ids)
        if connection.vendor == "postgresql":
            # The array from a scalar subquery: an InitPlan, split once per query and usable
            # as an index condition. `= ANY(string_to_array(...))` alone would split the text
            # again for every row a generic (prepared) plan filters; the outer cast makes the
            # subquery an expression rather than ANY's row source.
            sql = (
                f"{column_sql} = ANY((SELECT string_to_array({ids_sql}, ',')::bigint[])::bigint[])"  # noqa: S608 (compiled SQL)
            )
        else:
            sql = f"{column_sql} IN (SELECT value FROM json_each('[' || {ids_sql} || ']'))"  # noqa: S608 (compiled SQL)
        return sql, (*column_params, *ids_params)


class AmongRows(Func):
    """A condition: `field` is one of the values `queryset` (uncorrelated, one column) selects.
    On PostgreSQL `= ANY(ARRAY(subquery))`: the subquery runs once (an InitPlan) and its values
    are then looked up in `field`'s index, where `IN (subquery)` lets the planner hash-join a
    scan of the whole table when it misjudges how few values the subquery gives."""

    output_field = BooleanField()

    def __init__(self, field: str, queryset: QuerySet) -> None:
        super().__init__(F(field), Subquery(queryset))

    def as_sql(self, compiler, connection, function=None, template=None, **extra_context):
        (column, column_params), (rows, rows_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        among = "= ANY(ARRAY{})" if connection.vendor == "postgresql" else "IN {}"
        return f"{column} {among.format(rows)}", (*column_params, *rows_params)


def holding_all(rows: QuerySet, column: str, values: Iterable[str]) -> QuerySet:
    """The rows whose JSON list `column` holds every one of `values`: jsonb containment (`@>`)
    on PostgreSQL, which a GIN index on the column serves; on SQLite, which has no containment,
    one `ListHolds` per value."""
    wanted = sorted(values)
    if not wanted:
        return rows
    if connections[rows.db].vendor == "postgresql":
        return rows.filter(**{f"{column}__contains": wanted})
    for value in wanted:
        rows = rows.filter(ListHolds(column, value))
    return rows


class ListHolds(Func):
    """SQLite: the JSON list in `column` holds `value`, its elements compared as text by JSON1's
    `json_each`. Unlike a match of the JSON text, a value's quotes, backslashes, `%`, `_` or
    non-ASCII letters need no escaping."""

    output_field = BooleanField()

    def __init__(self, column: str, value: str) -> None:
        super().__init__(F(column), Value(value))

    def as_sql(self, compiler, connection, function=None, template=None, **extra_context):
        (column, column_params), (value, value_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = {value})"  # noqa: S608 (compiled SQL, placeholders)
        return sql, (*column_params, *value_params)
