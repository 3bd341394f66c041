"""Fixed-window rate limits per client address and per account, with atomic shared counters.

Rates live in `settings.THROTTLE_RATES` as `scope -> (per IP, per account)`, each like "10/min";
`THROTTLE_ENABLED=false` turns every limit off (for load tests only). A view counts one request
with `throttle(request, scope, account)` before it does any work; past a limit it answers 429
with `Retry-After`.

Client address (`client_address`):
- `TRUSTED_PROXY_COUNT` (hops): that many proxies append to X-Forwarded-For; the hop they saw is
  the peer (0: the peer is REMOTE_ADDR). This is the behaviour when nothing else is set.
- `TRUSTED_PROXIES` (addresses/CIDRs, e.g. the web client's server): when the peer is one of
  them, X-Forwarded-For is read from the right, skipping trusted hops; the first untrusted hop is
  the client and per-IP limits key on it. When the proxy forwarded no (usable) address, per-IP
  limits are skipped and only the per-account limit applies, plus `THROTTLE_PROXY_RATE` per
  proxy and scope, a high ceiling against floods.

Counters (`THROTTLE_STORE`): "cache" keeps them in Django's default cache with add/incr (atomic
in Redis; used when REDIS_URL is set); "database" keeps them in `ThrottleCounter`, incremented
by one `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` statement (atomic on SQLite and
PostgreSQL), so every web worker and machine shares them and limits hold exactly. Call
`throttle` outside `transaction.atomic()`: inside one the count commits (or rolls back) with it.

When the cache does not answer (Redis down), every scope keeps counting in the database store
instead, for as long as the cache fails: neither fail-open (login would lose its brute-force
limit exactly when an attacker may have knocked Redis over) nor fail-closed (nobody could log in,
sign up or reset a password during an outage of a service those requests do not otherwise
need). See docs/security.md, "Rate limits when Redis is down".

AI endpoints (Steps 4-6) call `throttle_ai(request)` first thing, after authentication:

    @router.post("coach/")
    def coach(request, payload: CoachIn):
        throttle_ai(request)
        ...

It counts the call in the `ai` scope per user (by id, so an email change does not reset it) and
per client address.
"""

import hashlib
import ipaddress
import logging
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest
from redis.exceptions import RedisError

from .errors import Throttled
from .models import ThrottleCounter

logger = logging.getLogger(__name__)

_PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
# X-Forwarded-For hops read from the right at most; a longer header is client-made padding.
MAX_FORWARDED_HOPS = 20
# Expired database counters are deleted at most this often per process.
PURGE_EVERY_SECONDS = 60
# While the cache store fails, its warning is logged at most this often per process.
CACHE_DOWN_LOG_EVERY_SECONDS = 60

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/min' -> (10, 60)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip().lower()]


