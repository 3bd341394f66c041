"""The jobs router (/api/channels/): jobs, browse and applications (§8, §11).

A's jobs are walked open (public: outsiders' managing actions are 403), draft and closed (both
404 to outsiders; applying to a closed one is a 400). Applications are never public: an action
on C's application by anyone who does not manage its job is 404, except a decision by C
themself, who knows the application (403).
"""

import pytest

from apps.candidates.disclosure import employer_scope
from apps.candidates.models import CandidateProfile
from apps.jobs.models import Application, ApplicationStatus, JobPost
from platform_core.runs import latest_run

from .rows import Row, cases, check_ids, fresh, router_rows, run_case, stored
from .world import (
    ANON,
    C_DISABILITY,
    EMP_OTHER,
    EVERY_USER,
    ORG_A,
    OWNER,
    PUBLIC,
    SHOWN,
    World,
    answered,
    assert_disability,
    statuses,
)

JOBS = "/api/channels/jobs/"
job_row = router_rows("/channels/")

# Only employers list and post jobs; candidates and staff are 403.
EMPLOYERS = statuses(owner=403, other=403, emp_applied=200, emp_other=200, staff=403)
# Managing A's open job: its members, whatever their role (contract §6: "its members manage
# them"); every other caller may see the job, so 403.
MANAGE_OPEN = statuses(owner=403, other=403, emp_applied=200, emp_other=403, staff=403)
# Managing A's draft or closed job: its members; to everyone else it does not exist.
MANAGE_HIDDEN = statuses(owner=404, other=404, emp_applied=200, emp_other=404, staff=404)
# Reading a job that is not open: its members only; anonymous (optional auth) gets 404 too.
READ_HIDDEN = {**MANAGE_HIDDEN, ANON: 404}
# Fields only members of the job's organization see (§8).
MEMBERS_ONLY_FIELDS = {"user", "candidate_ranking_data", "ranking_task_id", "applications_count"}


def job_url(key: str, suffix: str = ""):
    return lambda w: f"{JOBS}{w.jobs[key].pk}/{suffix}"


def check_job_view(key: str):
    """The job asked for, in the members' view for EA and the public view for anyone else."""

    def check(w: World, caller: str, response, where: str) -> None:
        body = response.json()
        assert body["id"] == w.jobs[key].pk, f"{where}: {body}"
        shown = MEMBERS_ONLY_FIELDS & set(body)
        expected = MEMBERS_ONLY_FIELDS if caller in ORG_A else set()
        assert shown == expected, f"{where}: members-only fields shown: {sorted(shown)}"

    return check


def check_created_job(w: World, caller: str, response, where: str) -> None:
    job = JobPost.objects.get(pk=response.json()["id"])
    expected = w.org_b if caller == EMP_OTHER else w.org_a
    assert job.organization_id == expected.pk, f"{where}: posted for {job.organization_id}"


