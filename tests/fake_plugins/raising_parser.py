"""A parser plugin with a bug: it raises on every resume. The run must fail with a message, the
worker keep running, and the profile keep what an earlier parse stored."""

from platform_core import hookimpl


@hookimpl
def parse_resume(context, document):
    raise ZeroDivisionError("a bug in the plugin")
