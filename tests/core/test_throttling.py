"""Rate limits per IP and per account (platform_core.throttling), and the 429 they answer:
client addresses behind trusted proxies, the per-proxy ceiling, the `ai` scope, on both stores."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from platform_core import throttling
from platform_core.errors import Throttled
from platform_core.throttling import (
    ClientAddress,
    client_address,
    client_ip,
    parse_rate,
    throttle,
    throttle_ai,
)


@pytest.fixture
def frozen_time(monkeypatch):
    """Fix the clock 40.5 s into a minute, so windows never roll over mid-test."""
    monkeypatch.setattr(throttling, "time", SimpleNamespace(time=lambda: 1_000_060.5))


@pytest.fixture(params=["database", "cache"])
def rates(request, settings, db):
    """Small limits in scope `test`, on each counter store in turn."""
    settings.THROTTLE_ENABLED = True
    settings.THROTTLE_STORE = request.param
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = []
    settings.THROTTLE_PROXY_RATE = "4/min"
    settings.THROTTLE_RATES = {"test": ("2/min", "3/min"), "ai": ("5/min", "2/min")}
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


# --- trusted proxies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("203.0.113.9:51234", "203.0.113.9"),
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("::ffff:10.0.0.5", "10.0.0.5"),
        ("unknown", None),
        ("", None),
        ("203.0.113.999", None),
    ],
)
def test_parse_address_forms(value, expected):
    parsed = throttling.parse_address(value)

    assert (str(parsed) if parsed is not None else None) == expected


@pytest.fixture
def proxied(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRUSTED_PROXIES = ["10.0.0.5", "192.168.0.0/16"]
    return settings


def test_client_address_trusted_proxy_takes_forwarded_client(proxied):
    request = _request(ip="10.0.0.5", forwarded="203.0.113.9")

    assert client_address(request) == ClientAddress("203.0.113.9")


def test_client_address_trusted_proxy_ignores_hops_left_of_client(proxied):
    request = _request(ip="10.0.0.5", forwarded="6.6.6.6, 203.0.113.9")

    assert client_address(request) == ClientAddress("203.0.113.9")


def test_client_address_skips_trusted_hops_from_the_right(proxied):
    request = _request(ip="10.0.0.5", forwarded="6.6.6.6, 203.0.113.9, 192.168.4.4")

    assert client_address(request) == ClientAddress("203.0.113.9")


def test_client_address_trusted_proxy_without_forwarded_for_is_proxy_only(proxied):
    request = _request(ip="10.0.0.5")

    assert client_address(request) == ClientAddress(None, "10.0.0.5")


def test_client_address_only_trusted_hops_is_innermost_proxy(proxied):
    request = _request(ip="10.0.0.5", forwarded="192.168.4.4")

    assert client_address(request) == ClientAddress(None, "192.168.4.4")


def test_client_address_trusted_proxy_forwarding_garbage_is_proxy_only(proxied):
    request = _request(ip="10.0.0.5", forwarded="203.0.113.9, not-an-address")

    assert client_address(request) == ClientAddress(None, "10.0.0.5")


def test_client_address_untrusted_peer_ignores_forwarded_for(proxied):
    request = _request(ip="198.51.100.7", forwarded="203.0.113.9")

    assert client_address(request) == ClientAddress("198.51.100.7")


def test_client_address_ipv4_mapped_remote_addr_is_trusted(proxied):
    request = _request(ip="::ffff:10.0.0.5", forwarded="203.0.113.9")

    assert client_address(request) == ClientAddress("203.0.113.9")


def test_client_address_hop_count_then_trusted_proxy(settings):
    """A load balancer (one hop) in front of the web client's server (a trusted address)."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.1.0.0/16"]
    request = _request(ip="10.9.9.9", forwarded="6.6.6.6, 203.0.113.9, 10.1.2.3")

    assert client_address(request) == ClientAddress("203.0.113.9")


def test_client_ip_trusted_proxy_without_forwarded_for_is_proxy(proxied):
    assert client_ip(_request(ip="10.0.0.5")) == "10.0.0.5"


def test_throttle_forwarded_clients_counted_apart(rates, frozen_time):
    rates.TRUSTED_PROXIES = ["10.0.0.5"]
    for _ in range(2):
        throttle(_request(ip="10.0.0.5", forwarded="203.0.113.1"), "test")

    passed = throttle(_request(ip="10.0.0.5", forwarded="203.0.113.2"), "test")
    with pytest.raises(Throttled):
        throttle(_request(ip="10.0.0.5", forwarded="203.0.113.1"), "test")

    assert passed is None


def test_throttle_proxy_without_forwarded_for_skips_ip_limit(rates, frozen_time):
    rates.TRUSTED_PROXIES = ["10.0.0.5"]
    request = _request(ip="10.0.0.5")

    results = [throttle(request, "test") for _ in range(4)]

    assert results == [None] * 4  # past the per-IP 2/min, within the proxy ceiling 4/min


def test_throttle_proxy_without_forwarded_for_hits_proxy_ceiling(rates, frozen_time):
    rates.TRUSTED_PROXIES = ["10.0.0.5"]
    request = _request(ip="10.0.0.5")
    for _ in range(4):
        throttle(request, "test")

    with pytest.raises(Throttled) as caught:
        throttle(request, "test")

    assert caught.value.wait == 19


def test_throttle_proxy_without_forwarded_for_keeps_account_limit(rates, frozen_time):
    rates.TRUSTED_PROXIES = ["10.0.0.5"]
    request = _request(ip="10.0.0.5")
    for _ in range(3):
        throttle(request, "test", "ada@example.com")

    other = throttle(request, "test", "bob@example.com")
    with pytest.raises(Throttled):
        throttle(request, "test", "ada@example.com")

    assert other is None


# --- the ai scope -------------------------------------------------------------------------------


def _ai_request(user, ip="198.51.100.1"):
    request = _request(ip=ip)
    request.user = user
    return request


def test_throttle_ai_past_user_limit_raises_across_ips(rates, frozen_time, user):
    throttle_ai(_ai_request(user, ip="198.51.100.1"))
    throttle_ai(_ai_request(user, ip="198.51.100.2"))

    with pytest.raises(Throttled) as caught:
        throttle_ai(_ai_request(user, ip="198.51.100.3"))

    assert caught.value.wait == 19


def test_throttle_ai_other_user_not_limited(rates, frozen_time, user, staff):
    throttle_ai(_ai_request(user))
    throttle_ai(_ai_request(user))

    result = throttle_ai(_ai_request(staff))

    assert result is None


def test_throttle_ai_anonymous_counted_per_ip(rates, frozen_time):
    request = _ai_request(AnonymousUser())
    for _ in range(5):
        throttle_ai(request)

    with pytest.raises(Throttled):
        throttle_ai(request)