def check_applied(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    application = Application.objects.get(pk=body["application_id"])
    assert (application.candidate.user_id, application.job_id, body["status"]) == (
        w.users[caller].pk,
        w.job.pk,
        "applied",
    ), f"{where}: {body}"


def check_applicants(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert [item["id"] for item in body] == [w.application.pk], f"{where}: {body}"
    assert body[0]["candidate"]["id"] == w.c.pk, f"{where}: {body[0]['candidate']}"
    assert_disability(body[0]["candidate"], SHOWN, C_DISABILITY, f"{where} (C as applicant)")


def check_decision(w: World, caller: str, response, where: str) -> None:
    assert response.json() == {
        "message": "Application shortlisted.",
        "status": "shortlisted",
        "application_id": w.application.pk,
        "job_id": w.job.pk,
    }, f"{where}: {response.json()}"


def check_withdrawn(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert (body["application_id"], body["status"]) == (w.application.pk, "withdrawn"), where


def check_agent(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert set(body) == {"results", "model"}, f"{where}: {body}"
    found = {item["id"] for item in body["results"]["candidates"]}
    assert found <= set(
        CandidateProfile.objects.filter(employer_scope(w.users[caller])).values_list(
            "pk", flat=True
        )
    ), f"{where}: {found}"


def check_rank_started(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert body["ranking_status"] == "ranking" and body["task_id"], f"{where}: {body}"


def check_not_ranked(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert (body["ranking_status"], body["ranked_candidates"]) == ("not_ranked", []), where


def _status_of_c_application(w: World) -> str | None:
    application = fresh(w.application)
    return None if application is None else application.status


def _job_rows(key: str, manage: dict) -> list[Row]:
    """Reading and managing A's `key` job (update, delete, applicants)."""
    route = "jobs/{int:job_id}/"
    delete = answered(manage, 204)
    applicants = check_applicants if key == "open" else check_ids(lambda w, caller: [])
    return [
        job_row(
            "put",
            route,
            job_url(key),
            manage,
            body=lambda w, caller: {"title": "Retitled", "status": w.jobs[key].status},
            check=check_job_view(key),
            effect=lambda w: stored(w.jobs[key], {"title": "Retitled"}),
            variant=key,
        ),
        job_row(
            "patch",
            route,
            job_url(key),
            manage,
            body=lambda w, caller: {"location": "Remote, EU"},
            check=check_job_view(key),
            effect=lambda w: stored(w.jobs[key], {"location": "Remote, EU"}),
            variant=key,
        ),
        job_row(
            "delete",
            route,
            job_url(key),
            delete,
            effect=lambda w: fresh(w.jobs[key]) is None,
            variant=key,
        ),
        job_row(
            "get",
            "jobs/{int:job_id}/applications/",
            job_url(key, "applications/"),
            manage,
            check=applicants,
            variant=key,
        ),
        job_row(
            "post",
            "jobs/{int:job_id}/rank-candidates/",
            job_url(key, "rank-candidates/"),
            answered(manage, 202),
            check=check_rank_started,
            effect=lambda w: latest_run("rank_candidates", w.jobs[key]) is not None,
            variant=key,
        ),
        job_row(
            "get",
            "jobs/{int:job_id}/ranking-data/",
            job_url(key, "ranking-data/"),
            manage,
            check=check_not_ranked,
            variant=key,
        ),
    ]


def _apply_row(key: str, expected: dict) -> Row:
    return job_row(
        "post",
        "jobs/{int:job_id}/apply/",
        job_url(key, "apply/"),
        expected,
        check=check_applied,
        effect=lambda w: Application.objects.filter(job=w.jobs[key], candidate=w.d).exists(),
        variant=key,
    )


ROWS = [
    job_row(
        "get",
        "jobs/",
        lambda w: JOBS,
        EMPLOYERS,
        # A's jobs, newest first, whatever their status; B has none.
        check=check_ids(
            lambda w, caller: (
                [w.jobs[key].pk for key in ("closed", "draft", "open")] if caller in ORG_A else []
            )
        ),
    ),
    job_row(
        "post",
        "jobs/",
        lambda w: JOBS,
        answered(EMPLOYERS, 201),
        body=lambda w, caller: {"title": "Matrix job"},
        check=check_created_job,
        effect=lambda w: JobPost.objects.filter(organization=w.org_a, title="Matrix job").exists(),
        effect_by=ORG_A,
    ),
    job_row(
        "get",
        "jobs/browse/",
        lambda w: f"{JOBS}browse/",
        PUBLIC,
        check=check_ids(lambda w, caller: [w.job.pk]),
    ),
    job_row("get", "jobs/{int:job_id}/", job_url("open"), PUBLIC, check=check_job_view("open")),
    *(
        job_row(
            "get",
            "jobs/{int:job_id}/",
            job_url(key),
            READ_HIDDEN,
            check=check_job_view(key),
            variant=key,
        )
        for key in ("draft", "closed")
    ),
    *_job_rows("open", MANAGE_OPEN),
    *_job_rows("draft", MANAGE_HIDDEN),
    *_job_rows("closed", MANAGE_HIDDEN),
    # Employers and users without a candidate profile cannot apply (403) to any job. C already
    # applied to the open job (409); D applies. A closed job is a 400, a draft one does not exist.
    _apply_row("open", statuses(owner=409, other=201, emp_applied=403, emp_other=403, staff=403)),
    _apply_row("draft", statuses(owner=404, other=404, emp_applied=403, emp_other=403, staff=403)),
    _apply_row("closed", statuses(owner=400, other=400, emp_applied=403, emp_other=403, staff=403)),
    job_row(
        "post",
        "jobs/{int:job_id}/applications/{int:application_id}/decision/",
        lambda w: f"{JOBS}{w.job.pk}/applications/{w.application.pk}/decision/",
        # A's employers decide. C, the applicant, knows the application: 403. To the others it is
        # not public: 404, even though the job is open.
        statuses(owner=403, other=404, emp_applied=200, emp_other=404, staff=404),
        body=lambda w, caller: {"status": "shortlisted"},
        check=check_decision,
        effect=lambda w: _status_of_c_application(w) == ApplicationStatus.SHORTLISTED,
    ),
    job_row(
        "post",
        "agent/",
        lambda w: "/api/channels/agent/",
        EMPLOYERS,
        body=lambda w, caller: {"query": "Python developer"},
        check=check_agent,
    ),
    job_row(
        "get",
        "candidate/applications/",
        lambda w: "/api/channels/candidate/applications/",
        EVERY_USER,
        check=check_ids(lambda w, caller: [w.application.pk] if caller == OWNER else []),
    ),
    job_row(
        "delete",
        "candidate/applications/{int:application_id}/",
        lambda w: f"/api/channels/candidate/applications/{w.application.pk}/",
        # Only C withdraws C's application; to anyone else it is not there.
        statuses(owner=200, other=404, emp_applied=404, emp_other=404, staff=404),
        check=check_withdrawn,
        effect=lambda w: _status_of_c_application(w) == ApplicationStatus.WITHDRAWN,
    ),
]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_job_routes_answer_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
