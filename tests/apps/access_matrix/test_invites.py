"""Job invitations and selected candidates (apps/jobs/invites_api.py, mounted under
/api/organization/, /api/candidates/ and /api/channels/).

Besides the world's own: C has a pending invite to A's open job; D applied to it through an
invite D accepted, so D is one of A's selected candidates. Members of A invite (D, whom every
employer may see) to A's open job, list its invites and withdraw C's; non-members get 403 on the
open job and 404 on the draft. Only C answers C's invite (anyone else: 404, as for any token
they do not hold). Selected candidates are for members of an organization (EB's has none).
"""

import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.jobs.models import Application, InviteStatus, JobInvite

from .rows import Row, cases, check_ids, fresh, router_rows, run_case
from .world import ORG_A, OTHER, OWNER, World, answered, statuses, uniform

organization_row = router_rows("/organization/")
candidates_row = router_rows("/candidates/")
job_row = router_rows("/channels/")

MANAGE_OPEN = statuses(owner=403, other=403, emp_applied=200, emp_other=403, staff=403)
MANAGE_HIDDEN = statuses(owner=404, other=404, emp_applied=200, emp_other=404, staff=404)
EMPLOYERS = statuses(owner=403, other=403, emp_applied=200, emp_other=200, staff=403)


def _invite(job, candidate, **fields) -> JobInvite:
    return JobInvite.objects.create(
        job=job,
        candidate=candidate,
        token=secrets.token_urlsafe(32),
        expires_at=timezone.now() + timedelta(days=14),
        **fields,
    )


@pytest.fixture(autouse=True)
def invites(world: World):
    world.scratch["c_invite"] = _invite(world.job, world.c)
    Application.objects.create(job=world.job, candidate=world.d)
    world.scratch["d_invite"] = _invite(
        world.job, world.d, status=InviteStatus.ACCEPTED, responded_at=timezone.now()
    )


def _scratch(w: World, key: str) -> JobInvite:
    return w.scratch[key]


def check_selected(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert set(body) == {"media_base_url", "results", "pagination"}, f"{where}: {body}"
    listed = [item["candidate_id"] for item in body["results"]]
    expected = [w.d.pk] if caller in ORG_A else []
    assert listed == expected, f"{where}: {listed}"


def check_invite_created(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert body["status"] == "pending", f"{where}: {body}"
    assert JobInvite.objects.get(pk=body["id"]).candidate == w.d, f"{where}: {body}"


def _invite_row(key: str, status: dict) -> Row:
    return organization_row(
        "post",
        "jobs/{int:job_id}/invite/",
        lambda w: f"/api/organization/jobs/{w.jobs[key].pk}/invite/",
        answered(status, 201),
        # D's accepted invite to the open job is answered, so a new one may be pending.
        body=lambda w, caller: {"candidate_id": w.d.pk},
        check=check_invite_created,
        effect=lambda w: JobInvite.objects.filter(
            job=w.jobs[key], candidate=w.d, status="pending"
        ).exists(),
        variant=f"A's {key} job",
    )


def _job_invites_row(key: str, status: dict) -> Row:
    expected = {"open": ["d_invite", "c_invite"], "draft": []}[key]
    return job_row(
        "get",
        "jobs/{int:job_id}/invites/",
        lambda w: f"/api/channels/jobs/{w.jobs[key].pk}/invites/",
        status,
        check=check_ids(lambda w, caller: [_scratch(w, name).pk for name in expected]),
        variant=f"A's {key} job",
    )


ROWS = [
    _invite_row("open", MANAGE_OPEN),
    _invite_row("draft", statuses(owner=404, other=404, emp_applied=404, emp_other=404, staff=404)),
    _invite_row(
        "closed", statuses(owner=404, other=404, emp_applied=400, emp_other=404, staff=404)
    ),
    organization_row(
        "get",
        "selected-candidates/",
        lambda w: "/api/organization/selected-candidates/",
        EMPLOYERS,
        check=check_selected,
    ),
    candidates_row(
        "get",
        "job-invites/",
        lambda w: "/api/candidates/job-invites/",
        uniform(200),
        check=check_ids(
            lambda w, caller: (
                [_scratch(w, {OWNER: "c_invite", OTHER: "d_invite"}[caller]).pk]
                if caller in (OWNER, OTHER)
                else []
            )
        ),
    ),
    candidates_row(
        "post",
        "job-invites/respond/",
        lambda w: "/api/candidates/job-invites/respond/",
        statuses(owner=200, other=404, emp_applied=404, emp_other=404, staff=404),
        body=lambda w, caller: {"token": _scratch(w, "c_invite").token, "action": "decline"},
        effect=lambda w: fresh(_scratch(w, "c_invite")).status == "declined",
    ),
    _job_invites_row("open", MANAGE_OPEN),
    _job_invites_row("draft", MANAGE_HIDDEN),
    job_row(
        "delete",
        "jobs/{int:job_id}/invites/{int:invite_id}/",
        lambda w: f"/api/channels/jobs/{w.job.pk}/invites/{_scratch(w, 'c_invite').pk}/",
        answered(MANAGE_OPEN, 204),
        effect=lambda w: fresh(_scratch(w, "c_invite")).status == "withdrawn",
    ),
]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_invite_routes_answer_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
