"""Pagination as the contract's section 3 says: a bare JSON array, page metadata in headers.

`?page=N` (1-based) and `?page_size=N` (default 50, capped at 100); headers `X-Total-Count` and
`Link` (`next`, `prev`, `first`, `last` where they apply). A page past the end is `[]`.

A view declares `page: Query[PageParams]` and `response: HttpResponse` and returns
`paginate(request, response, queryset, page)`: one COUNT and one page query, whatever the size.
"""

import math
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


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


def paginate(request: HttpRequest, response: HttpResponse, queryset: QuerySet, params: PageParams):
    """Return one page of `queryset` as a list and put the page metadata on `response`."""
    size = min(params.page_size, MAX_PAGE_SIZE)
    total = queryset.count()
    last = max(1, math.ceil(total / size))
    start = (params.page - 1) * size
    items = list(queryset[start : start + size]) if start < total else []

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
    return items
