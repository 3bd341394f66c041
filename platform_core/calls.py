"""Provider calls in the task path: the coach, prompt and insight hooks, answered synchronously.

ARCHITECTURE.md ("Tasks"): these calls answer within the request, but run as a Huey task with a
timeout, so a deployment can move them onto worker machines. An endpoint calls

    reply = CoachReply.model_validate(call_provider("coach_reply", candidate=..., messages=...))

and `call_provider` turns the hook's arguments into plain JSON data (each through the hook's
own types), runs the task `platform_core.tasks.run_provider_call` and turns its answer back
into the hook's result type. Setting `AI_CALLS`:
- "inline" (the default): the task function runs in this process;
- "queue": the task is enqueued and its result awaited (a worker runs it; in tests Huey's
  immediate mode runs it at once).
Either way the task runs the plugin in a thread of its own and waits for it until the deadline
(`AI_CALL_TIMEOUT` seconds from the call, queueing included), so a plugin that hangs never holds
a request or a worker longer than that; its thread is abandoned, as a hanging ranker's is.

The task never raises: errors come back as data, `{"error": "timeout" | "upstream", "detail"}`,
and `call_provider` raises them again as `UpstreamTimeout` (504) or `UpstreamError` (502). An
answer that is None, not of the hook's result type, or raised anything is an upstream error.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from huey.exceptions import ResultTimeout
from pydantic import BaseModel, TypeAdapter, ValidationError

from .documents import (
    CandidateDocument,
    CoachCandidate,
    CoachMessage,
    CoachReply,
    JobDocument,
    PromptAnswer,
    PromptTask,
)
from .errors import UpstreamError, UpstreamTimeout
from .llm import LLMError, LLMTimeout
from .plugins import NoProvider, provider

logger = logging.getLogger(__name__)

INLINE, QUEUE = "inline", "queue"
TIMEOUT, UPSTREAM = "timeout", "upstream"
# Seconds the caller waits past the deadline for a queued task's answer to reach it.
RESULT_GRACE = 1.0
# How often, at most, a queued call polls for its result (seconds).
RESULT_POLL = 0.1
NO_WORKER = "The request waited too long for a worker. Try again later."


@dataclass(frozen=True)
class HookTypes:
    """What a hook called through this module takes (argument name -> type) and answers."""

    arguments: Mapping[str, TypeAdapter[Any]]
    result: type[BaseModel]


HOOKS: dict[str, HookTypes] = {
    "coach_reply": HookTypes(
        arguments={
            "candidate": TypeAdapter(CoachCandidate),
            "messages": TypeAdapter(list[CoachMessage]),
        },
        result=CoachReply,
    ),
    "answer_prompt": HookTypes(
        arguments={
            "task": TypeAdapter(PromptTask),
            "prompt": TypeAdapter(str),
            "candidate": TypeAdapter(CandidateDocument),
            "jobs": TypeAdapter(list[JobDocument]),
            "messages": TypeAdapter(list[CoachMessage]),
        },
        result=PromptAnswer,
    ),
}


def _types(hook: str) -> HookTypes:
    try:
        return HOOKS[hook]
    except KeyError:
        raise ValueError(f"{hook!r} is not called through the task path; see HOOKS.") from None


# --- the caller's side ----------------------------------------------------------------------------


def call_provider(hook: str, timeout: float | None = None, **arguments: Any) -> BaseModel:
    """Ask the plugin serving `hook` (its capability's setting) through the task path and return
    its answer as the hook's result type. `timeout` defaults to `AI_CALL_TIMEOUT`.

    Raises `UpstreamTimeout` when no answer came in time and `UpstreamError` for anything else
    that is not a valid answer.
    """
    types = _types(hook)
    if set(arguments) != set(types.arguments):
        raise TypeError(f"{hook} takes {sorted(types.arguments)}, not {sorted(arguments)}")
    plain = {
        name: types.arguments[name].dump_python(value, mode="json")
        for name, value in arguments.items()
    }
    seconds = settings.AI_CALL_TIMEOUT if timeout is None else timeout
    deadline = time.time() + seconds
    if settings.AI_CALLS == QUEUE:
        outcome = _queued(hook, plain, deadline)
    else:
        from .tasks import run_provider_call  # tasks imports this module

        outcome = run_provider_call.call_local(hook, plain, deadline)
    error = outcome.get("error")
    if error == TIMEOUT:
        raise UpstreamTimeout(outcome.get("detail") or None)
    if error is not None:
        raise UpstreamError(outcome.get("detail") or None)
    return types.result.model_validate(outcome["result"])


def _queued(hook: str, plain: dict[str, Any], deadline: float) -> dict[str, Any]:
    """Enqueue the call and wait for its answer until just past the deadline. A task that no
    worker started by then is revoked (it would answer no one)."""
    from .tasks import run_provider_call  # tasks imports this module

    result = run_provider_call(hook, plain, deadline)
    wait = max(0.0, deadline - time.time()) + RESULT_GRACE
    try:
        return result.get(blocking=True, timeout=wait, max_delay=RESULT_POLL)
    except ResultTimeout:
        result.revoke()
        logger.error("No worker answered %s within %.1f s; the call was revoked.", hook, wait)
        return _error(TIMEOUT, NO_WORKER)


# --- the task's side ------------------------------------------------------------------------------


def _error(kind: str, detail: str) -> dict[str, Any]:
    return {"error": kind, "detail": detail}


def execute(hook: str, plain: dict[str, Any], deadline: float) -> dict[str, Any]:
    """What the task does: validate the arguments back into the hook's types, ask the
    capability's provider in a thread until `deadline` (epoch seconds), and check its answer.
    Returns `{"result": <the answer as JSON data>}` or `{"error", "detail"}`; never raises."""
    types = _types(hook)
    if time.time() >= deadline:  # a queued call no worker reached in time: its caller is gone
        return _error(TIMEOUT, NO_WORKER)
    try:
        arguments = {
            name: adapter.validate_python(plain[name]) for name, adapter in types.arguments.items()
        }
    except (KeyError, ValidationError):
        logger.exception("The arguments of a %s call do not fit the hook's types.", hook)
        return _error(UPSTREAM, "The request could not be handed to the plugin.")
    try:
        chosen = provider(hook)
    except NoProvider as exc:
        logger.error("%s", exc)
        return _error(UPSTREAM, f"No installed plugin provides {hook}. Ask an administrator.")
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["answer"] = chosen(**arguments)
        except BaseException as exc:  # handed to the waiting thread below
            outcome["raised"] = exc

    thread = threading.Thread(target=work, name=f"call-{hook}", daemon=True)
    thread.start()
    thread.join(max(0.0, deadline - time.time()))
    if thread.is_alive():
        logger.error(
            "Plugin %r did not answer %s in time; its thread is abandoned.", chosen.name, hook
        )
        return _error(TIMEOUT, f"The {chosen.name} plugin did not answer in time.")
    if "raised" in outcome:
        return _raised(chosen.name, hook, outcome["raised"])
    return _checked(chosen.name, hook, types.result, outcome.get("answer"))


def _raised(plugin: str, hook: str, exc: BaseException) -> dict[str, Any]:
    # The gateway's own errors carry fixed, client-safe texts; anything else is a bug in the
    # plugin, logged with its traceback and answered without its message.
    if isinstance(exc, LLMTimeout):
        return _error(TIMEOUT, exc.detail)
    if isinstance(exc, LLMError):
        return _error(UPSTREAM, exc.detail)
    logger.error("Plugin %r raised in %s.", plugin, hook, exc_info=exc)
    return _error(UPSTREAM, f"The {plugin} plugin failed to answer.")


def _checked(plugin: str, hook: str, result: type[BaseModel], answer: Any) -> dict[str, Any]:
    if answer is None:
        logger.error("Plugin %r answered nothing to %s.", plugin, hook)
        return _error(UPSTREAM, f"The {plugin} plugin gave no answer.")
    try:
        # Validated again: a plugin may hand back a dict or a `model_construct`ed object.
        data = answer.model_dump(warnings=False) if isinstance(answer, BaseModel) else answer
        checked = result.model_validate(data)
    except (ValidationError, TypeError, ValueError):
        logger.exception("Plugin %r answered %s with something unusable.", plugin, hook)
        return _error(UPSTREAM, f"The {plugin} plugin gave an unusable answer.")
    return {"result": checked.model_dump(mode="json")}
