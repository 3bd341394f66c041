"""The bias audit of an organization's hiring and ranking (issue 17; method in docs/bias-audit.md).

Per group of applicants (by self-reported gender, ethnicity, disability disclosure, and gender x
ethnicity) and per outcome: applicants, selected, the selection rate, and the impact ratio to the
group with the highest rate, flagged below four fifths. Everything is counted in the database in
one query (a GROUP BY with conditional counts, the rankings' first k places read from their JSON
in a subquery), so the cost in queries does not grow with the number of jobs or applications.

Groups under `BIAS_AUDIT_MIN_CELL` applicants are suppressed, and more cells are suppressed
(secondary suppression) until no suppressed count can be worked out exactly from the shown ones
and the sums a reader knows hold (the cells of each group type add up to the same unstated total;
gender x ethnicity cells add up to their gender and to their ethnicity), and no sum leaves its
suppressed cells fewer than `BIAS_AUDIT_MIN_CELL` applicants together. The audit only reads these
attributes; the ranker never sees them (contract §6).
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower, NullIf, Trim
from django.utils import timezone

from apps.jobs.models import Application, ApplicationStatus, JobPost
from platform_core.errors import FieldErrors, NotFound

from .models import Organization

NOT_REPORTED = "not_reported"
OTHER = "other"  # the ethnicities too few applicants wrote to be named
DISCLOSED = "disclosed"
PREFER_NOT_TO_DISCLOSE = "prefer_not_to_disclose"
GROUP_TYPES = ("gender", "ethnicity", "disability", "gender_x_ethnicity")
OUTCOMES = ("shortlisted_or_hired", "hired", "ranked_top_k")
FOUR_FIFTHS = Fraction(4, 5)
DEFAULT_K = 10
MAX_K = 100
DECIMALS = 4
MEASURES = ("applicants", "shortlisted_or_hired", "hired", "ranked_applicants", "ranked_top_k")

# Which applicant pool each outcome is measured on: every (non-withdrawn) application, or those
# the job's latest ranking could have ranked.
POOL = {
    "shortlisted_or_hired": "applicants",
    "hired": "applicants",
    "ranked_top_k": "ranked_applicants",
}


@dataclass(frozen=True)
class Scope:
    organization: Organization
    job: JobPost | None = None
    date_from: date | None = None
    date_to: date | None = None
    k: int = DEFAULT_K


Cell = tuple[str, str]  # (group_type, group)


def make_scope(
    organization: Organization,
    *,
    job_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    k: int = DEFAULT_K,
) -> Scope:
    """The scope of an audit of `organization`: the job must be one of its own (else 404), and
    the dates in order (else 400 on `to`)."""
    if date_from and date_to and date_from > date_to:
        raise FieldErrors({"to": "Must be on or after `from`."})
    job = None
    if job_id is not None:
        job = JobPost.objects.filter(organization=organization, pk=job_id).first()
        if job is None:
            raise NotFound()
    return Scope(organization, job, date_from, date_to, k)


def _applications(scope: Scope) -> QuerySet:
    """The audited applications: the organization's (or the job's), applied within the dates.
    Withdrawn applications are left out: no one decided on them."""
    applications = Application.objects.filter(job__organization=scope.organization).exclude(
        status=ApplicationStatus.WITHDRAWN
    )
    if scope.job is not None:
        applications = applications.filter(job=scope.job)
    zone = timezone.get_current_timezone()
    if scope.date_from is not None:
        start = datetime.combine(scope.date_from, time.min, tzinfo=zone)
        applications = applications.filter(applied_at__gte=start)
    if scope.date_to is not None and scope.date_to < date.max:  # date.max: no end at all
        end = datetime.combine(scope.date_to + timedelta(days=1), time.min, tzinfo=zone)
        applications = applications.filter(applied_at__lt=end)
    return applications


# The application ids in the first k entries of each ranking of an organization's jobs (or of one
# job), by database: (organization, job or None, k) as parameters. PostgreSQL's lax mode (the
# default) skips the places past the end of a shorter ranking.
TOP_K_SQL = {
    "postgresql": (
        "SELECT (jsonb_path_query(r.entries, %s::jsonpath))::bigint"
        " FROM jobs_ranking r JOIN jobs_jobpost j ON j.id = r.job_id"
        " WHERE j.organization_id = %s AND (%s::bigint IS NULL OR r.job_id = %s::bigint)"
    ),
    "sqlite": (
        "SELECT json_extract(e.value, '$.application_id')"
        " FROM jobs_ranking r JOIN jobs_jobpost j ON j.id = r.job_id, json_each(r.entries) e"
        " WHERE j.organization_id = %s AND (%s IS NULL OR r.job_id = %s) AND e.key < %s"
    ),
}


def _top_k_application_ids(scope: Scope) -> RawSQL:
    """A subquery of the application ids in the first k places of the audited rankings, read
    from their JSON in the database: the entries (reasons and breakdowns of every applicant)
    never leave it, and the counting query uses the ids as a hashed set rather than as a list
    of parameters that grows with the jobs."""
    job_id = scope.job.pk if scope.job else None
    scoped = [scope.organization.pk, job_id, job_id]
    if connection.vendor == "postgresql":
        params = [f"$[0 to {scope.k - 1}].application_id", *scoped]
    else:
        params = [*scoped, scope.k]
    # Fixed SQL text; every value goes as a parameter.
    return RawSQL(TOP_K_SQL[connection.vendor], params)  # noqa: S611


def _text_group(field: str, *, fold: bool = False):
    value: Any = Trim(F(field))
    if fold:
        value = Lower(value)
    return Coalesce(NullIf(value, Value("")), Value(NOT_REPORTED), output_field=CharField())


def _disability_group():
    """`not_reported` for no category, `prefer_not_to_disclose` when that is the only one,
    `disclosed` for any other category."""
    field = "candidate__disability_categories"
    return Case(
        When(**{f"{field}__isnull": True}, then=Value(NOT_REPORTED)),
        When(**{field: []}, then=Value(NOT_REPORTED)),
        When(**{field: [PREFER_NOT_TO_DISCLOSE]}, then=Value(PREFER_NOT_TO_DISCLOSE)),
        default=Value(DISCLOSED),
        output_field=CharField(),
    )


def _counts(scope: Scope) -> list[dict]:
    """One row per (gender, ethnicity, disability) combination present, with its counts."""
    ranked = Q(job__ranking__created_at__gte=F("applied_at"))
    return list(
        _applications(scope)
        .annotate(
            gender_group=_text_group("candidate__user__profile__gender"),
            ethnicity_group=_text_group("candidate__user__profile__ethnicity", fold=True),
            disability_group=_disability_group(),
        )
        .values("gender_group", "ethnicity_group", "disability_group")
        .annotate(
            applicants=Count("pk"),
            shortlisted_or_hired=Count(
                "pk",
                filter=Q(status__in=[ApplicationStatus.SHORTLISTED, ApplicationStatus.HIRED]),
            ),
            hired=Count("pk", filter=Q(status=ApplicationStatus.HIRED)),
            ranked_applicants=Count("pk", filter=ranked),
            ranked_top_k=Count("pk", filter=ranked & Q(pk__in=_top_k_application_ids(scope))),
        )
        .order_by()
    )


def _cells_of(row: dict, ethnicity: str) -> list[Cell]:
    gender = row["gender_group"]
    return [
        ("gender", gender),
        ("ethnicity", ethnicity),
        ("disability", row["disability_group"]),
        ("gender_x_ethnicity", f"{gender}|{ethnicity}"),
    ]


def _tally(rows: list[dict], min_cell: int) -> dict[Cell, dict[str, int]]:
    """The combinations rolled up into the cells of each group type (a few dozen rows).

    Ethnicity is free text: a rare one would name, even as a suppressed row, what one person
    wrote about themself. So the ethnicities fewer than `min_cell` applicants wrote are counted
    together as `other` (which may be suppressed in turn); the fixed groups keep their names."""
    applicants: dict[str, int] = defaultdict(int)
    for row in rows:
        applicants[row["ethnicity_group"]] += row["applicants"]
    rare = {
        ethnicity
        for ethnicity, total in applicants.items()
        if total < min_cell and ethnicity != NOT_REPORTED
    }
    cells: dict[Cell, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        ethnicity = OTHER if row["ethnicity_group"] in rare else row["ethnicity_group"]
        for cell in _cells_of(row, ethnicity):
            for measure in MEASURES:
                cells[cell][measure] += row[measure]
    return cells


# --- suppression --------------------------------------------------------------------------------
#
# What a reader knows: the shown cells, that an absent group has no one, and these sums (with the
# audit's total N, never shown): each gender's gender x ethnicity cells add up to that gender,
# each ethnicity's to that ethnicity, and the genders, the ethnicities and the disability groups
# each add up to N. Apart from the disability line, every unknown (a suppressed cell, or N) is in
# exactly two of these sums, so they are the rows and columns of a table whose lines add up to
# known numbers: gender g is a row, ethnicity e a column, cell g x e sits at (g, e), gender g's
# own cell at (g, Σ), ethnicity e's at (Σ, e), and N at (Σ, Σ). Given the lines of such a table,
# the unknown cells are fixed exactly where they are a bridge of the graph whose vertices are the
# lines and whose edges are the unknown cells: any cycle through a cell lets it change (+t, -t
# alternately around the cycle) while every line keeps its sum, and a bridge's value is the sum
# of a cut. The disability groups add one more line with N.

Vertex = tuple[str, str | None]  # ("gender", g) or ("ethnicity", e); None is the Σ line
TOTAL: Cell = ("total", "")  # N, the unstated number of applicants


def _edge(cell: Cell) -> tuple[Vertex, Vertex] | None:
    group_type, group = cell
    if group_type == "gender_x_ethnicity":
        gender, ethnicity = group.split("|", 1)  # genders are a fixed set without "|"
        return ("gender", gender), ("ethnicity", ethnicity)
    if group_type == "gender":
        return ("gender", group), ("ethnicity", None)
    if group_type == "ethnicity":
        return ("gender", None), ("ethnicity", group)
    if cell == TOTAL:
        return ("gender", None), ("ethnicity", None)
    return None  # a disability group: on the disability line only


def _bridges(edges: dict[Cell, tuple[Vertex, Vertex]]) -> set[Cell]:
    """The edges on no cycle (Tarjan's bridge-finding, iteratively; every edge is one cell)."""
    around: dict[Vertex, list[tuple[Vertex, Cell]]] = defaultdict(list)
    for cell, (a, b) in edges.items():
        around[a].append((b, cell))
        around[b].append((a, cell))
    order: dict[Vertex, int] = {}
    low: dict[Vertex, int] = {}
    bridges: set[Cell] = set()
    for root in around:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[Vertex, Cell | None, Iterator[tuple[Vertex, Cell]]]] = [
            (root, None, iter(around[root]))
        ]
        while stack:
            vertex, via, pending = stack[-1]
            step = next(pending, None)
            if step is None:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[vertex])
                    if via is not None and low[vertex] > order[parent]:
                        bridges.add(via)
                continue
            neighbour, cell = step
            if cell == via:
                continue
            if neighbour in order:
                low[vertex] = min(low[vertex], order[neighbour])
            else:
                order[neighbour] = low[neighbour] = len(order)
                stack.append((neighbour, cell, iter(around[neighbour])))
    return bridges


