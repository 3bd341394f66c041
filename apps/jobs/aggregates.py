"""Related rows read in the parent's own query, as a JSON array, on SQLite and PostgreSQL.

A `prefetch_related` costs a second query per list and a model instance per related row, built
and compiled on every request; for a list that shows only a few columns of the related rows
(a job's skill ids and names), a correlated subquery that returns them as JSON is cheaper, and
a `PreparedQuery` compiles it with the rest of the list.

Nothing here is about jobs: it could move to platform_core.
"""

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
            sql = f"{column_sql} = ANY(string_to_array({ids_sql}, ',')::bigint[])"
        else:
            sql = f"{column_sql} IN (SELECT value FROM json_each('[' || {ids_sql} || ']'))"  # noqa: S608 (compiled SQL)
        return sql, (*column_params, *ids_params)
