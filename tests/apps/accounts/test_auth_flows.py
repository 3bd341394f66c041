"""Authentication over HTTP as the web client uses it (contract sections 2, 4 and 11).

Two kinds of client appear: a *browser* (cookies plus `X-CSRFToken`, never an Authorization header,
with Django's CSRF middleware enforcing as in production) and a *Bearer* client (tokens in headers
and bodies, never a cookie: every request goes out from a fresh cookie jar).
"""

import base64
import json
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from ninja_jwt.tokens import AccessToken

from apps.accounts.models import Profile, User
from platform_core.throttling import parse_rate
from tests.factories import PASSWORD, UserFactory
from tests.helpers import NOT_PROVIDED, ApiClient

pytestmark = pytest.mark.django_db

PREFIXES = ["/api/auth/", "/api/users/"]
AUTH = "/api/auth/"
INVALID = {"detail": "Authentication credentials are invalid or expired."}
AUTH_COOKIES = ("access_token", "refresh_token")
NEW_PASSWORD = "Lavender-Orbit-73"


# --- helpers ------------------------------------------------------------------------------------


def browser() -> ApiClient:
    """A client that authenticates only with cookies, CSRF checks enforced as in production."""
    client = ApiClient()
    client.client = Client(enforce_csrf_checks=True)
    return client


def bearer(method: str, path: str, data=None, token=None):
    """One request from an empty cookie jar: only what the caller passes explicitly is sent."""
    return ApiClient().request(method, path, data, token=token)


def jwt_payload(token: str) -> dict:
    """The JWT's claims, decoded without verifying the signature (as the client does)."""
    segment = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def credentials(email: str, password: str = PASSWORD) -> dict:
    return {"email": email, "password": password}


def signup_body(**overrides) -> dict:
    body = {
        "email": "new.person@example.com",
        "password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
        "first_name": "Grace",
        "last_name": "Hopper",
    }
    body.update(overrides)
    return body


def expired_access(user: User) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(seconds=1))
    return str(token)


def lifetime_seconds(key: str) -> int:
    return int(settings.NINJA_JWT[key].total_seconds())


def counts() -> tuple[int, int]:
    return User.objects.count(), Profile.objects.count()


def wait_for_fresh_window(period: int, needed: float = 3.0) -> None:
    """Throttle windows are fixed; start a burst where it cannot straddle two windows."""
    remaining = period - time.time() % period
    if remaining < needed:
        time.sleep(remaining + 0.05)


# --- full flows ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_flow_cookies_only_signup_login_refresh_logout(prefix):
    client = browser()
    signed_up = client.post(f"{prefix}signup/", signup_body())
    assert signed_up.status_code == 201, signed_up.content

    login = client.post(f"{prefix}token/", credentials("new.person@example.com", NEW_PASSWORD))
    assert login.status_code == 200, login.content
    first_refresh = client.cookies["refresh_token"].value

    me = client.get(f"{prefix}users/me/")
    assert me.status_code == 200, me.content
    assert me.json()["email"] == "new.person@example.com"

    refreshed = client.post(f"{prefix}token/refresh/", csrf=True)
    assert refreshed.status_code == 200, refreshed.content
    second_refresh = client.cookies["refresh_token"].value
    assert second_refresh == refreshed.json()["refresh"]
    assert second_refresh != first_refresh
    assert client.cookies["access_token"].value == refreshed.json()["access"]

    me_again = client.get(f"{prefix}users/me/")
    assert me_again.status_code == 200, me_again.content

    logout = client.post(f"{prefix}logout/", csrf=True)
    assert logout.status_code == 200, logout.content
    assert client.get(f"{prefix}users/me/").json() == NOT_PROVIDED

    # A copy of the refresh cookie taken before logout is dead, and so is the rotated one.
    for stale in (second_refresh, first_refresh):
        client.cookies["refresh_token"] = stale
        replay = client.post(f"{prefix}token/refresh/")
        assert replay.status_code == 401, replay.content


