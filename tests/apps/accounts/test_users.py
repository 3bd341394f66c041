"""Users over HTTP (contract sections 2, 3, 5 and 11): me, profile updates, the user list and
detail, sensitive demographics, feedback with attachments, and both URL prefixes."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Feedback, Profile, User
from tests.factories import UserFactory
from tests.helpers import NOT_FOUND, NOT_PROVIDED, ApiClient, png_bytes

PREFIXES = ["/api/auth/", "/api/users/"]
INVALID_CREDENTIALS = {"detail": "Authentication credentials are invalid or expired."}

USER_KEYS = [
    "id",
    "email",
    "first_name",
    "last_name",
    "is_active",
    "is_verified",
    "is_candidate",
    "is_employer",
    "profile",
]
PROFILE_KEYS = [
    "id",
    "user",
    "avatar",
    "referral_code",
    "total_referrals",
    "phone",
    "location",
    "linkedin_url",
    "github_url",
    "portfolio_url",
    "current_status",
    "gender",
    "ethnicity",
    "citizenship_status",
]
PROFILE_UPDATE = {
    "phone": "+1 555 0100",
    "location": "Toronto",
    "linkedin_url": "https://www.linkedin.com/in/ada",
    "github_url": "https://github.com/ada",
    "portfolio_url": "https://ada.example.com",
    "current_status": "Open to work",
}
DEMOGRAPHICS = {
    "gender": "non_binary",
    "ethnicity": "Prefer to describe",
    "citizenship_status": "Permanent resident",
}


# --- helpers ------------------------------------------------------------------------------------


def contract_view(body: dict) -> dict:
    """The part of a <User> body the contract names (extra keys are allowed)."""
    view = {key: body[key] for key in USER_KEYS}
    view["profile"] = {key: body["profile"][key] for key in PROFILE_KEYS}
    return view


def expected_user(user: User) -> dict:
    """The contract's <User> for `user`, read from the database."""
    user = User.objects.get(pk=user.pk)
    profile = Profile.objects.get(user=user)
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": user.is_active,
        "is_verified": user.is_verified,
        "is_candidate": False,
        "is_employer": False,
        "profile": {
            "id": profile.pk,
            "user": user.pk,
            "avatar": None,
            "referral_code": profile.referral_code,
            "total_referrals": profile.total_referrals,
            "phone": profile.phone,
            "location": profile.location,
            "linkedin_url": profile.linkedin_url,
            "github_url": profile.github_url,
            "portfolio_url": profile.portfolio_url,
            "current_status": profile.current_status,
            "gender": profile.gender,
            "ethnicity": profile.ethnicity,
            "citizenship_status": profile.citizenship_status,
        },
    }


def user_url(user_id: int, prefix: str = "/api/auth/") -> str:
    return f"{prefix}users/{user_id}/"


def parse_links(header: str) -> dict[str, str]:
    """`<url>; rel="next", ...` → {"next": url}."""
    return {rel: url for url, rel in re.findall(r'<([^>]*)>;\s*rel="([^"]+)"', header or "")}


def page_of(url: str) -> tuple[int, int]:
    page = int(re.search(r"[?&]page=(\d+)", url).group(1))
    size = int(re.search(r"[?&]page_size=(\d+)", url).group(1))
    return page, size


def post_feedback_form(client: ApiClient, attachment=None, prefix="/api/auth/"):
    """POST add-feedback/ as multipart form data, as a browser form with a file does.

    Goes through Django's client directly: ApiClient.post(multipart=True) encodes the body twice.
    """
    data = {"urgency": "3", "subject": "Broken link", "message": "The FAQ link 404s."}
    if attachment is not None:
        data["attachment"] = attachment
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.client.post(
            f"{prefix}add-feedback/", data, headers={"Authorization": f"Bearer {client.token}"}
        )


