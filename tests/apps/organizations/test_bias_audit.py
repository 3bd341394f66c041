"""The bias audit (issue 17): exact rates, ratios and flags on synthetic data, suppression that no
sum undoes, who may see it, its parameters, its query count, and the management command.

The synthetic job has 39 applicants, all with no ethnicity given (one group, `not_reported`,
whose count is every applicant: the total a reader could subtract from), by gender:
male 10 (4 hired, 1 shortlisted), female 10 (1 hired, 2 shortlisted), non_binary 10 (4 hired),
prefer_not_to_say 4 (none selected: the group of 4) and no gender given 5 (1 shortlisted).
"""

import csv
import io
import json
import random
import time
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.jobs.models import Application, ApplicationStatus, Ranking
from apps.organizations.bias_audit import (
    DISCLOSED,
    GROUP_TYPES,
    NOT_REPORTED,
    OUTCOMES,
    PREFER_NOT_TO_DISCLOSE,
    Scope,
    _tally,
    audit,
    outcome_rows,
    recoverable,
    suppress,
)
from tests.apps.candidates.factories import CandidateProfileFactory
from tests.apps.jobs.factories import ApplicationFactory, JobPostFactory
from tests.helpers import NOT_FOUND, NOT_PROVIDED

from .helpers import ORGS

HIRED, SHORTLISTED = ApplicationStatus.HIRED, ApplicationStatus.SHORTLISTED
REJECTED, APPLIED = ApplicationStatus.REJECTED, ApplicationStatus.APPLIED
WITHDRAWN = ApplicationStatus.WITHDRAWN

# (gender, disability categories, statuses); the ranking puts the first `TOP[gender]` of each
# gender, in this order, in its first ten places.
GROUPS = [
    ("male", ["physical"], [HIRED] * 4 + [SHORTLISTED] + [REJECTED] * 5),
    ("female", ["prefer_not_to_disclose"], [HIRED] + [SHORTLISTED] * 2 + [APPLIED] * 7),
    ("non_binary", [], [HIRED] * 4 + [REJECTED] * 6),
    ("prefer_not_to_say", ["sensory", "prefer_not_to_disclose"], [APPLIED] * 4),
    ("", [], [SHORTLISTED] + [APPLIED] * 4),
]
TOP = {"male": 5, "female": 2, "non_binary": 3}
TOTAL = 39