@pytest.mark.parametrize("prefix", PREFIXES)
def test_flow_bearer_only_signup_login_refresh_logout(prefix):
    signed_up = bearer("post", f"{prefix}signup/", signup_body())
    assert signed_up.status_code == 201, signed_up.content

    login = bearer("post", f"{prefix}token/", credentials("new.person@example.com", NEW_PASSWORD))
    assert login.status_code == 200, login.content
    tokens = login.json()

    me = bearer("get", f"{prefix}users/me/", token=tokens["access"])
    assert me.status_code == 200, me.content
    assert me.json()["email"] == "new.person@example.com"

    refreshed = bearer("post", f"{prefix}token/refresh/", {"refresh": tokens["refresh"]})
    assert refreshed.status_code == 200, refreshed.content
    pair = refreshed.json()
    assert sorted(pair) == ["access", "refresh"]

    me_again = bearer("get", f"{prefix}users/me/", token=pair["access"])
    assert me_again.status_code == 200, me_again.content

    logout = bearer("post", f"{prefix}logout/", {"refresh": pair["refresh"]}, token=pair["access"])
    assert logout.status_code == 200, logout.content

    for stale in (pair["refresh"], tokens["refresh"]):
        replay = bearer("post", f"{prefix}token/refresh/", {"refresh": stale})
        assert replay.status_code == 401, replay.content


# --- token login --------------------------------------------------------------------------------


def test_token_login_body_has_access_refresh_and_user(user):
    response = bearer("post", f"{AUTH}token/", credentials(user.email))

    assert response.status_code == 200
    body = response.json()
    assert sorted(body) == ["access", "refresh", "user"]
    assert body["user"]["id"] == user.pk
    assert body["user"]["email"] == user.email
    assert body["user"]["is_candidate"] is False
    assert body["user"]["is_employer"] is False


def test_token_login_access_token_carries_numeric_exp(user):
    before = int(time.time())

    access = bearer("post", f"{AUTH}token/", credentials(user.email)).json()["access"]

    exp = jwt_payload(access)["exp"]
    assert type(exp) is int
    expected = before + lifetime_seconds("ACCESS_TOKEN_LIFETIME")
    assert expected - 5 <= exp <= expected + 5


@pytest.mark.parametrize(
    ("name", "lifetime_key"),
    [("access_token", "ACCESS_TOKEN_LIFETIME"), ("refresh_token", "REFRESH_TOKEN_LIFETIME")],
)
def test_token_login_sets_http_only_cookie(user, name, lifetime_key):
    response = bearer("post", f"{AUTH}token/", credentials(user.email))

    cookie = response.cookies[name]
    assert cookie.value == response.json()[name.removesuffix("_token")]
    assert cookie["httponly"] is True
    assert cookie["path"] == "/"
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == lifetime_seconds(lifetime_key)
    assert cookie["domain"] == ""
    assert bool(cookie["secure"]) is settings.AUTH_COOKIE_SECURE


def test_token_login_cookies_secure_when_settings_say_so(user, settings):
    settings.AUTH_COOKIE_SECURE = True

    response = bearer("post", f"{AUTH}token/", credentials(user.email))

    assert response.cookies["access_token"]["secure"] is True
    assert response.cookies["refresh_token"]["secure"] is True


def test_token_login_sets_csrf_cookie_readable_by_script(user):
    response = bearer("post", f"{AUTH}token/", credentials(user.email))

    cookie = response.cookies["csrftoken"]
    assert cookie.value != ""
    assert cookie["httponly"] == ""
    assert cookie["path"] == "/"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_token_login_unknown_email_and_wrong_password_answer_alike(user, prefix):
    unknown = bearer("post", f"{prefix}token/", credentials("nobody@example.com"))
    wrong = bearer("post", f"{prefix}token/", credentials(user.email, "Wrong-Password-1"))

    assert unknown.status_code == 401
    assert wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert sorted(unknown.json()) == ["detail"]
    assert "access_token" not in wrong.cookies


def test_token_login_email_in_other_case_logs_in(db):
    user = UserFactory(email="mixed.case@example.com")

    response = bearer("post", f"{AUTH}token/", credentials("Mixed.CASE@Example.COM"))

    assert response.status_code == 200, response.content
    assert response.json()["user"]["id"] == user.pk


