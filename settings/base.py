"""Settings shared by every environment; everything that varies comes from the environment.

The variable names are an interface (see the configuration table in the README): operators, CI and
test harnesses rely on them.
"""

import ipaddress
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured

from platform_core.entrypoints import plugin_app_modules

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
# Home of the embedded default (SQLite, SqliteHuey, media); cheap to make, confusing to miss.
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "huey.contrib.djhuey",
    "ninja",
    "ninja_jwt",
    "ninja_jwt.token_blacklist",
    "platform_core",
    "apps.accounts",
    "apps.organizations",
    "apps.candidates",
    "apps.jobs",
    "apps.demo",
]
# Plugins that are Django apps (their package has an apps.py), from the entry-point strings of
# `enabled_talent.plugins`: no plugin is imported here; AppConfig.ready() loads their hooks.
INSTALLED_APPS += [app for app in plugin_app_modules() if app not in INSTALLED_APPS]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "platform_core.middleware.ApiPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "platform_core.urls"
WSGI_APPLICATION = "platform_core.wsgi.application"
ASGI_APPLICATION = "platform_core.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
# Persistent connections: a new connection per request caps even a one-SELECT endpoint near
# 230 requests/s here, against about 2,000 with connections kept per worker.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DB_PREPARED_STATEMENTS", default=True
):
    # Server-side binding lets psycopg prepare a statement it has run `prepare_threshold` times
    # on a connection: PostgreSQL then skips parsing and planning it, and psycopg sends the
    # values in binary instead of quoting them into the SQL (docs/performance.md). A pooler in
    # transaction mode without prepared-statement support needs DB_PREPARED_STATEMENTS=False.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "server_side_binding": True,
            "prepare_threshold": env.int("DB_PREPARE_THRESHOLD", default=2),
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and task queue -----------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

HUEY_IMMEDIATE = env.bool("HUEY_IMMEDIATE", default=False)
HUEY_SQLITE_PATH = env("HUEY_SQLITE_PATH", default=str(VAR_DIR / "huey.db"))
HUEY = {
    "name": "enabled-talent",
    "immediate": HUEY_IMMEDIATE,
    "consumer": {
        "workers": env.int("HUEY_WORKERS", default=2),
        "worker_type": "thread",
        # SqliteHuey is polled: huey's default back-off grows to 10 s between polls when idle,
        # so a parse enqueued after an idle minute could wait 10 s. Capped at 0.25 s, a task
        # waits under 0.5 s (docs/runs.md); an idle poll is one cheap SQLite read. RedisHuey
        # blocks on the queue instead and ignores these.
        "initial_delay": 0.05,
        "backoff": 1.15,
        "max_delay": 0.25,
        # The scheduler enqueues the periodic tasks (platform_core.tasks.reap_runs).
        "periodic": True,
    },
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": HUEY_SQLITE_PATH})
# Background runs (platform_core/runs.py): a running run with no heartbeat for RUN_STALE_SECONDS,
# or one still queued after RUN_QUEUED_STALE_SECONDS, is failed by the reaper (every minute).
RUN_STALE_SECONDS = env.int("RUN_STALE_SECONDS", default=120)
RUN_QUEUED_STALE_SECONDS = env.int("RUN_QUEUED_STALE_SECONDS", default=600)
# A ranking plugin that has not answered after this many seconds ends its run `failed`.
RANKING_TIMEOUT = env.float("RANKING_TIMEOUT", default=120.0)
# Rows of the disclosure log (apps/candidates/disclosure_log.py) older than this are deleted
# every night (apps/candidates/tasks.py).
DISCLOSURE_LOG_RETENTION_DAYS = env.int("DISCLOSURE_LOG_RETENTION_DAYS", default=730)
if DISCLOSURE_LOG_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(
        f"DISCLOSURE_LOG_RETENTION_DAYS: {DISCLOSURE_LOG_RETENTION_DAYS!r} is not a number of days "
        "of at least 1."
    )

# --- authentication -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
# How the API loads the user a token names (platform_core/auth.py): one query with what most
# endpoints read of them (profile, membership, roles).
AUTH_USER_LOADER = "apps.accounts.services.authenticated_user"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

JWT_ACCESS_MINUTES = env.int("JWT_ACCESS_MINUTES", default=15)
JWT_REFRESH_DAYS = env.int("JWT_REFRESH_DAYS", default=7)
AUTH_COOKIE_SECURE = env.bool("AUTH_COOKIE_SECURE", default=False)
# Signed-up users may log in before verifying their email unless this is on.
REQUIRE_EMAIL_VERIFICATION = env.bool("REQUIRE_EMAIL_VERIFICATION", default=False)
# Mixed value types (lifetimes, flags, names): typed loosely so readers need no casts.
NINJA_JWT: dict[str, Any] = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=JWT_ACCESS_MINUTES),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=JWT_REFRESH_DAYS),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
}

SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = AUTH_COOKIE_SECURE
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SECURE = AUTH_COOKIE_SECURE
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=["http://localhost:3000"])

CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=["http://localhost:3000"])
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/api/.*$"
# Headers a browser client on another origin may read: the page metadata and the throttle's wait.
CORS_EXPOSE_HEADERS = ["X-Total-Count", "X-Total-Count-Estimated", "Link", "Retry-After"]

# Verification codes and reset tokens.
EMAIL_VERIFICATION_TTL = timedelta(hours=24)
EMAIL_VERIFICATION_MAX_ATTEMPTS = 5
PASSWORD_RESET_TTL = timedelta(hours=1)
# Where the web client's password-reset page lives; the email links there with the token.
FRONTEND_URL = env("FRONTEND_URL", default="http://localhost:3000")

# --- throttling ---------------------------------------------------------------------------------
THROTTLE_ENABLED = env.bool("THROTTLE_ENABLED", default=True)
# scope -> (requests per IP, requests per account) per period; see platform_core/throttling.py.
# `ai` is per signed-in user (and per IP), for the AI endpoints (throttle_ai).
THROTTLE_RATES = {
    "login": ("30/min", "10/min"),
    "signup": ("20/h", "5/h"),
    "verify": ("30/min", "10/min"),
    "email": ("20/h", "5/h"),
    "ai": ("60/min", "30/min"),
    "export": ("20/h", "5/h"),  # GDPR export (apps/accounts/export.py): per IP, per user
}
# Where the counters live: "cache" (Redis: atomic add/incr) or "database" (a table every worker
# shares, incremented atomically). A per-process cache would multiply limits by the workers.
THROTTLE_STORE = "cache" if REDIS_URL else "database"
# How many reverse proxies put their address in X-Forwarded-For in front of the app (0: none, use
# REMOTE_ADDR). Behind one load balancer, set 1.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Proxies (addresses or CIDRs, comma-separated) that forward the client's address, e.g. the web
# client's server: per-IP limits key on the X-Forwarded-For hop left of them; when they forward
# none, only per-account limits apply, plus THROTTLE_PROXY_RATE per proxy and scope.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or CIDR network."
        ) from _exc
THROTTLE_PROXY_RATE = env("THROTTLE_PROXY_RATE", default="600/min")
if not re.fullmatch(r"\d+/(s|sec|m|min|h|hour|d|day)", THROTTLE_PROXY_RATE.strip().lower()):
    raise ImproperlyConfigured(
        f"THROTTLE_PROXY_RATE: {THROTTLE_PROXY_RATE!r} is not a rate such as 600/min."
    )

# --- API documentation --------------------------------------------------------------------------
# The interactive docs (/api/docs) and the schema (/api/openapi.json) are public unless this is
# off (then both answer 404). On by default everywhere: the contract publishes the schema.
API_DOCS_ENABLED = env.bool("API_DOCS_ENABLED", default=True)

# --- email --------------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Enabled Talent <no-reply@localhost>")

