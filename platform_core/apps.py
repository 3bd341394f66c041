from django.apps import AppConfig
from django.core import checks
from django.db.backends.signals import connection_created


class PlatformCoreConfig(AppConfig):
    name = "platform_core"
    verbose_name = "Platform core"

    def ready(self) -> None:
        # Phase two of plugin loading (phase one, INSTALLED_APPS, ran in the settings): import and
        # register every entry-point plugin, each in isolation, then check the hook names.
        from platform_core import plugins

        plugins.load()
        checks.register(plugin_checks)
        connection_created.connect(_on_connection_created)


def _on_connection_created(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql":
        from platform_core import pg_loaders

        pg_loaders.install(connection)


def plugin_checks(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check` (and runserver, migrate) repeat the start-up warnings about plugins."""
    from platform_core.plugins import get_manager

    manager = get_manager()
    warnings: list[checks.CheckMessage] = [
        checks.Warning(message, id="platform_core.W001")
        for message in manager.unavailable_choices()
    ]
    warnings += [
        checks.Warning(
            f"Plugin {failure.name!r} was skipped: {failure.reason}",
            hint="Fix or uninstall it; PLUGINS_STRICT=true makes this fatal.",
            id="platform_core.W002",
        )
        for failure in manager.failures
    ]
    return warnings