# --- GET users/me/ ------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_me_authenticated_returns_full_user(user_api, user, prefix):
    response = user_api.get(f"{prefix}users/me/")

    assert response.status_code == 200
    body = response.json()
    assert contract_view(body) == expected_user(user)
    assert body["is_candidate"] is False
    assert body["is_employer"] is False


@pytest.mark.parametrize("prefix", PREFIXES)
def test_me_anonymous_is_401(api, prefix):
    response = api.get(f"{prefix}users/me/")

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def test_me_bad_token_is_401(api):
    response = api.get("/api/auth/users/me/", token="not-a-jwt")

    assert response.status_code == 401
    assert response.json() == INVALID_CREDENTIALS


# --- PATCH profile/ and users/me/ ---------------------------------------------------------------

UPDATE_PATHS = [
    "/api/auth/profile/",
    "/api/users/profile/",
    "/api/auth/users/me/",
    "/api/users/users/me/",
]


@pytest.mark.parametrize("path", UPDATE_PATHS)
def test_profile_patch_names_and_profile_updated(user_api, user, path):
    payload = {"first_name": "Ada", "last_name": "Lovelace", "profile": PROFILE_UPDATE}

    response = user_api.patch(path, payload)

    assert response.status_code == 200
    assert contract_view(response.json()) == expected_user(user)
    reloaded = User.objects.get(pk=user.pk)
    assert (reloaded.first_name, reloaded.last_name) == ("Ada", "Lovelace")
    profile = Profile.objects.get(user=user)
    assert {key: getattr(profile, key) for key in PROFILE_UPDATE} == PROFILE_UPDATE


def test_profile_patch_partial_keeps_unsent_fields(user_api, user):
    user_api.patch("/api/auth/profile/", {"profile": PROFILE_UPDATE})
    last_name = user.last_name

    response = user_api.patch("/api/auth/profile/", {"first_name": "Grace"})

    assert response.status_code == 200
    body = response.json()
    assert (body["first_name"], body["last_name"]) == ("Grace", last_name)
    assert {key: body["profile"][key] for key in PROFILE_UPDATE} == PROFILE_UPDATE


def test_profile_patch_nested_field_keeps_other_profile_fields(user_api, user):
    user_api.patch("/api/auth/profile/", {"profile": PROFILE_UPDATE})

    response = user_api.patch("/api/auth/profile/", {"profile": {"location": "Ottawa"}})

    assert response.status_code == 200
    assert {key: response.json()["profile"][key] for key in PROFILE_UPDATE} == {
        **PROFILE_UPDATE,
        "location": "Ottawa",
    }


@pytest.mark.parametrize(
    ("profile", "error_key"),
    [
        ({"gender": "robot"}, "profile.gender"),
        ({"linkedin_url": "not a url"}, "profile.linkedin_url"),
        ({"github_url": "javascript:alert(1)"}, "profile.github_url"),
        ({"phone": "1" * 33}, "profile.phone"),
    ],
)
def test_profile_patch_invalid_profile_field_is_400(user_api, user, profile, error_key):
    before = expected_user(user)

    response = user_api.patch("/api/auth/profile/", {"profile": profile})

    assert response.status_code == 400
    body = response.json()
    assert list(body) == [error_key]
    assert isinstance(body[error_key], list) and body[error_key]
    assert expected_user(user) == before


@pytest.mark.parametrize("path", ["/api/auth/profile/", "/api/auth/users/me/", "self"])
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "hijack@example.com"),
        ("is_staff", True),
        ("is_verified", False),
        ("is_active", False),
    ],
)
def test_profile_patch_protected_field_is_400_and_unchanged(user_api, user, path, field, value):
    path = user_url(user.pk) if path == "self" else path
    before = User.objects.filter(pk=user.pk).values().get()

    response = user_api.patch(path, {"first_name": "Changed", field: value})

    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert isinstance(body[field], list) and body[field]
    assert User.objects.filter(pk=user.pk).values().get() == before


