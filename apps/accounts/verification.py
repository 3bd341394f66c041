"""Email verification codes and password-reset tokens, and the emails that carry them.

Both are stored hashed: a code as an HMAC keyed with SECRET_KEY (a 6-digit code is too small a
space for a plain hash), a reset token (32 random bytes) as its SHA-256. Codes expire after 24 h
and die after 5 wrong tries; reset tokens expire after 1 h and work once.

Password reset and resend-verification requests only queue a task with the email
(apps/accounts/tasks.py); the task looks the account up and sends, so the request path is the
same for known and unknown emails. Every failed verification answers the same 400.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from platform_core.errors import FieldErrors, NotFound
from platform_core.schemas import normalize_email
from platform_core.tasks import email_on_commit

from .models import EmailVerificationCode, PasswordResetToken, User

# One message for every failed verification, so the answer tells nothing about the account.
INVALID_CODE = (
    "Invalid or expired verification code. A code lives 24 hours and dies after 5 wrong tries; "
    "ask for a new one if needed."
)


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
    """Queue `deliver_new_code` for `email` on commit; the request learns nothing about it."""
    from .tasks import send_new_code  # the tasks call back into this module

    address = normalize_email(email)
    transaction.on_commit(lambda: send_new_code(address))


def deliver_new_code(email: str) -> None:
    """In the task: a new code for an active, unverified account with this email; else nothing."""
    user = User.objects.filter(email=email, is_active=True, is_verified=False).first()
    if user is not None:
        with transaction.atomic():
            send_verification_code(user)


def verify_email(email: str, code: str) -> User:
    """Mark the user verified if `code` is their live code; FieldErrors({"code": ...}) otherwise.

    Every failure answers the same (unknown email, wrong, expired or exhausted code, verified or
    not), so the answer tells nothing about the account. An already verified account accepts
    again only the code that verified it, while that code would still live (24 h, 5 wrong
    tries), so a retried request still gets 200; wrong tries count against it as before. A wrong
    try is counted in its own transaction, so the count survives the error.
    """
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None or not _accept_code(user, code.strip()):
        raise FieldErrors({"code": INVALID_CODE})
    return user


def _accept_code(user: User, code: str) -> bool:
    """Whether `code` is the user's latest code and still good; verify the user if it is."""
    now = timezone.now()
    with transaction.atomic():
        latest = (
            EmailVerificationCode.objects.select_for_update()
            .filter(user=user)
            .order_by("-created_at", "-pk")
            .first()
        )
        if (
            latest is None
            or latest.expires_at <= now
            or latest.attempts >= settings.EMAIL_VERIFICATION_MAX_ATTEMPTS
            or (latest.used_at is not None and not user.is_verified)
        ):
            return False
        if not constant_time_compare(latest.code_hash, _hash_code(user.pk, code)):
            EmailVerificationCode.objects.filter(pk=latest.pk).update(attempts=F("attempts") + 1)
            return False
        if latest.used_at is None:
            latest.used_at = now
            latest.save(update_fields=["used_at"])
        if not user.is_verified:
            user.is_verified = True
            user.save(update_fields=["is_verified"])
    return True


# --- password reset -----------------------------------------------------------------------------


def request_password_reset(email: str) -> None:
    """Queue `deliver_password_reset` for `email` on commit; the request learns nothing about it.

    The request path does the same work for every email (no user lookup), so its timing does not
    tell whether the account exists.
    """
    from .tasks import send_password_reset  # the tasks call back into this module

    address = normalize_email(email)
    transaction.on_commit(lambda: send_password_reset(address))


def deliver_password_reset(email: str) -> None:
    """In the task: email a reset token to an active account with this email; else nothing."""
    user = User.objects.filter(email=email, is_active=True).first()
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
