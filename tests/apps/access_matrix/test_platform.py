"""The core's own router (mounted at /api/): health."""

import pytest

from .rows import cases, router_rows, run_case
from .world import PUBLIC, World

platform_row = router_rows("")


def check_healthy(w: World, caller: str, response, where: str) -> None:
    assert response.json() == {"status": "ok", "database": "ok", "task_queue": "ok"}, where


ROWS = [
    # Public, about no object: every caller learns the same.
    platform_row("get", "health/", lambda w: "/api/health/", PUBLIC, check=check_healthy),
]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_platform_routes_answer_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