def test_profile_patch_invalid_field_with_valid_ones_changes_nothing(user_api, user):
    before = expected_user(user)
    payload = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "profile": {**PROFILE_UPDATE, "gender": "robot"},
    }

    response = user_api.patch("/api/auth/users/me/", payload)

    assert response.status_code == 400
    assert list(response.json()) == ["profile.gender"]
    assert expected_user(user) == before


def test_profile_patch_cookie_auth_with_csrf_updates(user):
    client = ApiClient()
    client.login(user.email)
    client.token = None  # authenticate with the access_token cookie only

    response = client.patch("/api/auth/profile/", {"first_name": "Cookie"}, csrf=True)

    assert response.status_code == 200
    assert response.json()["first_name"] == "Cookie"
    assert User.objects.get(pk=user.pk).first_name == "Cookie"


def test_profile_patch_cookie_auth_without_csrf_is_403(user):
    client = ApiClient()
    client.login(user.email)
    client.token = None
    first_name = user.first_name

    response = client.patch("/api/auth/profile/", {"first_name": "Cookie"})

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert User.objects.get(pk=user.pk).first_name == first_name


# --- GET users/ ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_users_list_staff_sees_everyone(staff_api, staff, user, prefix):
    others = UserFactory.create_batch(3)

    response = staff_api.get(f"{prefix}users/")

    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list)
    assert [item["id"] for item in body] == sorted([staff.pk, user.pk, *(u.pk for u in others)])
    assert response["X-Total-Count"] == "5"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_users_list_normal_user_sees_only_themself(user_api, user, staff, prefix):
    UserFactory.create_batch(3)

    response = user_api.get(f"{prefix}users/")

    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list)
    assert [contract_view(item) for item in body] == [expected_user(user)]
    assert response["X-Total-Count"] == "1"


def test_users_list_first_page_links_next_and_last(staff_api):
    UserFactory.create_batch(4)  # 5 users with staff

    response = staff_api.get("/api/auth/users/", {"page_size": 2})

    assert response.status_code == 200
    assert len(response.json()) == 2
    assert response["X-Total-Count"] == "5"
    links = parse_links(response["Link"])
    assert sorted(links) == ["last", "next"]
    assert page_of(links["next"]) == (2, 2)
    assert page_of(links["last"]) == (3, 2)
    assert "/api/auth/users/" in links["next"]


def test_users_list_last_page_links_prev_and_first(staff_api):
    users = UserFactory.create_batch(4)

    response = staff_api.get("/api/auth/users/", {"page": 3, "page_size": 2})

    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [users[-1].pk]
    assert response["X-Total-Count"] == "5"
    links = parse_links(response["Link"])
    assert sorted(links) == ["first", "prev"]
    assert page_of(links["prev"]) == (2, 2)
    assert page_of(links["first"]) == (1, 2)


def test_users_list_middle_page_has_all_links(staff_api):
    UserFactory.create_batch(4)

    response = staff_api.get("/api/auth/users/", {"page": 2, "page_size": 2})

    links = parse_links(response["Link"])
    assert {rel: page_of(url)[0] for rel, url in links.items()} == {
        "next": 3,
        "last": 3,
        "prev": 1,
        "first": 1,
    }


def test_users_list_page_past_end_is_empty(staff_api):
    UserFactory.create_batch(2)

    response = staff_api.get("/api/auth/users/", {"page": 50})

    assert response.status_code == 200
    assert response.json() == []
    assert response["X-Total-Count"] == "3"


def test_users_list_page_size_capped_at_100(staff_api):
    UserFactory.create_batch(105)

    response = staff_api.get("/api/auth/users/", {"page_size": 10000})

    assert response.status_code == 200
    assert len(response.json()) == 100
    assert response["X-Total-Count"] == "106"
    links = parse_links(response["Link"])
    assert page_of(links["next"]) == (2, 100)


