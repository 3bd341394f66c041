"""Pagination as the contract's section 3 says: a bare JSON array, page metadata in headers.

`?page=N` (1-based) and `?page_size=N` (default 50, capped at 100); headers `X-Total-Count` and
`Link` (`next`, `prev`, `first`, `last` where they apply). A page past the end is `[]`.

A view declares `page: Query[PageParams]` and `response: HttpResponse` and returns
`paginate(request, response, queryset, page)`: one COUNT and one page query, whatever the size
(`paginate_prepared`: one query for both).

An exact COUNT reads every match, which a list of a million rows cannot do in a few milliseconds.
A list that may grow that large passes `exact_up_to=EXACT_COUNT_LIMIT`: it counts exactly up to
that many, and above it answers the planner's estimate (PostgreSQL; at least the limit) or the
limit (SQLite) with `X-Total-Count-Estimated: true`, at the cost of one EXPLAIN.
"""

import json
import math
from collections.abc import Callable, Hashable
from functools import cache
from urllib.parse import urlencode

from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema

from .prepared import PreparedQuery

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
EXACT_COUNT_LIMIT = 1_000


class PageParams(Schema):
    """Which page of a list to return."""

    page: int = Field(1, ge=1, le=1_000_000, description="1-based page number.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        description=f"Items per page; larger values are capped at {MAX_PAGE_SIZE}.",
    )


def _page_url(request: HttpRequest, page: int, page_size: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    query["page_size"] = str(page_size)
    return request.build_absolute_uri(
        f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}"
    )


def _planner_estimate(queryset: QuerySet) -> int:
    """How many rows the PostgreSQL planner expects `queryset` to match (0 elsewhere)."""
    if connections[queryset.db].vendor != "postgresql":
        return 0
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _count(
    queryset: Callable[[], QuerySet],
    exact_up_to: int | None,
    count: Callable[..., int] | None,
    estimate: Callable[[], int] | None,
) -> tuple[int, bool]:
    """The list's total and whether it is an estimate."""
    if exact_up_to is None:
        return (count() if count else queryset().count()), False
    # COUNT over a LIMIT subquery: it stops reading at the limit, whatever the matches.
    if count is not None:
        bounded = count(exact_up_to + 1)
    else:
        bounded = queryset().order_by().values("pk")[: exact_up_to + 1].count()
    if bounded <= exact_up_to:
        return bounded, False
    return max(exact_up_to, estimate() if estimate else _planner_estimate(queryset())), True


def paginate(
    request: HttpRequest,
    response: HttpResponse,
    queryset: QuerySet | Callable[[], QuerySet],
    params: PageParams,
    *,
    exact_up_to: int | None = None,
    rows: Callable[..., list] | None = None,
    count: Callable[..., int] | None = None,
    estimate: Callable[[], int] | None = None,
):
    """Return one page of `queryset` as a list and put the page metadata on `response`; with
    `exact_up_to`, a total above it is estimated (module docstring). `rows(offset=, limit=)`,
    when given, reads the page instead of a slice of `queryset`, and `count()` (with
    `exact_up_to`, `count(limit)`: at most `limit`) counts the rows instead of it: a
    `PreparedQuery`'s `page` and `count` (`count_up_to`) of the same rows, for instance. The
    queryset is still what the planner estimates, unless `estimate()` tells (a `PreparedQuery`'s
    `estimate`); it may then be given as a function that builds it, called only if it is
    needed."""
    size = min(params.page_size, MAX_PAGE_SIZE)
    # A queryset (or what slices and counts as one) is not callable; a function that builds one
    # is, and is called once at most.
    the_queryset = cache(queryset) if callable(queryset) else lambda: queryset
    total, estimated = _count(the_queryset, exact_up_to, count, estimate)
    start = (params.page - 1) * size
    items: list = []
    # Past an estimated end there may still be rows: the page is read all the same.
    if estimated or start < total:
        items = (
            rows(offset=start, limit=size) if rows else list(the_queryset()[start : start + size])
        )
    if estimated:
        total = max(total, start + len(items))
        response["X-Total-Count-Estimated"] = "true"
    _page_headers(request, response, params, size, total)
    return items


def paginate_prepared(
    request: HttpRequest,
    response: HttpResponse,
    query: PreparedQuery,
    params: PageParams,
    *shape: Hashable,
    **values: int | str,
) -> list:
    """`paginate` for a list built by a `PreparedQuery` (`query(*shape, **values)` is the
    list), with the same headers: one query, compiled once per connection, reads the page and
    its total; a page past the end, which has no row to carry the total, costs a COUNT more."""
    size = min(params.page_size, MAX_PAGE_SIZE)
    start = (params.page - 1) * size
    items, total = query.counted_page(*shape, offset=start, limit=size, **values)
    if total is None:
        total = query.count(*shape, **values) if start else 0
    _page_headers(request, response, params, size, total)
    return items


def _page_headers(
    request: HttpRequest, response: HttpResponse, params: PageParams, size: int, total: int
) -> None:
    last = max(1, math.ceil(total / size))
    links = []
    if params.page < last:
        links += [("next", params.page + 1), ("last", last)]
    if params.page > 1:
        links += [("prev", min(params.page - 1, last)), ("first", 1)]
    response["X-Total-Count"] = str(total)
    if links:
        response["Link"] = ", ".join(
            f'<{_page_url(request, page, size)}>; rel="{rel}"' for rel, page in links
        )
