"""Accommodations a job offers, and a candidate's own needs among them (issue 15).

The vocabulary is the candidates' (`workplace_accommodations`, contract section 7), so a need
and an offer can be compared value for value. `not_needed` and `prefer_to_discuss_later` are
answers a candidate gives, not accommodations: a job cannot offer them and they are never a need.

A candidate's needs are disability data (contract section 6). They are read from the caller's own
profile inside the request that uses them, shown only to that candidate, and never stored,
logged or counted anywhere else.
"""

from collections.abc import Iterable, Sequence

from apps.candidates.choices import Accommodation
from apps.candidates.models import CandidateProfile

NOT_A_NEED = frozenset(
    {Accommodation.NOT_NEEDED.value, Accommodation.PREFER_TO_DISCUSS_LATER.value}
)
OFFERED = tuple(value for value in Accommodation.values if value not in NOT_A_NEED)


def cleaned(values: Iterable[str]) -> list[str]:
    """The values in their order, trimmed and lowercased, each once; ValueError naming the
    allowed values for anything outside the vocabulary (the schemas turn it into a 400 keyed by
    the field)."""
    result: list[str] = []
    for raw in values:
        value = raw.strip().lower()
        if value not in OFFERED:
            raise ValueError(f"'{raw}' is not one of: {', '.join(OFFERED)}.")
        if value not in result:
            result.append(value)
    return result


def needs(accommodations: Sequence[str] | None) -> list[str]:
    """The needs among a candidate's `workplace_accommodations`, in the candidate's order."""
    return [value for value in accommodations or () if value in OFFERED]


def needs_of_user(user) -> list[str] | None:
    """The caller's own needs, from their candidate profile in one query; None for a caller
    without one (anonymous, an employer, a user who has not made a profile yet)."""
    if not user.is_authenticated:
        return None
    stored = (
        CandidateProfile.objects.filter(user=user)
        .values_list("workplace_accommodations", flat=True)
        .first()
    )
    return None if stored is None else needs(stored)


def with_needs_view(jobs: Iterable, my_needs: Sequence[str]) -> None:
    """Attach `my_needs_offered` and `my_needs_missing` to each job, for the candidate's own
    views (the job detail and their applications list)."""
    for job in jobs:
        for key, value in needs_view(my_needs, job.accommodations_offered).items():
            setattr(job, key, value)


def needs_view(my_needs: Sequence[str], offered: Sequence[str]) -> dict[str, list[str]]:
    """Which of the candidate's needs the job offers and which it does not, in their order."""
    available = set(offered or ())
    return {
        "my_needs_offered": [need for need in my_needs if need in available],
        "my_needs_missing": [need for need in my_needs if need not in available],
    }