def _analyse(cells: set[Cell], suppressed: set[Cell]) -> tuple[dict, set[Cell]]:
    """The graph of the unknowns (cell -> its two lines) and the suppressed cells it fixes."""
    hidden_disability = [cell for cell in suppressed if cell[0] == "disability"]
    disability_shown = not hidden_disability and any(cell[0] == "disability" for cell in cells)
    unknowns = {cell for cell in suppressed if cell[0] != "disability"}
    if not disability_shown:
        unknowns.add(TOTAL)  # else the shown disability groups add up to it
    edges = {cell: edge for cell in unknowns if (edge := _edge(cell)) is not None}
    fixed = _bridges(edges)
    total_known = disability_shown or TOTAL in fixed
    if total_known and len(hidden_disability) == 1:
        fixed.update(hidden_disability)
    return edges, fixed - {TOTAL}


def recoverable(cells: set[Cell], suppressed: set[Cell]) -> set[Cell]:
    """The suppressed cells a reader can compute exactly from the shown ones and the sums."""
    return _analyse(cells, suppressed)[1]


Line = tuple[str, str]  # ("type", group_type), or a gender's or an ethnicity's cross cells


def _lines_of(cell: Cell) -> list[Line]:
    lines = [("type", cell[0])]
    if cell[0] == "gender_x_ethnicity":
        gender, ethnicity = cell[1].split("|", 1)
        lines += [("gender", gender), ("ethnicity", ethnicity)]
    return lines