# --- files --------------------------------------------------------------------------------------
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Media is private: no MEDIA_URL route serves it; downloads go through authorized endpoints.
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "static"))
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            # An S3 file opened for reading (downloads, the GDPR export) is fetched into a spooled
            # temporary file: past 2 MB it goes to disk, and one thread fetches it, so a 100 MB
            # video never sits in a worker's memory (docs/benchmarks.md, export memory).
            "max_memory_size": 2 * 1024 * 1024,
            "use_threads": False,
        },
    }
IMAGE_MAX_BYTES = 5 * 1024 * 1024
RESUME_MAX_BYTES = 10 * 1024 * 1024
VIDEO_MAX_BYTES = 100 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- LLM gateway (platform_core/llm.py) -----------------------------------------------------------
# A litellm model string (`openai/gpt-4o-mini`, `ollama/llama3`); empty: every AI feature takes its
# offline path. LLM_API_BASE points at a local OpenAI-compatible server. The provider's key comes
# from LLM_API_KEY or litellm's own variables (OPENAI_API_KEY, ...); there is no default key.
LLM_MODEL = env("LLM_MODEL", default="").strip()
LLM_API_BASE = env("LLM_API_BASE", default="").strip()
LLM_API_KEY = env("LLM_API_KEY", default="")
LLM_TIMEOUT = env.float("LLM_TIMEOUT", default=30.0)
if not 0 < LLM_TIMEOUT <= 600:
    raise ImproperlyConfigured(
        f"LLM_TIMEOUT: {LLM_TIMEOUT!r} is not a number of seconds in (0, 600]."
    )
# The coach, prompt, generate-about and candidate-insight calls answer synchronously but run in
# the task path (platform_core/calls.py): "inline" runs the task in this process, "queue"
# enqueues it on Huey for a worker (a deployment with worker machines) and waits for its result.
AI_CALLS = env("AI_CALLS", default="inline").strip().lower()
if AI_CALLS not in ("inline", "queue"):
    raise ImproperlyConfigured(f"AI_CALLS: {AI_CALLS!r} is neither 'inline' nor 'queue'.")
# Seconds one such call may take, queueing included; past it the endpoint answers 504. The
# default leaves a plugin room for one LLM call and its own work.
AI_CALL_TIMEOUT = env.float("AI_CALL_TIMEOUT", default=LLM_TIMEOUT + 15)
if not 0 < AI_CALL_TIMEOUT <= 900:
    raise ImproperlyConfigured(
        f"AI_CALL_TIMEOUT: {AI_CALL_TIMEOUT!r} is not a number of seconds in (0, 900]."
    )

# --- bias audit (apps/organizations/bias_audit.py, docs/bias-audit.md) ---------------------------
# A group with fewer applicants than this is reported as suppressed (no counts, no rates). Below
# 2 a cell could be one person.
BIAS_AUDIT_MIN_CELL = env.int("BIAS_AUDIT_MIN_CELL", default=5)
if not 2 <= BIAS_AUDIT_MIN_CELL <= 1000:
    raise ImproperlyConfigured(
        f"BIAS_AUDIT_MIN_CELL: {BIAS_AUDIT_MIN_CELL!r} is not a number of applicants in [2, 1000]."
    )

# --- i18n ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- logging ------------------------------------------------------------------------------------
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# --- plugins (platform_core/plugins.py, docs/plugin_hooks.md) -------------------------------------
# A plugin that fails to import, register or name its hooks is logged and skipped, unless this is
# on: then start-up stops with the reason.
PLUGINS_STRICT = env.bool("PLUGINS_STRICT", default=False)
# Which installed plugin (entry-point name) serves each capability; the built-in is the fallback.
RESUME_PARSER_PLUGIN = env("RESUME_PARSER_PLUGIN", default="resume_parser").strip()
RANKING_PLUGIN = env("RANKING_PLUGIN", default="ranking").strip()
CAREER_COACH_PLUGIN = env("CAREER_COACH_PLUGIN", default="career_coach").strip()
# Each plugin's own settings, by plugin name: a plugin reads its entry as `context.settings`.
PLUGIN_SETTINGS: dict[str, dict[str, Any]] = {}
