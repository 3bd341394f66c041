"""Browsing by one's own needs and seeing them on jobs (issue 15), for every caller.

`?matches_my_needs=true` reads the caller's own profile: anonymous is 401, an employer 400, a
caller with no candidate profile gets the unfiltered list. `my_needs_offered`/`my_needs_missing`
show the caller's own needs (C needs remote_work, D flexible_schedule; A's open job offers none),
only to candidates, never to employers or staff.
"""

import pytest

from .rows import cases, check_ids, router_rows, run_case
from .world import EVERY_USER, OTHER, OWNER, PUBLIC, STAFF, World, statuses

JOBS = "/api/channels/jobs/"
NEEDS_KEYS = {"my_needs_offered", "my_needs_missing"}
# What each candidate of the world needs (world.C_DISABILITY, world.D_DISABILITY).
MISSING = {OWNER: ["remote_work"], OTHER: ["flexible_schedule"]}
job_row = router_rows("/channels/")


def _matching(w: World, caller: str) -> list[int]:
    """C's and D's needs are not offered by A's open job; staff have none, so nothing filters."""
    return [w.job.pk] if caller == STAFF else []


def check_needs_on_job(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert body["id"] == w.job.pk, f"{where}: {body}"
    if caller in MISSING:
        shown = (body["my_needs_offered"], body["my_needs_missing"])
        assert shown == ([], MISSING[caller]), f"{where}: {shown}"
    else:
        assert NEEDS_KEYS.isdisjoint(body), (
            f"{where}: needs shown: {sorted(NEEDS_KEYS & set(body))}"
        )


def check_needs_on_applications(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    if caller != OWNER:
        assert body == [], f"{where}: {body}"
        return
    assert [item["id"] for item in body] == [w.application.pk], f"{where}: {body}"
    job = body[0]["job"]
    shown = (job["my_needs_offered"], job["my_needs_missing"])
    assert shown == ([], MISSING[OWNER]), f"{where}: {shown}"


ROWS = [
    job_row(
        "get",
        "jobs/browse/",
        lambda w: f"{JOBS}browse/?matches_my_needs=true",
        statuses(owner=200, other=200, emp_applied=400, emp_other=400, staff=200),
        check=check_ids(_matching),
        variant="matches_my_needs",
    ),
    job_row(
        "get",
        "jobs/{int:job_id}/",
        lambda w: f"{JOBS}{w.job.pk}/",
        PUBLIC,
        check=check_needs_on_job,
        variant="my needs",
    ),
    job_row(
        "get",
        "candidate/applications/",
        lambda w: "/api/channels/candidate/applications/",
        EVERY_USER,
        check=check_needs_on_applications,
        variant="my needs",
    ),
]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_accommodation_views_answer_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
