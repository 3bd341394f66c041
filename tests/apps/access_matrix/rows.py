"""Rows of the access matrix and the one way every (row, caller) case is run."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from ninja.utils import normalize_path, replace_path_param_notation

from tests.helpers import NOT_FOUND, NOT_PROVIDED, ApiClient

from .world import CALLERS, World

API_ROOT = "/api/"


def mounted(prefix: str, route: str) -> str:
    """A router's route under its mount prefix, as the API serves it (`/api/auth/csrf/`); joined
    as django-ninja joins them when it builds the URL patterns."""
    joined = normalize_path("/".join(part for part in (prefix, route) if part))
    return f"{API_ROOT}{joined.lstrip('/')}"


@dataclass(frozen=True)
class Row:
    method: str
    prefix: str  # the router's mount prefix, as platform_core/api.py mounts it: "/candidates/"
    route: str  # the route as the router declares it: "profiles/{slug}/"
    path: Callable[[World], str]  # the URL the case requests
    statuses: dict
    # (world, caller) -> request body. May prepare what the request needs (a token emailed by
    # another endpoint), keeping it in `world.scratch` for `effect`.
    body: Callable[[World, str], dict] | None = None
    # Extra assertions on a 2xx response: (world, caller, response, where).
    check: Callable | None = None
    # For writes: whether the change reached its target (C's data, organization A, ...).
    effect: Callable[[World], bool] | None = None
    # Callers whose call makes `effect` true; by default those answered 2xx.
    effect_by: frozenset | None = None
    variant: str = ""  # which object, where one route is walked on several

    @property
    def mounted_route(self) -> str:
        return mounted(self.prefix, self.route)

    @property
    def label(self) -> str:
        return self.mounted_route + (f" [{self.variant}]" if self.variant else "")


def router_rows(prefix: str) -> Callable[..., Row]:
    """A constructor of rows of the router mounted at `prefix`: `row(method, route, path, ...)`."""

    def row(method: str, route: str, path, statuses: dict, **kwargs) -> Row:
        return Row(method, prefix, route, path, statuses, **kwargs)

    return row


def cases(rows: list[Row]) -> list:
    return [
        pytest.param(row, caller, id=f"{row.method.upper()} {row.label} as {caller}")
        for row in rows
        for caller in CALLERS
    ]


# --- helpers for the tables ---------------------------------------------------------------------


def fresh(instance):
    """The instance as stored now, or None once deleted."""
    return type(instance).objects.filter(pk=instance.pk).first()


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def stored(instance, values: dict) -> bool:
    """Whether the stored instance holds `values` (dates compared as ISO text, as sent)."""
    instance = fresh(instance)
    return instance is not None and all(
        _plain(getattr(instance, key)) == value for key, value in values.items()
    )


def check_download(content: Callable[[World], bytes]):
    """A check that the streamed download is exactly `content(world)`."""

    def check(w: World, caller: str, response, where: str) -> None:
        received = b"".join(response.streaming_content)
        assert received == content(w), f"{where}: the downloaded bytes differ"

    return check


def check_ids(expected: Callable[[World, str], list]):
    """A check that the response is a list of exactly these ids, in this order."""

    def check(w: World, caller: str, response, where: str) -> None:
        body = response.json()
        assert isinstance(body, list), f"{where}: a list is a bare array, got {body}"
        ids = [item["id"] for item in body]
        assert ids == expected(w, caller), f"{where}: listed {ids}, expected {expected(w, caller)}"

    return check


# --- running a case -----------------------------------------------------------------------------


def _json(response):
    try:
        return response.json()
    except ValueError:
        return response.content[:300]


def _assert_hits_route(url: str, row: Row, where: str) -> None:
    """The URL the row requests is served by the route the row names (so the coverage guard's
    claim that a route is walked holds)."""
    served = resolve(urlsplit(url).path).route
    expected = replace_path_param_notation(row.mounted_route).lstrip("/")
    assert served == expected, f"{where}: {url} is served by {served!r}, not {expected!r}"


def run_case(world: World, row: Row, caller: str) -> None:
    """Request the row's URL as `caller` (Bearer) and assert the status, body and effect."""
    where = f"{row.method.upper()} {row.label} as {caller}"
    url = row.path(world)
    _assert_hits_route(url, row, where)
    response = ApiClient().request(
        row.method,
        url,
        row.body(world, caller) if row.body else None,
        token=world.tokens[caller],
    )
    expected = row.statuses[caller]
    assert response.status_code == expected, (
        f"{where}: expected {expected}, got {response.status_code}: {_json(response)}"
    )
    if expected == 401:
        assert response.json() == NOT_PROVIDED, f"{where}: {response.json()}"
    elif expected == 404:
        assert response.json() == NOT_FOUND, f"{where}: {response.json()}"
    elif expected in (400, 403, 409):
        detail = response.json().get("detail")
        assert isinstance(detail, str) and detail, f"{where}: {response.json()}"
    elif row.check is not None:
        row.check(world, caller, response, where)
    if row.effect is not None:
        allowed = row.effect_by
        if allowed is None:
            allowed = {key for key, status in row.statuses.items() if 200 <= status < 300}
        assert row.effect(world) is (caller in allowed), (
            f"{where}: the change {'did not happen' if caller in allowed else 'happened'}"
        )
