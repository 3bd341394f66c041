"""The task path of synchronous AI calls (platform_core/calls.py, the task `run_provider_call`):
arguments that go through the hook's types and come back typed, in both `AI_CALLS` modes (Huey's
immediate mode in tests makes "queue" run the task at once), and every way a plugin fails, as
`UpstreamTimeout` (504) or `UpstreamError` (502). Also the settings that choose mode and timeout.
"""

import importlib
import re
import sys
import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from platform_core import calls
from platform_core.documents import (
    CandidateDocument,
    CoachCandidate,
    CoachMessage,
    CoachReply,
    JobDocument,
    PromptAnswer,
    WorkRecord,
)
from platform_core.errors import UpstreamError, UpstreamTimeout
from platform_core.plugins import PluginManager, get_manager, install
from platform_core.tasks import HUEY, run_provider_call
from tests.apps.candidates.coaching import coach_plugins
from tests.fake_plugins import echo_coach, faulty_coach

CANDIDATE = CoachCandidate(
    first_name="Ada",
    document=CandidateDocument(
        candidate_id=7,
        skills=["Python", "SQL"],
        work_experience=[WorkRecord(role="Analyst", company="Acme", start_date="2020-01-01")],
    ),
    sections={"resume": True, "skills": True, "photo": False},
    open_jobs=[JobDocument(id=3, title="Data Engineer", skills=["Python"], organization="Acme")],
)
MESSAGES = [
    CoachMessage(role="user", content="Hello"),
    CoachMessage(role="coach", content="Hi Ada"),
    CoachMessage(role="user", content="What next?"),
]


@pytest.fixture
def use_coach(settings):
    with coach_plugins(settings) as use:
        yield use


@pytest.fixture(params=["inline", "queue"])
def mode(request, settings):
    """Each test runs once with the task in this process and once through the queue."""
    settings.AI_CALLS = request.param
    return request.param


def ask_coach(timeout=None):
    return calls.call_provider(
        "coach_reply", timeout=timeout, candidate=CANDIDATE, messages=MESSAGES
    )


# --- answers ------------------------------------------------------------------------------------


def test_call_provider_coach_reply_round_trips_the_hook_types(use_coach, mode):
    use_coach("echo")

    reply = ask_coach()

    assert reply == CoachReply(content="You said: What next?", model="offline")
    [(hook, received)] = echo_coach.received
    assert hook == "coach_reply"
    assert received == {"candidate": CANDIDATE, "messages": MESSAGES}
    assert isinstance(received["candidate"], CoachCandidate)
    assert all(isinstance(message, CoachMessage) for message in received["messages"])


def test_call_provider_answer_prompt_round_trips_the_hook_types(use_coach, mode):
    use_coach("echo")
    jobs = CANDIDATE.open_jobs

    answer = calls.call_provider(
        "answer_prompt",
        task="insight",
        prompt="",
        candidate=CANDIDATE.document,
        jobs=jobs,
        messages=[],
    )

    assert answer == PromptAnswer(answer="insight:  -> Python, SQL", model="offline")
    [(hook, received)] = echo_coach.received
    assert received == {
        "task": "insight",
        "prompt": "",
        "candidate": CANDIDATE.document,
        "jobs": jobs,
        "messages": [],
    }


@pytest.fixture
def enqueued(monkeypatch):
    """The names of the tasks enqueued on Huey (which still runs them: immediate mode)."""
    names = []
    original = HUEY.enqueue

    def recording(task):
        names.append(task.name)
        return original(task)

    monkeypatch.setattr(HUEY, "enqueue", recording)
    return names


def test_call_provider_queue_mode_goes_through_huey(use_coach, settings, enqueued):
    use_coach("echo")
    settings.AI_CALLS = "queue"

    reply = ask_coach()

    assert (reply.content, enqueued) == ("You said: What next?", ["run_provider_call"])


def test_call_provider_inline_mode_enqueues_nothing(use_coach, settings, enqueued):
    use_coach("echo")
    settings.AI_CALLS = "inline"

    reply = ask_coach()

    assert (reply.content, enqueued) == ("You said: What next?", [])


def test_call_provider_refuses_arguments_the_hook_does_not_take(use_coach):
    use_coach("echo")

    with pytest.raises(TypeError, match="coach_reply takes"):
        calls.call_provider("coach_reply", candidate=CANDIDATE)


def test_call_provider_refuses_a_hook_outside_the_task_path(use_coach):
    use_coach("echo")

    with pytest.raises(ValueError, match="not called through the task path"):
        calls.call_provider("rank_candidates", job=None, candidates=[])


# --- failures -----------------------------------------------------------------------------------


def test_call_provider_hanging_plugin_times_out_at_the_deadline(use_coach, mode):
    use_coach("faulty")
    faulty_coach.mode = "hang"
    started = time.monotonic()

    with pytest.raises(UpstreamTimeout) as raised:
        ask_coach(timeout=0.3)

    elapsed = time.monotonic() - started
    assert raised.value.status == 504
    assert raised.value.detail == "The faulty plugin did not answer in time."
    assert 0.3 <= elapsed < 2


