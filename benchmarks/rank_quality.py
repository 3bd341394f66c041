"""Ranking quality on the labelled pool: NDCG@10, precision@10 and MRR of the default ranker
against an Okapi BM25 baseline.

    python benchmarks/rank_quality.py                       # from the repository root
    python benchmarks/rank_quality.py --seed 7 8 9 10 11    # and other draws of the same pool
    python benchmarks/rank_quality.py --weights '{"skills": 0}'   # another mix of the ranker's
    python benchmarks/rank_quality.py --write-baseline      # record what test_quality.py holds

The pool is tests/plugins/ranking/pool.py: one job per profession and 136 candidates (ten per
profession, of different kinds, plus people of neighbouring professions and generalists). Each
job ranks ALL of them, as one mixed applicant pool, and a candidate is relevant to the job of
their own profession only (binary relevance). Per job: NDCG@10, precision@10 (at most 1.0: every
profession has ten candidates) and the reciprocal rank of the first relevant candidate; the
figures are their means over the jobs.

No Django: the pool, BM25 and the ranker are pure. The default ranker gets the skill aliases the
plugin manager's registry holds when only the built-in plugins are installed (the resume
parser's vocabulary). The report is Markdown on stdout.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from platform_core.documents import CandidateDocument, JobDocument

RankFn = Callable[[JobDocument, list[CandidateDocument]], Sequence[int]]
CUTOFF = 10
METRICS = ("ndcg@10", "p@10", "mrr")
BASELINE = Path(__file__).resolve().parent.parent / "tests/plugins/ranking/quality_baseline.json"


# --- metrics --------------------------------------------------------------------------------------


def ndcg(ranking: Sequence[int], relevant: set[int], k: int = CUTOFF) -> float:
    """Binary-relevance NDCG@k: the discounted gain of the top k over the best possible."""
    gain = math.fsum(1 / math.log2(i + 2) for i, cid in enumerate(ranking[:k]) if cid in relevant)
    ideal = math.fsum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return gain / ideal if ideal else 0.0


def precision(ranking: Sequence[int], relevant: set[int], k: int = CUTOFF) -> float:
    return sum(cid in relevant for cid in ranking[:k]) / k


def reciprocal_rank(ranking: Sequence[int], relevant: set[int]) -> float:
    return next((1 / (i + 1) for i, cid in enumerate(ranking) if cid in relevant), 0.0)


def evaluate(rank_fn: RankFn, pool: Any = None) -> dict[str, Any]:
    """`rank_fn(job, candidates)` -> candidate ids best first, run for every job of `pool` (the
    seed-7 pool when None) over all its candidates. Returns the mean `ndcg@10`, `p@10`, `mrr`,
    the same per profession (`per_job`), who fills the top 10 (`top10`: relevant candidates by
    kind, wrong ones by where they come from) and the time spent ranking (`seconds`)."""
    if pool is None:
        pool = _pool(7)
    per_job: dict[str, dict[str, float]] = {}
    top10: Counter[str] = Counter()
    seconds = 0.0
    for job in pool.jobs:
        start = time.perf_counter()
        ranking = list(rank_fn(job, list(pool.candidates)))
        seconds += time.perf_counter() - start
        if sorted(ranking) != sorted(c.candidate_id for c in pool.candidates):
            raise ValueError(f"job {job.id}: the ranking must hold every candidate exactly once")
        relevant = pool.relevant[job.id]
        per_job[pool.profession[job.id]] = {
            "ndcg@10": ndcg(ranking, relevant),
            "p@10": precision(ranking, relevant),
            "mrr": reciprocal_rank(ranking, relevant),
        }
        for cid in ranking[:CUTOFF]:
            top10[_who(pool, cid, relevant)] += 1
    means = {m: math.fsum(job[m] for job in per_job.values()) / len(per_job) for m in METRICS}
    return {**means, "per_job": per_job, "top10": dict(top10), "seconds": seconds}


def _who(pool: Any, cid: int, relevant: set[int]) -> str:
    kind = pool.kind[cid]
    if cid in relevant:
        return f"relevant: {kind}"
    if kind in {"generalist", "student", "neighbour"}:
        return f"wrong: {kind}"
    return "wrong: another profession"


# --- the methods ----------------------------------------------------------------------------------


def bm25_rank(
    job: JobDocument, candidates: list[CandidateDocument], *, k1: float = 1.2, b: float = 0.75
) -> list[int]:
    """Okapi BM25 over the candidates' stored `terms`, the job's distinct terms as the query,
    idf and average length over the pool passed in (idf in its non-negative form,
    ln(1 + (N - df + 0.5) / (df + 0.5))). A candidate without terms scores 0."""
    count = len(candidates)
    if not count:
        return []
    lengths = [sum(c.terms.values()) for c in candidates]
    average = math.fsum(lengths) / count or 1.0
    df = Counter(term for c in candidates for term in c.terms)
    idf = {t: math.log(1 + (count - df[t] + 0.5) / (df[t] + 0.5)) for t in sorted(job.terms)}

    def score(candidate: CandidateDocument, length: int) -> float:
        norm = k1 * (1 - b + b * length / average)
        return math.fsum(
            weight * tf * (k1 + 1) / (tf + norm)
            for term, weight in idf.items()
            if (tf := candidate.terms.get(term))
        )

    scored = [
        (-score(c, length), c.candidate_id) for c, length in zip(candidates, lengths, strict=True)
    ]
    return [cid for _, cid in sorted(scored)]


@cache
def registry_aliases() -> dict[str, str]:
    """What `get_manager().skill_aliases()` holds with the built-in plugins: the resume parser's
    vocabulary aliases, keys lower-cased, the first mapping of an alias kept."""
    from plugins.resume_parser.skills import vocabulary_aliases

    merged: dict[str, str] = {}
    for alias, canonical in vocabulary_aliases().items():
        merged.setdefault(alias.strip().lower(), canonical)
    return merged


def default_rank(
    job: JobDocument, candidates: list[CandidateDocument], weights: dict | None = None
) -> list[int]:
    """The default plugin (`plugins.ranking.ranker.rank`) as the hook calls it; `weights`
    override its defaults, as the plugin's `weights` setting does."""
    from plugins.ranking.ranker import rank

    chosen = {"weights": weights} if weights else {}
    ranked = rank(job, candidates, aliases=registry_aliases(), **chosen)
    return [entry.candidate_id for entry in ranked]


