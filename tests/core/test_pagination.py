"""Pagination in headers over a bare JSON array (API contract section 3)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from apps.accounts.models import User
from platform_core.pagination import PageParams, paginate
from tests.factories import UserFactory

BASE = "http://testserver/api/auth/users/"


def _link(page, size, rel, extra=""):
    return f'<{BASE}?{extra}page={page}&page_size={size}>; rel="{rel}"'


@pytest.fixture
def users(db):
    UserFactory.create_batch(5)
    return list(User.objects.order_by("id"))


def _paginate(query, page, page_size):
    request = RequestFactory().get("/api/auth/users/", query)
    response = HttpResponse()
    items = paginate(
        request, response, User.objects.order_by("id"), PageParams(page=page, page_size=page_size)
    )
    return items, response


def test_paginate_first_page_links_next_and_last(users):
    items, response = _paginate({"page_size": 2}, page=1, page_size=2)

    assert items == users[0:2]
    assert response["X-Total-Count"] == "5"
    assert response["Link"] == ", ".join([_link(2, 2, "next"), _link(3, 2, "last")])


def test_paginate_middle_page_links_all_four(users):
    items, response = _paginate({"page": 2, "page_size": 2}, page=2, page_size=2)

    assert items == users[2:4]
    assert response["X-Total-Count"] == "5"
    assert response["Link"] == ", ".join(
        [_link(3, 2, "next"), _link(3, 2, "last"), _link(1, 2, "prev"), _link(1, 2, "first")]
    )


def test_paginate_last_page_links_prev_and_first(users):
    items, response = _paginate({"page": 3, "page_size": 2}, page=3, page_size=2)

    assert items == users[4:5]
    assert response["X-Total-Count"] == "5"
    assert response["Link"] == ", ".join([_link(2, 2, "prev"), _link(1, 2, "first")])


def test_paginate_keeps_other_query_parameters(users):
    items, response = _paginate({"ordering": "email", "page_size": 2}, page=1, page_size=2)

    assert response["Link"] == ", ".join(
        [_link(2, 2, "next", "ordering=email&"), _link(3, 2, "last", "ordering=email&")]
    )


def test_paginate_single_page_has_no_link(users):
    items, response = _paginate({}, page=1, page_size=50)

    assert items == users
    assert response["X-Total-Count"] == "5"
    assert "Link" not in response


def test_paginate_out_of_range_page_is_empty(users):
    items, response = _paginate({"page": 9}, page=9, page_size=2)

    assert items == []
    assert response["X-Total-Count"] == "5"


def test_paginate_page_size_capped_at_100(db):
    UserFactory.create_batch(101)

    items, response = _paginate({"page_size": 500}, page=1, page_size=500)

    assert len(items) == 100
    assert response["X-Total-Count"] == "101"
    assert response["Link"] == ", ".join([_link(2, 100, "next"), _link(2, 100, "last")])


def test_paginate_default_page_size_is_50():
    assert PageParams().page_size == 50
    assert PageParams().page == 1


def test_list_endpoint_is_bare_array_with_page_headers(staff_api, staff):
    UserFactory.create_batch(2)

    response = staff_api.get("/api/auth/users/", {"page": 2, "page_size": 1})

    body = response.json()
    assert response.status_code == 200
    assert isinstance(body, list)
    assert len(body) == 1
    assert response["X-Total-Count"] == "3"
    assert response["Link"] == ", ".join(
        [_link(3, 1, "next"), _link(3, 1, "last"), _link(1, 1, "prev"), _link(1, 1, "first")]
    )


def test_list_endpoint_out_of_range_page_is_empty_array(staff_api):
    response = staff_api.get("/api/auth/users/", {"page": 50})

    assert response.status_code == 200
    assert response.json() == []
    assert response["X-Total-Count"] == "1"
