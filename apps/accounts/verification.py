"""Email verification codes and password-reset tokens, and the emails that carry them.

Both are stored hashed: a code as an HMAC keyed with SECRET_KEY (a 6-digit code is too small a
space for a plain hash), a reset token (32 random bytes) as its SHA-256. Codes expire after 24 h
and die after 5 wrong tries; reset tokens expire after 1 h and work once.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from platform_core.errors import FieldErrors, NotFound
from platform_core.schemas import normalize_email
from platform_core.tasks import email_on_commit

from .models import EmailVerificationCode, PasswordResetToken, User

INVALID_CODE = "Invalid or expired verification code."


def _hash_code(user_id: int, code: str) -> str:
    return salted_hmac("accounts.verification-code", f"{user_id}:{code}").hexdigest()


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _email(user: User, template: str, subject: str, **context) -> None:
    email_on_commit(
        f"accounts/email/{template}.txt", {"user": user, **context}, subject, [user.email]
    )


# --- email verification -------------------------------------------------------------------------


def send_verification_code(user: User) -> None:
    """Replace any live code of `user` with a new one and email it."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    EmailVerificationCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    EmailVerificationCode.objects.create(
        user=user,
        code_hash=_hash_code(user.pk, code),
        expires_at=now + settings.EMAIL_VERIFICATION_TTL,
    )
    _email(user, "verify_email", "Your Enabled Talent verification code", code=code)


def resend_verification(email: str) -> None:
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is not None and not user.is_verified:
        send_verification_code(user)


@dataclass
class CodeCheck:
    verified: bool
    error: str = ""


def verify_email(email: str, code: str) -> User:
    """Mark the user verified if `code` is their live code; FieldErrors({"code": ...}) otherwise.

    A wrong try is counted in its own transaction, so the count survives the error.
    """
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        raise FieldErrors({"code": INVALID_CODE})
    if user.is_verified:
        return user
    check = _check_code(user, code.strip())
    if not check.verified:
        raise FieldErrors({"code": check.error})
    return user


def _check_code(user: User, code: str) -> CodeCheck:
    now = timezone.now()
    with transaction.atomic():
        live = (
            EmailVerificationCode.objects.select_for_update()
            .filter(
                user=user,
                used_at__isnull=True,
                expires_at__gt=now,
                attempts__lt=settings.EMAIL_VERIFICATION_MAX_ATTEMPTS,
            )
            .order_by("-created_at")
            .first()
        )
        if live is None:
            return CodeCheck(
                False, "This code has expired or was tried too often; ask for a new one."
            )
        if not constant_time_compare(live.code_hash, _hash_code(user.pk, code)):
            EmailVerificationCode.objects.filter(pk=live.pk).update(attempts=F("attempts") + 1)
            left = settings.EMAIL_VERIFICATION_MAX_ATTEMPTS - live.attempts - 1
            return CodeCheck(False, f"{INVALID_CODE} {max(left, 0)} tries left.")
        live.used_at = now
        live.save(update_fields=["used_at"])
        user.is_verified = True
        user.save(update_fields=["is_verified"])
    return CodeCheck(True)


# --- password reset -----------------------------------------------------------------------------


def request_password_reset(email: str) -> None:
    """Email a reset token to an active account with this email; silently nothing otherwise."""
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        return
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        PasswordResetToken.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        PasswordResetToken.objects.create(
            user=user, token_hash=_hash_token(token), expires_at=now + settings.PASSWORD_RESET_TTL
        )
        link = f"{settings.FRONTEND_URL.rstrip('/')}/reset-password?token={token}"
        _email(user, "password_reset", "Reset your Enabled Talent password", token=token, link=link)


def live_reset_token(token: str, *, lock: bool = False) -> PasswordResetToken:
    """The unused, unexpired reset token with this value; NotFound otherwise."""
    tokens = PasswordResetToken.objects.select_related("user")
    if lock:
        tokens = tokens.select_for_update()
    found = tokens.filter(
        token_hash=_hash_token(token),
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
        user__is_active=True,
    ).first()
    if found is None:
        raise NotFound()
    return found