def audit_url(organization, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{ORGS}{organization.pk}/bias-audit/" + (f"?{query}" if query else "")


def applicant(job, gender="", categories=(), status=APPLIED, ethnicity=""):
    profile = CandidateProfileFactory(disability_categories=list(categories))
    profile.user.profile.gender = gender
    profile.user.profile.ethnicity = ethnicity
    profile.user.profile.save(update_fields=["gender", "ethnicity"])
    return ApplicationFactory(job=job, candidate=profile, status=status)


def rank(job, applications) -> None:
    """A ranking of `job` with `applications` in this order, best first, made after them."""
    Ranking.objects.update_or_create(
        job=job,
        defaults={
            "plugin": "ranking",
            "entries": [
                {"candidate_id": a.candidate_id, "application_id": a.pk, "score": 50}
                for a in applications
            ],
            "ranked_count": len(applications),
            "created_at": timezone.now(),
        },
    )


@pytest.fixture
def job(organization):
    job = JobPostFactory(organization=organization)
    by_gender = {}
    for gender, categories, statuses in GROUPS:
        by_gender[gender] = [applicant(job, gender, categories, status) for status in statuses]
    top = [a for gender, count in TOP.items() for a in by_gender[gender][:count]]
    rest = [a for group in by_gender.values() for a in group if a not in top]
    rank(job, top + rest)
    return job


def rows_of(body, outcome, group_type) -> dict:
    return {
        row["group"]: row for row in body["outcomes"][outcome] if row["group_type"] == group_type
    }


def shown(applicants, selected, rate, ratio, flagged) -> dict:
    return {
        "applicants": applicants,
        "selected": selected,
        "selection_rate": rate,
        "impact_ratio": ratio,
        "flagged": flagged,
        "suppressed": False,
    }


HIDDEN = {
    "applicants": None,
    "selected": None,
    "selection_rate": None,
    "impact_ratio": None,
    "flagged": False,
    "suppressed": True,
}


def figures(rows: dict) -> dict:
    return {group: {k: v for k, v in row.items() if k in HIDDEN} for group, row in rows.items()}


def test_synthetic_data_gives_the_exact_rates_ratios_and_flags(owner_api, organization, job):
    response = owner_api.get(audit_url(organization))

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"scope", "generated_at", "method", "outcomes"}
    assert body["scope"] == {
        "organization_id": organization.pk,
        "job_id": None,
        "from": None,
        "to": None,
        "k": 10,
    }
    assert set(body["outcomes"]) == {"shortlisted_or_hired", "hired", "ranked_top_k"}
    # Male 5/10 is the reference; female 3/10 is 0.6 of it (flagged); non-binary 4/10 is
    # exactly 0.8 of it, which is not below four fifths.
    assert figures(rows_of(body, "shortlisted_or_hired", "gender")) == {
        "male": shown(10, 5, 0.5, 1.0, False),
        "female": shown(10, 3, 0.3, 0.6, True),
        "non_binary": shown(10, 4, 0.4, 0.8, False),
        "prefer_not_to_say": HIDDEN,
        "not_reported": HIDDEN,
    }
    assert figures(rows_of(body, "hired", "gender")) == {
        "male": shown(10, 4, 0.4, 1.0, False),
        "female": shown(10, 1, 0.1, 0.25, True),
        "non_binary": shown(10, 4, 0.4, 1.0, False),
        "prefer_not_to_say": HIDDEN,
        "not_reported": HIDDEN,
    }
    assert figures(rows_of(body, "ranked_top_k", "gender")) == {
        "male": shown(10, 5, 0.5, 1.0, False),
        "female": shown(10, 2, 0.2, 0.4, True),
        "non_binary": shown(10, 3, 0.3, 0.6, True),
        "prefer_not_to_say": HIDDEN,
        "not_reported": HIDDEN,
    }
    # Disability: disclosed = male + prefer_not_to_say (a category besides "prefer not to
    # disclose"), 14; prefer_not_to_disclose = female, 10; not_reported = non-binary + no gender.
    soh_reference, hired_reference = Fraction(5, 14), Fraction(4, 14)
    assert figures(rows_of(body, "shortlisted_or_hired", "disability")) == {
        "disclosed": shown(14, 5, 0.3571, 1.0, False),
        "prefer_not_to_disclose": shown(
            10, 3, 0.3, round(float(Fraction(3, 10) / soh_reference), 4), False
        ),
        "not_reported": shown(
            15, 5, 0.3333, round(float(Fraction(5, 15) / soh_reference), 4), False
        ),
    }
    assert figures(rows_of(body, "hired", "disability")) == {
        "disclosed": shown(14, 4, 0.2857, 1.0, False),
        "prefer_not_to_disclose": shown(10, 1, 0.1, 0.35, True),
        "not_reported": shown(
            15, 4, 0.2667, round(float(Fraction(4, 15) / hired_reference), 4), False
        ),
    }
    assert figures(rows_of(body, "hired", "ethnicity")) == {
        "not_reported": shown(TOTAL, 9, round(9 / TOTAL, 4), 1.0, False)
    }
    assert set(rows_of(body, "hired", "gender_x_ethnicity")) == {
        f"{gender or 'not_reported'}|not_reported" for gender, _, _ in GROUPS
    }


def test_the_group_of_four_is_suppressed_and_no_figure_gives_it_away(owner_api, organization, job):
    body = owner_api.get(audit_url(organization)).json()

    for outcome, rows in body["outcomes"].items():
        by_type: dict[str, list] = {}
        for row in rows:
            by_type.setdefault(row["group_type"], []).append(row)
        # The ethnicity row is everyone: what the shown rows of another group type leave of
        # it is what their suppressed rows hold together.
        (everyone,) = by_type["ethnicity"]
        assert everyone["applicants"] == TOTAL
        for group_type, typed in by_type.items():
            hidden = [row for row in typed if row["suppressed"]]
            rest = {
                measure: everyone[measure]
                - sum(row[measure] for row in typed if not row["suppressed"])
                for measure in ("applicants", "selected")
            }
            if hidden:
                # Nine applicants between two groups (4 + 5, or 3 + 6, ...): the shown rows tell
                # only what the suppressed ones hold together.
                assert len(hidden) >= 2, f"{outcome} {group_type}: one row is a difference"
                assert rest["applicants"] == 9, f"{outcome} {group_type}: {rest}"
        gender_four = rows_of(body, outcome, "gender")["prefer_not_to_say"]
        assert gender_four == {"group_type": "gender", "group": "prefer_not_to_say", **HIDDEN}
        cross_four = rows_of(body, outcome, "gender_x_ethnicity")["prefer_not_to_say|not_reported"]
        assert cross_four["suppressed"] is True
        assert 4 not in [row["applicants"] for row in rows]


