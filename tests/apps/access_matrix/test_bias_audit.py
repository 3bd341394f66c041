"""The bias audit of an organization (/api/organization/, bias_audit_api.py).

Aggregates for owners, admins and staff only (docs/bias-audit.md): EA (A's owner), AD (A's admin)
and staff see A's audit; M, A's plain member, may see A but not its audit (403); EB (another
organization's owner) gets 404, and C and D (candidates, in no organization) 403. A job of B named
in A's audit is 404 to everyone who may see A's audit. C is A's only applicant: a group of one, so every
row of A's audit is suppressed.
"""

import pytest

from apps.jobs.models import JobPost

from .rows import cases, router_rows, run_case
from .world import World, statuses

ORGS = "/api/organization/organizations/"
ROUTE = "organizations/{int:organization_id}/bias-audit/"
organization_row = router_rows("/organization/")

A_AUDIT = statuses(owner=403, other=403, emp_applied=200, member=403, emp_other=404, staff=200)
B_AUDIT = statuses(owner=403, other=403, emp_applied=404, emp_other=200, staff=200)
B_JOB_IN_A = statuses(owner=403, other=403, emp_applied=404, member=403, emp_other=404, staff=404)


@pytest.fixture(autouse=True)
def b_job(world: World):
    world.scratch["b_job"] = JobPost.objects.create(organization=world.org_b, title="Globex job")


def check_audit_of(organization: str):
    def check(w: World, caller: str, response, where: str) -> None:
        body = response.json()
        expected = getattr(w, organization).pk
        assert body["scope"]["organization_id"] == expected, f"{where}: {body['scope']}"
        rows = [row for rows in body["outcomes"].values() for row in rows]
        if organization == "org_a":
            # C alone: each group of one is suppressed, and no count is shown.
            assert rows and all(row["suppressed"] for row in rows), f"{where}: {rows}"
            assert {row["applicants"] for row in rows} == {None}, f"{where}: {rows}"
        else:
            assert rows == [], f"{where}: B has no applicants, got {rows}"

    return check


ROWS = [
    organization_row(
        "get",
        ROUTE,
        lambda w: f"{ORGS}{w.org_a.pk}/bias-audit/",
        A_AUDIT,
        check=check_audit_of("org_a"),
        variant="A's audit",
    ),
    organization_row(
        "get",
        ROUTE,
        lambda w: f"{ORGS}{w.org_b.pk}/bias-audit/",
        B_AUDIT,
        check=check_audit_of("org_b"),
        variant="B's audit",
    ),
    organization_row(
        "get",
        ROUTE,
        lambda w: f"{ORGS}{w.org_a.pk}/bias-audit/?job={w.scratch['b_job'].pk}",
        B_JOB_IN_A,
        variant="A's audit of B's job",
    ),
]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_bias_audit_answers_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
