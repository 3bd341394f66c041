"""A ranking plugin that scores by the number of the job's skills a candidate lists, and keeps
what it received (`received`), so tests can see exactly what the core hands a plugin."""

from platform_core import hookimpl
from platform_core.documents import RankedCandidate

__version__ = "2.0.0"
received: list[tuple] = []


@hookimpl
def rank_candidates(context, job, candidates):
    received.append((job, list(candidates)))
    wanted = {skill.lower() for skill in job.skills}
    scored = []
    for candidate in candidates:
        matched = sorted(wanted & {skill.lower() for skill in candidate.skills})
        score = 100.0 * len(matched) / len(wanted) if wanted else 0.0
        scored.append(
            RankedCandidate(
                candidate_id=candidate.candidate_id,
                score=score,
                reasons=[f"Has {len(matched)} of {len(wanted)} skills"],
                breakdown={"skills": score, "matched_skills": matched},
            )
        )
    return sorted(scored, key=lambda item: (-item.score, item.candidate_id))