def one_ethnicity(genders: dict[str, int]) -> dict:
    """The cells of an audit where everyone reported the same ethnicity `x`."""
    sizes = {("ethnicity", "x"): sum(genders.values())}
    for gender, size in genders.items():
        sizes["gender", gender] = size
        sizes["gender_x_ethnicity", f"{gender}|x"] = size
    return sizes


def test_a_lone_small_cell_takes_the_next_smallest_with_it():
    """The ethnicity row is everyone: 30 - 6 - 20 would be the 4."""
    hidden = suppress(one_ethnicity({"a": 4, "b": 6, "c": 20}), 5)

    assert hidden == {
        ("gender", "a"),
        ("gender", "b"),
        ("gender_x_ethnicity", "a|x"),
        ("gender_x_ethnicity", "b|x"),
    }


def test_suppressed_cells_together_reach_the_minimum():
    """Two cells of 1 add up to 2, which the shown cells imply: each is then known to be 1."""
    hidden = suppress(one_ethnicity({"a": 1, "b": 1, "c": 6, "d": 9}), 5)

    assert {cell for cell in hidden if cell[0] == "gender"} == {
        ("gender", "a"),
        ("gender", "b"),
        ("gender", "c"),
    }
    assert sum(1 for cell in hidden if cell[0] == "gender_x_ethnicity") == 3


def test_a_cross_cell_is_not_recoverable_from_its_margins():
    sizes = {
        ("gender", "f"): 12,
        ("gender", "m"): 12,
        ("ethnicity", "x"): 12,
        ("ethnicity", "y"): 12,
        ("gender_x_ethnicity", "f|x"): 3,
        ("gender_x_ethnicity", "f|y"): 9,
        ("gender_x_ethnicity", "m|x"): 9,
        ("gender_x_ethnicity", "m|y"): 3,
    }

    # f|x alone would be 12 - f|y; the whole table goes, since each suppressed pair of a row
    # would still be fixed by the columns.
    hidden = suppress(sizes, 5)

    assert ("gender_x_ethnicity", "f|x") in hidden
    assert ("gender_x_ethnicity", "m|y") in hidden
    assert not {cell for cell in hidden if cell[0] != "gender_x_ethnicity"}


def solved_exactly(cells: set, suppressed: set) -> set:
    """The suppressed cells the reader's sums fix, by exact elimination over fractions (an
    oracle apart from the service's graph method): each group type adds up to the unknown
    total, each gender's and each ethnicity's cross cells to that gender or ethnicity."""
    unknowns = sorted(suppressed) + [("total", "")]
    column = {cell: i for i, cell in enumerate(unknowns)}
    lines = [([c for c in cells if c[0] == t], ("total", "")) for t in GROUP_TYPES]
    for position, margin in ((0, "gender"), (1, "ethnicity")):
        parts: dict = {}
        for cell in cells:
            if cell[0] == "gender_x_ethnicity":
                parts.setdefault(cell[1].split("|", 1)[position], []).append(cell)
        lines += [(members, (margin, value)) for value, members in parts.items()]
    rows = []
    for members, target in lines:
        row = [Fraction(0)] * len(unknowns)
        for cell in members:
            if cell in column:
                row[column[cell]] += 1
        if target in column:
            row[column[target]] -= 1
        rows.append(row)
    pivots, rank = [], 0
    for col in range(len(unknowns)):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        rows[rank] = [v / rows[rank][col] for v in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][col]:
                f = rows[r][col]
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[rank], strict=True)]
        pivots.append(col)
        rank += 1
    free = [col for col in range(len(unknowns)) if col not in pivots]
    return {
        unknowns[col]
        for r, col in enumerate(pivots)
        if unknowns[col] in suppressed and not any(rows[r][f] for f in free)
    }