def test_users_list_default_page_size_is_50(staff_api):
    UserFactory.create_batch(59)

    response = staff_api.get("/api/auth/users/")

    assert len(response.json()) == 50
    assert page_of(parse_links(response["Link"])["last"]) == (2, 50)


@pytest.mark.parametrize(
    ("params", "error_key"),
    [
        ({"page": "abc"}, "page"),
        ({"page": 0}, "page"),
        ({"page": -1}, "page"),
        ({"page_size": "many"}, "page_size"),
        ({"page_size": 0}, "page_size"),
    ],
)
def test_users_list_bad_page_params_are_400(staff_api, params, error_key):
    response = staff_api.get("/api/auth/users/", params)

    assert response.status_code == 400
    body = response.json()
    assert list(body) == [error_key]
    assert isinstance(body[error_key], list) and body[error_key]


def test_users_list_query_count_same_for_1_and_100_users(staff_api):
    with CaptureQueriesContext(connection) as one:
        response_one = staff_api.get("/api/auth/users/", {"page_size": 100})
    UserFactory.create_batch(99)

    with CaptureQueriesContext(connection) as hundred:
        response_hundred = staff_api.get("/api/auth/users/", {"page_size": 100})

    assert (len(response_one.json()), len(response_hundred.json())) == (1, 100)
    assert len(one) > 0
    assert len(hundred) == len(one)


def test_users_list_anonymous_is_401(api):
    response = api.get("/api/auth/users/")

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


# --- users/{id}/ --------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_user_detail_get_self(user_api, user, prefix):
    response = user_api.get(user_url(user.pk, prefix))

    assert response.status_code == 200
    assert contract_view(response.json()) == expected_user(user)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_user_detail_put_self_replaces_names(user_api, user, prefix):
    payload = {"first_name": "Ada", "last_name": "Lovelace", "profile": {"location": "London"}}

    response = user_api.put(user_url(user.pk, prefix), payload)

    assert response.status_code == 200
    assert contract_view(response.json()) == expected_user(user)
    reloaded = User.objects.select_related("profile").get(pk=user.pk)
    assert (reloaded.first_name, reloaded.last_name, reloaded.profile.location) == (
        "Ada",
        "Lovelace",
        "London",
    )


@pytest.mark.parametrize("prefix", PREFIXES)
def test_user_detail_patch_self_updates(user_api, user, prefix):
    response = user_api.patch(user_url(user.pk, prefix), {"profile": {"phone": "+44 20 7946"}})

    assert response.status_code == 200
    assert response.json()["profile"]["phone"] == "+44 20 7946"
    assert Profile.objects.get(user=user).phone == "+44 20 7946"


def test_user_detail_put_without_first_name_is_400(user_api, user):
    first_name = user.first_name

    response = user_api.put(user_url(user.pk), {"last_name": "Lovelace"})

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["first_name"]
    assert isinstance(body["first_name"], list) and body["first_name"]
    reloaded = User.objects.get(pk=user.pk)
    assert (reloaded.first_name, reloaded.last_name) == (first_name, user.last_name)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_user_detail_delete_self_removes_user_and_token(user_api, user, prefix):
    token = user_api.token
    profile_id = Profile.objects.get(user=user).pk

    response = user_api.delete(user_url(user.pk, prefix))

    assert response.status_code == 204
    assert response.content == b""
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Profile.objects.filter(pk=profile_id).exists()
    after = user_api.get(f"{prefix}users/me/", token=token)
    assert after.status_code == 401
    assert after.json() == INVALID_CREDENTIALS


def test_user_detail_staff_gets_other_user(staff_api, user):
    response = staff_api.get(user_url(user.pk))

    assert response.status_code == 200
    assert contract_view(response.json()) == expected_user(user)


