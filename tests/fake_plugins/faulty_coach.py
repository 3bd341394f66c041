"""A career-coach plugin that fails as a test tells it to (`mode`):
- "hang": waits until `release` is set (or 30 s pass), then answers;
- "raise": raises a bug; "llm_timeout" / "llm_error": raises the gateway's errors;
- "none": answers None; "garbage": answers `garbage` (a test may set it).
"""

import threading

from platform_core import hookimpl
from platform_core.llm import LLMError, LLMTimeout

mode = "hang"
release = threading.Event()
GARBAGE = {"content": "", "model": "offline", "extra": True}
garbage: object = dict(GARBAGE)


def _fail():
    if mode == "hang":
        release.wait(30)
        return {"content": "Too late.", "model": "offline"}
    if mode == "raise":
        raise ZeroDivisionError("a bug in the plugin")
    if mode == "llm_timeout":
        raise LLMTimeout()
    if mode == "llm_error":
        raise LLMError()
    if mode == "none":
        return None
    return garbage


@hookimpl
def coach_reply(context, candidate, messages):
    return _fail()


@hookimpl
def answer_prompt(context, task, prompt, candidate, jobs, messages):
    return _fail()
