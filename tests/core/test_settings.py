"""The services the settings wire up follow the environment (ARCHITECTURE.md, Configuration)."""

import os

from django.conf import settings

POSTGRES = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
LOCMEM_CACHE = "django.core.cache.backends.locmem.LocMemCache"


def test_settings_services_match_environment():
    engine = settings.DATABASES["default"]["ENGINE"]
    cache_backend = settings.CACHES["default"]["BACKEND"]
    huey_class = settings.HUEY["huey_class"]

    if os.environ.get("CI_REQUIRE_SERVICES"):
        # CI's PostgreSQL + Redis run: a silent fallback to SQLite must fail, never skip.
        assert engine == POSTGRES
        # The suite runs with the statements prepared server-side, as production does.
        assert settings.DATABASES["default"]["OPTIONS"]["server_side_binding"] is True
        assert cache_backend == REDIS_CACHE
        assert huey_class == "huey.RedisHuey"
        assert settings.HUEY["url"] == settings.REDIS_URL != ""
    else:
        url = os.environ.get("DATABASE_URL", "")
        assert engine == (POSTGRES if url.startswith(("postgres://", "postgresql://")) else SQLITE)
        if os.environ.get("REDIS_URL"):
            assert cache_backend == REDIS_CACHE
            assert huey_class == "huey.RedisHuey"
        else:
            assert cache_backend == LOCMEM_CACHE
            assert huey_class == "huey.SqliteHuey"
            assert settings.HUEY["filename"] == settings.HUEY_SQLITE_PATH


def test_settings_test_module_runs_tasks_immediately():
    assert settings.HUEY["immediate"] is True
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
