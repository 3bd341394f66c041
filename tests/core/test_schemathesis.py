"""Schema-driven fuzzing (issue 18, item 1): every operation of /api/openapi.json, as three callers.

schemathesis generates requests from the OpenAPI document (valid ones and, for the inputs the
document constrains, invalid ones) and sends them to the app in process, over WSGI, as an
anonymous caller, a candidate with a profile and one record of every kind, and the owner of an
organization with a job and an applicant. Each response must be no 5xx, a status the operation
documents, with a documented content type and a body matching the documented schema.

`FUZZ_EXAMPLES` (default 5) bounds the examples per operation and caller; generation is
derandomized, so a run is reproducible. docs/fuzzing.md says how to run it with more.
"""

import os
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from apps.candidates.services import RECORD_MODELS
from apps.organizations.models import Role
from platform_core.wsgi import application
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.apps.organizations.factories import MembershipFactory
from tests.factories import UserFactory
from tests.helpers import client_for

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CALLERS = ["anonymous", "candidate", "employer"]

# A regex on operation names ("POST /api/candidates/notes/") narrows a local run to some of them.
OPERATIONS = os.environ.get("FUZZ_OPERATIONS", "")

# The coverage phase (every boundary value the schema implies, about 60 requests an operation) is
# too slow for CI on every submission; FUZZ_COVERAGE=1 adds it to a local run.
COVERAGE = os.environ.get("FUZZ_COVERAGE", "") == "1"
CONFIG = schemathesis.Config.from_dict(
    {"seed": 18, "phases": {"coverage": {"enabled": COVERAGE}, "stateful": {"enabled": False}}}
)

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=CONFIG)
if OPERATIONS:
    schema = schema.include(name_regex=OPERATIONS)


@dataclass(eq=False)  # hashable by identity: pytest keeps its plugins in sets
class Tally:
    """What the module fuzzed, for the summary line CI's log shows."""

    operations: set[str] = field(default_factory=set)
    examples: int = 0
    failed: list[str] = field(default_factory=list)

    def pytest_runtest_logreport(self, report):
        if report.when == "call" and report.failed and "test_schemathesis.py" in report.nodeid:
            self.failed.append(report.nodeid.split("::", 1)[1])

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_line(
            f"schemathesis: {len(self.operations)} operations fuzzed, {self.examples} examples, "
            f"{len(self.failed)} failures (FUZZ_EXAMPLES={EXAMPLES} per operation and caller)"
        )


TALLY = Tally()


@pytest.fixture(scope="module", autouse=True)
def _report(request):
    """The tally reports at the end of the session, once, whatever `-s` or `-q` says."""
    manager = request.config.pluginmanager
    if not manager.is_registered(TALLY):
        manager.register(TALLY, "schemathesis-tally")
    return TALLY


class World:
    """A candidate with a profile and one record of every kind; an organization's owner with a job
    to which the candidate applied."""

    def __init__(self):
        candidate = UserFactory()
        self.profile = CandidateProfileFactory(user=candidate)
        for model in RECORD_MODELS.values():
            model.objects.create(profile=self.profile)
        owner = MembershipFactory(role=Role.OWNER)
        self.job = JobPostFactory(organization=owner.organization, user=owner.user)
        ApplicationFactory(job=self.job, candidate=self.profile)
        self.tokens = {
            "anonymous": None,
            "candidate": client_for(candidate).token,
            "employer": client_for(owner.user).token,
        }


@pytest.fixture
def world(db, settings):
    settings.THROTTLE_ENABLED = False
    world = World()
    # The WSGI handler closes the connection before and after each request, as a server does;
    # inside the test's transaction it must stay open. Django's test client (the logins above)
    # disconnects the two handlers only while it serves a request, so this comes after them.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield world
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("caller", CALLERS)
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_operation_conforms_to_its_schema(case, caller, world):
    TALLY.operations.add(case.operation.label)
    TALLY.examples += 1
    token = world.tokens[caller]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with TestCase.captureOnCommitCallbacks(execute=True):
        case.call_and_validate(headers=headers, checks=CHECKS)