def test_token_login_inactive_user_unauthorized(db):
    user = UserFactory(is_active=False)
    wrong = bearer("post", f"{AUTH}token/", credentials("nobody@example.com"))

    response = bearer("post", f"{AUTH}token/", credentials(user.email))

    assert response.status_code == 401
    assert response.json() == wrong.json()


# --- refresh ------------------------------------------------------------------------------------


def _login_pair(user: User) -> dict:
    response = bearer("post", f"{AUTH}token/", credentials(user.email))
    assert response.status_code == 200, response.content
    return response.json()


def _refresh(raw: str):
    return bearer("post", f"{AUTH}token/refresh/", {"refresh": raw})


def test_refresh_rotated_token_works_once(user):
    first = _refresh(_login_pair(user)["refresh"]).json()["refresh"]

    second = _refresh(first)
    replay = _refresh(first)

    assert second.status_code == 200, second.content
    assert replay.status_code == 401
    assert replay.json() == INVALID


def test_refresh_old_token_after_rotation_unauthorized(user):
    old = _login_pair(user)["refresh"]
    rotated = _refresh(old)

    response = _refresh(old)

    assert rotated.status_code == 200, rotated.content
    assert response.status_code == 401
    assert response.json() == INVALID


def test_refresh_token_blacklisted_by_logout_unauthorized(user):
    refresh = _login_pair(user)["refresh"]
    bearer("post", f"{AUTH}logout/", {"refresh": refresh})

    first_try = _refresh(refresh)
    second_try = _refresh(refresh)

    assert first_try.status_code == 401
    assert second_try.status_code == 401
    assert second_try.json() == INVALID


def test_refresh_new_pair_is_usable(user):
    pair = _refresh(_login_pair(user)["refresh"]).json()

    me = bearer("get", f"{AUTH}users/me/", token=pair["access"])

    assert me.status_code == 200
    assert me.json()["id"] == user.pk
    assert jwt_payload(pair["refresh"])["token_type"] == "refresh"


def test_refresh_sets_cookies_again(user):
    response = _refresh(_login_pair(user)["refresh"])

    body = response.json()
    assert response.cookies["access_token"].value == body["access"]
    assert response.cookies["refresh_token"].value == body["refresh"]
    assert response.cookies["refresh_token"]["httponly"] is True


def test_refresh_without_body_or_cookie_unauthorized(db):
    response = bearer("post", f"{AUTH}token/refresh/")

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def test_refresh_empty_json_without_cookie_unauthorized(db):
    response = bearer("post", f"{AUTH}token/refresh/", {})

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def test_refresh_garbage_token_unauthorized(db):
    response = _refresh("not.a.jwt")

    assert response.status_code == 401
    assert response.json() == INVALID


def test_refresh_with_access_token_unauthorized(user):
    access = _login_pair(user)["access"]

    response = _refresh(access)

    assert response.status_code == 401
    assert response.json() == INVALID


def test_refresh_body_wins_over_cookie(user):
    client = browser()
    client.post(f"{AUTH}token/", credentials(user.email))
    cookie_refresh = client.cookies["refresh_token"].value
    body_refresh = _login_pair(user)["refresh"]

    response = client.post(f"{AUTH}token/refresh/", {"refresh": body_refresh}, csrf=True)

    assert response.status_code == 200, response.content
    assert _refresh(body_refresh).status_code == 401
    assert _refresh(cookie_refresh).status_code == 200


# --- logout -------------------------------------------------------------------------------------


def test_logout_blacklists_refresh_from_body(user):
    refresh = _login_pair(user)["refresh"]

    response = bearer("post", f"{AUTH}logout/", {"refresh": refresh})

    assert response.status_code == 200
    assert sorted(response.json()) == ["detail"]
    assert _refresh(refresh).status_code == 401


def test_logout_blacklists_refresh_from_cookie(user):
    client = browser()
    client.post(f"{AUTH}token/", credentials(user.email))
    refresh = client.cookies["refresh_token"].value

    response = client.post(f"{AUTH}logout/", csrf=True)

    assert response.status_code == 200, response.content
    assert _refresh(refresh).status_code == 401


