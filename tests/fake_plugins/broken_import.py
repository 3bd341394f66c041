"""A plugin that fails to import: the server must start without it."""

from platform_core import hookimpl

raise RuntimeError("broken_import cannot start: its configuration file is missing")


@hookimpl
def parse_resume(context, document):  # never reached
    return None
