"""A plugin whose registry hooks raise: its results are skipped, the others' kept."""

from platform_core import hookimpl

__version__ = "0.0.1"


@hookimpl
def register_skill_aliases(context):
    raise ValueError("the alias file is corrupt")


@hookimpl
def register_routers(context):
    return [("bad/", "not a router")]