def random_cells(rng: random.Random) -> dict:
    sizes: dict = {}
    for _ in range(rng.randrange(1, 60)):
        gender = rng.choice(["m", "f", "n"][: rng.randrange(1, 4)])
        ethnicity = rng.choice(["x", "y", "z", "w"][: rng.randrange(1, 5)])
        disability = rng.choice(["d", "p", "r"][: rng.randrange(1, 4)])
        size = rng.randrange(1, 12)
        for cell in (
            ("gender", gender),
            ("ethnicity", ethnicity),
            ("disability", disability),
            ("gender_x_ethnicity", f"{gender}|{ethnicity}"),
        ):
            sizes[cell] = sizes.get(cell, 0) + size
    return sizes


def test_the_graph_method_finds_exactly_what_elimination_finds():
    rng = random.Random(17)
    for _ in range(400):
        cells = set(random_cells(rng))
        suppressed = {cell for cell in cells if rng.random() < 0.4}

        assert recoverable(cells, suppressed) == solved_exactly(cells, suppressed), suppressed


def test_after_suppression_no_cell_can_be_solved_for():
    rng = random.Random(44)
    for _ in range(300):
        sizes = random_cells(rng)
        hidden = suppress(sizes, 5)

        assert {cell for cell in sizes if sizes[cell] < 5} <= hidden
        assert solved_exactly(set(sizes), hidden) == set()


def test_many_small_groups_are_suppressed_quickly():
    """Free-text ethnicity can make many groups; the suppression must stay cheap."""
    rng = random.Random(3)
    rows = [
        {
            "gender_group": gender,
            "ethnicity_group": f"ethnicity {e}",
            "disability_group": disability,
            "applicants": 1 + rng.randrange(7),
            **dict.fromkeys(
                ("shortlisted_or_hired", "hired", "ranked_applicants", "ranked_top_k"), 1
            ),
        }
        for gender in ("male", "female", "non_binary", "prefer_not_to_say", "not_reported")
        for e in range(60)
        for disability in (DISCLOSED, PREFER_NOT_TO_DISCLOSE, NOT_REPORTED)
    ]
    started = time.perf_counter()
    outcomes = outcome_rows(_tally(rows, 5), 5)

    assert time.perf_counter() - started < 2
    assert set(outcomes) == set(OUTCOMES)


def test_ethnicity_is_grouped_as_written_whatever_its_case(owner_api, organization):
    job = JobPostFactory(organization=organization)
    for ethnicity in ["Asian", "asian ", " ASIAN", "Asian", "asian"]:
        applicant(job, "female", ethnicity=ethnicity, status=HIRED)
    for _ in range(5):
        applicant(job, "male", ethnicity="Black")

    body = owner_api.get(audit_url(organization, job=job.pk)).json()

    assert figures(rows_of(body, "hired", "ethnicity")) == {
        "asian": shown(5, 5, 1.0, 1.0, False),
        "black": shown(5, 0, 0.0, 0.0, True),
    }
    assert set(rows_of(body, "hired", "gender_x_ethnicity")) == {"female|asian", "male|black"}
    # Nobody was ranked: the ranking outcome has no pool, hence no groups.
    assert body["outcomes"]["ranked_top_k"] == []


def test_an_ethnicity_too_few_wrote_is_counted_as_other_and_never_named(owner_api, organization):
    job = JobPostFactory(organization=organization)
    for _ in range(5):
        applicant(job, "female", ethnicity="Black", status=HIRED)
        applicant(job, "male", ethnicity="White")
    applicant(job, "male", ethnicity="Ainu from Hokkaido")
    applicant(job, "male", ethnicity="Sami")
    for _ in range(3):
        applicant(job, "male", ethnicity="Métis")

    response = owner_api.get(audit_url(organization))

    text = response.content.decode().lower()
    for rare in ("ainu", "sami", "métis", "m\\u00e9tis"):
        assert rare not in text
    ethnicities = rows_of(response.json(), "hired", "ethnicity")
    assert figures(ethnicities) == {
        "black": shown(5, 5, 1.0, 1.0, False),
        "white": shown(5, 0, 0.0, 0.0, True),
        "other": shown(5, 0, 0.0, 0.0, True),
    }
    assert "male|other" in rows_of(response.json(), "hired", "gender_x_ethnicity")