def _too_small_together(sizes: dict[Cell, int], suppressed: set[Cell], min_cell: int) -> list[Line]:
    """The sums whose suppressed cells hold fewer than `min_cell` together, where that sum is
    implied (a known total less the shown cells): as cells hold at least 1, a small sum bounds
    each of them (two cells adding up to 2 are 1 each). The sums: each group type's (taken as
    known, to be safe), and a gender's or an ethnicity's cross cells when its own cell is shown."""
    held: dict[Line, int] = defaultdict(int)
    for cell in suppressed:
        for line in _lines_of(cell):
            # A gender's line is ("gender", g), which is also that gender's own cell.
            if line[0] == "type" or line not in suppressed:
                held[line] += sizes[cell]
    return sorted(line for line, total in held.items() if total < min_cell)


def _reach(edges: dict, start: Vertex) -> set[Vertex]:
    around: dict[Vertex, list[Vertex]] = defaultdict(list)
    for a, b in edges.values():
        around[a].append(b)
        around[b].append(a)
    seen, stack = {start}, [start]
    while stack:
        for neighbour in around[stack.pop()]:
            if neighbour not in seen:
                seen.add(neighbour)
                stack.append(neighbour)
    return seen


def _closing(
    edges: dict, bridge: Cell, at: dict[Vertex, list[Cell]], suppressed: set[Cell], sizes
) -> Cell | None:
    """The shown cell to suppress towards a cycle through `bridge`: the smallest that joins its
    two sides or grows one of them (a next round goes on from there); between equals, one that
    joins. Small cells go first, so a large one (an ethnicity of everyone) is rarely lost."""
    u, v = edges[bridge]
    rest = {cell: edge for cell, edge in edges.items() if cell != bridge}
    side_u, side_v = _reach(rest, u), _reach(rest, v)
    touching = {cell for vertex in side_u | side_v for cell in at[vertex]} - suppressed

    def rank(cell: Cell) -> tuple:
        a, b = _edge(cell) or (None, None)
        joins = (a in side_u and b in side_v) or (a in side_v and b in side_u)
        return (sizes[cell], not joins, cell)

    return min(touching, key=rank, default=None)


