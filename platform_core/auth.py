"""Who is calling: Bearer JWT first, then the `access_token` cookie, then a Django session.

Requests authenticated by a cookie (JWT or session) with an unsafe method must carry `X-CSRFToken`
matching the `csrftoken` cookie (double submit); a Bearer request needs no CSRF token, and no request
needs Origin or Referer (the web client talks through a server-side proxy).
"""

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

# Django's own token comparison (masked 64-character or plain 32-character tokens), so the API and
# the admin agree on one `csrftoken` cookie. The two helpers are private, so django-stubs omits them.
from django.middleware.csrf import (  # type: ignore[attr-defined]
    InvalidTokenFormat,
    _check_token_format,
    _does_token_match,
)
from django.utils.module_loading import import_string
from ninja.security import HttpBearer
from ninja_jwt.exceptions import TokenError
from ninja_jwt.tokens import AccessToken

from .errors import AuthenticationFailed, Forbidden, NotAuthenticated

ACCESS_COOKIE = "access_token"
REFRESH_COOKIE = "refresh_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _active_user(user_id):
    return get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()


@cache
def _loader(path: str) -> Callable:
    return import_string(path) if path else _active_user


def _user_loader() -> Callable:
    """`AUTH_USER_LOADER` (a dotted path: user id -> the active user or None), else a plain
    lookup. The accounts app's loader fetches with the user what most endpoints read of them
    (profile, organization membership, roles), in the same one query."""
    return _loader(getattr(settings, "AUTH_USER_LOADER", ""))


def user_from_access_token(raw: str):
    """The active user an access token names; AuthenticationFailed for anything else."""
    try:
        token = AccessToken(raw)
    except TokenError as exc:
        raise AuthenticationFailed() from exc
    user_id = token.get(settings.NINJA_JWT.get("USER_ID_CLAIM", "user_id"))
    user = _user_loader()(user_id)
    if user is None:
        raise AuthenticationFailed()
    return user


def enforce_csrf(request: HttpRequest) -> None:
    """Double-submit check for cookie- or session-authenticated unsafe requests."""
    if request.method in SAFE_METHODS:
        return
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    submitted = request.META.get(settings.CSRF_HEADER_NAME, "")
    if not secret or not submitted:
        raise Forbidden("CSRF token missing: send the csrftoken cookie's value as X-CSRFToken.")
    try:
        _check_token_format(secret)
        _check_token_format(submitted)
    except InvalidTokenFormat as exc:
        raise Forbidden("CSRF token invalid.") from exc
    if not _does_token_match(submitted, secret):
        raise Forbidden("CSRF token invalid.")


def authenticate_request(request: HttpRequest):
    """The calling user, or None when the request carries no credentials at all.

    Credentials that are present but wrong raise AuthenticationFailed rather than falling through
    to the next method: a client with an expired token must learn it has to refresh.
    """
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise AuthenticationFailed()
        return user_from_access_token(raw.strip())
    cookie = request.COOKIES.get(ACCESS_COOKIE)
    if cookie:
        user = user_from_access_token(cookie)
        enforce_csrf(request)
        return user
    session_user = getattr(request, "user", None)
    if session_user is not None and session_user.is_authenticated:
        if not session_user.is_active:
            raise AuthenticationFailed()
        enforce_csrf(request)
        return session_user
    return None


class ApiAuth(HttpBearer):
    """Required authentication (the API's default). Sets `request.user`."""

    def __call__(self, request: HttpRequest):
        user = authenticate_request(request)
        if user is None:
            raise NotAuthenticated()
        request.user = user
        return user

    def authenticate(self, request, token):  # pragma: no cover - __call__ does the work
        return user_from_access_token(token)


class OptionalAuth(ApiAuth):
    """For public endpoints that show more to some callers: anonymous is allowed."""

    def __call__(self, request: HttpRequest):
        user = authenticate_request(request)
        request.user = user or AnonymousUser()
        return True


def set_auth_cookies(response: HttpResponse, access: str, refresh: str) -> None:
    """Set `access_token` and `refresh_token` as the contract says (HttpOnly, Path=/, Lax)."""
    jwt = settings.NINJA_JWT
    for name, value, lifetime in (
        (ACCESS_COOKIE, access, jwt["ACCESS_TOKEN_LIFETIME"]),
        (REFRESH_COOKIE, refresh, jwt["REFRESH_TOKEN_LIFETIME"]),
    ):
        response.set_cookie(
            name,
            value,
            max_age=int(lifetime.total_seconds()),
            path="/",
            secure=settings.AUTH_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def clear_auth_cookies(response: HttpResponse) -> None:
    """Expire the three auth cookies (Max-Age=0, same Path)."""
    for name in (ACCESS_COOKIE, REFRESH_COOKIE, settings.CSRF_COOKIE_NAME):
        response.set_cookie(
            name,
            "",
            max_age=0,
            expires="Thu, 01 Jan 1970 00:00:00 GMT",
            path="/",
            secure=settings.AUTH_COOKIE_SECURE,
            httponly=name != settings.CSRF_COOKIE_NAME,
            samesite="Lax",
        )
