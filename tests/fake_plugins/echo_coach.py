"""A career-coach plugin answering from its arguments alone (the shape of an offline path)."""

from platform_core import hookimpl

__version__ = "0.3.0"


@hookimpl
def coach_reply(context, candidate, messages):
    model = "offline" if context.llm is None else "llm"
    return {"content": f"You said: {messages[-1]['content']}", "model": model}


@hookimpl
def answer_prompt(prompt, candidate):
    return {"answer": f"{prompt} -> {', '.join(candidate['skills'])}", "model": "offline"}


@hookimpl
def search_talent(query, candidates, limit):
    words = set(query.lower().split())
    matches = [c for c in candidates if words & {s.lower() for s in c["skills"]}]
    return [{"candidate_id": c["id"], "score": 100, "reason": query} for c in matches][:limit]
