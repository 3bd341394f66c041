"""The coverage guard: the matrix walks every route the API serves, and nothing else.

The routes come from the real NinjaAPI (`platform_core.api.api`): every bound router, under each
of its mounts, nested routers and routers a plugin mounts included. A new endpoint therefore
fails here until a module of this package has a row for it, with a status for each caller.
"""

import importlib
import pkgutil

from django.urls import reverse
from ninja import NinjaAPI, Router

from platform_core.api import api

from .rows import API_ROOT, Row, mounted
from .world import CALLERS

# The one way to leave a route unwalked: public (no authentication) and about no object, each
# with the reason. Everything else needs rows.
PUBLIC_NO_OBJECT: dict[tuple[str, str], str] = {}


def registered_routes(ninja_api: NinjaAPI) -> dict[tuple[str, str], object]:
    """(METHOD, mounted route) -> operation, for every operation of every bound router."""
    routes = {}
    for bound in ninja_api._get_bound_routers():
        for route, path_view in bound.path_operations.items():
            for operation in path_view.operations:
                for method in operation.methods:
                    routes[method.upper(), mounted(bound.prefix, route)] = operation
    return routes


def matrix_rows() -> list[Row]:
    """The `ROWS` of every test module of this package (a new module is picked up by itself)."""
    package = importlib.import_module(__package__)
    rows = []
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("test_"):
            rows.extend(
                getattr(importlib.import_module(f"{__package__}.{module.name}"), "ROWS", [])
            )
    return rows


def _is_public(operation) -> bool:
    return not operation.auth_callbacks


def test_matrix_walks_every_route_of_every_router():
    assert reverse("api:api-root") == API_ROOT
    registered = registered_routes(api)
    walked = {(row.method.upper(), row.mounted_route) for row in matrix_rows()}
    unwalked = set(PUBLIC_NO_OBJECT)

    assert sorted(set(registered) - walked - unwalked) == [], "routes the matrix does not walk"
    assert sorted(walked - set(registered)) == [], "rows naming no registered route"
    assert sorted(walked & unwalked) == [], "routes both walked and listed as left out"
    assert [key for key in unwalked if key not in registered] == [], "left out, not registered"
    assert [key for key in unwalked if not _is_public(registered[key])] == [], (
        "only public routes may be left out"
    )
    assert [key for key, why in PUBLIC_NO_OBJECT.items() if not why.strip()] == [], (
        "every route left out needs its reason"
    )


def test_matrix_rows_give_every_caller_a_status_once():
    rows = matrix_rows()
    assert [row.label for row in rows if set(row.statuses) != set(CALLERS)] == []
    labels = [f"{row.method.upper()} {row.label}" for row in rows]
    assert sorted({label for label in labels if labels.count(label) > 1}) == [], (
        "two rows share a method and label"
    )


def test_registered_routes_include_nested_and_plugin_routers():
    """The guard's source of routes sees a router mounted later (a plugin's), its nested
    routers, and each mount of a router mounted twice."""
    plugin, nested, shared = Router(), Router(), Router()
    plugin.get("runs/{int:run_id}/")(lambda request, run_id: None)
    nested.delete("items/{slug}/")(lambda request, slug: None)
    plugin.add_router("nested/", nested)
    shared.post("ping/", auth=None)(lambda request: None)
    probe = NinjaAPI(urls_namespace="matrix-probe", auth=lambda request: True)
    probe.add_router("/one/", shared, url_name_prefix="one")
    probe.add_router("/two/", shared, url_name_prefix="two")
    probe.add_router("/plugins/demo/", plugin)

    routes = registered_routes(probe)

    assert sorted(routes) == [
        ("DELETE", "/api/plugins/demo/nested/items/{slug}/"),
        ("GET", "/api/plugins/demo/runs/{int:run_id}/"),
        ("POST", "/api/one/ping/"),
        ("POST", "/api/two/ping/"),
    ]
    assert [_is_public(routes[key]) for key in sorted(routes)] == [False, False, True, True]