@pytest.mark.parametrize("name", ["access_token", "refresh_token", "csrftoken"])
def test_logout_expires_cookie(user, name):
    client = browser()
    client.post(f"{AUTH}token/", credentials(user.email))

    response = client.post(f"{AUTH}logout/", csrf=True)

    cookie = response.cookies[name]
    assert cookie.value == ""
    assert cookie["max-age"] == 0
    assert cookie["path"] == "/"


def test_logout_with_expired_access_cookie_succeeds(user):
    client = browser()
    client.post(f"{AUTH}token/", credentials(user.email))
    refresh = client.cookies["refresh_token"].value
    client.cookies["access_token"] = expired_access(user)

    response = client.post(f"{AUTH}logout/", csrf=True)

    assert response.status_code == 200, response.content
    assert _refresh(refresh).status_code == 401


def test_logout_with_garbage_access_cookie_succeeds(user):
    client = browser()
    client.post(f"{AUTH}token/", credentials(user.email))
    client.cookies["access_token"] = "garbage"

    response = client.post(f"{AUTH}logout/", csrf=True)

    assert response.status_code == 200, response.content
    assert response.cookies["access_token"]["max-age"] == 0


def test_logout_with_expired_bearer_succeeds(user):
    refresh = _login_pair(user)["refresh"]

    response = bearer("post", f"{AUTH}logout/", {"refresh": refresh}, token=expired_access(user))

    assert response.status_code == 200, response.content
    assert _refresh(refresh).status_code == 401


def test_logout_ends_session(user):
    client = browser()
    client.post(f"{AUTH}session/login/", credentials(user.email))

    client.post(f"{AUTH}logout/", csrf=True)

    assert client.get(f"{AUTH}users/me/").json() == NOT_PROVIDED


# --- session login and CSRF ---------------------------------------------------------------------


def test_session_login_returns_user_and_sets_cookies(user):
    client = browser()

    response = client.post(f"{AUTH}session/login/", credentials(user.email))

    assert response.status_code == 200, response.content
    assert response.json()["id"] == user.pk
    assert response.json()["email"] == user.email
    assert response.cookies["sessionid"].value != ""
    assert response.cookies["sessionid"]["httponly"] is True
    assert response.cookies["csrftoken"].value != ""


def test_session_login_wrong_password_unauthorized(user):
    response = browser().post(f"{AUTH}session/login/", credentials(user.email, "Nope-Nope-99"))

    assert response.status_code == 401
    assert "sessionid" not in response.cookies


def test_session_get_needs_no_csrf(user):
    client = browser()
    client.post(f"{AUTH}session/login/", credentials(user.email))

    response = client.get(f"{AUTH}users/me/")

    assert response.status_code == 200
    assert response.json()["id"] == user.pk


def test_session_patch_without_csrf_forbidden(user):
    client = browser()
    client.post(f"{AUTH}session/login/", credentials(user.email))

    response = client.patch(f"{AUTH}profile/", {"first_name": "Ada"})

    assert response.status_code == 403
    assert sorted(response.json()) == ["detail"]
    user.refresh_from_db()
    assert user.first_name != "Ada"


def test_session_patch_with_csrf_succeeds(user):
    client = browser()
    client.post(f"{AUTH}session/login/", credentials(user.email))

    response = client.patch(f"{AUTH}profile/", {"first_name": "Ada"}, csrf=True)

    assert response.status_code == 200, response.content
    assert response.json()["first_name"] == "Ada"


def _cookie_client(user: User) -> ApiClient:
    client = browser()
    response = client.post(f"{AUTH}token/", credentials(user.email))
    assert response.status_code == 200, response.content
    return client


def test_cookie_auth_patch_without_csrf_forbidden(user):
    client = _cookie_client(user)

    response = client.patch(f"{AUTH}profile/", {"first_name": "Ada"})

    assert response.status_code == 403
    assert sorted(response.json()) == ["detail"]


def test_cookie_auth_patch_with_wrong_csrf_forbidden(user):
    client = _cookie_client(user)
    wrong = "a" * 32 if client.cookies["csrftoken"].value != "a" * 32 else "b" * 32

    response = client.patch(f"{AUTH}profile/", {"first_name": "Ada"}, csrf=wrong)

    assert response.status_code == 403
    assert sorted(response.json()) == ["detail"]


