"""Authentication and users, mounted under both /api/auth/ and /api/users/ (contract sections 4-5).

POST   signup/                             create an account (201), emails a verification code
POST   token/                              JWT pair + user; sets access/refresh/csrf cookies
POST   token/refresh/                      rotate the refresh token (body or cookie)
POST   session/login/                      Django session login
POST   logout/                             blacklist the refresh token, end the session, clear cookies
POST   verify-email/  resend-verification/ email verification by 6-digit code
POST   change-password/                    revokes every refresh token, sets fresh cookies
POST   password_reset/  .../validate_token/  .../confirm/
GET    csrf/                               the csrftoken cookie (and its value)
GET    users/me/  PATCH users/me/  PATCH profile/
GET    users/                              staff: everyone; others: themself (paginated)
GET|PUT|PATCH|DELETE users/{id}/           the user themself or staff; anyone else 404
POST   add-feedback/                       JSON or multipart with an image `attachment`
GET    users/me/export/  users/{id}/export/  the caller's data as a zip (GDPR art. 15/20; self only)
"""

from django.contrib.auth import login as session_login
from django.contrib.auth import logout as session_logout
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from ninja import Query, Router, Status

from platform_core.auth import REFRESH_COOKIE, clear_auth_cookies, set_auth_cookies
from platform_core.errors import NotFound
from platform_core.files import file_response
from platform_core.pagination import PageParams, paginate
from platform_core.payload import parse_payload, payload_openapi, request_data, validate_data
from platform_core.schemas import PathId
from platform_core.throttling import throttle

from . import export, services, tokens, verification
from .schemas import (
    ChangePasswordIn,
    CsrfOut,
    DetailOut,
    EmailIn,
    FeedbackIn,
    FeedbackOut,
    LoginIn,
    LoginOut,
    PasswordChangedOut,
    RefreshIn,
    ResetConfirmIn,
    ResetTokenIn,
    SignupIn,
    SignupOut,
    StatusOut,
    TokenPairOut,
    UserOut,
    UserPatch,
    UserPut,
    VerifiedOut,
    VerifyEmailIn,
)

router = Router(tags=["auth"])


def _start_csrf(request: HttpRequest) -> str:
    """Make sure the response sets the `csrftoken` cookie; return a token for the header."""
    return get_token(request)


# --- signup, login, tokens ----------------------------------------------------------------------


@router.post("signup/", auth=None, response={201: SignupOut})
def signup(request, payload: SignupIn):
    """Create an account. Login works at once; `is_verified` turns true with the emailed code."""
    throttle(request, "signup", payload.email)
    user = services.signup(payload)
    detail = "Account created. We emailed you a verification code."
    return Status(201, {"detail": detail, "user": services.user_for_response(user)})


@router.post("token/", auth=None, response=LoginOut)
def obtain_token(request, payload: LoginIn, response: HttpResponse):
    """Log in with email and password: a JWT pair and the user; the auth cookies are set too.

    A wrong email or password → 401 (one message for both); an unverified email → 403 when
    REQUIRE_EMAIL_VERIFICATION is on.
    """
    throttle(request, "login", payload.email)
    user = services.login(request, payload.email, payload.password)
    access, refresh = tokens.issue_pair(user)
    set_auth_cookies(response, access, refresh)
    _start_csrf(request)
    return {"access": access, "refresh": refresh, "user": services.user_for_response(user)}


def _refresh_from(request) -> str | None:
    """The refresh token from the body (JSON or form), else from the `refresh_token` cookie."""
    return parse_payload(request, RefreshIn).refresh or request.COOKIES.get(REFRESH_COOKIE)


@router.post(
    "token/refresh/", auth=None, response=TokenPairOut, openapi_extra=payload_openapi(RefreshIn)
)
def refresh_token(request, response: HttpResponse):
    """Rotate a refresh token (from the body, else the `refresh_token` cookie).

    None, an invalid or a blacklisted one → 401.
    """
    _, access, refresh = tokens.rotate(_refresh_from(request))
    set_auth_cookies(response, access, refresh)
    return {"access": access, "refresh": refresh}


@router.post("session/login/", auth=None, response=UserOut)
def session_login_view(request, payload: LoginIn):
    """Log in with a Django session (`sessionid` cookie) and get the CSRF cookie.

    A wrong email or password → 401; an unverified email → 403 when REQUIRE_EMAIL_VERIFICATION is on.
    """
    throttle(request, "login", payload.email)
    user = services.login(request, payload.email, payload.password)
    session_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return services.user_for_response(user)


