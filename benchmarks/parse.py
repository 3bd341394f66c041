"""Benchmark of the resume parser (plugins/resume_parser), in process, without Django.

    python -m benchmarks.parse --per-layout 10 --repeat 3    # from the repository root
    python -m benchmarks.parse --rss 200                     # RSS growth over 200 parses

Generates the labelled corpus (tests/plugins/resume_parser/corpus.py: reportlab PDFs in six
layouts, a python-docx export, a cp1252 text file; fixed seeds) and times, per file:
- raw extraction: pdfminer.six's `extract_text` with default LAParams (what a bare pdfminer
  integration would cost) for PDFs;
- the whole parse: `plugins.resume_parser.parser.parse` (our pdfminer layout pass and reading
  order, normalisation, structuring, skills, term counts).
Each time is the best of `--repeat` runs. Prints a Markdown table (median and p95 per layout,
and the parse/raw ratio), then with `--rss` the resident-set growth over N parses.

End-to-end time (upload to `parsed` through the API) is not measured here: it needs the run
model and the parse task (other parts of this step).
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import time
from collections import defaultdict

from platform_core.documents import ResumeDocument
from plugins.resume_parser.parser import parse
from tests.plugins.resume_parser.corpus import generate


def _best(function, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _rss_mb() -> float:
    """The current resident set (Linux /proc), else the peak."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-layout", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rss", type=int, default=0, help="parses for the RSS growth check")
    options = parser.parse_args()

    from pdfminer.high_level import extract_text

    samples = generate(options.per_layout)
    raw: dict[str, list[float]] = defaultdict(list)
    whole: dict[str, list[float]] = defaultdict(list)
    for sample in samples:
        document = ResumeDocument(
            filename=f"r.{sample.extension}",
            extension=sample.extension,  # type: ignore[arg-type]
            content=sample.content,
        )
        whole[sample.layout].append(
            _best(lambda document=document: parse(document), options.repeat)
        )
        if sample.extension == "pdf":
            content = sample.content
            raw[sample.layout].append(
                _best(lambda content=content: extract_text(io.BytesIO(content)), options.repeat)
            )
        print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)

    print(
        f"{len(samples)} resumes, best of {options.repeat} runs each, Python {sys.version.split()[0]}\n"
    )
    print("| layout | n | raw pdfminer median ms | parse median ms | parse p95 ms | parse / raw |")
    print("| --- | --- | --- | --- | --- | --- |")
    for layout, times in whole.items():
        raw_median = statistics.median(raw[layout]) * 1000 if raw[layout] else None
        parse_median = statistics.median(times) * 1000
        ratio = f"{parse_median / raw_median:.2f}" if raw_median else "–"
        raw_text = f"{raw_median:.1f}" if raw_median else "– (no pdfminer)"
        print(
            f"| {layout} | {len(times)} | {raw_text} | {parse_median:.1f} | "
            f"{_p95(times) * 1000:.1f} | {ratio} |"
        )
    all_raw = [t for layout in raw for t in raw[layout]]
    all_pdf_parse = [t for layout in raw for t in whole[layout]]
    print(
        f"\nPDFs: raw median {statistics.median(all_raw) * 1000:.1f} ms, parse median "
        f"{statistics.median(all_pdf_parse) * 1000:.1f} ms, parse p95 "
        f"{_p95(all_pdf_parse) * 1000:.1f} ms; total parse / raw "
        f"{sum(all_pdf_parse) / sum(all_raw):.2f}"
    )

    if options.rss:
        documents = [
            ResumeDocument(filename="r", extension=s.extension, content=s.content)  # type: ignore[arg-type]
            for s in samples
        ]
        for document in documents:
            parse(document)  # warm up caches (vocabulary regexes, pdfminer font tables)
        before = _rss_mb()
        for index in range(options.rss):
            parse(documents[index % len(documents)])
        print(
            f"\nRSS before {before:.1f} MB, after {options.rss} parses {_rss_mb():.1f} MB "
            f"(growth {_rss_mb() - before:.1f} MB)"
        )


if __name__ == "__main__":
    main()