def test_cookie_auth_patch_with_malformed_csrf_forbidden(user):
    client = _cookie_client(user)

    response = client.patch(f"{AUTH}profile/", {"first_name": "Ada"}, csrf="not-a-token!")

    assert response.status_code == 403
    assert sorted(response.json()) == ["detail"]


def test_cookie_auth_patch_with_csrf_succeeds(user):
    client = _cookie_client(user)

    response = client.patch(f"{AUTH}profile/", {"first_name": "Ada"}, csrf=True)

    assert response.status_code == 200, response.content
    assert response.json()["first_name"] == "Ada"


def test_cookie_auth_get_needs_no_csrf(user):
    client = _cookie_client(user)

    response = client.get(f"{AUTH}users/me/")

    assert response.status_code == 200
    assert response.json()["id"] == user.pk


def test_bearer_patch_needs_no_csrf_even_with_cookies(user):
    client = _cookie_client(user)
    access = client.cookies["access_token"].value

    response = client.patch(f"{AUTH}profile/", {"first_name": "Ada"}, token=access)

    assert response.status_code == 200, response.content
    assert response.json()["first_name"] == "Ada"


def test_csrf_endpoint_returns_token_and_sets_cookie(db):
    client = browser()

    response = client.get(f"{AUTH}csrf/")

    assert response.status_code == 200
    assert sorted(response.json()) == ["csrftoken"]
    assert response.json()["csrftoken"] != ""
    assert response.cookies["csrftoken"].value != ""
    assert response.cookies["csrftoken"]["httponly"] == ""


def test_csrf_endpoint_token_is_accepted_as_header(user):
    client = _cookie_client(user)
    token = client.get(f"{AUTH}csrf/").json()["csrftoken"]

    response = client.patch(f"{AUTH}profile/", {"first_name": "Ada"}, csrf=token)

    assert response.status_code == 200, response.content


# --- credentials on protected endpoints ---------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_protected_endpoint_without_credentials_unauthorized(db, prefix):
    response = bearer("get", f"{prefix}users/me/")

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


