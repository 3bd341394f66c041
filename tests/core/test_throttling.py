"""Rate limits per IP and per account (platform_core.throttling), and the 429 they answer."""

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from platform_core import throttling
from platform_core.errors import Throttled
from platform_core.throttling import client_ip, parse_rate, throttle


@pytest.fixture
def frozen_time(monkeypatch):
    """Fix the clock 40.5 s into a minute, so windows never roll over mid-test."""
    monkeypatch.setattr(throttling, "time", SimpleNamespace(time=lambda: 1_000_060.5))


@pytest.fixture
def rates(settings):
    settings.THROTTLE_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 0
    settings.THROTTLE_RATES = {"test": ("2/min", "3/min")}
    return settings


def _request(ip="198.51.100.1", forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/api/auth/token/", **extra)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("10/min", (10, 60)),
        ("5/h", (5, 3600)),
        ("1/s", (1, 1)),
        ("3/sec", (3, 1)),
        ("20/hour", (20, 3600)),
        ("100/day", (100, 86400)),
        ("7/d", (7, 86400)),
        ("4/m", (4, 60)),
    ],
)
def test_parse_rate_known_periods(rate, expected):
    assert parse_rate(rate) == expected


def test_client_ip_without_trusted_proxy_ignores_forwarded_for(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = _request(ip="10.0.0.5", forwarded="203.0.113.9")

    assert client_ip(request) == "10.0.0.5"


def test_client_ip_with_one_proxy_takes_last_forwarded_hop(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(ip="10.0.0.5", forwarded="6.6.6.6, 203.0.113.9")

    assert client_ip(request) == "203.0.113.9"


def test_client_ip_with_two_proxies_takes_second_to_last_hop(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(ip="10.0.0.5", forwarded="6.6.6.6, 203.0.113.9, 10.0.0.4")

    assert client_ip(request) == "203.0.113.9"


def test_client_ip_with_proxy_but_no_forwarded_for_uses_remote_addr(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(ip="10.0.0.5")

    assert client_ip(request) == "10.0.0.5"


def test_throttle_within_limit_passes(rates, frozen_time):
    request = _request()

    throttle(request, "test")
    result = throttle(request, "test")

    assert result is None


def test_throttle_past_ip_limit_raises_throttled(rates, frozen_time):
    request = _request()
    throttle(request, "test")
    throttle(request, "test")

    with pytest.raises(Throttled) as caught:
        throttle(request, "test")

    assert caught.value.status == 429
    assert caught.value.wait == 19
    assert caught.value.wait >= 1


def test_throttle_ip_limit_is_per_ip(rates, frozen_time):
    throttle(_request(ip="198.51.100.1"), "test")
    throttle(_request(ip="198.51.100.1"), "test")

    result = throttle(_request(ip="198.51.100.2"), "test")

    assert result is None


def test_throttle_past_account_limit_raises_across_ips(rates, frozen_time):
    throttle(_request(ip="198.51.100.1"), "test", "Ada@Example.com")
    throttle(_request(ip="198.51.100.2"), "test", " ada@example.com")
    throttle(_request(ip="198.51.100.3"), "test", "ADA@example.com ")

    with pytest.raises(Throttled) as caught:
        throttle(_request(ip="198.51.100.4"), "test", "ada@example.com")

    assert caught.value.wait >= 1


def test_throttle_disabled_never_raises(rates, frozen_time):
    rates.THROTTLE_ENABLED = False
    rates.THROTTLE_RATES = {"test": ("1/min", "1/min")}
    request = _request()

    results = [throttle(request, "test", "ada@example.com") for _ in range(10)]

    assert results == [None] * 10


def test_throttled_login_is_429_with_retry_after(api, settings):
    settings.THROTTLE_ENABLED = True
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "login": ("1/min", "10/min")}
    credentials = {"email": "nobody@example.com", "password": "wrong-password-1"}
    api.post("/api/auth/token/", credentials)

    response = api.post("/api/auth/token/", credentials)

    assert response.status_code == 429
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert set(response.json()) == {"detail"}
    assert 1 <= int(response["Retry-After"]) <= 60