def test_withdrawn_applications_are_left_out_and_no_rate_means_no_ratio(owner_api, organization):
    job = JobPostFactory(organization=organization)
    for gender in ("male", "female"):
        for _ in range(5):
            applicant(job, gender)
    for _ in range(3):
        applicant(job, "female", status=WITHDRAWN)

    body = owner_api.get(audit_url(organization)).json()

    assert figures(rows_of(body, "hired", "gender")) == {
        "female": shown(5, 0, 0.0, None, False),
        "male": shown(5, 0, 0.0, None, False),
    }


def test_k_counts_the_first_places_and_a_later_applicant_is_outside_the_ranked_pool(
    owner_api, organization, job
):
    late = applicant(job, "male")
    Application.objects.filter(pk=late.pk).update(applied_at=timezone.now() + timedelta(hours=1))

    body = owner_api.get(audit_url(organization, k=1)).json()

    assert body["scope"]["k"] == 1
    ranked = rows_of(body, "ranked_top_k", "gender")
    assert ranked["male"]["applicants"] == 10 and ranked["male"]["selected"] == 1
    assert ranked["female"]["selected"] == 0
    assert rows_of(body, "hired", "gender")["male"]["applicants"] == 11


def test_dates_are_inclusive_on_the_application_date(owner_api, organization):
    job = JobPostFactory(organization=organization)
    for day in (1, 2, 3):
        for gender in ("male", "female"):
            for _ in range(5):
                a = applicant(job, gender, status=HIRED if day == 2 else APPLIED)
                Application.objects.filter(pk=a.pk).update(
                    applied_at=datetime(2026, 3, day, 23, 59, tzinfo=UTC)
                )

    body = owner_api.get(
        audit_url(organization, **{"from": "2026-03-02", "to": "2026-03-02"})
    ).json()

    assert body["scope"]["from"] == "2026-03-02" and body["scope"]["to"] == "2026-03-02"
    assert figures(rows_of(body, "hired", "gender")) == {
        "female": shown(5, 5, 1.0, 1.0, False),
        "male": shown(5, 5, 1.0, 1.0, False),
    }
    wider = owner_api.get(audit_url(organization, **{"from": "2026-03-02"})).json()
    assert rows_of(wider, "hired", "gender")["male"]["applicants"] == 10
    widest = owner_api.get(audit_url(organization, **{"from": "0001-01-01", "to": "9999-12-31"}))
    assert rows_of(widest.json(), "hired", "gender")["male"]["applicants"] == 15


def test_one_job_is_audited_alone(owner_api, organization, job):
    other = JobPostFactory(organization=organization)
    for _ in range(5):
        applicant(other, "male", status=HIRED)

    alone = owner_api.get(audit_url(organization, job=job.pk)).json()
    everything = owner_api.get(audit_url(organization)).json()

    assert alone["scope"]["job_id"] == job.pk
    assert rows_of(alone, "hired", "gender")["male"]["applicants"] == 10
    assert rows_of(everything, "hired", "gender")["male"]["applicants"] == 15


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"from": "2026-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"k": "0"}, "k"),
        ({"k": "101"}, "k"),
        ({"k": "ten"}, "k"),
        ({"job": "abc"}, "job"),
        ({"from": "2026-03-02", "to": "2026-03-01"}, "to"),
    ],
)
def test_bad_parameters_are_400_by_field(owner_api, organization, params, key):
    response = owner_api.get(audit_url(organization, **params))

    assert response.status_code == 400, response.content
    assert list(response.json()) == [key]


def test_a_job_of_another_organization_or_none_is_404(owner_api, organization, other_organization):
    foreign = JobPostFactory(organization=other_organization)

    for job_id in (foreign.pk, foreign.pk + 1000):
        response = owner_api.get(audit_url(organization, job=job_id))
        assert response.status_code == 404
        assert response.json() == NOT_FOUND


