"""Organizations over HTTP (contract sections 2, 3, 6, 9, 10 and 11): create (JSON and multipart
with an avatar), list, detail, update and delete per role, and cross-tenant isolation."""

from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.candidates.models import CandidateProfile, new_slug
from apps.organizations.models import Invite, Membership, Organization, Role
from tests.factories import UserFactory
from tests.helpers import NOT_FOUND, NOT_PROVIDED, ApiClient, client_for, png_bytes

from .factories import MembershipFactory, OrganizationFactory
from .helpers import ORGS, contract_view, member_view, org_url

CREATE_BODY = {
    "name": "Acme Accessible",
    "url": "https://acme.example.com",
    "industry": 2,
    "linkedin_url": "https://www.linkedin.com/company/acme",
    "headquarter_location": "Toronto, ON",
    "about": "We build accessible software.",
    "employee_size": 3,
}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
INDUSTRY_LABELS = {
    1: "IT Services",
    2: "Software Products",
    3: "Finance",
    4: "Sports",
    5: "Healthcare",
    6: "Automotive",
    7: "Non-profit",
    8: "Public Sector",
    9: "Retail",
    10: "Hospitality",
    11: "Business Services",
    12: "Other",
}
SIZE_LABELS = {1: "1-10", 2: "11-50", 3: "51-200", 4: "201-1000", 5: "1000+"}


# --- helpers ------------------------------------------------------------------------------------


def expected_organization(organization: Organization) -> dict:
    """The contract's <Organization> for `organization`, read from the database (no avatar)."""
    organization = Organization.objects.get(pk=organization.pk)
    root = organization.root_user
    return {
        "id": organization.pk,
        "root_user": None
        if root is None
        else {
            "id": root.pk,
            "first_name": root.first_name,
            "last_name": root.last_name,
            "email": root.email,
        },
        "name": organization.name,
        "url": organization.url,
        "industry": organization.industry,
        "industry_display": INDUSTRY_LABELS.get(organization.industry),
        "linkedin_url": organization.linkedin_url,
        "headquarter_location": organization.headquarter_location,
        "about": organization.about,
        "employee_size": organization.employee_size,
        "employee_size_display": SIZE_LABELS.get(organization.employee_size),
        "users": [
            member_view(m)
            for m in Membership.objects.filter(organization=organization).order_by("id")
        ],
        "avatar_url": None,
        "created_at": to_ms(organization.created_at),
    }


