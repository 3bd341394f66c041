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
