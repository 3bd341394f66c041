"""`paginate(..., exact_up_to=N)`: exact totals up to N, an estimate flagged as such above it."""

import math
import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from platform_core.pagination import PageParams, paginate
from tests.factories import UserFactory

LIMIT = 3


@pytest.fixture
def users(db):
    UserFactory.create_batch(5)
    return list(User.objects.order_by("id"))


def _paginate(page, page_size, **kwargs):
    request = RequestFactory().get("/api/auth/users/", {"page": page, "page_size": page_size})
    response = HttpResponse()
    items = paginate(
        request,
        response,
        User.objects.order_by("id"),
        PageParams(page=page, page_size=page_size),
        **kwargs,
    )
    return items, response


def _links(response) -> dict[str, int]:
    return {
        rel: int(page)
        for page, rel in re.findall(r'[?&]page=(\d+)[^>]*>; rel="(\w+)"', response.get("Link", ""))
    }


def test_bounded_count_is_exact_up_to_the_limit(users):
    items, response = _paginate(1, 2, exact_up_to=5)

    assert items == users[:2]
    assert response["X-Total-Count"] == "5"
    assert "X-Total-Count-Estimated" not in response
    assert _links(response) == {"next": 2, "last": 3}


def test_count_above_the_limit_is_estimated_and_flagged(users):
    items, response = _paginate(1, 2, exact_up_to=LIMIT)

    total = int(response["X-Total-Count"])
    assert items == users[:2]
    assert response["X-Total-Count-Estimated"] == "true"
    assert total >= LIMIT
    if connection.vendor == "sqlite":
        assert total == LIMIT
    assert _links(response) == {"next": 2, "last": math.ceil(total / 2)}


def test_page_past_an_estimated_end_still_returns_its_rows(users):
    items, response = _paginate(3, 2, exact_up_to=LIMIT)

    assert items == users[4:]
    assert response["X-Total-Count-Estimated"] == "true"
    assert int(response["X-Total-Count"]) >= 5
    assert _links(response)["first"] == 1


def test_count_is_exact_without_a_limit(users):
    _, response = _paginate(1, 2)

    assert response["X-Total-Count"] == "5"
    assert "X-Total-Count-Estimated" not in response


@pytest.mark.parametrize("limit", [10, LIMIT])
def test_bounded_count_queries_are_the_same_for_1_and_100_rows(users, limit):
    def queries(page_size):
        with CaptureQueriesContext(connection) as captured:
            _paginate(1, page_size, exact_up_to=limit)
        return len(captured)

    # One COUNT and one page; an estimate adds one EXPLAIN on PostgreSQL.
    extra = 1 if limit == LIMIT and connection.vendor == "postgresql" else 0
    assert queries(1) == queries(100) == 2 + extra


# --- a bounded count reads the keys it counts; when they are every match, the page is read by them


def _listed(page, page_size, queryset, limit):
    request = RequestFactory().get("/api/auth/users/", {"page": page, "page_size": page_size})
    response = HttpResponse()
    items = paginate(
        request, response, queryset, PageParams(page=page, page_size=page_size), exact_up_to=limit
    )
    return items, response


@pytest.mark.parametrize("ordering", [("id",), ("-id",), ("first_name", "id"), ("-email", "id")])
def test_pages_read_by_the_counted_keys_are_the_lists_pages(db, ordering):
    UserFactory.create_batch(4, first_name="Same")  # ties broken by id
    UserFactory.create_batch(3)
    listed = User.objects.order_by(*ordering)
    expected = list(listed)

    pages = [_listed(number, 3, listed, 10) for number in (1, 2, 3, 4)]

    assert [user for items, _ in pages for user in items] == expected
    assert {response["X-Total-Count"] for _, response in pages} == {"7"}
    assert pages[3][0] == []  # past the end


def test_a_page_read_by_keys_keeps_the_lists_conditions(db, monkeypatch):
    from platform_core import pagination

    UserFactory.create_batch(4, is_active=True)
    listed = User.objects.filter(is_active=True).order_by("id")
    first = listed.first()
    counted = pagination._CountedByKeys.count

    def count_then_deactivate(self, limit):
        total = counted(self, limit)
        User.objects.filter(pk=first.pk).update(is_active=False)  # between count and page
        return total

    monkeypatch.setattr(pagination._CountedByKeys, "count", count_then_deactivate)
    items, response = _listed(1, 10, listed, 10)

    assert response["X-Total-Count"] == "4"
    assert first not in items
    assert len(items) == 3


def test_the_page_is_read_by_its_keys_only_when_they_are_every_match(db):
    UserFactory.create_batch(5)
    listed = User.objects.order_by("id")

    with CaptureQueriesContext(connection) as exact:
        _listed(1, 2, listed, 10)
    with CaptureQueriesContext(connection) as above:
        _listed(1, 2, listed, 3)

    assert "json_each" in exact[-1]["sql"] or "string_to_array" in exact[-1]["sql"]
    page_above = next(query["sql"] for query in above if "LIMIT 2" in query["sql"])
    assert "json_each" not in page_above and "string_to_array" not in page_above
