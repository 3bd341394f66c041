"""Account logic. The scoped queryset builders come first: every endpoint filters through them."""

from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet, Value
from django.http import HttpRequest
from django.utils import timezone

from platform_core.errors import AuthenticationFailed, FieldErrors, Forbidden
from platform_core.files import replace_stored_file, replacing_files, validate_image
from platform_core.prepared import PreparedQuery
from platform_core.schemas import normalize_email

from . import erasure, tokens, verification
from .models import ROLE_RELATIONS, Feedback, Profile, User, role_relation
from .schemas import FeedbackIn, SignupIn, UserPut
from .signals import user_signed_up

BAD_LOGIN = "No active account found with the given credentials."


# --- scoped querysets ---------------------------------------------------------------------------


def with_roles(users: QuerySet) -> QuerySet:
    """Annotate `is_candidate` / `is_employer` in the same query (no per-row lookups)."""
    annotations: dict[str, Exists | Value] = {}
    for role in ROLE_RELATIONS:
        relation = role_relation(role)
        if relation is None:
            annotations[f"_{role}"] = Value(False)
            continue
        related = relation.related_model._default_manager
        annotations[f"_{role}"] = Exists(related.filter(**{relation.field.name: OuterRef("pk")}))
    return users.annotate(**annotations)


def visible_users(viewer: User) -> QuerySet:
    """Staff see every user; anyone else sees only themself."""
    users = with_roles(User.objects.select_related("profile")).order_by("id")
    return users if viewer.is_staff else users.filter(pk=viewer.pk)


def user_for_response(user: User) -> User:
    """Reload `user` with its profile and roles, as the user endpoints return it."""
    return visible_users(user).get(pk=user.pk)


def _authenticated_users() -> QuerySet:
    """Users with their profile, their organization membership (the relation `is_employer`
    rests on, when its app is installed) and `is_candidate`, in one query."""
    users = User.objects.select_related("profile")
    employer = role_relation("is_employer")
    if employer is not None:
        users = users.select_related(employer.name)
    candidate = role_relation("is_candidate")
    if candidate is not None:
        related = candidate.related_model._default_manager
        exists = Exists(related.filter(**{candidate.field.name: OuterRef("pk")}))
        # By keyword name: `_is_candidate` is declared on User, which django-stubs refuses here.
        annotations = {"_is_candidate": exists}
        users = users.annotate(**annotations)
    return users


# The authenticated user by id, compiled once per connection: building and compiling the query
# cost more than running it (docs/performance.md).
_active_user = PreparedQuery(lambda pk: _authenticated_users().filter(pk=pk, is_active=True))


def authenticated_user(user_id) -> User | None:
    """The active user an access token names, loaded for the request (AUTH_USER_LOADER) in one
    query: the user endpoints answer with it as it is, and the membership costs no second
    query. None for an unknown, inactive or malformed id."""
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    if not -(2**63) <= pk < 2**63:  # beyond the column: no such user
        return None
    found = _active_user(pk=pk)
    if not found:
        return None
    (user,) = found
    if not hasattr(user, "_is_candidate"):
        user._is_candidate = False
    employer = role_relation("is_employer")
    user._is_employer = employer is not None and getattr(user, employer.name, None) is not None
    return user


def current_user(user: User) -> User:
    """The calling user as the user endpoints return it: as authenticated, when that load
    already carries the profile and roles (a token), else reloaded (a session)."""
    loaded = (
        getattr(user, "_is_candidate", None) is not None
        and getattr(user, "_is_employer", None) is not None
        and User.profile.is_cached(user)
    )
    return user if loaded else user_for_response(user)


# --- signup and login ---------------------------------------------------------------------------


def _validate_password(password: str, user: User, field: str) -> None:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        raise FieldErrors({field: exc.messages}) from exc


