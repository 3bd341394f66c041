"""The one NinjaAPI, served at /api/.

Routers are discovered, as Django's admin discovers `admin.py`: every installed app whose AppConfig
declares `api_prefixes` has its `<app>.api.router` mounted under each prefix (the accounts app
serves the same views under `/auth/` and `/users/`). The core's own endpoints (health) come first.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from ninja import NinjaAPI

from . import views
from .auth import ApiAuth
from .errors import install_handlers
from .openapi import DocumentedAPI
from .payload import StrictJSONParser


def _name_operations(api: NinjaAPI) -> None:
    """Give every operation a unique OpenAPI id, `<prefix>_<view>`, also when mounted twice."""
    for bound in api._get_bound_routers():
        prefix = bound.prefix.strip("/").replace("/", "_")
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                # An explicit id (views made in a loop) or the view's name, under the prefix.
                name = operation.operation_id or operation.view_func.__name__
                operation.operation_id = f"{prefix}_{name}" if prefix else name


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
    _name_operations(api)
    return api


api = build_api()