def test_call_provider_default_timeout_is_the_setting(use_coach, settings):
    use_coach("faulty")
    faulty_coach.mode = "hang"
    settings.AI_CALL_TIMEOUT = 0.2
    started = time.monotonic()

    with pytest.raises(UpstreamTimeout):
        ask_coach()

    assert 0.2 <= time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    ("failure", "error", "detail"),
    [
        ("raise", UpstreamError, "The faulty plugin failed to answer."),
        ("none", UpstreamError, "The faulty plugin gave no answer."),
        ("garbage", UpstreamError, "The faulty plugin gave an unusable answer."),
        ("llm_error", UpstreamError, "The language model service failed to answer."),
        ("llm_timeout", UpstreamTimeout, "The language model service did not answer in time."),
    ],
)
def test_call_provider_failing_plugin_is_an_upstream_error(use_coach, mode, failure, error, detail):
    use_coach("faulty")
    faulty_coach.mode = failure

    with pytest.raises(error) as raised:
        ask_coach()

    assert type(raised.value) is error
    assert raised.value.detail == detail


@pytest.mark.parametrize(
    "garbage",
    [
        "a plain string",
        ["a", "list"],
        {"content": "Hi", "model": ""},
        {"content": "Hi"},
        PromptAnswer(answer="the other hook's answer", model="offline"),
        CoachReply.model_construct(content=5, model="offline"),
    ],
    ids=["string", "list", "empty model", "no model", "other type", "constructed"],
)
def test_call_provider_answer_not_of_the_result_type_is_an_upstream_error(use_coach, garbage):
    use_coach("faulty")
    faulty_coach.mode = "garbage"
    faulty_coach.garbage = garbage

    with pytest.raises(UpstreamError, match="unusable answer"):
        ask_coach()


def test_call_provider_without_a_coach_plugin_is_an_upstream_error(settings):
    previous = get_manager()
    install(PluginManager.from_modules({}))
    try:
        with pytest.raises(UpstreamError) as raised:
            ask_coach()
    finally:
        install(previous)

    assert raised.value.detail == "No installed plugin provides coach_reply. Ask an administrator."


def test_call_provider_queue_without_a_worker_times_out_and_revokes_the_call(
    use_coach, settings, monkeypatch
):
    use_coach("echo")
    settings.AI_CALLS = "queue"
    # Immediate mode's memory storage, but nothing runs what is enqueued: a queue no worker reads.
    monkeypatch.setattr(HUEY, "_immediate", False)
    started = time.monotonic()

    with pytest.raises(UpstreamTimeout) as raised:
        ask_coach(timeout=0.2)

    assert 0.2 <= time.monotonic() - started < 3
    assert raised.value.detail == "The request waited too long for a worker. Try again later."
    # A worker that reaches the call later skips it: its caller has gone.
    task = HUEY.dequeue()
    assert HUEY.execute(task) is None
    assert echo_coach.received == []


def test_run_provider_call_past_its_deadline_does_not_ask_the_plugin(use_coach):
    use_coach("echo")
    arguments = {
        "candidate": CANDIDATE.model_dump(mode="json"),
        "messages": [message.model_dump() for message in MESSAGES],
    }

    outcome = run_provider_call.call_local("coach_reply", arguments, time.time() - 1)

    assert outcome == {
        "error": "timeout",
        "detail": "The request waited too long for a worker. Try again later.",
    }
    assert echo_coach.received == []


def test_run_provider_call_arguments_that_do_not_fit_are_an_upstream_error(use_coach):
    use_coach("echo")

    outcome = run_provider_call.call_local(
        "coach_reply", {"candidate": {"first_name": 3}, "messages": []}, time.time() + 5
    )

    assert outcome == {
        "error": "upstream",
        "detail": "The request could not be handed to the plugin.",
    }
    assert echo_coach.received == []


def test_run_provider_call_answers_plain_data(use_coach):
    use_coach("echo")
    arguments = {
        "candidate": CANDIDATE.model_dump(mode="json"),
        "messages": [message.model_dump() for message in MESSAGES],
    }

    outcome = run_provider_call.call_local("coach_reply", arguments, time.time() + 5)

    assert outcome == {"result": {"content": "You said: What next?", "model": "offline"}}


# --- settings -----------------------------------------------------------------------------------


@pytest.fixture
def load_base(monkeypatch):
    """Import a fresh `settings.base` under the given environment, then put the module back; the
    running Django settings are not touched."""
    package = importlib.import_module("settings")

    def load(**env: str):
        for name in ("AI_CALLS", "AI_CALL_TIMEOUT", "LLM_TIMEOUT"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        saved = sys.modules.pop("settings.base")
        try:
            return importlib.import_module("settings.base")
        finally:
            sys.modules["settings.base"] = saved
            package.base = saved

    return load


def test_ai_call_settings_default_to_inline_and_llm_timeout_plus_15(load_base):
    base = load_base(LLM_TIMEOUT="20")

    assert (base.AI_CALLS, base.AI_CALL_TIMEOUT) == ("inline", 35.0)


def test_ai_call_settings_follow_the_environment(load_base):
    base = load_base(AI_CALLS="Queue", AI_CALL_TIMEOUT="90")

    assert (base.AI_CALLS, base.AI_CALL_TIMEOUT) == ("queue", 90.0)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"AI_CALLS": "celery"}, "AI_CALLS: 'celery' is neither 'inline' nor 'queue'."),
        ({"AI_CALL_TIMEOUT": "0"}, "AI_CALL_TIMEOUT: 0.0 is not a number of seconds in (0, 900]."),
        ({"AI_CALL_TIMEOUT": "901"}, "AI_CALL_TIMEOUT: 901.0 is not a number of seconds"),
    ],
)
def test_ai_call_settings_out_of_range_are_refused(load_base, env, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        load_base(**env)
