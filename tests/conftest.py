"""Fixtures for testing the API as its client does: over HTTP, with Bearer tokens or cookies+CSRF.

The clients are `ApiClient`s (tests/helpers.py): every request runs the `on_commit` callbacks its
transaction queued, so tasks it enqueues (emails) have run when the request returns.

The people most tests need, each with a Bearer-authenticated `*_api` client:
- `user` (no role) and `staff`;
- `organization` ("Acme") with its owner `employer`, and `other_organization` ("Globex") with its
  owner `other_employer`;
- `candidate` and `other_candidate`, candidate profiles (their users are `candidate.user`, ...).
A module or package that needs another version of one of them overrides it by the same name.
"""

import socket

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from apps.organizations.models import Role
from platform_core import plugins
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.organizations.factories import MembershipFactory, OrganizationFactory
from tests.factories import StaffFactory, UserFactory
from tests.helpers import ApiClient, caches_of_this_process, client_for

# One line per part of the reliability proof at the end of the session (issue 18, CI's log).
pytest_plugins = ["tests.reliability_report"]

# --- the cache ----------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_process(django_test_environment):
    """Every cache key of this process under its own prefix (see `cache_key_prefix`)."""
    with override_settings(CACHES=caches_of_this_process(django_settings.CACHES)):
        yield


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with no cached keys (throttle counters) of this process."""
    for cache in caches.all():
        if isinstance(cache, RedisCache):
            # FLUSHDB (what `clear()` does on Redis) would also empty the other workers' keys.
            client = cache._cache.get_client(write=True)
            keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
            if keys:
                client.delete(*keys)
        else:
            cache.clear()
    yield


@pytest.fixture(autouse=True)
def _same_plugins_after_each_test():
    """Every test ends with the process's plugin manager it started with, whatever it installed
    (a test that forgot to put it back once left later tests without the built-in plugins)."""
    manager = plugins.get_manager()
    yield
    plugins.install(manager)


@pytest.fixture
def own_media_root(settings, tmp_path):
    """A media folder of this test alone, so listing a folder shows only its files."""
    settings.MEDIA_ROOT = str(tmp_path)


# --- clients and plain users --------------------------------------------------------------------


@pytest.fixture
def api(db):
    """An anonymous client."""
    return ApiClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def user_api(user):
    """A client logged in as `user` with a Bearer token."""
    return client_for(user)


@pytest.fixture
def staff_api(staff):
    return client_for(staff)


# --- organizations and their employers ----------------------------------------------------------


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Acme")


@pytest.fixture
def employer(organization):
    """The owner of `organization`."""
    return MembershipFactory(organization=organization, role=Role.OWNER).user


@pytest.fixture
def employer_api(employer):
    return client_for(employer)


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="Globex")


@pytest.fixture
def other_employer(other_organization):
    """The owner of `other_organization`."""
    return MembershipFactory(organization=other_organization, role=Role.OWNER).user


@pytest.fixture
def other_employer_api(other_employer):
    return client_for(other_employer)


# --- candidates ---------------------------------------------------------------------------------


@pytest.fixture
def candidate(db):
    """A candidate profile (its user is `candidate.user`)."""
    return CandidateProfileFactory()


@pytest.fixture
def candidate_api(candidate):
    return client_for(candidate.user)


@pytest.fixture
def other_candidate(db):
    return CandidateProfileFactory()


@pytest.fixture
def other_candidate_api(other_candidate):
    return client_for(other_candidate.user)


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture
def loopback_only(monkeypatch):
    """Any connection to a host other than this machine fails the test that makes it (for the
    modules that talk to an LLM server: `pytestmark = pytest.mark.usefixtures("loopback_only")`)."""
    connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if sock.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK:
            raise AssertionError(f"network access to {address!r} in a test")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
