"""The career coach, prompts, generate-about (/api/candidates/, coach_api.py) and the employer's
candidate insight (/api/organization/, insight_api.py).

Only candidates talk to the coach and generate their "about"; a prompt about C is C's own or an
employer's who may see C (EA: C applied to A); the insight is for members of an organization
that may see C (EB may not: 404; non-members: 403). Threads belong to their user: C has a coach
thread, EA a prompt thread about C; to anyone else they do not exist. The coach is the echo fake
(tests/fake_plugins/echo_coach.py).
"""

import pytest

from apps.candidates.models import CoachThread, CoachThreadMessage
from tests.apps.candidates.coaching import coach_plugins

from .rows import Row, cases, fresh, router_rows, run_case
from .world import EMP_APPLIED, OWNER, World, answered, statuses

CANDIDATES = "/api/candidates/"
THREADS = f"{CANDIDATES}career-coach/threads/"
INSIGHT = "/api/organization/test/candidate-insight/"
coach_row = router_rows("/candidates/")
organization_row = router_rows("/organization/")

# The coach and generate-about: candidates (C and D), about themselves; nobody else has a profile.
CANDIDATES_ONLY = statuses(owner=200, other=200, emp_applied=403, emp_other=403, staff=403)
# A prompt about C: C, and A's employers (C applied to A); D, EB and staff may not see C as a
# prompt's subject.
PROMPT_ON_C = statuses(owner=200, other=404, emp_applied=200, emp_other=404, staff=404)
# A thread is its user's alone.
C_THREAD = statuses(owner=200, other=404, emp_applied=404, emp_other=404, staff=404)
C_THREAD_DELETE = {**C_THREAD, OWNER: 204}
# EA's thread is EA's alone: its colleagues M and AD do not see it either.
EA_THREAD = statuses(
    owner=404, other=404, emp_applied=200, member=404, admin=404, emp_other=404, staff=404
)
EA_THREAD_DELETE = answered(EA_THREAD, 204)
EVERY_USER = statuses(owner=200, other=200, emp_applied=200, emp_other=200, staff=200)
# The insight on C: A's employers, whatever their role; EB's organization may not see C; candidates and staff are in
# no organization.
INSIGHT_ON_C = statuses(owner=403, other=403, emp_applied=200, emp_other=404, staff=403)


@pytest.fixture(autouse=True)
def coach(settings):
    with coach_plugins(settings) as use:
        use("echo")
        yield


@pytest.fixture(autouse=True)
def threads(world: World):
    """C's coach thread and EA's prompt thread about C, each with a question and an answer."""
    for key, user, kind in (
        ("c_thread", world.c.user, "coach"),
        ("ea_thread", world.users[EMP_APPLIED], "prompt"),
    ):
        thread = CoachThread.objects.create(user=user, kind=kind, subject=world.c, title=key)
        for role in ("user", "coach"):
            CoachThreadMessage.objects.create(thread=thread, role=role, content=f"{key} {role}")
        world.scratch[key] = thread


def _thread(w: World, key: str) -> CoachThread:
    return w.scratch[key]


def check_answer(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert set(body) == {"output", "thread_id", "model"}, f"{where}: {body}"
    thread = CoachThread.objects.get(thread_id=body["thread_id"])
    assert thread.user == w.users[caller], f"{where}: the thread is not the caller's"


def check_thread_list(w: World, caller: str, response, where: str) -> None:
    expected = {OWNER: ["c_thread"], EMP_APPLIED: ["ea_thread"]}.get(caller, [])
    listed = [thread["thread_id"] for thread in response.json()]
    assert listed == [_thread(w, key).thread_id for key in expected], f"{where}: {listed}"


def check_thread(key: str):
    def check(w: World, caller: str, response, where: str) -> None:
        body = response.json()
        assert body["thread_id"] == _thread(w, key).thread_id, f"{where}: {body}"
        assert [m["content"] for m in body["messages"]] == [f"{key} user", f"{key} coach"]

    return check


def check_about(w: World, caller: str, response, where: str) -> None:
    assert set(response.json()) == {"generated_about"}, f"{where}: {response.json()}"


def check_insight(w: World, caller: str, response, where: str) -> None:
    body = response.json()
    assert set(body) == {"candidate_id", "employer_insight"}, f"{where}: {body}"
    assert body["candidate_id"] == w.c.pk, f"{where}: {body}"


def _thread_rows(key: str, variant: str, read: dict, delete: dict) -> list[Row]:
    route = "career-coach/threads/{thread_id}/"

    def url(w: World) -> str:
        return f"{THREADS}{_thread(w, key).thread_id}/"

    return [
        coach_row("get", route, url, read, check=check_thread(key), variant=variant),
        coach_row(
            "delete",
            route,
            url,
            delete,
            effect=lambda w: fresh(_thread(w, key)) is None,
            variant=variant,
        ),
    ]


ROWS = [
    coach_row(
        "post",
        "career-coach/",
        lambda w: f"{CANDIDATES}career-coach/",
        CANDIDATES_ONLY,
        body=lambda w, caller: {"input_text": "Matrix hello", "thread_id": None},
        check=check_answer,
        effect=lambda w: CoachThread.objects.filter(title="Matrix hello").exists(),
    ),
    coach_row(
        "post",
        "prompt/",
        lambda w: f"{CANDIDATES}prompt/",
        PROMPT_ON_C,
        body=lambda w, caller: {"input_text": "Matrix question", "resume_slug": w.c.slug},
        check=check_answer,
        effect=lambda w: CoachThread.objects.filter(
            kind="prompt", subject=w.c, title="Matrix question"
        ).exists(),
    ),
    coach_row(
        "get",
        "career-coach/threads/",
        lambda w: THREADS,
        EVERY_USER,
        check=check_thread_list,
    ),
    *_thread_rows("c_thread", "C's coach thread", C_THREAD, C_THREAD_DELETE),
    *_thread_rows("ea_thread", "EA's prompt thread about C", EA_THREAD, EA_THREAD_DELETE),
    coach_row(
        "post",
        "test/generate-about/",
        lambda w: f"{CANDIDATES}test/generate-about/",
        CANDIDATES_ONLY,
        body=lambda w, caller: {},
        check=check_about,
    ),
    organization_row(
        "get",
        "test/candidate-insight/{int:candidate_id}/",
        lambda w: f"{INSIGHT}{w.c.pk}/",
        INSIGHT_ON_C,
        check=check_insight,
    ),
    organization_row(
        "post",
        "test/candidate-insight/{int:candidate_id}/",
        lambda w: f"{INSIGHT}{w.c.pk}/",
        INSIGHT_ON_C,
        body=lambda w, caller: {"candidate_id": w.c.pk},
        check=check_insight,
    ),
    organization_row(
        "post",
        "test/candidate-insight/",
        lambda w: INSIGHT,
        INSIGHT_ON_C,
        body=lambda w, caller: {"candidate_id": w.c.pk},
        check=check_insight,
    ),
]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_coach_routes_answer_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