def _pool(seed: int) -> Any:
    from tests.plugins.ranking.pool import build_pool

    return build_pool(seed)


# --- report ---------------------------------------------------------------------------------------


def _methods(weights: dict | None) -> dict[str, RankFn]:
    methods: dict[str, RankFn] = {"BM25 baseline": bm25_rank}
    try:
        import plugins.ranking.ranker  # noqa: F401
    except ImportError as exc:
        print(f"default ranker not importable ({exc}); BM25 only", file=sys.stderr)
    else:
        methods["default ranker"] = lambda job, candidates: default_rank(job, candidates, weights)
    return methods


def _table(header: list[str], rows: list[list[str]]) -> str:
    aligns = ["---"] + ["---:"] * (len(header) - 1)
    lines = [header, aligns, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def report(results: dict[str, dict[str, Any]], pool: Any, seed: int) -> str:
    names = list(results)
    jobs = len(pool.jobs)
    out = [
        f"Pool seed {seed}: {jobs} jobs, {len(pool.candidates)} candidates, each job ranks all.",
        "",
    ]
    out.append(
        _table(
            ["method", "NDCG@10", "P@10", "MRR", "ms per job"],
            [
                [name, *(f"{r[m]:.3f}" for m in METRICS), f"{1000 * r['seconds'] / jobs:.1f}"]
                for name, r in results.items()
            ],
        )
    )
    out += ["", "NDCG@10 per profession:", ""]
    labels = list(results[names[0]]["per_job"])
    out.append(
        _table(
            ["profession", *names],
            [
                [label, *(f"{results[n]['per_job'][label]['ndcg@10']:.3f}" for n in names)]
                for label in labels
            ],
        )
    )
    out += ["", f"Who fills the top 10 (of {CUTOFF * jobs} places over all jobs):", ""]
    found = sorted({who for r in results.values() for who in r["top10"]})
    out.append(
        _table(
            ["candidates", *names],
            [[who, *(str(results[n]["top10"].get(who, 0)) for n in names)] for who in found],
        )
    )
    return "\n".join(out)


def draws(results: dict[int, dict[str, dict[str, Any]]]) -> str:
    """NDCG@10 and P@10 of each method on each seed's pool, and their means."""
    names = list(next(iter(results.values())))
    header = ["seed", *(f"{name} {m}" for name in names for m in ("NDCG@10", "P@10"))]
    rows = [
        [str(seed), *(f"{by[name][m]:.3f}" for name in names for m in ("ndcg@10", "p@10"))]
        for seed, by in results.items()
    ]
    means = [
        f"{math.fsum(by[name][m] for by in results.values()) / len(results):.3f}"
        for name in names
        for m in ("ndcg@10", "p@10")
    ]
    return _table(header, [*rows, ["mean", *means]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seed", type=int, nargs="+", default=[7], help="the full report is the first seed's"
    )
    parser.add_argument("--weights", type=json.loads, default=None, help="e.g. '{\"skills\": 0}'")
    parser.add_argument(
        "--write-baseline", action="store_true", help=f"write the figures to {BASELINE.name}"
    )
    args = parser.parse_args()
    methods = _methods(args.weights)
    by_seed = {}
    for seed in args.seed:
        pool = _pool(seed)
        by_seed[seed] = {name: evaluate(fn, pool) for name, fn in methods.items()}
        if seed == args.seed[0]:
            print(report(by_seed[seed], pool, seed))
    if len(by_seed) > 1:
        print(f"\nEach draw of the pool (seeds {', '.join(map(str, args.seed))}):\n")
        print(draws(by_seed))
    if args.write_baseline:
        results = by_seed[args.seed[0]]
        if args.seed[0] != 7 or args.weights or "default ranker" not in results:
            sys.exit("the baseline is the default ranker's, default weights, on the seed-7 pool")
        figures = {
            key: {m: round(results[name][m], 4) for m in METRICS}
            for key, name in (("bm25", "BM25 baseline"), ("default", "default ranker"))
        }
        BASELINE.write_text(json.dumps({"seed": 7, **figures}, indent=2) + "\n")
        print(f"\nwrote {BASELINE}", file=sys.stderr)


if __name__ == "__main__":
    # Run as a script, the repository root is not on the path; the pool lives under tests/.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