def suppress(sizes: dict[Cell, int], min_cell: int) -> set[Cell]:
    """The cells to suppress: those under `min_cell`, then more, round after round, while a
    suppressed cell can be computed from the shown ones (a cell that puts it on a cycle of sums;
    for a lone suppressed disability group, another disability group) or the suppressed cells of
    a sum hold fewer than `min_cell` together (the smallest shown cell of that sum). With every
    cell suppressed none can be computed, so this ends."""
    cells = sorted(sizes)
    present = set(cells)
    at: dict[Vertex, list[Cell]] = defaultdict(list)  # the cells on each line of the table
    for cell in cells:
        for vertex in _edge(cell) or ():
            at[vertex].append(cell)
    suppressed = {cell for cell in cells if sizes[cell] < min_cell}
    while suppressed:
        shown = [cell for cell in cells if cell not in suppressed]
        if not shown:
            break
        edges, fixed = _analyse(present, suppressed)
        picks: set[Cell] = set()
        if fixed:
            # A line with one unknown cell gives it away: all such lines get their smallest
            # shown cell at once (suppressing a cell only ever adds cycles, never breaks one).
            degree: dict[Vertex, int] = defaultdict(int)
            for ends in edges.values():
                for vertex in ends:
                    degree[vertex] += 1
            for cell in sorted(fixed):
                if cell[0] == "disability":
                    others = [other for other in shown if other[0] == "disability"]
                    if others:
                        picks.add(min(others, key=lambda other: (sizes[other], other)))
                    continue
                for vertex in edges[cell]:
                    if degree[vertex] == 1:
                        free = [other for other in at[vertex] if other not in suppressed]
                        if free:
                            picks.add(min(free, key=lambda other: (sizes[other], other)))
            if not picks:  # a bridge between cycles, or a lone disability group: one at a time
                first = min(fixed)
                bridge = TOTAL if first[0] == "disability" else first
                pick = _closing(edges, bridge, at, suppressed, sizes)
                if pick is not None:
                    picks.add(pick)
        else:
            small = _too_small_together(sizes, suppressed, min_cell)
            if not small:
                break
            for line in small:
                pool = [cell for cell in shown if line in _lines_of(cell)]
                if pool:
                    picks.add(min(pool, key=lambda cell: (sizes[cell], cell)))
        if not picks:
            picks.add(min(shown, key=lambda cell: (sizes[cell], cell)))
        suppressed |= picks
    return suppressed


