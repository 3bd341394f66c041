"""A ranking plugin with a bug: it raises on every job."""

from platform_core import hookimpl


@hookimpl
def rank_candidates(context, job, candidates):
    raise ZeroDivisionError("a bug in the plugin")