def test_user_detail_staff_puts_other_user(staff_api, user):
    response = staff_api.put(user_url(user.pk), {"first_name": "Ada", "last_name": "Byron"})

    assert response.status_code == 200
    reloaded = User.objects.get(pk=user.pk)
    assert (reloaded.first_name, reloaded.last_name) == ("Ada", "Byron")
    assert contract_view(response.json()) == expected_user(user)


def test_user_detail_staff_patches_other_user(staff_api, user):
    response = staff_api.patch(user_url(user.pk), {"profile": {"location": "Halifax"}})

    assert response.status_code == 200
    assert Profile.objects.get(user=user).location == "Halifax"
    assert response.json()["profile"]["location"] == "Halifax"


def test_user_detail_staff_deletes_other_user(staff_api, staff, user):
    response = staff_api.delete(user_url(user.pk))

    assert response.status_code == 204
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Profile.objects.filter(user_id=user.pk).exists()
    assert staff_api.get("/api/auth/users/me/").json()["id"] == staff.pk


def test_user_detail_staff_cannot_grant_staff(staff_api, user):
    response = staff_api.patch(user_url(user.pk), {"is_staff": True})

    assert response.status_code == 400
    assert list(response.json()) == ["is_staff"]
    assert User.objects.get(pk=user.pk).is_staff is False


OTHER_USER_REQUESTS = [
    ("get", None),
    ("put", {"first_name": "Mallory", "last_name": "Evil"}),
    ("patch", {"first_name": "Mallory", "profile": {"location": "Nowhere"}}),
    ("delete", None),
]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(("method", "payload"), OTHER_USER_REQUESTS)
def test_user_detail_other_user_is_404_and_unchanged(user_api, prefix, method, payload):
    other = UserFactory()
    before = expected_user(other)

    response = getattr(user_api, method)(user_url(other.pk, prefix), payload)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert expected_user(other) == before


@pytest.mark.parametrize("method", ["user_api", "staff_api"])
@pytest.mark.parametrize(("verb", "payload"), OTHER_USER_REQUESTS)
def test_user_detail_nonexistent_id_is_404(request, method, verb, payload):
    client = request.getfixturevalue(method)
    missing = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000

    response = getattr(client, verb)(user_url(missing), payload)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_user_detail_anonymous_is_401(api, user):
    response = api.get(user_url(user.pk))

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


# --- sensitive demographics ---------------------------------------------------------------------


def test_demographics_set_are_returned_to_user(user_api, user):
    patch = user_api.patch("/api/auth/profile/", {"profile": DEMOGRAPHICS})

    response = user_api.get("/api/auth/users/me/")

    assert patch.status_code == 200
    assert {key: response.json()["profile"][key] for key in DEMOGRAPHICS} == DEMOGRAPHICS
    profile = Profile.objects.get(user=user)
    assert {key: getattr(profile, key) for key in DEMOGRAPHICS} == DEMOGRAPHICS


def test_demographics_set_are_returned_to_staff(user_api, staff_api, user):
    user_api.patch("/api/auth/profile/", {"profile": DEMOGRAPHICS})

    detail = staff_api.get(user_url(user.pk))
    listing = staff_api.get("/api/auth/users/")

    assert {key: detail.json()["profile"][key] for key in DEMOGRAPHICS} == DEMOGRAPHICS
    (listed,) = [item for item in listing.json() if item["id"] == user.pk]
    assert {key: listed["profile"][key] for key in DEMOGRAPHICS} == DEMOGRAPHICS


def test_demographics_empty_string_clears_gender(user_api, user):
    user_api.patch("/api/auth/profile/", {"profile": DEMOGRAPHICS})

    response = user_api.patch("/api/auth/profile/", {"profile": {"gender": ""}})

    assert response.status_code == 200
    assert response.json()["profile"]["gender"] == ""
    assert Profile.objects.get(user=user).gender == ""


# --- POST add-feedback/ -------------------------------------------------------------------------

