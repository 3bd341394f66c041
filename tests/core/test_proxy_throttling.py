"""Throttling behind the web client's server (a BFF), over HTTP with the configured rates.

The test client's REMOTE_ADDR is 127.0.0.1: with it trusted (TRUSTED_PROXIES), 50 users sign up
and log in within one minute, whether the proxy forwards each user's address or none, while one
account hammering login is still throttled. Without the setting nothing changes: the per-IP
limit throttles the 21st signup, whatever X-Forwarded-For says.
"""

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings

from platform_core import throttling
from platform_core.throttling import parse_rate
from tests.factories import PASSWORD
from tests.helpers import ApiClient

AUTH = "/api/auth/"
USERS = 50
NOW = 1_000_060.5  # 40.5 s into a minute, 2,860.5 s into an hour
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen_time(monkeypatch):
    """One clock for the whole test, so every request falls in the same windows."""
    monkeypatch.setattr(throttling, "time", SimpleNamespace(time=lambda: NOW))


@pytest.fixture
def throttling_on(settings, frozen_time, db):
    settings.THROTTLE_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = []
    return settings


@pytest.fixture
def behind_bff(throttling_on):
    throttling_on.TRUSTED_PROXIES = ["127.0.0.1"]
    return throttling_on


def _headers(index: int | None) -> dict:
    return {} if index is None else {"X-Forwarded-For": f"203.0.113.{index}"}


def _signup(index: int, forwarded: int | None):
    return ApiClient().post(
        f"{AUTH}signup/",
        {"email": f"user{index}@example.com", "password": PASSWORD, "first_name": "Ada"},
        headers=_headers(forwarded),
    )


def _login(index: int, forwarded: int | None):
    return ApiClient().post(
        f"{AUTH}token/",
        {"email": f"user{index}@example.com", "password": PASSWORD},
        headers=_headers(forwarded),
    )


def _wait(scope: str) -> int:
    _, period = parse_rate(django_settings.THROTTLE_RATES[scope][0])
    return max(1, int(period - NOW % period))


def _throttled_body(scope: str) -> dict:
    return {"detail": f"Too many requests. Try again in {_wait(scope)} seconds."}


def _assert_throttled(response, scope: str) -> None:
    assert response.status_code == 429, response.content
    assert response.json() == _throttled_body(scope)
    assert response["Retry-After"] == str(_wait(scope))


@pytest.mark.parametrize("forwarding", [True, False], ids=["forwarded-for", "no-forwarded-for"])
def test_bff_fifty_users_sign_up_and_log_in_within_a_minute(behind_bff, forwarding):
    signups = [_signup(i, i if forwarding else None).status_code for i in range(USERS)]
    logins = [_login(i, i if forwarding else None).status_code for i in range(USERS)]

    assert signups == [201] * USERS
    assert logins == [200] * USERS


@pytest.mark.parametrize("forwarding", [True, False], ids=["forwarded-for", "no-forwarded-for"])
def test_bff_account_hammering_login_still_throttled(behind_bff, forwarding):
    for i in range(USERS):
        assert _signup(i, i if forwarding else None).status_code == 201
        assert _login(i, i if forwarding else None).status_code == 200
    per_account, _ = parse_rate(django_settings.THROTTLE_RATES["login"][1])

    hammering = [_login(0, 0 if forwarding else None) for _ in range(per_account)]
    other = _login(1, 1 if forwarding else None)

    # The first login counted once; the rest of the account's allowance passes, then 429.
    assert [response.status_code for response in hammering] == [200] * (per_account - 1) + [429]
    _assert_throttled(hammering[-1], "login")
    assert other.status_code == 200


def test_bff_forwarded_address_keeps_per_ip_limit(behind_bff):
    per_ip, _ = parse_rate(django_settings.THROTTLE_RATES["signup"][0])
    for i in range(per_ip):
        assert _signup(i, 7).status_code == 201

    same_address = _signup(per_ip, 7)
    other_address = _signup(per_ip + 1, 8)

    _assert_throttled(same_address, "signup")
    assert other_address.status_code == 201


def test_bff_without_forwarded_for_hits_proxy_ceiling(behind_bff):
    behind_bff.THROTTLE_PROXY_RATE = "3/min"
    for i in range(3):
        assert _login(i, None).status_code == 401  # no such users: counted, then refused

    response = _login(3, None)

    assert response.status_code == 429
    assert response.json() == {"detail": "Too many requests. Try again in 19 seconds."}
    assert response["Retry-After"] == "19"


@pytest.mark.parametrize("forwarding", [True, False], ids=["forwarded-for", "no-forwarded-for"])
def test_untrusted_proxy_per_ip_limit_throttles_21st_signup(throttling_on, forwarding):
    per_ip, _ = parse_rate(django_settings.THROTTLE_RATES["signup"][0])

    signups = [_signup(i, i if forwarding else None) for i in range(per_ip + 1)]

    assert per_ip == 20
    assert [response.status_code for response in signups] == [201] * per_ip + [429]
    _assert_throttled(signups[-1], "signup")


@pytest.mark.parametrize("value", ["10.0.0.0/33", "not-an-address"])
def test_settings_invalid_trusted_proxies_refused(value):
    env = {"TRUSTED_PROXIES": value, "DJANGO_SETTINGS_MODULE": "settings.test", "PATH": ""}
    done = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode != 0
    assert f"ImproperlyConfigured: TRUSTED_PROXIES: {value!r} is not" in done.stderr
