"""Email verification, password change and password reset, over HTTP (contract sections 2, 4, 11).

Emails go through Django's email backend from a Huey task run on commit; the test client runs
those callbacks after each request, so the email exists when the request returns.
"""

import email
import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts import tasks
from apps.accounts.models import EmailVerificationCode, PasswordResetToken, User
from apps.accounts.verification import INVALID_CODE
from platform_core import throttling
from tests.factories import PASSWORD, UserFactory
from tests.helpers import NOT_FOUND, NOT_PROVIDED, ApiClient

PREFIXES = ["/api/auth/", "/api/users/"]
AUTH = "/api/auth/"
NEW_PASSWORD = "Brand-New-Secret-77"
WEAK_PASSWORD = "123"
INVALID_CREDENTIALS = {"detail": "Authentication credentials are invalid or expired."}
STATUS_OK = {"status": "OK"}
VERIFIED = {"detail": "Email verified.", "is_verified": True}
BAD_CODE = (400, {"code": [INVALID_CODE]})

CODE_RE = re.compile(r"(?<!\d)(\d{6})(?!\d)")
TOKEN_RE = re.compile(r"reset-password\?token=([A-Za-z0-9_-]+)")


# --- helpers ------------------------------------------------------------------------------------


def assert_field_error(response, field):
    """A 400 in DRF style holding only `field`, with at least one message."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert list(body) == [field]
    assert body[field]
    assert all(isinstance(message, str) and message for message in body[field])


def code_from(message) -> str:
    codes = CODE_RE.findall(message.body)
    assert len(codes) == 1, message.body
    return codes[0]


def token_from(text: str) -> str:
    tokens = TOKEN_RE.findall(text)
    assert len(tokens) == 1, text
    return tokens[0]


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def signup(api, email_address: str) -> str:
    """Sign up over HTTP; return the code from the verification email."""
    response = api.post(
        f"{AUTH}signup/",
        {"email": email_address, "password": PASSWORD, "first_name": "Ada"},
    )
    assert response.status_code == 201, response.content
    assert mail.outbox[-1].to == [email_address]
    return code_from(mail.outbox[-1])


def verify(api, code: str, email_address: str = "new@example.com", prefix: str = AUTH):
    return api.post(f"{prefix}verify-email/", {"email": email_address, "code": code})


def login(email_address: str, password: str = PASSWORD):
    return ApiClient().post(f"{AUTH}token/", {"email": email_address, "password": password})


def refresh(refresh_token: str):
    return ApiClient().post(f"{AUTH}token/refresh/", {"refresh": refresh_token})


def request_reset(api, email_address: str):
    return api.post(f"{AUTH}password_reset/", {"email": email_address})


def validate(api, token: str):
    return api.post(f"{AUTH}password_reset/validate_token/", {"token": token})


def confirm(api, token: str, password: str = NEW_PASSWORD):
    return api.post(f"{AUTH}password_reset/confirm/", {"token": token, "password": password})


def read_mail_files(directory) -> list[email.message.Message]:
    """The messages Django's file backend wrote into `directory` (each file: messages + dashes)."""
    messages = []
    for path in sorted(directory.iterdir()):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk))
    return messages


