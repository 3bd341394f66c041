"""Fixed-window rate limits per client IP and per account, kept in Django's cache.

Rates live in `settings.THROTTLE_RATES` as `scope -> (per IP, per account)`, each like "10/min";
`THROTTLE_ENABLED=false` turns every limit off (for load tests only). With `REDIS_URL` set the
counters are shared by every web process.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .errors import Throttled

_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/min' -> (10, 60)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip().lower()]


def client_ip(request: HttpRequest) -> str:
    """The caller's address, trusting X-Forwarded-For only as far as TRUSTED_PROXY_COUNT says."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def _hit(key: str, rate: str) -> None:
    limit, period = parse_rate(rate)
    now = time.time()
    window_key = f"throttle:{key}:{int(now // period)}"
    if cache.add(window_key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(window_key)
        except ValueError:  # expired between add and incr
            cache.add(window_key, 1, timeout=period + 1)
            count = 1
    if count > limit:
        raise Throttled(wait=period - (now % period))


def throttle(request: HttpRequest, scope: str, account: str | None = None) -> None:
    """Count one request in `scope` for the caller's IP and, if given, the account; 429 past it."""
    if not settings.THROTTLE_ENABLED:
        return
    per_ip, per_account = settings.THROTTLE_RATES[scope]
    _hit(f"{scope}:ip:{client_ip(request)}", per_ip)
    if account:
        digest = hashlib.sha256(account.strip().lower().encode()).hexdigest()[:32]
        _hit(f"{scope}:account:{digest}", per_account)