FEEDBACK = {
    "urgency": 4,
    "subject": "Great app",
    "message": "Screen reader works well.",
    "emoji": "🙂",
}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_feedback_json_is_created(user_api, user, prefix):
    response = user_api.post(f"{prefix}add-feedback/", FEEDBACK)

    assert response.status_code == 201
    body = response.json()
    feedback = Feedback.objects.get()
    assert {key: body[key] for key in [*FEEDBACK, "id", "has_attachment"]} == {
        **FEEDBACK,
        "id": feedback.pk,
        "has_attachment": False,
    }
    assert isinstance(body["created_at"], str) and body["created_at"]
    assert feedback.user_id == user.pk


@pytest.mark.parametrize("urgency", [0, 6])
def test_feedback_urgency_out_of_range_is_400(user_api, urgency):
    response = user_api.post("/api/auth/add-feedback/", {**FEEDBACK, "urgency": urgency})

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["urgency"]
    assert isinstance(body["urgency"], list) and body["urgency"]
    assert Feedback.objects.count() == 0


def test_feedback_missing_subject_is_400(user_api):
    payload = {key: value for key, value in FEEDBACK.items() if key != "subject"}

    response = user_api.post("/api/auth/add-feedback/", payload)

    assert response.status_code == 400
    assert response.json() == {"subject": ["This field is required."]}
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("prefix", PREFIXES)
def test_feedback_multipart_with_png_stores_attachment(user_api, prefix):
    upload = SimpleUploadedFile("shot.png", png_bytes(), content_type="image/png")

    response = post_feedback_form(user_api, upload, prefix)

    assert response.status_code == 201
    body = response.json()
    assert (body["urgency"], body["has_attachment"]) == (3, True)
    feedback = Feedback.objects.get()
    assert feedback.attachment.name.endswith(".png")
    assert feedback.attachment.storage.exists(feedback.attachment.name)
    with feedback.attachment.open("rb") as stored:
        assert stored.read() == png_bytes()


def test_feedback_multipart_without_attachment_is_created(user_api):
    response = post_feedback_form(user_api)

    assert response.status_code == 201
    assert response.json()["has_attachment"] is False
    assert Feedback.objects.count() == 1


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("logo.svg", SVG, "image/svg+xml"),
        ("logo.png", SVG, "image/png"),
        ("notes.png", b"just some text, not an image\n", "image/png"),
        ("cut.png", png_bytes()[:20], "image/png"),
    ],
)
def test_feedback_attachment_not_an_image_is_415(user_api, name, content, content_type):
    upload = SimpleUploadedFile(name, content, content_type=content_type)

    response = post_feedback_form(user_api, upload)

    assert response.status_code == 415
    assert list(response.json()) == ["detail"]
    assert Feedback.objects.count() == 0


def test_feedback_attachment_too_large_is_413(user_api, settings):
    settings.IMAGE_MAX_BYTES = 64 * 1024
    content = png_bytes(size=(200, 200), noise=True)
    assert len(content) > settings.IMAGE_MAX_BYTES
    upload = SimpleUploadedFile("big.png", content, content_type="image/png")

    response = post_feedback_form(user_api, upload)

    assert response.status_code == 413
    assert list(response.json()) == ["detail"]
    assert Feedback.objects.count() == 0


def test_feedback_attachment_over_default_5mb_is_413(user_api, settings):
    assert settings.IMAGE_MAX_BYTES == 5 * 1024 * 1024
    content = png_bytes(size=(1400, 1400), noise=True)
    assert len(content) > settings.IMAGE_MAX_BYTES
    upload = SimpleUploadedFile("huge.png", content, content_type="image/png")

    response = post_feedback_form(user_api, upload)

    assert response.status_code == 413
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize("prefix", PREFIXES)
def test_feedback_anonymous_is_401(api, prefix):
    response = api.post(f"{prefix}add-feedback/", FEEDBACK)

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED
    assert Feedback.objects.count() == 0
