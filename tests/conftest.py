"""Fixtures for testing the API as its client does: over HTTP, with Bearer tokens or cookies+CSRF.

Every request runs the `on_commit` callbacks its transaction queued (as a real commit would), so
tasks it enqueues (emails) have run when the request returns: Huey is immediate in test settings.
"""

import json

import pytest
from django.core.cache import cache
from django.test import Client, TestCase
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from tests.factories import PASSWORD, StaffFactory, UserFactory


class ApiClient:
    """A thin JSON client over Django's test client. Cookies persist between calls, as a browser's."""

    def __init__(self):
        self.client = Client()
        self.token: str | None = None

    @property
    def cookies(self):
        return self.client.cookies

    def request(
        self,
        method,
        path,
        data=None,
        *,
        token=None,
        csrf=None,
        multipart=False,
        headers=None,
        raw=None,
    ):
        headers = dict(headers or {})
        bearer = token if token is not None else self.token
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        if csrf is True:
            csrf = self.cookies["csrftoken"].value
        if csrf:
            headers["X-CSRFToken"] = csrf
        kwargs = {"headers": headers}
        if raw is not None:
            kwargs.update(data=raw, content_type="application/json")
        elif multipart:
            if method == "post":  # Django's client encodes multipart itself for POST only
                kwargs["data"] = data or {}
            else:
                kwargs.update(
                    data=encode_multipart(BOUNDARY, data or {}), content_type=MULTIPART_CONTENT
                )
        elif method == "get":
            kwargs["data"] = data
        else:
            body = "" if data is None else json.dumps(data)
            kwargs.update(data=body, content_type="application/json")
        with TestCase.captureOnCommitCallbacks(execute=True):
            return getattr(self.client, method)(path, **kwargs)

    def get(self, path, data=None, **kw):
        return self.request("get", path, data, **kw)

    def post(self, path, data=None, **kw):
        return self.request("post", path, data, **kw)

    def put(self, path, data=None, **kw):
        return self.request("put", path, data, **kw)

    def patch(self, path, data=None, **kw):
        return self.request("patch", path, data, **kw)

    def delete(self, path, data=None, **kw):
        return self.request("delete", path, data, **kw)

    def login(self, email, password=PASSWORD, prefix="/api/auth/"):
        """Log in with a JWT; later calls send it as Bearer. Returns the login response body."""
        response = self.post(f"{prefix}token/", {"email": email, "password": password})
        assert response.status_code == 200, response.content
        body = response.json()
        self.token = body["access"]
        return body


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield


@pytest.fixture
def api(db):
    return ApiClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def user_api(user):
    """A client logged in as `user` with a Bearer token."""
    client = ApiClient()
    client.login(user.email)
    return client


@pytest.fixture
def staff_api(staff):
    client = ApiClient()
    client.login(staff.email)
    return client
