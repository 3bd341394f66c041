"""The one NinjaAPI, served at /api/.

Routers are discovered, as Django's admin discovers `admin.py`: every installed app whose AppConfig
declares `api_prefixes` has its `<app>.api.router` mounted under each prefix (the accounts app
serves the same views under `/auth/` and `/users/`). The core's own endpoints (health) come first;
the routers plugins register (`register_routers`) come last, under `/plugins/<plugin name>/`.
"""

import logging
from importlib import import_module

from django.apps import apps
from django.conf import settings
from ninja import NinjaAPI

from . import plugins, views
from .auth import ApiAuth
from .errors import install_handlers
from .openapi import DocumentedAPI
from .payload import StrictJSONParser
from .renderers import JSONRenderer

logger = logging.getLogger(__name__)


def _name_operations(api: NinjaAPI) -> None:
    """Give every operation a unique OpenAPI id, `<prefix>_<view>`, also when mounted twice."""
    for bound in api._get_bound_routers():
        prefix = bound.prefix.strip("/").replace("/", "_")
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                # An explicit id (views made in a loop) or the view's name, under the prefix.
                name = operation.operation_id or operation.view_func.__name__
                operation.operation_id = f"{prefix}_{name}" if prefix else name


def mount_plugin_routers(api: NinjaAPI) -> None:
    """Mount each router a plugin registers (`register_routers`) under `/plugins/<name>/<prefix>`,
    so a plugin never shadows a core endpoint. One that cannot be mounted is logged and skipped."""
    manager = plugins.get_manager()
    for name, prefix, router in manager.routers():
        mount = "/".join(part for part in ("plugins", name, prefix.strip("/")) if part)
        try:
            api.add_router(f"/{mount}/", router, url_name_prefix=mount.replace("/", "_"))
        except Exception:
            if manager.strict:
                raise
            logger.exception("Plugin %r: its router for %r cannot be mounted; skipped", name, mount)


def build_api() -> NinjaAPI:
    api = DocumentedAPI(
        title="Enabled Talent API",
        version="1.0.0",
        description=(
            "Backend of Enabled Talent, a job platform for persons with disabilities. "
            "Authenticate with `Authorization: Bearer <access>`, or with the `access_token` "
            "cookie / a session plus `X-CSRFToken` on unsafe methods."
        ),
        auth=ApiAuth(),
        docs_url="/docs" if settings.API_DOCS_ENABLED else None,
        openapi_url="/openapi.json" if settings.API_DOCS_ENABLED else None,
        urls_namespace="api",
        parser=StrictJSONParser(),
        renderer=JSONRenderer(),
    )
    install_handlers(api)
    api.add_router("", views.router)
    for config in apps.get_app_configs():
        prefixes = getattr(config, "api_prefixes", ())
        if not prefixes:
            continue
        router = import_module(f"{config.name}.api").router
        for prefix in prefixes:
            api.add_router(prefix, router, url_name_prefix=prefix.strip("/").replace("/", "_"))
    mount_plugin_routers(api)
    _name_operations(api)
    return api


api = build_api()
