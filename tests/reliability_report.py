"""A pytest plugin (registered by tests/conftest.py) that ends the session with one line per part
of issue 18's reliability proof, with the figures of what ran, e.g.:

    reliability: schemathesis 151 operations × 3 callers, 2265 examples, 0 failures
    reliability: access matrix 131 routes × 6 callers, 786 cases, 0 failures
    reliability: fault injection 9 cases, 0 failures
    reliability: bad-input corpus 112 operations, 1393 cases, 0 failures

Each test item of a part is tagged at collection (a `user_properties` entry, which pytest-xdist
sends from its workers with every report), the schemathesis items also with the number of
examples they ran; the figures are summed from the reports, so under `pytest -n` the controller
prints the lines for all workers. A part none of whose tests ran prints no line; a failure is an
item with any phase (setup, call, teardown) failed. docs/fuzzing.md, "The CI reliability lines".
"""

from dataclasses import dataclass, field

import pytest

KEY = "reliability"
SCHEMATHESIS = "tests/core/test_schemathesis.py"
MATRIX = "tests/apps/access_matrix/"
FAULTS = ("tests/core/faults/", "tests/core/test_faults.py")
CORPUS = "tests/core/test_bad_input_corpus.py"
PARTS = ("schemathesis", "access matrix", "fault injection", "bad-input corpus")


def _tag(item: pytest.Item) -> dict | None:
    """The part `item` belongs to, and what it covers (operation, route, caller), or None."""
    path = item.nodeid.split("::", 1)[0]
    params = getattr(getattr(item, "callspec", None), "params", {})
    if path == SCHEMATHESIS:  # its operations and examples come with the call (`_fuzzed`)
        return {"part": "schemathesis", "case": True, **_caller(params)}
    if path.startswith(MATRIX):
        row = params.get("row")
        if row is not None and "caller" in params:
            route = f"{row.method.upper()} {row.mounted_route}"
            return {"part": "access matrix", "unit": route, **_caller(params)}
        return {"part": "access matrix"}  # the coverage guard: its failures count, not its cases
    if path.startswith(FAULTS):
        return {"part": "fault injection", "case": True}
    if path == CORPUS:
        if "kind" in params:
            return {"part": "bad-input corpus", "unit": f"{params['method']} {params['path']}"}
        return {"part": "bad-input corpus"}
    return None


def _caller(params: dict) -> dict:
    return {"caller": params["caller"]} if isinstance(params.get("caller"), str) else {}


def _fuzzed(tally, before: tuple[int, int, set]) -> dict:
    """What a schemathesis item ran, from the module's `TALLY` before and after it: examples
    (requests), stateful sequences, and the operations it was the first on its process to call."""
    examples, sequences, operations = before
    return {
        "examples": tally.examples - examples,
        "sequences": getattr(tally, "sequences", 0) - sequences,
        "operations": sorted(set(tally.operations) - operations),
    }


def _tally_state(tally) -> tuple[int, int, set]:
    return tally.examples, getattr(tally, "sequences", 0), set(tally.operations)


@dataclass
class Part:
    units: set[str] = field(default_factory=set)
    callers: set[str] = field(default_factory=set)
    cases: set[str] = field(default_factory=set)
    items: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    skipped: set[str] = field(default_factory=set)
    examples: int = 0
    sequences: int = 0

    def line(self, name: str) -> str:
        failures = f"{len(self.failed)} failure{'s' if len(self.failed) != 1 else ''}"
        if self.skipped:  # never silently: e.g. the PostgreSQL-only faults on the SQLite run
            failures += f", {len(self.skipped)} skipped"
        if name == "schemathesis":
            stateful = f", {self.sequences} stateful sequences" if self.sequences else ""
            return (
                f"{len(self.units)} operations × {len(self.callers)} callers, "
                f"{self.examples} examples{stateful}, {failures}"
            )
        if name == "access matrix":
            return (
                f"{len(self.units)} routes × {len(self.callers)} callers, "
                f"{len(self.cases)} cases, {failures}"
            )
        if name == "fault injection":
            return f"{len(self.cases)} cases, {failures}"
        return f"{len(self.units)} operations, {len(self.cases)} cases, {failures}"


class ReliabilityReport:
    def __init__(self) -> None:
        self.parts: dict[str, Part] = {name: Part() for name in PARTS}

    # --- where the tests run (a worker, or the only process) ----------------------------------

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            tag = _tag(item)
            if tag is not None:
                item.user_properties.append((KEY, tag))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item):
        """For schemathesis items: the examples the call ran (the module's `TALLY` counts them)."""
        tally = (
            getattr(item.module, "TALLY", None) if item.nodeid.startswith(SCHEMATHESIS) else None
        )
        before = _tally_state(tally) if tally is not None else None
        try:
            return (yield)
        finally:
            if tally is not None and before is not None:
                item.user_properties.append((KEY, _fuzzed(tally, before)))

    # --- where the reports arrive (the controller under xdist) --------------------------------

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        tags = [value for key, value in report.user_properties if key == KEY]
        if not tags:
            return
        tag = tags[0]
        part = self.parts[tag["part"]]
        part.items.add(report.nodeid)
        if "unit" in tag or tag.get("case"):
            part.cases.add(report.nodeid)
        if "unit" in tag:
            part.units.add(tag["unit"])
        if "caller" in tag:
            part.callers.add(tag["caller"])
        if report.failed:
            part.failed.add(report.nodeid)
        if report.skipped:
            part.skipped.add(report.nodeid)
        if report.when == "call":
            for fuzzed in tags[1:]:
                part.examples += fuzzed["examples"]
                part.sequences += fuzzed["sequences"]
                part.units.update(fuzzed["operations"])

    def pytest_terminal_summary(self, terminalreporter) -> None:
        for name, part in self.parts.items():
            if part.items:
                terminalreporter.write_line(f"reliability: {name} {part.line(name)}")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(ReliabilityReport(), "reliability-report")
