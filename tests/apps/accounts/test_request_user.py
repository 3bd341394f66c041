"""The user a Bearer token names is loaded in one query with what the endpoints read of them
(apps.accounts.services.authenticated_user, the AUTH_USER_LOADER): `me` answers with it as it is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts import services
from apps.accounts.models import User
from platform_core.errors import INVALID_CREDENTIALS
from tests.factories import UserFactory
from tests.helpers import ApiClient

ME = "/api/auth/users/me/"


def test_me_with_a_bearer_token_is_one_query(candidate, candidate_api, staff_api):
    expected = staff_api.get(f"/api/auth/users/{candidate.user.pk}/").json()

    with CaptureQueriesContext(connection) as queries:
        response = candidate_api.get(ME)

    assert response.status_code == 200
    assert response.json() == expected
    assert (expected["is_candidate"], expected["is_employer"]) == (True, False)
    assert len(queries) == 1


def test_me_of_an_employer_with_a_bearer_token_is_one_query(employer, employer_api, staff_api):
    expected = staff_api.get(f"/api/auth/users/{employer.pk}/").json()

    with CaptureQueriesContext(connection) as queries:
        response = employer_api.get(ME)

    assert response.status_code == 200
    assert response.json() == expected
    assert (expected["is_candidate"], expected["is_employer"]) == (False, True)
    assert len(queries) == 1


def test_me_with_a_session_is_the_same_user(user, user_api):
    session = ApiClient()
    session.client.force_login(user)

    response = session.get(ME)

    assert response.status_code == 200
    assert response.json() == user_api.get(ME).json()


def test_authenticated_user_carries_membership_and_roles_without_a_query(employer):
    loaded = services.authenticated_user(employer.pk)

    with CaptureQueriesContext(connection) as queries:
        seen = (
            loaded.membership.organization_id,
            loaded.profile.user_id,
            loaded.is_candidate,
            loaded.is_employer,
        )

    assert seen == (employer.membership.organization_id, employer.pk, False, True)
    assert len(queries) == 0


def test_authenticated_user_without_membership_has_none_cached(user):
    loaded = services.authenticated_user(user.pk)

    with CaptureQueriesContext(connection) as queries:
        membership = getattr(loaded, "membership", None)

    assert (membership, loaded.is_candidate, loaded.is_employer) == (None, False, False)
    assert len(queries) == 0


@pytest.mark.parametrize("user_id", [None, "", "abc", 10**12])
def test_authenticated_user_of_a_malformed_or_unknown_id_is_none(db, user_id):
    assert services.authenticated_user(user_id) is None


def test_authenticated_user_of_an_inactive_user_is_none(db):
    inactive = UserFactory(is_active=False)

    assert services.authenticated_user(inactive.pk) is None


def test_me_of_a_user_deactivated_after_login_is_401(user, user_api):
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = user_api.get(ME)

    assert response.status_code == 401
    assert response.json() == {"detail": INVALID_CREDENTIALS}


def test_me_reflects_a_change_made_after_an_earlier_request(user, user_api):
    user_api.get(ME)
    User.objects.filter(pk=user.pk).update(first_name="Grace")

    response = user_api.get(ME)

    assert response.json()["first_name"] == "Grace"
