"""The app plugin's hooks: only a skill alias."""

from platform_core import hookimpl


@hookimpl
def register_skill_aliases():
    return [{"pg": "PostgreSQL"}]
