"""Production: PostgreSQL, Redis, S3-compatible storage, all from the environment.

Refuses to start (ImproperlyConfigured) with a missing or weak SECRET_KEY or an email backend that
delivers nothing. HTTPS is enforced by default (SSL redirect, HSTS for a year with subdomains and
preload); behind a TLS-terminating proxy that already redirects, an operator may turn either off.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)

# --- secret key ---------------------------------------------------------------------------------
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH  # noqa: F405
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE  # noqa: F405
    or SECRET_KEY.startswith("django-insecure-")  # noqa: F405
):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for production: use at least {SECRET_KEY_MIN_LENGTH} random "
        f"characters with at least {SECRET_KEY_MIN_UNIQUE} different ones, e.g. "
        '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
    )
NINJA_JWT["SIGNING_KEY"] = SECRET_KEY  # noqa: F405

# --- email --------------------------------------------------------------------------------------
# SMTP unless set otherwise; a backend that never delivers would lose every code and reset link.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
UNDELIVERING_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}
if EMAIL_BACKEND in UNDELIVERING_EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND {EMAIL_BACKEND!r} delivers no email; production needs a real one "
        "(django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST etc.)."
    )

# --- HTTPS --------------------------------------------------------------------------------------
AUTH_COOKIE_SECURE = env.bool("AUTH_COOKIE_SECURE", default=True)
SESSION_COOKIE_SECURE = AUTH_COOKIE_SECURE
CSRF_COOKIE_SECURE = AUTH_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# Off only for a TLS-terminating proxy that redirects plain HTTP itself.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe health over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^api/health/?$"]
# 0 turns HSTS off (e.g. while trying HTTPS out); browsers remember it for this many seconds.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