def to_ms(moment: datetime) -> datetime:
    """Responses carry milliseconds."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def parsed(body: dict) -> dict:
    """`body` with `created_at` parsed, to compare with a datetime read from the database."""
    return {**body, "created_at": datetime.fromisoformat(body["created_at"].replace("Z", "+00:00"))}


def snapshot(organization: Organization) -> dict:
    organization = Organization.objects.get(pk=organization.pk)
    return {
        "name": organization.name,
        "url": organization.url,
        "industry": organization.industry,
        "about": organization.about,
        "employee_size": organization.employee_size,
        "avatar": organization.avatar.name,
        "roles": dict(
            Membership.objects.filter(organization=organization).values_list("user_id", "role")
        ),
    }


def fetch(client: ApiClient, url: str):
    """GET `url` (absolute or not) and return (response, body bytes) — avatars are streamed."""
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def png_upload(name="logo.png", content=None):
    return SimpleUploadedFile(name, content or png_bytes(), content_type="image/png")


# --- create -------------------------------------------------------------------------------------


def test_create_json_returns_full_organization(user, user_api):
    response = user_api.post(ORGS, CREATE_BODY)

    assert response.status_code == 201
    organization = Organization.objects.get()
    assert parsed(contract_view(response.json())) == {
        "id": organization.pk,
        "root_user": {
            "id": user.pk,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
        },
        **CREATE_BODY,
        "industry_display": "Software Products",
        "employee_size_display": "51-200",
        "users": [
            {
                "id": user.pk,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "role": "owner",
            }
        ],
        "avatar_url": None,
        "created_at": to_ms(organization.created_at),
    }


def test_create_makes_caller_employer_owner(user, user_api):
    user_api.post(ORGS, {"name": "Solo"})

    me = user_api.get("/api/auth/users/me/").json()

    assert (me["is_employer"], me["is_candidate"]) == (True, False)
    assert list(Membership.objects.values_list("user_id", "role")) == [(user.pk, "owner")]


def test_create_name_only_leaves_optional_fields_empty(user_api):
    response = user_api.post(ORGS, {"name": "Minimal"})

    assert response.status_code == 201
    body = response.json()
    assert {key: body[key] for key in CREATE_BODY} == {
        "name": "Minimal",
        "url": "",
        "industry": None,
        "linkedin_url": "",
        "headquarter_location": "",
        "about": "",
        "employee_size": None,
    }
    assert (body["industry_display"], body["employee_size_display"]) == (None, None)


def test_create_multipart_with_png_avatar_serves_image(user_api, api):
    content = png_bytes(size=(16, 16))
    form = {"name": "Acme", "about": "Logo inside", "avatar": png_upload(content=content)}

    response = user_api.post(ORGS, form, multipart=True)

    assert response.status_code == 201, response.content
    body = response.json()
    organization = Organization.objects.get()
    assert (body["name"], body["about"]) == ("Acme", "Logo inside")
    assert body["avatar_url"] == f"http://testserver{ORGS}{organization.pk}/avatar/"
    image, image_bytes = fetch(api, body["avatar_url"])  # anonymous: public branding
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert image_bytes == content


def test_create_multipart_form_fields_with_enums_is_201(user_api):
    """A multipart form carries every value as text: "2" must count as industry 2."""
    form = {**{k: str(v) for k, v in CREATE_BODY.items()}, "avatar": png_upload()}

    response = user_api.post(ORGS, form, multipart=True)

    assert response.status_code == 201, response.content
    body = response.json()
    assert {key: body[key] for key in CREATE_BODY} == CREATE_BODY
    assert (body["industry_display"], body["employee_size_display"]) == (
        "Software Products",
        "51-200",
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("logo.svg", SVG, "image/svg+xml"),
        ("logo.png", SVG, "image/png"),
        ("notes.png", b"plain text, not an image\n", "image/png"),
    ],
)
def test_create_avatar_not_an_image_is_415(user_api, name, content, content_type):
    form = {"name": "Acme", "avatar": SimpleUploadedFile(name, content, content_type=content_type)}

    response = user_api.post(ORGS, form, multipart=True)

    assert response.status_code == 415
    assert list(response.json()) == ["detail"]
    assert Organization.objects.count() == 0
    assert Membership.objects.count() == 0


def test_create_avatar_too_large_is_413(user_api, settings):
    settings.IMAGE_MAX_BYTES = 16 * 1024
    content = png_bytes(size=(120, 120), noise=True)
    assert len(content) > settings.IMAGE_MAX_BYTES

    response = user_api.post(
        ORGS, {"name": "Acme", "avatar": png_upload(content=content)}, multipart=True
    )

    assert response.status_code == 413
    assert list(response.json()) == ["detail"]
    assert Organization.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("industry", 13),
        ("industry", 0),
        ("employee_size", 0),
        ("employee_size", 6),
        ("url", "not a url"),
        ("linkedin_url", "javascript:alert(1)"),
    ],
)
def test_create_bad_field_is_400_with_field_error(user_api, field, value):
    response = user_api.post(ORGS, {**CREATE_BODY, field: value})

    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert body[field] and all(isinstance(message, str) for message in body[field])
    assert Organization.objects.count() == 0


@pytest.mark.parametrize("body", [{"about": "No name"}, {"name": ""}])
def test_create_missing_name_is_400(user_api, body):
    response = user_api.post(ORGS, body)

    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert Organization.objects.count() == 0


@pytest.mark.parametrize("field", ["root_user", "is_verified", "users"])
def test_create_unknown_field_is_400(user_api, field):
    response = user_api.post(ORGS, {"name": "Acme", field: 1})

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Organization.objects.count() == 0


def test_create_by_member_of_an_organization_is_409(organization, member, member_api):
    response = member_api.post(ORGS, {"name": "Second"})

    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert list(Organization.objects.values_list("name", flat=True)) == ["Acme"]
    assert Membership.objects.get(user=member).organization == organization


def test_create_by_candidate_is_409(user, user_api):
    CandidateProfile.objects.create(user=user, slug=new_slug(user.first_name))

    response = user_api.post(ORGS, {"name": "Acme"})

    assert response.status_code == 409
    assert set(response.json()) == {"detail"}
    assert Organization.objects.count() == 0
    assert not Membership.objects.filter(user=user).exists()


def test_create_anonymous_is_401(api):
    response = api.post(ORGS, {"name": "Acme"})

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED
    assert Organization.objects.count() == 0


@pytest.mark.parametrize(("industry", "label"), sorted(INDUSTRY_LABELS.items()))
def test_create_industry_display_label(user_api, industry, label):
    response = user_api.post(ORGS, {"name": "Acme", "industry": industry})

    assert response.status_code == 201
    assert (response.json()["industry"], response.json()["industry_display"]) == (industry, label)


@pytest.mark.parametrize(("size", "label"), sorted(SIZE_LABELS.items()))
def test_create_employee_size_display_label(user_api, size, label):
    response = user_api.post(ORGS, {"name": "Acme", "employee_size": size})

    assert response.status_code == 201
    body = response.json()
    assert (body["employee_size"], body["employee_size_display"]) == (size, label)


def test_create_cookie_auth_with_csrf_is_201(user):
    client = ApiClient()
    client.login(user.email)
    client.token = None  # the access_token cookie alone

    response = client.post(ORGS, {"name": "Cookie Co"}, csrf=True)

    assert response.status_code == 201
    assert list(Membership.objects.values_list("user_id", "role")) == [(user.pk, "owner")]


def test_create_cookie_auth_without_csrf_is_403(user):
    client = ApiClient()
    client.login(user.email)
    client.token = None

    response = client.post(ORGS, {"name": "Cookie Co"})

    assert response.status_code == 403
    assert Organization.objects.count() == 0


# --- list ---------------------------------------------------------------------------------------


def test_list_employer_sees_only_own_organization(organization, owner, outsider, owner_api):
    response = owner_api.get(ORGS)

    assert response.status_code == 200
    assert [parsed(contract_view(item)) for item in response.json()] == [
        expected_organization(organization)
    ]
    assert response["X-Total-Count"] == "1"


def test_list_user_without_organization_is_empty(organization, owner, user_api):
    response = user_api.get(ORGS)

    assert response.status_code == 200
    assert response.json() == []
    assert response["X-Total-Count"] == "0"


def test_list_staff_sees_all(organization, owner, other_organization, outsider, staff_api):
    response = staff_api.get(ORGS)

    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [organization.pk, other_organization.pk]
    assert response["X-Total-Count"] == "2"


def test_list_without_trailing_slash_is_json(organization, owner, owner_api):
    response = owner_api.get(ORGS.rstrip("/"))

    assert response.status_code == 200
    assert [item["id"] for item in response.json()] == [organization.pk]


def test_list_anonymous_is_401(api):
    response = api.get(ORGS)

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


def test_list_pagination_headers(staff_api):
    organizations = OrganizationFactory.create_batch(5)
    ids = [o.pk for o in organizations]

    first = staff_api.get(ORGS, {"page_size": 2})
    last = staff_api.get(ORGS, {"page": 3, "page_size": 2})
    beyond = staff_api.get(ORGS, {"page": 4, "page_size": 2})

    assert [item["id"] for item in first.json()] == ids[:2]
    assert first["X-Total-Count"] == "5"
    assert 'rel="next"' in first["Link"] and 'rel="last"' in first["Link"]
    assert 'rel="prev"' not in first["Link"]
    assert [item["id"] for item in last.json()] == ids[4:]
    assert 'rel="prev"' in last["Link"] and 'rel="first"' in last["Link"]
    assert 'rel="next"' not in last["Link"]
    assert beyond.status_code == 200
    assert beyond.json() == []


def _make_organizations(count: int) -> None:
    for organization in OrganizationFactory.create_batch(count):
        MembershipFactory(organization=organization, role=Role.OWNER)
        MembershipFactory(organization=organization, role=Role.ADMIN)
        MembershipFactory(organization=organization, role=Role.MEMBER)


def _count_list_queries(client: ApiClient) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ORGS)
    assert response.status_code == 200
    return len(queries), len(response.json())


def test_list_query_count_same_for_1_and_20_organizations(staff_api):
    _make_organizations(1)
    one_queries, one_items = _count_list_queries(staff_api)
    _make_organizations(19)

    many_queries, many_items = _count_list_queries(staff_api)

    assert (one_items, many_items) == (1, 20)
    assert many_queries == one_queries


# --- detail -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "admin", "member"])
def test_detail_members_read(request, organization, owner, admin, member, role):
    client = request.getfixturevalue(f"{role}_api")

    response = client.get(org_url(organization))

    assert response.status_code == 200
    assert parsed(contract_view(response.json())) == expected_organization(organization)
    assert [u["role"] for u in response.json()["users"]] == ["owner", "admin", "member"]


def test_detail_staff_reads(organization, owner, staff_api):
    response = staff_api.get(org_url(organization))

    assert response.status_code == 200
    assert parsed(contract_view(response.json())) == expected_organization(organization)


def test_detail_non_member_is_404(organization, owner, outsider_api, user_api):
    assert outsider_api.get(org_url(organization)).json() == NOT_FOUND
    response = user_api.get(org_url(organization))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_detail_unknown_id_is_404(owner_api):
    response = owner_api.get(org_url(999999))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_detail_anonymous_is_401(organization, api):
    response = api.get(org_url(organization))

    assert response.status_code == 401
    assert response.json() == NOT_PROVIDED


# --- update -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_put_owner_or_admin_replaces_fields(request, organization, owner, admin, role):
    client = request.getfixturevalue(f"{role}_api")
    body = {"name": "Acme Renamed", "industry": 5, "headquarter_location": "Ottawa"}

    response = client.put(org_url(organization), body)

    assert response.status_code == 200
    assert parsed(contract_view(response.json())) == expected_organization(organization)
    organization.refresh_from_db()
    assert (
        organization.name,
        organization.industry,
        organization.headquarter_location,
        organization.url,
        organization.about,
        organization.employee_size,
    ) == ("Acme Renamed", 5, "Ottawa", "", "", None)
    assert response.json()["industry_display"] == "Healthcare"


def test_put_without_name_is_400_and_unchanged(organization, owner, owner_api):
    before = snapshot(organization)

    response = owner_api.put(org_url(organization), {"about": "No name here"})

    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert snapshot(organization) == before


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_patch_owner_or_admin_changes_only_sent_fields(request, organization, owner, admin, role):
    client = request.getfixturevalue(f"{role}_api")
    before = snapshot(organization)

    response = client.patch(org_url(organization), {"about": "Now hiring.", "employee_size": 1})

    assert response.status_code == 200
    assert (response.json()["about"], response.json()["employee_size_display"]) == (
        "Now hiring.",
        "1-10",
    )
    assert snapshot(organization) == {**before, "about": "Now hiring.", "employee_size": 1}


@pytest.mark.parametrize("body", [{"name": None}, {"name": ""}])
def test_patch_blank_name_is_400_and_unchanged(organization, owner, owner_api, body):
    before = snapshot(organization)

    response = owner_api.patch(org_url(organization), body)

    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert snapshot(organization) == before


def test_patch_null_clears_optional_fields(organization, owner, owner_api):
    response = owner_api.patch(org_url(organization), {"industry": None, "url": None})

    assert response.status_code == 200
    body = response.json()
    assert (body["industry"], body["industry_display"], body["url"]) == (None, None, "")


def test_patch_bad_enum_is_400_and_unchanged(organization, owner, owner_api):
    before = snapshot(organization)

    response = owner_api.patch(org_url(organization), {"industry": 13})

    assert response.status_code == 400
    assert list(response.json()) == ["industry"]
    assert snapshot(organization) == before


def test_patch_multipart_avatar_sets_avatar(organization, owner, owner_api, api):
    content = png_bytes(size=(12, 12))

    response = owner_api.patch(
        org_url(organization),
        {"about": "With a logo", "avatar": png_upload(content=content)},
        multipart=True,
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["about"] == "With a logo"
    assert body["avatar_url"].endswith(org_url(organization, "avatar/"))
    image, image_bytes = fetch(api, body["avatar_url"])
    assert (image.status_code, image_bytes) == (200, content)


def test_patch_multipart_avatar_replaces_old_file(organization, owner, owner_api, api):
    owner_api.patch(org_url(organization), {"avatar": png_upload()}, multipart=True)
    old = Organization.objects.get(pk=organization.pk).avatar
    old_name, storage = old.name, old.storage
    content = png_bytes((9, 9))

    response = owner_api.patch(
        org_url(organization), {"avatar": png_upload(content=content)}, multipart=True
    )

    assert response.status_code == 200
    new_name = Organization.objects.get(pk=organization.pk).avatar.name
    assert new_name != old_name
    assert (storage.exists(old_name), storage.exists(new_name)) == (False, True)
    image, image_bytes = fetch(api, org_url(organization, "avatar/"))
    assert (image.status_code, image_bytes) == (200, content)


def test_patch_svg_avatar_is_415_and_unchanged(organization, owner, owner_api):
    before = snapshot(organization)
    svg = SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")

    response = owner_api.patch(org_url(organization), {"avatar": svg}, multipart=True)

    assert response.status_code == 415
    assert snapshot(organization) == before


def test_update_by_member_is_403_and_unchanged(organization, owner, member, member_api):
    before = snapshot(organization)

    put = member_api.put(org_url(organization), {"name": "Hijacked"})
    patch = member_api.patch(org_url(organization), {"name": "Hijacked"})

    assert (put.status_code, patch.status_code) == (403, 403)
    assert list(put.json()) == ["detail"]
    assert snapshot(organization) == before


def test_update_by_non_member_is_404_and_unchanged(organization, owner, outsider_api):
    before = snapshot(organization)

    put = outsider_api.put(org_url(organization), {"name": "Hijacked"})
    patch = outsider_api.patch(org_url(organization), {"name": "Hijacked"})

    assert (put.json(), patch.json()) == (NOT_FOUND, NOT_FOUND)
    assert (put.status_code, patch.status_code) == (404, 404)
    assert snapshot(organization) == before


def test_patch_cookie_auth_with_csrf_updates(organization, owner):
    client = ApiClient()
    client.login(owner.email)
    client.token = None

    response = client.patch(org_url(organization), {"about": "Via cookie"}, csrf=True)

    assert response.status_code == 200
    assert Organization.objects.get(pk=organization.pk).about == "Via cookie"


# --- delete -------------------------------------------------------------------------------------


def test_delete_by_owner_removes_memberships_and_invites(organization, owner, admin, owner_api):
    invited = owner_api.post(org_url(organization, "create-invite/"), {"email": "x@example.com"})
    assert invited.status_code == 201
    owner_api.patch(org_url(organization), {"avatar": png_upload()}, multipart=True)
    avatar = Organization.objects.get(pk=organization.pk).avatar
    avatar_name, storage = avatar.name, avatar.storage

    response = owner_api.delete(org_url(organization))

    assert response.status_code == 204
    assert response.content == b""
    assert Organization.objects.filter(pk=organization.pk).exists() is False
    assert Membership.objects.filter(user__in=[owner, admin]).exists() is False
    assert Invite.objects.count() == 0
    assert storage.exists(avatar_name) is False
    assert owner_api.get("/api/auth/users/me/").json()["is_employer"] is False


@pytest.mark.parametrize("role", ["admin", "member"])
def test_delete_by_admin_or_member_is_403(request, organization, owner, admin, member, role):
    client = request.getfixturevalue(f"{role}_api")
    before = snapshot(organization)

    response = client.delete(org_url(organization))

    assert response.status_code == 403
    assert list(response.json()) == ["detail"]
    assert snapshot(organization) == before


def test_delete_by_non_member_is_404(organization, owner, outsider_api):
    before = snapshot(organization)

    response = outsider_api.delete(org_url(organization))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert snapshot(organization) == before


# --- avatar -------------------------------------------------------------------------------------


def test_avatar_of_organization_without_one_is_404(organization, api):
    response = api.get(org_url(organization, "avatar/"))

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


# --- cross-tenant -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "admin", "member"])
def test_cross_tenant_employer_never_sees_other_organization(
    request, organization, owner, admin, member, other_organization, outsider, role
):
    client = request.getfixturevalue(f"{role}_api")
    before = snapshot(other_organization)
    other = lambda suffix="": org_url(other_organization, suffix)  # noqa: E731

    listed = client.get(ORGS)
    answers = [
        client.get(other()),
        client.put(other(), {"name": "Mine"}),
        client.patch(other(), {"name": "Mine"}),
        client.delete(other()),
        client.post(other("create-invite/"), {"email": "spy@example.com"}),
        client.get(other("invites/")),
        client.patch(other(f"members/{outsider.pk}/"), {"role": "member"}),
        client.delete(other(f"members/{outsider.pk}/")),
    ]

    assert [item["id"] for item in listed.json()] == [organization.pk]
    assert [(a.status_code, a.json()) for a in answers] == [(404, NOT_FOUND)] * len(answers)
    assert snapshot(other_organization) == before
    assert Invite.objects.count() == 0


def test_cross_tenant_new_user_sees_nothing(organization, owner, other_organization, outsider):
    client = client_for(UserFactory())

    assert client.get(ORGS).json() == []
    assert client.get(org_url(other_organization)).json() == NOT_FOUND