# --- client address -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientAddress:
    """Who a request is counted as: `ip` (None when a trusted proxy forwarded no address) and,
    when it came through a trusted proxy without a forwarded address, that `proxy`."""

    ip: str | None
    proxy: str | None = None


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[IpNetwork, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def trusted_networks() -> tuple[IpNetwork, ...]:
    """`settings.TRUSTED_PROXIES` parsed (validated at start-up in settings/base.py)."""
    return _networks(tuple(settings.TRUSTED_PROXIES))


def parse_address(value: str) -> IpAddress | None:
    """An address from REMOTE_ADDR or a forwarded hop (`1.2.3.4`, `1.2.3.4:80`, `[::1]:80`,
    IPv4-mapped IPv6 as IPv4); None for anything else."""
    value = value.strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:
        candidates.append(value.partition(":")[0])
    for candidate in candidates:
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            continue
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            return address.ipv4_mapped
        return address
    return None


def _trusted(address: IpAddress | None, networks: tuple[IpNetwork, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def _forwarded_hops(request: HttpRequest) -> list[str]:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-MAX_FORWARDED_HOPS:]


def client_address(request: HttpRequest) -> ClientAddress:
    """The address per-IP limits count the request under (see the module docstring)."""
    peer = request.META.get("REMOTE_ADDR", "") or "unknown"
    hops = _forwarded_hops(request)
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies and len(hops) >= proxies:
        peer, hops = hops[-proxies], hops[:-proxies]
    networks = trusted_networks()
    peer_address = parse_address(peer)
    if not _trusted(peer_address, networks):
        return ClientAddress(peer)
    proxy = str(peer_address)
    while hops:
        hop = parse_address(hops.pop())
        if hop is None:  # a trusted proxy forwarded something that is not an address
            break
        if not _trusted(hop, networks):
            return ClientAddress(str(hop))
        proxy = str(hop)
    return ClientAddress(None, proxy)


def client_ip(request: HttpRequest) -> str:
    """The caller's address; a trusted proxy's own when it forwarded none."""
    address = client_address(request)
    return address.ip or address.proxy or "unknown"


# --- counters -----------------------------------------------------------------------------------

_last_purge = 0.0
_last_cache_down_log = 0.0


def _count_in_cache(key: str, period: int) -> int:
    if cache.add(key, 1, timeout=period + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period + 1)
        return 1


def _count_in_database(key: str, expires: int) -> int:
    """Add one to the row `key` (created at 1) in one atomic statement; return the new count."""
    global _last_purge
    quote = connection.ops.quote_name
    table = quote(ThrottleCounter._meta.db_table)
    key_column, count_column, expires_column = (quote(name) for name in ("key", "count", "expires"))
    sql = (
        f"INSERT INTO {table} ({key_column}, {count_column}, {expires_column}) "  # noqa: S608
        f"VALUES (%s, 1, %s) ON CONFLICT ({key_column}) "
        f"DO UPDATE SET {count_column} = {table}.{count_column} + 1 RETURNING {count_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, expires])
        count = cursor.fetchone()[0]
    now = time.time()
    if now - _last_purge > PURGE_EVERY_SECONDS:
        _last_purge = now
        ThrottleCounter.objects.filter(expires__lt=int(now)).delete()
    return count


def count_hit(key: str, period: int, now: float) -> int:
    """Count one request for `key` in the window of `period` seconds holding `now`."""
    window = int(now // period)
    window_key = f"throttle:{key}:{window}"
    if settings.THROTTLE_STORE != "database":
        try:
            return _count_in_cache(window_key, period)
        except (RedisError, OSError) as exc:  # the cache server (Redis) does not answer
            _log_cache_down(exc)
    return _count_in_database(window_key, (window + 1) * period + 1)


def _log_cache_down(exc: Exception) -> None:
    global _last_cache_down_log
    now = time.time()
    if now - _last_cache_down_log > CACHE_DOWN_LOG_EVERY_SECONDS:
        _last_cache_down_log = now
        logger.warning(
            "Throttle counters: the cache does not answer (%s: %s); counting in the database "
            "until it does.",
            type(exc).__name__,
            exc,
        )


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def _counter(scope: str, kind: str, value: str) -> str:
    """The key `count_hit` counts for `value` (an address, an account) in `scope`."""
    return f"{scope}:{kind}:{_digest(value)}"


def forget_accounts(accounts: list[str]) -> None:
    """Drop the per-account counters of `accounts` (emails, `user:<id>`) in every scope, from
    both stores: an erased account leaves no key derived from it (apps/accounts/erasure.py).
    Per-address counters stay; they name no account."""
    now = time.time()
    stored = Q()
    cached: list[str] = []
    for scope, (_per_ip, per_account) in settings.THROTTLE_RATES.items():
        window = int(now // parse_rate(per_account)[1])
        for account in accounts:
            prefix = f"throttle:{_counter(scope, 'account', account)}:"
            stored |= Q(key__startswith=prefix)
            # A cache counter outlives its window by one second: the previous one may remain.
            cached += [f"{prefix}{window - 1}", f"{prefix}{window}"]
    if not cached:  # no account or no scope: an empty Q would match every counter
        return
    ThrottleCounter.objects.filter(stored).delete()
    cache.delete_many(cached)


def _hit(scope: str, kind: str, value: str, rate: str) -> None:
    limit, period = parse_rate(rate)
    now = time.time()
    if count_hit(_counter(scope, kind, value), period, now) > limit:
        raise Throttled(wait=period - (now % period))


# --- what views call ----------------------------------------------------------------------------


def throttle(request: HttpRequest, scope: str, account: str | None = None) -> None:
    """Count one request in `scope` for the caller's address and, if given, the account
    (an email, or `user:<id>`); 429 past a limit."""
    if not settings.THROTTLE_ENABLED:
        return
    per_ip, per_account = settings.THROTTLE_RATES[scope]
    address = client_address(request)
    if address.ip is not None:
        _hit(scope, "ip", address.ip, per_ip)
    else:
        _hit(scope, "proxy", address.proxy or "unknown", settings.THROTTLE_PROXY_RATE)
    if account:
        _hit(scope, "account", account, per_account)


def throttle_ai(request: HttpRequest) -> None:
    """Count one AI call: per user (`THROTTLE_RATES["ai"][1]`) and per address ([0])."""
    user = getattr(request, "user", None)
    account = f"user:{user.pk}" if user is not None and user.is_authenticated else None
    throttle(request, "ai", account)
