"""The disclosure log (issue 16), for every caller: who reads it, and whose reads it records.

C discloses during application and applied to A: EA and staff are shown C's disability data, so
their reads of C are recorded; C's own reads, D's and EB's (who see C not at all, or D's nulls)
are not. The log itself is C's and staff's to read; EA gets a 404 even though it lists EA.
"""

import pytest

from apps.candidates.models import DisclosureEvent
from tests.helpers import ApiClient

from .rows import cases, router_rows, run_case
from .world import EMP_APPLIED, ORG_A, OWNER, STAFF, World, statuses

PROFILES = "/api/candidates/profiles/"
candidate_row = router_rows("/candidates/")
job_row = router_rows("/channels/")

LOG_READ = statuses(owner=200, other=404, emp_applied=404, emp_other=404, staff=200)
PROFILE_READ = statuses(owner=200, other=404, emp_applied=200, emp_other=404, staff=200)
MANAGE_OPEN = statuses(owner=403, other=403, emp_applied=200, emp_other=403, staff=403)
# Those shown C's disability data through another endpoint than C's own.
SHOWN_C = ORG_A | {STAFF}


def c_url(suffix: str = ""):
    return lambda w: f"{PROFILES}{w.c.slug}/{suffix}"


def ea_reads_c(w: World, caller: str) -> None:
    """Before the case: EA reads C's profile, so C's log has one row (A's)."""
    response = ApiClient().get(f"{PROFILES}{w.c.slug}/", token=w.tokens[EMP_APPLIED])
    assert response.status_code == 200


def check_log(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert isinstance(body, list), f"{where}: {body}"
    shown = [(event["organization"]["id"], event["endpoint"]) for event in body]
    assert shown == [(w.org_a.pk, "candidates_get_profile")], f"{where}: {body}"


def check_summary(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    if caller == OWNER:
        assert body["disclosure_summary"]["organizations"] == 0, f"{where}: {body}"
    else:
        assert "disclosure_summary" not in body, f"{where}: the summary is C's own"


def c_logged(w: World) -> bool:
    return DisclosureEvent.objects.filter(profile=w.c).exists()


def anything_logged(w: World) -> bool:
    return DisclosureEvent.objects.exists()


ROWS = [
    candidate_row(
        "get",
        "profiles/{slug}/disclosures/",
        c_url("disclosures/"),
        LOG_READ,
        body=ea_reads_c,
        check=check_log,
    ),
    candidate_row(
        "get",
        "profiles/{slug}/full/",
        c_url("full/"),
        PROFILE_READ,
        check=check_summary,
        effect=c_logged,
        effect_by=SHOWN_C,
        variant="disclosure log",
    ),
    candidate_row(
        "get",
        "profiles/{slug}/",
        c_url(),
        PROFILE_READ,
        effect=c_logged,
        effect_by=SHOWN_C,
        variant="disclosure log",
    ),
    # D shows its data to D and staff only: EA and EB list D with nulls, so their lists log
    # nothing of D; EA's list logs C.
    candidate_row(
        "get",
        "profiles/",
        lambda w: PROFILES,
        statuses(owner=200, other=200, emp_applied=200, emp_other=200, staff=200),
        effect=anything_logged,
        effect_by=SHOWN_C,
        variant="disclosure log",
    ),
    job_row(
        "get",
        "jobs/{int:job_id}/applications/",
        lambda w: f"/api/channels/jobs/{w.job.pk}/applications/",
        MANAGE_OPEN,
        effect=c_logged,
        effect_by=ORG_A,
        variant="disclosure log",
    ),
]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_the_disclosure_log_answers_and_records_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
