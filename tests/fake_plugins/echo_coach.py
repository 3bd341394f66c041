"""A career-coach plugin answering from its typed arguments alone (the shape of an offline path),
and keeping what it received (`received`: `(hook, arguments)`), so tests can see exactly what the
core hands the coach."""

from platform_core import hookimpl
from platform_core.documents import CoachReply, PromptAnswer

__version__ = "0.3.0"
received: list[tuple[str, dict]] = []


def _model(context) -> str:
    return "offline" if context.llm is None else "llm"


@hookimpl
def coach_reply(context, candidate, messages):
    received.append(("coach_reply", {"candidate": candidate, "messages": list(messages)}))
    return CoachReply(content=f"You said: {messages[-1].content}", model=_model(context))


@hookimpl
def answer_prompt(context, task, prompt, candidate, jobs, messages):
    received.append(
        (
            "answer_prompt",
            {
                "task": task,
                "prompt": prompt,
                "candidate": candidate,
                "jobs": list(jobs),
                "messages": list(messages),
            },
        )
    )
    answer = f"{task}: {prompt} -> {', '.join(candidate.skills)}"
    return PromptAnswer(answer=answer, model=_model(context))


@hookimpl
def search_talent(query, candidates, limit):
    words = set(query.lower().split())
    matches = [c for c in candidates if words & {s.lower() for s in c["skills"]}]
    return [{"candidate_id": c["id"], "score": 100, "reason": query} for c in matches][:limit]
