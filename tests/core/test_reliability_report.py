"""The CI reliability lines (tests/reliability_report.py): figures summed from test reports, as
the controller of an xdist run receives them from its workers."""

from _pytest.reports import TestReport

from tests.reliability_report import KEY, ReliabilityReport


def _report(nodeid: str, when: str, outcome: str, *tags: dict) -> TestReport:
    return TestReport(
        nodeid, ("x.py", 0, "x"), {}, outcome, None, when,
        user_properties=[(KEY, tag) for tag in tags],
    )  # fmt: skip


def _item(plugin, nodeid: str, tag: dict, *, call: str = "passed", extra: tuple = ()) -> None:
    plugin.pytest_runtest_logreport(_report(nodeid, "setup", "passed", tag))
    plugin.pytest_runtest_logreport(_report(nodeid, "call", call, tag, *extra))
    plugin.pytest_runtest_logreport(_report(nodeid, "teardown", "passed", tag, *extra))


class _Terminal:
    def __init__(self):
        self.lines: list[str] = []

    def write_line(self, line: str) -> None:
        self.lines.append(line)


def test_lines_sum_reports_of_every_part():
    plugin = ReliabilityReport()
    fuzz = {"part": "schemathesis", "case": True}
    _item(
        plugin,
        "s::a[anon]",
        {**fuzz, "caller": "anon"},
        extra=({"examples": 5, "sequences": 0, "operations": ["GET /a/", "POST /b/"]},),
    )
    _item(
        plugin,
        "s::a[cand]",
        {**fuzz, "caller": "cand"},
        call="failed",
        extra=({"examples": 7, "sequences": 0, "operations": ["GET /a/"]},),
    )
    _item(
        plugin,
        "s::crud[cand]",
        {**fuzz, "caller": "cand"},
        extra=({"examples": 12, "sequences": 2, "operations": ["PUT /c/"]},),
    )
    for caller in ("anon", "owner"):
        _item(
            plugin,
            f"m::r[GET /x/ {caller}]",
            {"part": "access matrix", "unit": "GET /x/", "caller": caller},
        )
    _item(plugin, "m::coverage", {"part": "access matrix"}, call="failed")
    _item(plugin, "f::one", {"part": "fault injection", "case": True})
    for kind in ("nul", "deep"):
        _item(plugin, f"c::t[POST /n/ {kind}]", {"part": "bad-input corpus", "unit": "POST /n/"})
    terminal = _Terminal()

    plugin.pytest_terminal_summary(terminal)

    assert terminal.lines == [
        "reliability: schemathesis 3 operations × 2 callers, 24 examples, "
        "2 stateful sequences, 1 failure",
        "reliability: access matrix 1 routes × 2 callers, 2 cases, 1 failure",
        "reliability: fault injection 1 cases, 0 failures",
        "reliability: bad-input corpus 1 operations, 2 cases, 0 failures",
    ]


def test_part_without_tests_run_prints_no_line():
    plugin = ReliabilityReport()
    _item(plugin, "f::one", {"part": "fault injection", "case": True}, call="failed")
    plugin.pytest_runtest_logreport(_report("other::t", "call", "failed"))
    terminal = _Terminal()

    plugin.pytest_terminal_summary(terminal)

    assert terminal.lines == ["reliability: fault injection 1 cases, 1 failure"]


def test_skipped_cases_are_counted_in_the_line():
    plugin = ReliabilityReport()
    tag = {"part": "fault injection", "case": True}
    _item(plugin, "f::runs", tag)
    plugin.pytest_runtest_logreport(_report("f::postgres_only", "setup", "skipped", tag))
    plugin.pytest_runtest_logreport(_report("f::postgres_only", "teardown", "passed", tag))
    terminal = _Terminal()

    plugin.pytest_terminal_summary(terminal)

    assert terminal.lines == ["reliability: fault injection 2 cases, 0 failures, 1 skipped"]
