"""The platform every app and plugin stands on: the API object, auth, errors, pagination, tasks.

Plugins mark their hook implementations with `from platform_core import hookimpl`. This module
stays import-light (pluggy only): settings import `platform_core.entrypoints` before Django is set
up, and plugins import `hookimpl` without pulling in the rest of the core.
"""

import pluggy

# The pluggy project name shared by the hook specifications (hookspecs.py) and every plugin.
PROJECT_NAME = "enabled_talent"

hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = ["PROJECT_NAME", "hookimpl"]
