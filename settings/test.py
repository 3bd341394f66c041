"""Test settings: immediate tasks, a fast password hasher, in-memory email.

DATABASE_URL and REDIS_URL still apply, so the same suite runs on SQLite and on PostgreSQL + Redis.
"""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"
NINJA_JWT["SIGNING_KEY"] = SECRET_KEY  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HUEY["immediate"] = True  # noqa: F405
HUEY_IMMEDIATE = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="etapi-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="etapi-test-static-")
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Every list written by a dumper (platform_core/dumpers.py) is also made through pydantic: they
# must render the same bytes.
RESPONSE_DUMP_CHECK = True
LLM_MODEL = ""  # a developer shell variable never makes the suite call a real provider
