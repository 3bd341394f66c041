"""The career coach's hook implementations: a few lines each, delegating to `coach` and
`answers` (offline) or to `prompts` (with a model configured).

Offline means `context.llm` is None, or the gateway answering `LLMOffline`: the answer is then
written from the data and labelled "offline". `LLMTimeout` and `LLMError` are not caught: the
core answers 504 or 502 and keeps the user's message.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from platform_core import hookimpl
from platform_core.documents import (
    CandidateDocument,
    CoachCandidate,
    CoachMessage,
    CoachReply,
    JobDocument,
    PromptAnswer,
    PromptTask,
)
from platform_core.llm import OFFLINE, LLMOffline

from . import __version__ as __version__  # the plugin listing reads it from this module
from . import answers, coach, prompts
from .facts import SkillNames


@hookimpl
def coach_reply(
    context: Any, candidate: CoachCandidate, messages: list[CoachMessage]
) -> CoachReply:
    """The coach's next message: through the LLM when one is configured, else from the
    candidate's own data (docs/career_coach.md)."""
    candidate = CoachCandidate.model_validate(candidate)
    thread = [CoachMessage.model_validate(message) for message in messages]
    llm = getattr(context, "llm", None)
    if llm is not None:
        options = prompts.options_of(_own(context))
        try:
            text, model = prompts.coach_reply(llm, candidate, thread, options)
            return CoachReply(content=text, model=model)
        except LLMOffline:
            pass
    return CoachReply(content=coach.reply(candidate, thread, _aliases()), model=OFFLINE)


@hookimpl
def answer_prompt(
    context: Any,
    task: PromptTask,
    prompt: str,
    candidate: CandidateDocument,
    jobs: list[JobDocument],
    messages: list[CoachMessage],
) -> PromptAnswer:
    """A question about the candidate's resume, their "about", or an employer's insight."""
    document = CandidateDocument.model_validate(candidate)
    open_jobs = [JobDocument.model_validate(job) for job in jobs or []]
    thread = [CoachMessage.model_validate(message) for message in messages or []]
    llm = getattr(context, "llm", None)
    if llm is not None:
        options = prompts.options_of(_own(context))
        try:
            text, model = prompts.answer_prompt(
                llm, task, prompt, document, open_jobs, thread, options
            )
            return PromptAnswer(answer=text, model=model)
        except LLMOffline:
            pass
    names = SkillNames(_aliases())
    if task == "about":
        text = answers.about(document, names, date.today())
    elif task == "insight":
        text = answers.insight(document, open_jobs, names)
    else:
        text = answers.question(prompt, document, names)
    return PromptAnswer(answer=text, model=OFFLINE)


def _own(context: Any) -> dict[str, Any]:
    return dict(getattr(context, "settings", None) or {})


def _aliases() -> dict[str, str]:
    """Every plugin's skill aliases (the resume parser's vocabulary among them)."""
    from platform_core.plugins import get_manager

    return get_manager().skill_aliases()
