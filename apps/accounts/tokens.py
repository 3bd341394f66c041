"""JWT pairs through django-ninja-jwt: issue, rotate (blacklisting the old refresh), revoke."""

import contextlib
from typing import cast

from django.db import transaction
from ninja_jwt.exceptions import TokenError
from ninja_jwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from ninja_jwt.tokens import RefreshToken

from platform_core.errors import AuthenticationFailed, NotAuthenticated

from .models import User


def issue_pair(user: User) -> tuple[str, str]:
    """A fresh (access, refresh) pair; the refresh is recorded as outstanding."""
    # ninja-jwt annotates the classmethod's `cls` as `T` instead of `type[T]`.
    refresh = RefreshToken.for_user(user)  # type: ignore[misc]
    return str(refresh.access_token), str(refresh)


def _valid_refresh(raw: str | None) -> RefreshToken:
    if not raw:
        raise NotAuthenticated()
    try:
        return RefreshToken(raw)  # checks signature, expiry, type and the blacklist
    except TokenError as exc:
        raise AuthenticationFailed() from exc


def rotate(raw: str | None) -> tuple[User, str, str]:
    """Exchange a refresh token for a new pair; the old one is blacklisted, once.

    Two requests racing with the same token: the blacklist row is unique, so only one of them wins
    and the other gets 401.
    """
    token = _valid_refresh(raw)
    user = User.objects.filter(pk=token.get("user_id"), is_active=True).first()
    if user is None:
        raise AuthenticationFailed()
    with transaction.atomic():
        # ninja-jwt's blacklist() returns get_or_create's pair, though annotated as the row.
        _, created = cast(tuple[BlacklistedToken, bool], token.blacklist())
        if not created:
            raise AuthenticationFailed()
        access, refresh = issue_pair(user)
    return user, access, refresh


def blacklist(raw: str | None) -> None:
    """Blacklist a refresh token if it is a valid one; anything else is ignored (logout)."""
    with contextlib.suppress(AuthenticationFailed, NotAuthenticated):
        _valid_refresh(raw).blacklist()


def revoke_all(user: User) -> int:
    """Blacklist every outstanding refresh token of `user`; returns how many were revoked."""
    pending = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    revoked = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in pending], ignore_conflicts=True
    )
    return len(revoked)