@router.post("logout/", auth=None, response=DetailOut, openapi_extra=payload_openapi(RefreshIn))
def logout(request, response: HttpResponse):
    """Blacklist the refresh token given (body or cookie), end the session, expire the cookies.

    Needs no valid access token: an expired one must still be able to log out.
    """
    tokens.blacklist(_refresh_from(request))
    session_logout(request)
    clear_auth_cookies(response)
    return {"detail": "Logged out."}


@router.get("csrf/", auth=None, response=CsrfOut)
def csrf(request):
    """Set the `csrftoken` cookie. Send its value as `X-CSRFToken` on cookie-authenticated writes."""
    return {"csrftoken": _start_csrf(request)}


# --- email verification -------------------------------------------------------------------------


@router.post("verify-email/", auth=None, response=VerifiedOut)
def verify_email(request, payload: VerifyEmailIn):
    """Verify the email address with the 6-digit code that signup (or resend) emailed.

    Every failure is the same 400 `{"code": [...]}`: unknown email, wrong, expired or exhausted
    code, verified account or not. A verified account answers 200 again to the code that
    verified it while that code would still live (docs/security.md).
    """
    throttle(request, "verify", payload.email)
    verification.verify_email(payload.email, payload.code)
    return {"detail": "Email verified.", "is_verified": True}


@router.post("resend-verification/", auth=None, response=DetailOut)
def resend_verification(request, payload: EmailIn):
    """Email a new code. The answer is the same whether or not the account exists: the request
    only queues a task with the email, which decides (no timing difference either)."""
    throttle(request, "email", payload.email)
    verification.resend_verification(payload.email)
    return {"detail": "If the account exists and is not verified yet, we sent a new code."}


# --- passwords ----------------------------------------------------------------------------------


@router.post("change-password/", response=PasswordChangedOut)
def change_password(request, payload: ChangePasswordIn, response: HttpResponse):
    """Change the password; every refresh token is revoked and fresh cookies are set."""
    throttle(request, "login", request.user.email)
    services.change_password(
        request.user, payload.current_password, payload.new_password, payload.confirm_password
    )
    if request.session.session_key:
        update_session_auth_hash(request, request.user)
    access, refresh = tokens.issue_pair(request.user)
    set_auth_cookies(response, access, refresh)
    return {"detail": "Password changed.", "access": access, "refresh": refresh}


@router.post("password_reset/", auth=None, response=StatusOut)
def password_reset(request, payload: EmailIn):
    """Email a single-use reset token. Always `{"status": "OK"}` (no account enumeration): the
    request only queues a task with the email, which decides (no timing difference either)."""
    throttle(request, "email", payload.email)
    verification.request_password_reset(payload.email)
    return {"status": "OK"}


@router.post("password_reset/validate_token/", auth=None, response=StatusOut)
def password_reset_validate(request, payload: ResetTokenIn):
    """200 if the reset token is live, else 404."""
    throttle(request, "verify")
    verification.live_reset_token(payload.token)
    return {"status": "OK"}


@router.post("password_reset/confirm/", auth=None, response=StatusOut)
def password_reset_confirm(request, payload: ResetConfirmIn):
    """Set a new password with a live reset token; every refresh token of the user is revoked.
    An unknown, used or expired token is a 404."""
    throttle(request, "verify")
    services.confirm_password_reset(payload.token, payload.password)
    return {"status": "OK"}


# --- users --------------------------------------------------------------------------------------


def _user_changes(request, schema):
    """The body as `schema`; multipart may send profile fields as `profile.<name>`."""
    data = request_data(request)
    nested = {
        key.removeprefix("profile."): data.pop(key)
        for key in list(data)
        if key.startswith("profile.")
    }
    if nested:
        data["profile"] = {**(data.get("profile") or {}), **nested}
    return validate_data(schema, data)


def _update_user(request, user, schema, *, partial: bool):
    changes = _user_changes(request, schema)
    return services.update_user(user, changes, partial=partial, avatar=request.FILES.get("avatar"))


USER_PATCH_BODY = payload_openapi(UserPatch, files=("avatar",))


@router.get("users/me/", response=UserOut)
def me(request):
    """The calling user."""
    return services.current_user(request.user)