def signup(data: SignupIn) -> User:
    """Create the user and profile atomically, apply referral and invitation, email a code."""
    if data.confirm_password is not None and data.confirm_password != data.password:
        raise FieldErrors({"confirm_password": "The two passwords do not match."})
    if User.objects.filter(email=data.email).exists():
        raise FieldErrors({"email": "A user with this email already exists."})
    candidate = User(email=data.email, first_name=data.first_name, last_name=data.last_name)
    _validate_password(data.password, candidate, "password")
    if data.invite_code and not user_signed_up.has_listeners():
        raise FieldErrors({"invite_code": "Invitations are not available on this server."})
    referrer = None
    if data.referral_code:
        referrer = Profile.objects.filter(referral_code=data.referral_code.strip().upper()).first()
        if referrer is None:
            raise FieldErrors({"referral_code": "Unknown referral code."})
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                data.email,
                data.password,
                first_name=data.first_name,
                last_name=data.last_name,
            )
            Profile.objects.filter(user=user).update(
                newsletter=data.newsletter, referred_by=referrer.user if referrer else None
            )
            if referrer:
                Profile.objects.filter(pk=referrer.pk).update(
                    total_referrals=F("total_referrals") + 1
                )
            user_signed_up.send(sender=User, user=user, invite_code=data.invite_code)
            verification.send_verification_code(user)
    except IntegrityError as exc:  # a concurrent signup with the same email won the race
        raise FieldErrors({"email": "A user with this email already exists."}) from exc
    return user


def login(request: HttpRequest, email: str, password: str) -> User:
    """The active user with these credentials; one message for every failure (no enumeration)."""
    user = authenticate(request, email=normalize_email(email), password=password)
    if user is None:
        raise AuthenticationFailed(BAD_LOGIN)
    if settings.REQUIRE_EMAIL_VERIFICATION and not user.is_verified:
        raise Forbidden("Verify your email address before logging in.")
    return user


# --- passwords ----------------------------------------------------------------------------------


def change_password(user: User, current: str, new: str, confirm: str | None) -> None:
    if not user.check_password(current):
        raise FieldErrors({"current_password": "The current password is not correct."})
    if confirm is not None and confirm != new:
        raise FieldErrors({"confirm_password": "The two passwords do not match."})
    _validate_password(new, user, "new_password")
    with transaction.atomic():
        user.set_password(new)
        user.save(update_fields=["password"])
        tokens.revoke_all(user)


def confirm_password_reset(token: str, password: str) -> User:
    with transaction.atomic():
        reset = verification.live_reset_token(token, lock=True)
        user = reset.user
        _validate_password(password, user, "password")
        user.set_password(password)
        # The reset link reached this mailbox, which proves the address.
        user.is_verified = True
        user.save(update_fields=["password", "is_verified"])
        reset.used_at = timezone.now()
        reset.save(update_fields=["used_at"])
        tokens.revoke_all(user)
    return user


# --- users --------------------------------------------------------------------------------------


def update_user(user: User, data: UserPut, *, partial: bool, avatar=None) -> User:
    """Apply names and profile fields (only those sent, with `partial`: `data` is then a
    UserPatch, the partial UserPut) and a new avatar."""
    changes = data.model_dump(exclude_unset=partial)
    profile_data = changes.pop("profile", None) or {}
    avatar_extension = validate_image(avatar) if avatar is not None else None
    with replacing_files():
        for field, value in changes.items():
            setattr(user, field, value or "")
        if changes:
            user.save(update_fields=list(changes))
        if profile_data or avatar is not None:
            profile = Profile.objects.select_for_update().get(user=user)
            for field, value in profile_data.items():
                if field == "newsletter":
                    profile.newsletter = bool(value)
                else:
                    setattr(profile, field, value or "")
            fields = list(profile_data)
            if avatar is not None:
                replace_stored_file(profile.avatar, f"avatar.{avatar_extension}", avatar)
                fields.append("avatar")
            profile.save(update_fields=fields)
    return user_for_response(user)


def delete_user(user: User) -> None:
    """Erase the user and everything that is theirs or about them (erasure.py; files go once
    the deletion commits); 409 while an app's rule keeps the user."""
    erasure.erase_user(user)


def create_feedback(user: User, data: FeedbackIn, attachment=None) -> Feedback:
    feedback = Feedback(user=user, **data.model_dump())
    if attachment is not None:
        extension = validate_image(attachment)
        feedback.attachment.save(f"attachment.{extension}", attachment, save=False)
    feedback.save()
    return feedback