def text_of(message: email.message.Message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


@pytest.fixture(params=PREFIXES)
def prefix(request):
    return request.param


@pytest.fixture
def file_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return tmp_path


# --- email verification -------------------------------------------------------------------------


def test_signup_emails_six_digit_code(api):
    code = signup(api, "new@example.com")

    assert len(mail.outbox) == 1
    assert re.fullmatch(r"\d{6}", code)
    assert User.objects.get(email="new@example.com").is_verified is False


def test_verify_email_right_code_verifies(api, prefix):
    code = signup(api, "new@example.com")

    response = verify(api, code, prefix=prefix)

    assert response.status_code == 200, response.content
    assert response.json() == VERIFIED
    api.login("new@example.com")
    me = api.get(f"{AUTH}users/me/")
    assert me.status_code == 200
    assert me.json()["is_verified"] is True


def test_verify_email_email_is_case_insensitive(api):
    code = signup(api, "new@example.com")

    response = verify(api, code, email_address="  NEW@Example.COM ")

    assert response.status_code == 200, response.content
    assert User.objects.get(email="new@example.com").is_verified is True


def test_verification_code_stored_hashed(api):
    code = signup(api, "new@example.com")

    rows = list(EmailVerificationCode.objects.filter(user__email="new@example.com"))

    assert len(rows) == 1
    assert code not in rows[0].code_hash
    assert rows[0].code_hash != code


def test_verify_email_wrong_code_rejected(api, prefix):
    code = signup(api, "new@example.com")

    response = verify(api, other_code(code), prefix=prefix)

    assert_field_error(response, "code")
    assert User.objects.get(email="new@example.com").is_verified is False


def test_verify_email_four_wrong_tries_right_code_still_works(api):
    code = signup(api, "new@example.com")
    for _ in range(4):
        assert_field_error(verify(api, other_code(code)), "code")

    response = verify(api, code)

    assert response.status_code == 200, response.content
    assert response.json() == VERIFIED


def test_verify_email_five_wrong_tries_kill_code(api):
    code = signup(api, "new@example.com")
    for _ in range(5):
        assert_field_error(verify(api, other_code(code)), "code")

    response = verify(api, code)

    assert_field_error(response, "code")
    assert User.objects.get(email="new@example.com").is_verified is False


def test_verify_email_expired_code_rejected(api):
    code = signup(api, "new@example.com")
    EmailVerificationCode.objects.filter(user__email="new@example.com").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = verify(api, code)

    assert_field_error(response, "code")
    assert User.objects.get(email="new@example.com").is_verified is False


def test_verify_email_code_expires_after_24_hours(api):
    before = timezone.now()
    signup(api, "new@example.com")

    row = EmailVerificationCode.objects.get(user__email="new@example.com")

    assert before + timedelta(hours=23, minutes=59) < row.expires_at
    assert row.expires_at <= timezone.now() + timedelta(hours=24)


def test_verify_email_unknown_email_rejected(api, prefix):
    response = verify(api, "123456", email_address="nobody@example.com", prefix=prefix)

    assert_field_error(response, "code")


def test_verify_email_already_verified_answers_ok(api):
    code = signup(api, "new@example.com")
    assert verify(api, code).status_code == 200

    response = verify(api, code)

    assert response.status_code == 200, response.content
    assert response.json() == VERIFIED
    assert User.objects.get(email="new@example.com").is_verified is True


def test_verify_email_code_of_other_user_rejected(api):
    code = signup(api, "new@example.com")
    other_code_sent = signup(api, "other@example.com")
    if other_code_sent == code:  # astronomically rare; the test would prove nothing
        pytest.skip("both users drew the same code")

    response = verify(api, code, email_address="other@example.com")

    assert_field_error(response, "code")
    assert User.objects.get(email="other@example.com").is_verified is False


def answer(response) -> tuple[int, dict]:
    return response.status_code, response.json()


def verified_account(api, email_address: str = "done@example.com") -> str:
    """Sign up and verify over HTTP; return the code that verified the account."""
    code = signup(api, email_address)
    assert verify(api, code, email_address=email_address).json() == VERIFIED
    return code


def test_verify_email_failures_answer_alike_for_every_account_state(api, prefix):
    done_code = verified_account(api)
    new_code = signup(api, "new@example.com")

    unknown = verify(api, "123456", email_address="nobody@example.com", prefix=prefix)
    verified_wrong = verify(api, other_code(done_code), "done@example.com", prefix)
    unverified_wrong = verify(api, other_code(new_code), "new@example.com", prefix)

    assert answer(unknown) == BAD_CODE
    assert answer(verified_wrong) == BAD_CODE
    assert answer(unverified_wrong) == BAD_CODE
    assert unknown.headers["Content-Type"] == verified_wrong.headers["Content-Type"]
    assert User.objects.get(email="new@example.com").is_verified is False


def test_verify_email_expired_and_exhausted_codes_answer_as_unknown_email(api):
    expired_code = signup(api, "old@example.com")
    EmailVerificationCode.objects.filter(user__email="old@example.com").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    exhausted_code = signup(api, "tried@example.com")
    for _ in range(5):
        verify(api, other_code(exhausted_code), email_address="tried@example.com")

    expired = verify(api, expired_code, email_address="old@example.com")
    exhausted = verify(api, exhausted_code, email_address="tried@example.com")

    assert answer(expired) == BAD_CODE
    assert answer(exhausted) == BAD_CODE


def test_verify_email_already_verified_wrong_code_rejected_and_stays_verified(api):
    code = verified_account(api)

    response = verify(api, other_code(code), email_address="done@example.com")

    assert answer(response) == BAD_CODE
    assert User.objects.get(email="done@example.com").is_verified is True


def test_verify_email_already_verified_right_code_answers_ok_again(api):
    code = verified_account(api)

    response = verify(api, code, email_address="done@example.com")

    assert answer(response) == (200, VERIFIED)


def test_verify_email_already_verified_right_code_after_its_lifetime_rejected(api):
    code = verified_account(api)
    EmailVerificationCode.objects.filter(user__email="done@example.com").update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = verify(api, code, email_address="done@example.com")

    assert answer(response) == BAD_CODE


def test_verify_email_already_verified_five_wrong_tries_kill_right_code(api):
    code = verified_account(api)
    for _ in range(5):
        assert answer(verify(api, other_code(code), "done@example.com")) == BAD_CODE

    response = verify(api, code, email_address="done@example.com")

    assert answer(response) == BAD_CODE


def test_verify_email_verified_without_code_rejects_any_code(api):
    UserFactory(email="reset@example.com", is_verified=True)  # verified by a reset, no code row

    response = verify(api, "123456", email_address="reset@example.com")

    assert answer(response) == BAD_CODE


def test_resend_verification_existing_unverified_sends_new_code(api, prefix):
    signup(api, "new@example.com")
    mail.outbox.clear()

    response = api.post(f"{prefix}resend-verification/", {"email": "new@example.com"})

    assert response.status_code == 200, response.content
    assert list(response.json()) == ["detail"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.com"]
    assert verify(api, code_from(mail.outbox[0])).json() == VERIFIED


def test_resend_verification_old_code_stops_working(api):
    old_code = signup(api, "new@example.com")
    # Resend until the new code differs from the old (a repeat has chance 1e-6 per try).
    for _ in range(3):
        mail.outbox.clear()
        api.post(f"{AUTH}resend-verification/", {"email": "new@example.com"})
        new_code = code_from(mail.outbox[0])
        if new_code != old_code:
            break

    response = verify(api, old_code)

    assert_field_error(response, "code")
    assert User.objects.get(email="new@example.com").is_verified is False


def test_resend_verification_unknown_email_same_answer_and_no_email(api):
    signup(api, "new@example.com")
    mail.outbox.clear()
    known = api.post(f"{AUTH}resend-verification/", {"email": "new@example.com"})
    mail.outbox.clear()

    response = api.post(f"{AUTH}resend-verification/", {"email": "nobody@example.com"})

    assert response.status_code == 200
    assert known.status_code == 200
    assert response.json() == known.json()
    assert mail.outbox == []


def test_resend_verification_already_verified_sends_nothing(api, user):
    response = api.post(f"{AUTH}resend-verification/", {"email": user.email})

    assert response.status_code == 200
    assert mail.outbox == []


# --- the request path is the same for known and unknown emails ---------------------------------


@pytest.fixture
def queued(monkeypatch):
    """Record the tasks the views enqueue instead of running them."""
    calls = []
    monkeypatch.setattr(tasks, "send_password_reset", lambda email: calls.append(("reset", email)))
    monkeypatch.setattr(tasks, "send_new_code", lambda email: calls.append(("code", email)))
    return calls


def _request_path(api, path: str, email_address: str) -> tuple[tuple[int, dict], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = api.post(path, {"email": email_address})
    return answer(response), [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    ("path", "task"),
    [(f"{AUTH}password_reset/", "reset"), (f"{AUTH}resend-verification/", "code")],
)
def test_email_request_path_same_for_existing_and_unknown_email(
    api, queued, monkeypatch, path, task
):
    UserFactory(email="known@example.com", is_verified=False)
    # No purge of expired rate-limit counters (at most once a minute) during the comparison.
    monkeypatch.setattr(throttling, "_last_purge", time.time())

    known, known_sql = _request_path(api, path, " Known@Example.com")
    unknown, unknown_sql = _request_path(api, path, "nobody@example.com")

    assert known == unknown
    assert known[0] == 200
    assert queued == [(task, "known@example.com"), (task, "nobody@example.com")]
    # Same statements (only the counter keys differ) and none reads the user table.
    assert [sql.split(" VALUES ")[0] for sql in known_sql] == [
        sql.split(" VALUES ")[0] for sql in unknown_sql
    ]
    assert not [sql for sql in known_sql + unknown_sql if "accounts_user" in sql]


def test_resend_verification_task_decides_inside(db, django_capture_on_commit_callbacks):
    UserFactory(email="new@example.com", is_verified=False)
    UserFactory(email="done@example.com", is_verified=True)
    UserFactory(email="gone@example.com", is_verified=False, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        for address in ("new@example.com", "done@example.com", "gone@example.com", "no@x.com"):
            tasks.send_new_code(address)

    assert [message.to for message in mail.outbox] == [["new@example.com"]]


def test_password_reset_task_decides_inside(db, django_capture_on_commit_callbacks):
    UserFactory(email="known@example.com")
    UserFactory(email="gone@example.com", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        for address in ("known@example.com", "gone@example.com", "nobody@example.com"):
            tasks.send_password_reset(address)

    assert [message.to for message in mail.outbox] == [["known@example.com"]]
    assert PasswordResetToken.objects.filter(user__email="known@example.com").count() == 1


# --- change password ----------------------------------------------------------------------------


def test_change_password_anonymous_401(api, prefix):
    response = api.post(
        f"{prefix}change-password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def test_change_password_wrong_current_rejected(user_api, user, prefix):
    response = user_api.post(
        f"{prefix}change-password/",
        {"current_password": "Not-The-Password-1", "new_password": NEW_PASSWORD},
    )

    assert_field_error(response, "current_password")
    assert login(user.email).status_code == 200
    assert login(user.email, NEW_PASSWORD).status_code == 401


def test_change_password_weak_new_rejected(user_api, user, prefix):
    response = user_api.post(
        f"{prefix}change-password/",
        {"current_password": PASSWORD, "new_password": WEAK_PASSWORD},
    )

    assert_field_error(response, "new_password")
    assert login(user.email).status_code == 200


def test_change_password_missing_field_400(user_api, prefix):
    response = user_api.post(f"{prefix}change-password/", {"current_password": PASSWORD})

    assert_field_error(response, "new_password")


def test_change_password_success_returns_pair_and_sets_cookies(user, prefix):
    client = ApiClient()
    client.login(user.email)

    response = client.post(
        f"{prefix}change-password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"detail", "access", "refresh"}
    assert response.cookies["access_token"].value == body["access"]
    assert response.cookies["refresh_token"].value == body["refresh"]
    assert response.cookies["access_token"]["httponly"] is True
    assert response.cookies["refresh_token"]["path"] == "/"
    me = ApiClient().get(f"{AUTH}users/me/", token=body["access"])
    assert me.status_code == 200
    assert me.json()["email"] == user.email
    assert refresh(body["refresh"]).status_code == 200


def test_change_password_revokes_every_older_refresh_token(user, prefix):
    first = ApiClient()
    first_login = first.login(user.email)
    second_login = ApiClient().login(user.email)

    response = first.post(
        f"{prefix}change-password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert response.status_code == 200, response.content
    for old in (first_login["refresh"], second_login["refresh"]):
        rejected = refresh(old)
        assert rejected.status_code == 401
        assert rejected.json() == INVALID_CREDENTIALS


def test_change_password_new_password_logs_in_old_does_not(user_api, user):
    response = user_api.post(
        f"{AUTH}change-password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert response.status_code == 200, response.content
    assert login(user.email, NEW_PASSWORD).status_code == 200
    old = login(user.email)
    assert old.status_code == 401
    assert "credentials" in old.json()["detail"]


# --- password reset -----------------------------------------------------------------------------


def test_password_reset_end_to_end_with_emailed_token(api, file_mail):
    user = UserFactory(email="reset@example.com")
    old_refresh = login(user.email).json()["refresh"]

    requested = request_reset(api, "reset@example.com")

    assert requested.status_code == 200
    assert requested.json() == STATUS_OK
    messages = read_mail_files(file_mail)
    assert len(messages) == 1
    assert messages[0]["To"] == "reset@example.com"
    text = text_of(messages[0])
    token = token_from(text)
    assert re.search(rf"^\s+{re.escape(token)}\s*$", text, re.MULTILINE)

    validated = validate(api, token)
    assert validated.status_code == 200
    assert validated.json() == STATUS_OK

    weak = confirm(api, token, WEAK_PASSWORD)
    assert_field_error(weak, "password")
    assert validate(api, token).json() == STATUS_OK

    confirmed = confirm(api, token)
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json() == STATUS_OK

    assert login(user.email, NEW_PASSWORD).status_code == 200
    assert login(user.email).status_code == 401

    again_validate = validate(api, token)
    assert again_validate.status_code == 404
    assert again_validate.json() == NOT_FOUND
    again_confirm = confirm(api, token, "Another-Fresh-Pass-9")
    assert again_confirm.status_code == 404
    assert again_confirm.json() == NOT_FOUND
    assert login(user.email, "Another-Fresh-Pass-9").status_code == 401

    revoked = refresh(old_refresh)
    assert revoked.status_code == 401
    assert revoked.json() == INVALID_CREDENTIALS


def test_password_reset_unknown_email_same_answer_and_no_email(api, file_mail):
    response = request_reset(api, "nobody@example.com")

    assert response.status_code == 200
    assert response.json() == STATUS_OK
    assert read_mail_files(file_mail) == []


def test_password_reset_unknown_email_sends_nothing_locmem(api):
    response = request_reset(api, "nobody@example.com")

    assert response.json() == STATUS_OK
    assert mail.outbox == []


def test_password_reset_inactive_user_sends_nothing(api):
    UserFactory(email="gone@example.com", is_active=False)

    response = request_reset(api, "gone@example.com")

    assert response.json() == STATUS_OK
    assert mail.outbox == []


def test_password_reset_email_is_case_insensitive(api, user):
    response = request_reset(api, user.email.upper())

    assert response.json() == STATUS_OK
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]


def test_password_reset_expired_token_404(api, user):
    request_reset(api, user.email)
    token = token_from(mail.outbox[0].body)
    PasswordResetToken.objects.filter(user=user).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    validated = validate(api, token)
    confirmed = confirm(api, token)

    assert validated.status_code == 404
    assert validated.json() == NOT_FOUND
    assert confirmed.status_code == 404
    assert confirmed.json() == NOT_FOUND
    assert login(user.email).status_code == 200


def test_password_reset_token_expires_after_one_hour(api, user):
    before = timezone.now()
    request_reset(api, user.email)

    row = PasswordResetToken.objects.get(user=user)

    assert before + timedelta(minutes=59) < row.expires_at
    assert row.expires_at <= timezone.now() + timedelta(hours=1)


def test_password_reset_newer_request_kills_older_token(api, user):
    request_reset(api, user.email)
    request_reset(api, user.email)
    old_token = token_from(mail.outbox[0].body)
    new_token = token_from(mail.outbox[1].body)

    old = validate(api, old_token)
    new = validate(api, new_token)

    assert old_token != new_token
    assert old.status_code == 404
    assert old.json() == NOT_FOUND
    assert new.status_code == 200
    assert new.json() == STATUS_OK


def test_password_reset_token_stored_hashed(api, user):
    request_reset(api, user.email)
    token = token_from(mail.outbox[0].body)

    rows = list(PasswordResetToken.objects.filter(user=user))

    assert len(rows) == 1
    assert token not in rows[0].token_hash
    assert not PasswordResetToken.objects.filter(token_hash__contains=token).exists()


def test_password_reset_unknown_token_404(api):
    response = validate(api, "not-a-real-token")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_password_reset_confirm_unknown_token_404(api):
    response = confirm(api, "not-a-real-token")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
