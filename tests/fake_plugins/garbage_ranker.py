"""A ranking plugin that answers garbage: its `answer` (a test sets it) instead of a ranking."""

from platform_core import hookimpl

answer: object = {"not": "a list"}


@hookimpl
def rank_candidates(context, job, candidates):
    return answer