@router.patch("users/me/", response=UserOut, openapi_extra=USER_PATCH_BODY)
def update_me(request):
    """Update the calling user's names and profile (same as PATCH profile/)."""
    return _update_user(request, request.user, UserPatch, partial=True)


@router.patch("profile/", response=UserOut, openapi_extra=USER_PATCH_BODY)
def update_profile(request):
    """Update `first_name`, `last_name` and `profile.*`; multipart may carry an `avatar` image
    (PNG, JPEG or WebP, 5 MB) and `profile.<field>` form fields."""
    return _update_user(request, request.user, UserPatch, partial=True)


@router.get("users/", response=list[UserOut])
def list_users(request, response: HttpResponse, page: Query[PageParams]):
    """Staff: every user. Anyone else: a list holding only themself."""
    return paginate(request, response, services.visible_users(request.user), page)


def _visible_user(request, user_id: int):
    user = services.visible_users(request.user).filter(pk=user_id).first()
    if user is None:
        raise NotFound()
    return user


@router.get("users/{int:user_id}/", response=UserOut)
def get_user(request, user_id: PathId):
    """The user themself or staff; anyone else 404."""
    return _visible_user(request, user_id)


@router.put(
    "users/{int:user_id}/", response=UserOut, openapi_extra=payload_openapi(UserPut, ("avatar",))
)
def replace_user(request, user_id: PathId):
    """Replace names (both required) and the given profile fields."""
    return _update_user(request, _visible_user(request, user_id), UserPut, partial=False)


@router.patch("users/{int:user_id}/", response=UserOut, openapi_extra=USER_PATCH_BODY)
def patch_user(request, user_id: PathId):
    """Update the fields sent. `email`, `is_staff`, `is_verified`, `is_active` are refused (400)."""
    return _update_user(request, _visible_user(request, user_id), UserPatch, partial=True)


@router.get("users/{int:user_id}/avatar/")
def user_avatar(request, user_id: PathId):
    """The user's avatar image (the user themself or staff)."""
    user = _visible_user(request, user_id)
    if not user.profile.avatar:
        raise NotFound()
    return file_response(user.profile.avatar)


@router.delete("users/{int:user_id}/", response={204: None})
def delete_user(request, user_id: PathId, response: HttpResponse):
    """Delete the account and everything that is the user's; 409 while an app's rule keeps it
    (the last owner of an organization)."""
    user = _visible_user(request, user_id)
    deleting_self = user.pk == request.user.pk
    services.delete_user(user)
    if deleting_self:
        session_logout(request)
        clear_auth_cookies(response)
    return Status(204, None)


# --- feedback -----------------------------------------------------------------------------------


@router.post(
    "add-feedback/",
    response={201: FeedbackOut},
    openapi_extra=payload_openapi(FeedbackIn, files=("attachment",)),
)
def add_feedback(request):
    """Send feedback: JSON, or multipart with an optional PNG/JPEG/WebP `attachment` (5 MB)."""
    payload = parse_payload(request, FeedbackIn)
    attachment = request.FILES.get("attachment")
    return Status(201, services.create_feedback(request.user, payload, attachment))


# --- export (GDPR art. 15 and 20) ---------------------------------------------------------------

EXPORT_OPENAPI = {
    "responses": {
        200: {
            "description": "A zip archive: `data.json` and the user's files under `files/`.",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


def _export_response(request) -> StreamingHttpResponse:
    built = export.build_export(request.user)
    response = StreamingHttpResponse(export.stream_archive(built), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{built.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("users/me/export/", openapi_extra=EXPORT_OPENAPI)
def export_me(request):
    """Everything the platform holds about the caller, as a zip streamed to them (docs/privacy.md):
    `data.json` (the account, profile, records, notes they wrote, applications, invites, coach
    threads, parsed resume, the disclosure log) and their files under `files/`. 5 an hour;
    file storage not answering: 503."""
    throttle(request, "export", f"user:{request.user.pk}")
    return _export_response(request)


@router.get("users/{int:user_id}/export/", openapi_extra=EXPORT_OPENAPI)
def export_user(request, user_id: PathId):
    """The same as `users/me/export/`, for the caller's own id; any other id is a 404, staff
    included (an export is for the person it is about). File storage not answering: 503."""
    throttle(request, "export", f"user:{request.user.pk}")
    if user_id != request.user.pk:
        raise NotFound()
    return _export_response(request)
