"""The entry points of the `enabled_talent.plugins` group, read without importing any plugin.

Used twice: by the settings, which add a plugin package that is a Django app (it has an `apps.py`)
to `INSTALLED_APPS`, and by the plugin manager, which imports each entry point's module in
`AppConfig.ready()`. Only the standard library is imported here: the settings module imports this
before Django is configured.
"""

import importlib.util
import re
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

GROUP = "enabled_talent.plugins"
# This project's own distribution: its entry points are the built-in plugins.
DISTRIBUTION = "enabled-talent-api"


def normalized(name: str) -> str:
    """A distribution name as packaging compares them (PEP 503): `Enabled_Talent.API` -> `enabled-talent-api`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def plugin_entry_points(group: str = GROUP) -> list[EntryPoint]:
    """The group's entry points, sorted by name so loading order never depends on the install."""
    return sorted(entry_points(group=group), key=lambda point: point.name)


def _is_django_app(package: str) -> bool:
    """Whether `package` is a package with an `apps.py`, found without importing the package
    itself (only its parents are imported, which plugin packages keep empty)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        # A broken parent package: the manager reports it when it imports the entry point.
        return False
    locations = spec.submodule_search_locations if spec else None
    return any((Path(location) / "apps.py").is_file() for location in locations or ())


def plugin_app_modules(group: str = GROUP) -> list[str]:
    """The Django apps among the plugins: for each entry point `pkg.hooks`, `pkg` when it has an
    `apps.py` (or the module itself, when it is such a package)."""
    apps: list[str] = []
    for point in plugin_entry_points(group):
        module = point.value.partition(":")[0].strip()
        for candidate in (module, module.rpartition(".")[0]):
            if candidate and candidate not in apps and _is_django_app(candidate):
                apps.append(candidate)
                break
    return apps