@pytest.mark.parametrize(
    "header",
    ["Bearer not.a.jwt", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"],
    ids=["garbage", "empty", "basic", "other-scheme"],
)
def test_protected_endpoint_malformed_authorization_unauthorized(db, header):
    response = ApiClient().get(f"{AUTH}users/me/", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json() == INVALID


def test_protected_endpoint_expired_bearer_unauthorized(user):
    response = bearer("get", f"{AUTH}users/me/", token=expired_access(user))

    assert response.status_code == 401
    assert response.json() == INVALID


def test_protected_endpoint_expired_access_cookie_unauthorized(user):
    client = _cookie_client(user)
    client.cookies["access_token"] = expired_access(user)

    response = client.get(f"{AUTH}users/me/")

    assert response.status_code == 401
    assert response.json() == INVALID


def test_protected_endpoint_refresh_token_as_bearer_unauthorized(user):
    refresh = _login_pair(user)["refresh"]

    response = bearer("get", f"{AUTH}users/me/", token=refresh)

    assert response.status_code == 401
    assert response.json() == INVALID


def test_protected_endpoint_bearer_of_inactive_user_unauthorized(user):
    access = _login_pair(user)["access"]
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = bearer("get", f"{AUTH}users/me/", token=access)

    assert response.status_code == 401
    assert response.json() == INVALID


# --- throttling ---------------------------------------------------------------------------------


def _login_rate() -> tuple[int, int]:
    return parse_rate(settings.THROTTLE_RATES["login"][1])


def test_token_login_past_account_rate_throttled(user):
    limit, period = _login_rate()
    wait_for_fresh_window(period)
    emails = [user.email, user.email.upper()]
    for attempt in range(limit):
        response = bearer("post", f"{AUTH}token/", credentials(emails[attempt % 2], "Wrong-1-pw"))
        assert response.status_code == 401, (attempt, response.content)

    throttled = bearer("post", f"{AUTH}token/", credentials(user.email))

    assert throttled.status_code == 429
    assert sorted(throttled.json()) == ["detail"]
    assert 1 <= int(throttled["Retry-After"]) <= period


def test_token_login_throttle_is_per_account(user):
    other = UserFactory()
    limit, period = _login_rate()
    wait_for_fresh_window(period)
    for _ in range(limit + 1):
        bearer("post", f"{AUTH}token/", credentials(user.email, "Wrong-1-pw"))

    response = bearer("post", f"{AUTH}token/", credentials(other.email))

    assert response.status_code == 200, response.content


def test_token_login_throttle_disabled_by_setting(user, settings):
    settings.THROTTLE_ENABLED = False
    limit, _ = _login_rate()
    for _ in range(limit + 2):
        bearer("post", f"{AUTH}token/", credentials(user.email, "Wrong-1-pw"))

    response = bearer("post", f"{AUTH}token/", credentials(user.email))

    assert response.status_code == 200, response.content


# --- signup -------------------------------------------------------------------------------------


def test_signup_creates_unverified_user_with_profile(db):
    before = counts()

    response = bearer("post", f"{AUTH}signup/", signup_body(email="New.Person@Example.com"))

    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted(body) == ["detail", "user"]
    assert body["user"]["email"] == "new.person@example.com"
    assert body["user"]["first_name"] == "Grace"
    assert body["user"]["is_verified"] is False
    assert body["user"]["is_candidate"] is False
    assert counts() == (before[0] + 1, before[1] + 1)


def test_signup_duplicate_email_other_case_bad_request(db):
    UserFactory(email="taken@example.com")
    before = counts()

    response = bearer("post", f"{AUTH}signup/", signup_body(email="Taken@EXAMPLE.com"))

    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert len(response.json()["email"]) == 1
    assert counts() == before


def test_signup_weak_password_bad_request(db):
    response = bearer(
        "post", f"{AUTH}signup/", signup_body(password="12345", confirm_password="12345")
    )

    assert response.status_code == 400
    assert list(response.json()) == ["password"]
    assert response.json()["password"] != []
    assert counts() == (0, 0)


def test_signup_password_mismatch_bad_request(db):
    response = bearer("post", f"{AUTH}signup/", signup_body(confirm_password="Different-Orbit-74"))

    assert response.status_code == 400
    assert list(response.json()) == ["confirm_password"]
    assert len(response.json()["confirm_password"]) == 1
    assert counts() == (0, 0)


@pytest.mark.parametrize("field", ["is_staff", "is_verified", "is_superuser", "is_active"])
def test_signup_privileged_field_bad_request(db, field):
    response = bearer("post", f"{AUTH}signup/", signup_body(**{field: True}))

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert counts() == (0, 0)


def test_signup_malformed_json_bad_request(db):
    response = ApiClient().post(f"{AUTH}signup/", raw='{"email": "a@example.com", ')

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Cannot parse request body: it is not valid JSON."}
    assert counts() == (0, 0)


def test_signup_overlong_first_name_bad_request(db):
    response = bearer("post", f"{AUTH}signup/", signup_body(first_name="x" * 151))

    assert response.status_code == 400
    assert response.json() == {"first_name": ["Ensure this field has at most 150 characters."]}
    assert counts() == (0, 0)


def test_signup_missing_email_bad_request(db):
    body = signup_body()
    del body["email"]

    response = bearer("post", f"{AUTH}signup/", body)

    assert response.status_code == 400
    assert response.json() == {"email": ["This field is required."]}


def test_signup_invalid_email_bad_request(db):
    response = bearer("post", f"{AUTH}signup/", signup_body(email="not-an-email"))

    assert response.status_code == 400
    assert list(response.json()) == ["email"]
    assert counts() == (0, 0)


def test_signup_invite_code_without_organizations_bad_request(db):
    response = bearer("post", f"{AUTH}signup/", signup_body(invite_code="ABCDEF123456"))

    assert response.status_code == 400
    assert list(response.json()) == ["invite_code"]
    assert len(response.json()["invite_code"]) == 1
    assert counts() == (0, 0)


def test_signup_then_login_works_before_verification(db):
    bearer("post", f"{AUTH}signup/", signup_body())

    response = bearer("post", f"{AUTH}token/", credentials("NEW.person@example.com", NEW_PASSWORD))

    assert response.status_code == 200, response.content
    assert response.json()["user"]["is_verified"] is False