def test_owners_admins_and_staff_see_it_members_candidates_and_outsiders_do_not(
    api, owner_api, admin_api, member_api, outsider_api, staff_api, candidate_api, organization
):
    url = audit_url(organization)

    for client in (owner_api, admin_api, staff_api):
        assert client.get(url).status_code == 200
    for client in (member_api, candidate_api):
        response = client.get(url)
        assert response.status_code == 403
        assert response.json()["detail"]
    assert outsider_api.get(url).status_code == 404
    assert outsider_api.get(url).json() == NOT_FOUND
    assert api.get(url).status_code == 401
    assert api.get(url).json() == NOT_PROVIDED
    assert owner_api.get(f"{ORGS}{organization.pk + 1000}/bias-audit/").status_code == 404


def test_no_individual_attribute_or_identity_appears_in_the_response(owner_api, organization):
    job = JobPostFactory(organization=organization)
    one = applicant(job, "female", ["mental_health"], ethnicity="Sami")
    for _ in range(5):
        applicant(job, "male", ["physical"], ethnicity="Sami")

    text = owner_api.get(audit_url(organization)).content.decode()

    for secret in (
        one.candidate.user.email,
        one.candidate.user.first_name,
        one.candidate.slug,
        "mental_health",
        "physical",
        '"applicants": 1',
        '"applicants":1',
    ):
        assert secret not in text
    body = json.loads(text)
    female = rows_of(body, "hired", "gender")["female"]
    assert female["suppressed"] is True
    for rows in body["outcomes"].values():
        for row in rows:
            assert set(row) == {"group_type", "group", *HIDDEN}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_query_count_is_the_same_for_1_and_50_applications(owner_api, organization):
    first = JobPostFactory(organization=organization)
    rank(first, [applicant(first, "male", ["physical"], HIRED, "Asian")])
    url = audit_url(organization)
    one = _queries(owner_api, url)

    jobs = [JobPostFactory(organization=organization) for _ in range(5)]
    for index in range(49):
        job = jobs[index % 5]
        a = applicant(job, ("male", "female", "")[index % 3], ["sensory"] * (index % 2), HIRED)
        rank(job, [a])
    many = _queries(owner_api, url)

    assert Application.objects.count() == 50
    assert 0 < one == many


def test_the_service_audits_one_job_on_its_own(organization, job):
    result = audit(Scope(organization, job=job, k=10))

    assert result["scope"]["job_id"] == job.pk
    assert len(rows_of(result, "hired", "gender")) == 5


# --- the management command ---------------------------------------------------------------------


def _command(*args) -> str:
    out = io.StringIO()
    call_command("bias_audit", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_json_csv_and_markdown(organization, job):
    as_json = json.loads(_command("--organization", str(organization.pk), "--job", str(job.pk)))
    assert as_json["scope"]["job_id"] == job.pk
    assert figures(rows_of(as_json, "hired", "gender"))["female"] == shown(10, 1, 0.1, 0.25, True)

    lines = list(
        csv.DictReader(
            io.StringIO(_command("--organization", str(organization.pk), "--format", "csv"))
        )
    )
    female = next(
        line
        for line in lines
        if (line["outcome"], line["group_type"], line["group"]) == ("hired", "gender", "female")
    )
    assert female == {
        "outcome": "hired",
        "group_type": "gender",
        "group": "female",
        "applicants": "10",
        "selected": "1",
        "selection_rate": "0.1",
        "impact_ratio": "0.25",
        "flagged": "true",
        "suppressed": "false",
    }
    assert len(lines) == sum(len(rows) for rows in as_json["outcomes"].values())

    markdown = _command(
        "--organization",
        str(organization.pk),
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
        "--format",
        "md",
    )
    assert "## hired" in markdown
    assert "| gender | female | 10 | 1 | 0.1 | 0.25 | yes |" in markdown
    assert "| gender | prefer_not_to_say | suppressed |" in markdown


def test_the_command_refuses_an_unknown_organization_or_job_and_bad_dates(
    organization, other_organization
):
    foreign = JobPostFactory(organization=other_organization)
    with pytest.raises(CommandError):
        _command("--organization", str(organization.pk + 1000))
    with pytest.raises(CommandError):
        _command("--organization", str(organization.pk), "--job", str(foreign.pk))
    with pytest.raises(CommandError):
        _command("--organization", str(organization.pk), "--from", "2026-02-30")
    with pytest.raises(CommandError):
        _command(
            "--organization", str(organization.pk), "--from", "2026-03-02", "--to", "2026-03-01"
        )
