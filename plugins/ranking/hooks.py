"""The ranking plugin's hook implementation: a few lines, delegating to `ranker` (and, with a
model configured and `llm_rerank_top_k` set, to `rerank`)."""

from __future__ import annotations

from typing import Any

from platform_core import hookimpl
from platform_core.documents import CandidateDocument, JobDocument, RankedCandidate

from . import ranker, rerank


@hookimpl
def rank_candidates(
    context: Any, job: JobDocument, candidates: list[CandidateDocument]
) -> list[RankedCandidate]:
    """Rank with every plugin's skill aliases and the weights of the plugin's `weights` setting
    (docs/ranking.md); with `context.llm` set and `llm_rerank_top_k` above 0, let the LLM review
    the top K of a job's ranking. A talent search (job id 0) answers inside its request and is
    never reviewed."""
    from platform_core.plugins import get_manager

    own = getattr(context, "settings", None) or {}
    review = rerank.settings_of(own)
    ranked = ranker.rank(
        job, candidates, aliases=get_manager().skill_aliases(), weights=own.get("weights")
    )
    llm = getattr(context, "llm", None)
    if llm is None or not review.top_k or job.id == 0:
        return ranked  # offline, off (the default) or a talent search: no call at all
    return rerank.rerank(
        job,
        candidates,
        ranked,
        llm,
        top_k=review.top_k,
        timeout=review.timeout,
        logger=getattr(context, "logger", None),
    )
