"""The plugin manager reads Django settings (RANKING_PLUGIN, PLUGIN_SETTINGS). Outside the API's
own process Django's defaults are enough: no database, no apps."""

from django.conf import settings


def pytest_configure() -> None:
    if not settings.configured:
        settings.configure()
