"""Schema-driven fuzzing (issue 18, item 1): every operation of /api/openapi.json, as three callers.

schemathesis generates requests from the OpenAPI document (valid ones and, for the inputs the
document constrains, invalid ones) and sends them to the app in process, over WSGI, as an
anonymous caller, a candidate with a profile and one record of every kind, and the owner of an
organization with a job and an applicant. Each response must be no 5xx, a status the operation
documents, with a documented content type and a body matching the documented schema.

`FUZZ_EXAMPLES` (default 5) bounds the examples per operation and caller; generation is
derandomized, so a run is reproducible. docs/fuzzing.md says how to run it with more.

`test_crud_sequences_conform_to_the_schema` adds stateful sequences: create a record, a note or
a job, then read, change and delete it with the id the create answered, along the links
schemathesis infers from the document.
"""

import os
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import TestCase
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ensure_resource_availability,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
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

# Stateful: sequences of calls over the operations that create, read, update and delete one
# object (candidate records, notes, jobs), each step fed by an earlier response through the links
# schemathesis infers from the document (`POST .../skills/` 201 → `{record_id}` of GET, PUT,
# PATCH and DELETE .../skills/{record_id}/). FUZZ_STATEFUL_EXAMPLES sequences per caller, of at
# most FUZZ_STATEFUL_STEPS steps.
STATEFUL_EXAMPLES = int(os.environ.get("FUZZ_STATEFUL_EXAMPLES", "20"))
STATEFUL_STEPS = int(os.environ.get("FUZZ_STATEFUL_STEPS", "8"))
# The operations each caller's sequences walk: a candidate's records and own notes; an
# employer's jobs. (An employer's note needs a candidate's slug in its body, which no inferred
# link provides: those would all be 400s.) Three kinds of record, those
# with rules across fields or rows (a unique skill name, years in order, a current project has no
# end date): every kind is served by the same code (apps/candidates/api.py), and fewer operations
# make deeper sequences for the same number of steps.
RECORDS = "skills|education|projects"
STATEFUL_PATHS = {
    "candidate": rf"^/api/candidates/({RECORDS}|notes)/",
    "employer": r"^/api/channels/jobs/(\{job_id\}/)?$",
}
# Besides the four above: a resource just created is there (GET after POST is no 404), and a
# resource deleted is gone (any later use of its id is a 404).
STATEFUL_CHECKS = [*CHECKS, ensure_resource_availability, use_after_free]
# Its own schema: with the stateful phase disabled (CONFIG), schemathesis infers no links. Valid
# requests only: the stateless test sends the invalid ones; here they would spend steps that
# create nothing for the next step to use.
stateful_schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json",
    application,
    config=schemathesis.Config.from_dict(
        {"seed": 18, "generation": {"mode": "positive"}, "phases": {"coverage": {"enabled": False}}}
    ),
)


@dataclass(eq=False)  # hashable by identity: pytest keeps its plugins in sets
class Tally:
    """What the module fuzzed, for the summary line CI's log shows."""

    operations: set[str] = field(default_factory=set)
    examples: int = 0  # requests sent, the stateful steps included
    sequences: int = 0
    stateful_steps: int = 0
    failed: list[str] = field(default_factory=list)

    def pytest_runtest_logreport(self, report):
        if report.when == "call" and report.failed and "test_schemathesis.py" in report.nodeid:
            self.failed.append(report.nodeid.split("::", 1)[1])

    def pytest_terminal_summary(self, terminalreporter):
        terminalreporter.write_line(
            f"schemathesis: {len(self.operations)} operations fuzzed, {self.examples} examples, "
            f"{len(self.failed)} failures (FUZZ_EXAMPLES={EXAMPLES} per operation and caller); "
            f"stateful: {self.sequences} sequences, {self.stateful_steps} steps"
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


def crud_machine(world, caller: str):
    """The state machine of the stateful operations, calling as `caller`."""
    token = world.tokens[caller]
    operations = stateful_schema.include(path_regex=STATEFUL_PATHS[caller])

    class CrudMachine(operations.as_state_machine()):
        # Every sequence starts from the same world: what one creates (a skill, which must be
        # unique) would otherwise change what the next is answered, and Hypothesis, replaying a
        # sequence, would find its rules drawing differently (FlakyStrategyDefinition).
        def setup(self):
            TALLY.sequences += 1
            self.savepoint = transaction.savepoint()

        def teardown(self):
            transaction.savepoint_rollback(self.savepoint)
            super().teardown()

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {token}"}}

        def call(self, case, **kwargs):
            TALLY.operations.add(case.operation.label)
            TALLY.examples += 1
            TALLY.stateful_steps += 1
            with TestCase.captureOnCommitCallbacks(execute=True):
                return case.call(**kwargs)

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(
                response,
                checks=STATEFUL_CHECKS,
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    return CrudMachine


@pytest.mark.parametrize("caller", ["candidate", "employer"])
def test_crud_sequences_conform_to_the_schema(caller, world):
    crud_machine(world, caller).run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=STATEFUL_STEPS,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )
