"""The accounts router, walked under both of its mounts: /api/auth/ and /api/users/ (§1, §4, §5).

Three kinds of rows:
- public by nature (signup, login, refresh, logout, csrf, verification, password reset): every
  caller gets the same answer, whatever Bearer token it sends; each acts on C's account through
  what the request carries (C's credentials, C's refresh token, a code or token emailed to C);
- the caller's own account (`users/me/`, `profile/`, `users/`, `change-password/`,
  `add-feedback/`): everyone authenticated gets 200 and their own data, and C's account changes
  only when C calls;
- `users/{id}/` on C's account: C and staff; anyone else 404, employers who may see C's
  candidate profile included.
"""

import re

import pytest
from django.core import mail
from ninja_jwt.token_blacklist.models import BlacklistedToken
from ninja_jwt.tokens import AccessToken, RefreshToken

from apps.accounts.models import Feedback, PasswordResetToken, User
from tests.factories import PASSWORD
from tests.helpers import ApiClient

from .rows import Row, cases, check_download, fresh, router_rows, run_case
from .world import (
    EMP_APPLIED,
    EVERY_USER,
    OWNER,
    PUBLIC,
    STAFF,
    World,
    statuses,
    uniform,
)

PREFIXES = ("/auth/", "/users/")
NEW_PASSWORD = "Another-Horse-43"
NEWCOMER = "newcomer@example.com"
CODE_RE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
TOKEN_RE = re.compile(r"reset-password\?token=([A-Za-z0-9_-]+)")

# C's account by id: C and staff; anyone else 404 (§5).
SELF_OR_STAFF = statuses(owner=200, other=404, emp_applied=404, emp_other=404, staff=200)
SELF_OR_STAFF_DELETE = {**SELF_OR_STAFF, OWNER: 204, STAFF: 204}
# EA's account by id: EA and staff may delete it, but EA is A's sole owner (409); to anyone
# else, EA's colleagues M and AD included, it is not there (404).
SOLE_OWNER_DELETE = statuses(
    owner=404, other=404, emp_applied=409, member=404, admin=404, emp_other=404, staff=409
)


# --- preparing what a public request carries ----------------------------------------------------


def _c(w: World) -> User:
    return w.users[OWNER]


def _c_credentials(w: World, caller: str) -> dict:
    return {"email": _c(w).email, "password": PASSWORD}


def _c_refresh(w: World, caller: str) -> dict:
    """A refresh token of C's (its jti kept for the effect)."""
    token = RefreshToken.for_user(_c(w))
    w.scratch["jti"] = token["jti"]
    return {"refresh": str(token)}


def _c_refresh_blacklisted(w: World) -> bool:
    return BlacklistedToken.objects.filter(token__jti=w.scratch["jti"]).exists()


def _unverify_c(w: World) -> None:
    User.objects.filter(pk=_c(w).pk).update(is_verified=False)


def _emailed_to_c(w: World, path: str, body: dict, pattern: re.Pattern) -> str:
    """Ask the API (anonymously) to email C, and return what `pattern` finds in the email."""
    response = ApiClient().post(f"/api/auth/{path}", body)
    assert response.status_code == 200, response.content
    assert [message.to for message in mail.outbox] == [[_c(w).email]], "no email to C"
    found = pattern.findall(mail.outbox[0].body)
    assert len(found) == 1, mail.outbox[0].body
    mail.outbox.clear()
    return found[0]


def _c_verification_code(w: World, caller: str) -> dict:
    _unverify_c(w)
    code = _emailed_to_c(w, "resend-verification/", {"email": _c(w).email}, CODE_RE)
    return {"email": _c(w).email, "code": code}


def _c_reset_token(w: World, caller: str) -> dict:
    return {"token": _emailed_to_c(w, "password_reset/", {"email": _c(w).email}, TOKEN_RE)}


def _c_reset_confirm(w: World, caller: str) -> dict:
    return {**_c_reset_token(w, caller), "password": NEW_PASSWORD}


def _c_resend(w: World, caller: str) -> dict:
    _unverify_c(w)
    return {"email": _c(w).email}


# --- checks -------------------------------------------------------------------------------------


def _is_c(w: World, user_id: int, where: str) -> None:
    assert user_id == _c(w).pk, f"{where}: user {user_id}, expected C ({_c(w).pk})"


