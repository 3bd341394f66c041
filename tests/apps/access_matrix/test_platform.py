"""The core's own router (mounted at /api/): health, the plugin list."""

import pytest

from platform_core.plugins import get_manager

from .rows import cases, router_rows, run_case
from .world import EVERY_USER, PUBLIC, World

platform_row = router_rows("")


def check_healthy(w: World, caller: str, response, where: str) -> None:
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "task_queue": "ok",
        "cache": "ok",
        "unavailable": [],
    }, where


def check_plugin_list(w: World, caller: str, response, where: str) -> None:
    # The same list for every signed-in caller: the plugins this process loaded.
    assert response.json() == get_manager().listing(), where


ROWS = [
    # Public, about no object: every caller learns the same.
    platform_row("get", "health/", lambda w: "/api/health/", PUBLIC, check=check_healthy),
    # Any signed-in caller may see which plugins run (contract §11); anonymous 401.
    platform_row("get", "plugins/", lambda w: "/api/plugins/", EVERY_USER, check=check_plugin_list),
]


@pytest.mark.parametrize(("row", "caller"), cases(ROWS))
def test_platform_routes_answer_each_caller_per_contract(world, row, caller):
    run_case(world, row, caller)
