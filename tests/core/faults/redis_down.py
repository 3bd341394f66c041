"""Redis unreachable, in this process: the cache and Huey's storage pointed at a closed port.

`unreachable_redis(settings, monkeypatch)` makes `caches["default"]` a RedisCache and `HUEY.storage`
a RedisStorage, both on a port of 127.0.0.1 nothing listens on, and the throttle store "cache",
as a Redis deployment runs; `restore_queue()` on what it returns brings the queue back (the cache
stays down: it only holds throttle counters).
"""

from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage

from tests.helpers import cache_key_prefix, free_port

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


class Outage:
    def __init__(self, monkeypatch, url: str):
        self.url = url
        self.monkeypatch = monkeypatch
        self.storage = HUEY.storage
        monkeypatch.setattr(HUEY, "storage", RedisStorage(HUEY.name, url=url))

    def restore_queue(self) -> None:
        """Redis is back for the queue (Huey's own storage again)."""
        self.monkeypatch.setattr(HUEY, "storage", self.storage)


def unreachable_redis(settings, monkeypatch) -> Outage:
    url = f"redis://127.0.0.1:{free_port()}/0"
    settings.CACHES = {
        "default": {"BACKEND": REDIS_CACHE, "LOCATION": url, "KEY_PREFIX": cache_key_prefix()}
    }
    settings.THROTTLE_STORE = "cache"
    return Outage(monkeypatch, url)