# --- the report ---------------------------------------------------------------------------------


def _rounded(value: Fraction) -> float:
    return round(float(value), DECIMALS)


def _outcome_rows(
    cells: dict[Cell, dict[str, int]], outcome: str, suppressed_in: dict[str, set[Cell]]
) -> list[dict]:
    pool = POOL[outcome]
    sizes = {cell: counts[pool] for cell, counts in cells.items() if counts[pool] > 0}
    suppressed = suppressed_in[pool]
    rates = {
        cell: Fraction(cells[cell][outcome], size)
        for cell, size in sizes.items()
        if cell not in suppressed
    }
    best: dict[str, Fraction] = {}
    for (group_type, _group), rate in rates.items():
        best[group_type] = max(rate, best.get(group_type, Fraction(0)))
    rows: list[dict[str, Any]] = []
    for group_type in GROUP_TYPES:
        for cell in sorted(cell for cell in sizes if cell[0] == group_type):
            if cell in suppressed:
                rows.append(
                    {
                        "group_type": group_type,
                        "group": cell[1],
                        "applicants": None,
                        "selected": None,
                        "selection_rate": None,
                        "impact_ratio": None,
                        "flagged": False,
                        "suppressed": True,
                    }
                )
                continue
            rate, reference = rates[cell], best[group_type]
            ratio = rate / reference if reference else None
            rows.append(
                {
                    "group_type": group_type,
                    "group": cell[1],
                    "applicants": sizes[cell],
                    "selected": cells[cell][outcome],
                    "selection_rate": _rounded(rate),
                    "impact_ratio": None if ratio is None else _rounded(ratio),
                    "flagged": ratio is not None and ratio < FOUR_FIFTHS,
                    "suppressed": False,
                }
            )
    return rows


def outcome_rows(cells: dict[Cell, dict[str, int]], min_cell: int) -> dict[str, list[dict]]:
    """The rows of each outcome. Two outcomes share the pool of all applications: each pool is
    suppressed once."""
    suppressed_in = {
        pool: suppress(
            {cell: counts[pool] for cell, counts in cells.items() if counts[pool] > 0}, min_cell
        )
        for pool in set(POOL.values())
    }
    return {outcome: _outcome_rows(cells, outcome, suppressed_in) for outcome in OUTCOMES}


def audit(scope: Scope) -> dict:
    """The audit of `scope`, shaped as the endpoint answers it."""
    min_cell = settings.BIAS_AUDIT_MIN_CELL
    cells = _tally(_counts(scope), min_cell)
    return {
        "scope": {
            "organization_id": scope.organization.pk,
            "job_id": scope.job.pk if scope.job else None,
            "from": scope.date_from,
            "to": scope.date_to,
            "k": scope.k,
        },
        "generated_at": timezone.now(),
        "method": {
            "min_cell": min_cell,
            "flag_below": float(FOUR_FIFTHS),
            "withdrawn": "excluded",
            "reference": "the highest selection rate among the shown groups of the group type",
            "documentation": "docs/bias-audit.md",
        },
        "outcomes": outcome_rows(cells, min_cell),
    }