def check_login_as_c(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    _is_c(w, body["user"]["id"], where)
    _is_c(w, AccessToken(body["access"])["user_id"], where)


def check_refreshed_for_c(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    _is_c(w, AccessToken(body["access"])["user_id"], where)
    _is_c(w, RefreshToken(body["refresh"])["user_id"], where)


def check_session_as_c(w: World, caller: str, response, where: str) -> None:
    _is_c(w, response.json()["id"], where)
    assert response.cookies.get("sessionid"), f"{where}: no session cookie"


def check_signed_up(w: World, caller: str, response, where: str) -> None:
    user = response.json()["user"]
    caller_id = w.users[caller].pk if w.users[caller] else None
    assert user["email"] == NEWCOMER and user["id"] != caller_id, f"{where}: {user}"


def check_csrf(w: World, caller: str, response, where: str) -> None:
    assert response.json()["csrftoken"], f"{where}: {response.json()}"
    assert response.cookies["csrftoken"].value, f"{where}: no csrftoken cookie"


def check_equals(expected: dict):
    def check(w: World, caller: str, response, where: str) -> None:
        assert response.json() == expected, f"{where}: {response.json()}"

    return check


def check_detail(w: World, caller: str, response, where: str) -> None:
    assert isinstance(response.json()["detail"], str), f"{where}: {response.json()}"


def check_self(**fields):
    """The response is the caller's own user (with these values; `location` is the profile's)."""

    def check(w: World, caller: str, response, where: str) -> None:
        body = response.json()
        user = w.users[caller]
        assert (body["id"], body["email"]) == (user.pk, user.email), f"{where}: {body}"
        for key, value in fields.items():
            actual = body["profile"][key] if key == "location" else body[key]
            assert actual == value, f"{where}: {key} = {actual!r}, expected {value!r}"

    return check


def check_password_changed(w: World, caller: str, response, where: str) -> None:
    user = w.users[caller]
    assert fresh(user).check_password(NEW_PASSWORD), f"{where}: password unchanged"
    # The fresh pair is the caller's own.
    assert AccessToken(response.json()["access"])["user_id"] == user.pk, where


def check_user_list(w: World, caller: str, response, where: str) -> None:
    ids = [user["id"] for user in response.json()]
    if caller == STAFF:
        expected = list(User.objects.order_by("pk").values_list("pk", flat=True))
    else:
        expected = [w.users[caller].pk]
    assert ids == expected, f"{where}: users {ids}, expected {expected}"


def check_feedback(w: World, caller: str, response, where: str) -> None:
    feedback = Feedback.objects.get(pk=response.json()["id"])
    assert feedback.user_id == w.users[caller].pk, f"{where}: filed as user {feedback.user_id}"


def check_c_user(w: World, caller: str, response, where: str) -> None:
    _is_c(w, response.json()["id"], where)


# --- rows ---------------------------------------------------------------------------------------


def _c_user_url(prefix: str, suffix: str = ""):
    return lambda w: f"/api{prefix}users/{_c(w).pk}/{suffix}"


def _c_field(name: str):
    def value(w: World):
        user = fresh(_c(w))
        return None if user is None else getattr(user, name)

    return value


def _c_location(w: World) -> str:
    return fresh(_c(w)).profile.location


def _rows(prefix: str) -> list[Row]:
    auth_row = router_rows(prefix)

    def url(path: str):
        return lambda w: f"/api{prefix}{path}"

    created = uniform(201, anon=201)
    return [
        # Public by nature.
        auth_row(
            "post",
            "signup/",
            url("signup/"),
            created,
            body=lambda w, caller: {"email": NEWCOMER, "password": NEW_PASSWORD},
            check=check_signed_up,
            effect=lambda w: User.objects.filter(email=NEWCOMER).exists(),
        ),
        auth_row(
            "post", "token/", url("token/"), PUBLIC, body=_c_credentials, check=check_login_as_c
        ),
        auth_row(
            "post",
            "token/refresh/",
            url("token/refresh/"),
            PUBLIC,
            body=_c_refresh,
            check=check_refreshed_for_c,
            effect=_c_refresh_blacklisted,
        ),
        auth_row(
            "post",
            "session/login/",
            url("session/login/"),
            PUBLIC,
            body=_c_credentials,
            check=check_session_as_c,
        ),
        auth_row(
            "post",
            "logout/",
            url("logout/"),
            PUBLIC,
            body=_c_refresh,
            check=check_equals({"detail": "Logged out."}),
            effect=_c_refresh_blacklisted,
        ),
        auth_row("get", "csrf/", url("csrf/"), PUBLIC, check=check_csrf),
        auth_row(
            "post",
            "verify-email/",
            url("verify-email/"),
            PUBLIC,
            body=_c_verification_code,
            check=check_equals({"detail": "Email verified.", "is_verified": True}),
            effect=lambda w: fresh(_c(w)).is_verified,
        ),
        auth_row(
            "post",
            "resend-verification/",
            url("resend-verification/"),
            PUBLIC,
            body=_c_resend,
            check=check_detail,
            effect=lambda w: [message.to for message in mail.outbox] == [[_c(w).email]],
        ),
        auth_row(
            "post",
            "password_reset/",
            url("password_reset/"),
            PUBLIC,
            body=lambda w, caller: {"email": _c(w).email},
            check=check_equals({"status": "OK"}),
            effect=lambda w: PasswordResetToken.objects.filter(user=_c(w)).exists(),
        ),
        auth_row(
            "post",
            "password_reset/validate_token/",
            url("password_reset/validate_token/"),
            PUBLIC,
            body=_c_reset_token,
            check=check_equals({"status": "OK"}),
        ),
        auth_row(
            "post",
            "password_reset/confirm/",
            url("password_reset/confirm/"),
            PUBLIC,
            body=_c_reset_confirm,
            check=check_equals({"status": "OK"}),
            effect=lambda w: fresh(_c(w)).check_password(NEW_PASSWORD),
        ),
        # The caller's own account.
        auth_row(
            "post",
            "change-password/",
            url("change-password/"),
            EVERY_USER,
            body=lambda w, caller: {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
            check=check_password_changed,
            effect=lambda w: fresh(_c(w)).check_password(NEW_PASSWORD),
            effect_by=frozenset({OWNER}),
        ),
        auth_row("get", "users/me/", url("users/me/"), EVERY_USER, check=check_self()),
        auth_row(
            "patch",
            "users/me/",
            url("users/me/"),
            EVERY_USER,
            body=lambda w, caller: {"last_name": "Self-patched"},
            check=check_self(last_name="Self-patched"),
            effect=lambda w: _c_field("last_name")(w) == "Self-patched",
            effect_by=frozenset({OWNER}),
        ),
        auth_row(
            "patch",
            "profile/",
            url("profile/"),
            EVERY_USER,
            body=lambda w, caller: {"profile": {"location": "Porto"}},
            check=check_self(location="Porto"),
            effect=lambda w: _c_location(w) == "Porto",
            effect_by=frozenset({OWNER}),
        ),
        auth_row("get", "users/", url("users/"), EVERY_USER, check=check_user_list),
        auth_row(
            "post",
            "add-feedback/",
            url("add-feedback/"),
            uniform(201),
            body=lambda w, caller: {"urgency": 3, "subject": "Matrix", "message": "Works."},
            check=check_feedback,
            effect=lambda w: Feedback.objects.filter(subject="Matrix").count() == 1,
        ),
        # C's account by id.
        auth_row(
            "get",
            "users/{int:user_id}/",
            _c_user_url(prefix),
            SELF_OR_STAFF,
            check=check_c_user,
        ),
        auth_row(
            "put",
            "users/{int:user_id}/",
            _c_user_url(prefix),
            SELF_OR_STAFF,
            body=lambda w, caller: {"first_name": "Cora", "last_name": "Replaced"},
            check=check_c_user,
            effect=lambda w: _c_field("last_name")(w) == "Replaced",
        ),
        auth_row(
            "patch",
            "users/{int:user_id}/",
            _c_user_url(prefix),
            SELF_OR_STAFF,
            body=lambda w, caller: {"profile": {"location": "Lisbon"}},
            check=check_c_user,
            effect=lambda w: _c_location(w) == "Lisbon",
        ),
        auth_row(
            "delete",
            "users/{int:user_id}/",
            _c_user_url(prefix),
            SELF_OR_STAFF_DELETE,
            effect=lambda w: fresh(_c(w)) is None,
            variant="C",
        ),
        auth_row(
            "delete",
            "users/{int:user_id}/",
            lambda w: f"/api{prefix}users/{w.users[EMP_APPLIED].pk}/",
            SOLE_OWNER_DELETE,
            effect=lambda w: fresh(w.users[EMP_APPLIED]) is None,
            variant="EA, A's sole owner",
        ),
        auth_row(
            "get",
            "users/{int:user_id}/avatar/",
            _c_user_url(prefix, "avatar/"),
            SELF_OR_STAFF,
            check=check_download(lambda w: w.avatar),
        ),
    ]


ROWS = [account_row for prefix in PREFIXES for account_row in _rows(prefix)]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_account_routes_answer_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
