"""The ranking plugin's hook implementation: a few lines, delegating to `ranker`."""

from __future__ import annotations

from typing import Any

from platform_core import hookimpl
from platform_core.documents import CandidateDocument, JobDocument, RankedCandidate

from . import ranker


@hookimpl
def rank_candidates(
    context: Any, job: JobDocument, candidates: list[CandidateDocument]
) -> list[RankedCandidate]:
    """Rank with every plugin's skill aliases and the weights of the plugin's `weights` setting
    (docs/ranking.md)."""
    from platform_core.plugins import get_manager

    own = getattr(context, "settings", None) or {}
    return ranker.rank(
        job, candidates, aliases=get_manager().skill_aliases(), weights=own.get("weights")
    )
