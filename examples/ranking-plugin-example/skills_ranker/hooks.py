"""The plugin's hook: the Enabled Talent API calls it for a ranking run, and it hands the
documents to `ranker`, which knows nothing of the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from platform_core import hookimpl

from . import ranker

if TYPE_CHECKING:
    from platform_core.documents import CandidateDocument, JobDocument, RankedCandidate
    from platform_core.plugins import PluginContext


@hookimpl
def rank_candidates(
    context: PluginContext, job: JobDocument, candidates: list[CandidateDocument]
) -> list[RankedCandidate] | None:
    """The applicants ranked by skills alone; None (the run fails with a message, the last good
    ranking stays) for a job that lists no skills."""
    ranked = ranker.rank(job, candidates)
    if ranked is None:
        context.logger.info("Job %s lists no skills; skills_only cannot rank it", job.id)
    return ranked
