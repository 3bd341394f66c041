"""Logistics: whether the job's work mode, job type, place and visa rule suit the candidate.

Only what the candidate gave is compared: an empty preference is no conflict, never a penalty.
The one exception is the work visa, which the core hands over as a plain yes/no: a job that
requires one and a candidate without one is a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from platform_core.documents import CandidatePreferences, JobDocument
from platform_core.terms import tokens

# How much of the logistics fit each conflict takes away (together they make 1).
CONFLICT_WEIGHTS = {"visa": 0.4, "work_mode": 0.3, "location": 0.2, "job_type": 0.1}
_MODE_NAMES = {"onsite": "on-site", "remote": "remote", "hybrid": "hybrid"}


def logistics_score(conflicts: Mapping[str, str]) -> float:
    """100 when nothing conflicts, 0 when everything does."""
    return 100.0 * (1.0 - sum(CONFLICT_WEIGHTS[kind] for kind in conflicts))


def conflicts_of(job: JobDocument, preferences: CandidatePreferences) -> dict[str, str]:
    """Conflict kind (a key of CONFLICT_WEIGHTS) -> the sentence a recruiter reads, always in
    the same order."""
    conflicts: dict[str, str] = {}
    if preferences.work_modes and job.workplace_type not in preferences.work_modes:
        wanted = _either(_MODE_NAMES[mode] for mode in _in_order(preferences.work_modes))
        conflicts["work_mode"] = (
            f"Prefers {wanted} work; this job is {_MODE_NAMES[job.workplace_type]}"
        )
    if preferences.employment_types and job.job_type not in preferences.employment_types:
        wanted = _either(_in_order(preferences.employment_types))
        conflicts["job_type"] = f"Looks for {wanted} work; this job is {job.job_type}"
    if (
        job.workplace_type != "remote"
        and job.location.strip()
        and preferences.location.strip()
        and not preferences.willing_to_relocate
        and not same_place(job.location, preferences.location)
    ):
        conflicts["location"] = (
            f"Based in {preferences.location.strip()} and not open to relocating; "
            f"this job is in {job.location.strip()}"
        )
    if job.visa_required and not preferences.has_workvisa:
        conflicts["visa"] = "Needs a work visa; this job requires one"
    return conflicts


@lru_cache(maxsize=4096)
def same_place(job_location: str, candidate_location: str) -> bool:
    """The candidate's place names the job's town: "Toronto, ON" and "Toronto, Ontario", or
    "Greater Toronto Area". Only the job location's first part (the town) is compared, so two
    towns in one province do not match."""
    town = set(tokens(job_location.split(",")[0]))
    return bool(town & set(tokens(candidate_location)))


def _in_order(values: Iterable[str]) -> list[str]:
    # The candidate's order, each once.
    return list(dict.fromkeys(values))


def _either(names: Iterable[str]) -> str:
    items = list(names)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
