"""Constants and helpers shared by the test suite; its fixtures live in tests/conftest.py.

`ApiClient` talks to the API as its web client does (JSON, multipart, Bearer, cookies + CSRF);
`client_for(user)` is one logged in with a Bearer token. The byte makers give small real files
that pass the upload checks by their content.
"""

import datetime
import io
import json
import os
import socket

from django.test import Client, TestCase
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from huey.contrib.djhuey import HUEY
from PIL import Image

from tests.factories import PASSWORD

# The bodies of the contract's plain 404 and 401 (sections 1, 11).
NOT_FOUND = {"detail": "Not found."}
NOT_PROVIDED = {"detail": "Authentication credentials were not provided."}

# The smallest files the upload checks accept as a PDF and an MP4 video.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00\x00\x00\x00mp42isom" + b"\x00" * 512


def png_bytes(size=(8, 8), *, noise=False, color=(30, 120, 200)) -> bytes:
    """A PNG image of `size`: one `color`, or random pixels (`noise`), so two differ."""
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class ApiClient:
    """A thin JSON client over Django's test client. Cookies persist between calls, as a browser's.

    Every request runs the `on_commit` callbacks its transaction queued (as a real commit would),
    so tasks it enqueues (emails) have run when the request returns: Huey is immediate in tests.
    """

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


def client_for(user) -> ApiClient:
    """A client logged in as `user` with a Bearer token."""
    client = ApiClient()
    client.login(user.email)
    return client


def raising(exception: Exception):
    """A stand-in for a method (a model's `save`) that raises `exception`."""

    def method(self, *args, **kwargs):
        raise exception

    return method


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cache_key_prefix() -> str:
    """The cache key prefix of this test process: its pytest-xdist worker's name.

    The workers of one run share one Redis database; under their own prefixes one worker's keys
    (throttle counters) neither count in another's tests nor vanish when another clears its own.
    Subprocesses a test starts inherit the worker's name from the environment, so they share it.
    """
    return f"tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def caches_of_this_process(caches: dict) -> dict:
    """The CACHES setting `caches` with every cache under `cache_key_prefix()`."""
    return {alias: {**config, "KEY_PREFIX": cache_key_prefix()} for alias, config in caches.items()}


def run_scheduled_tasks() -> int:
    """Run the retries Huey scheduled (immediate mode keeps them in memory); how many ran."""
    later = datetime.datetime(3000, 1, 1)  # past every retry's delay
    due = HUEY.read_schedule(later)
    for task in due:
        HUEY.execute(task, timestamp=later)
    return len(due)
