"""A ranking plugin that hangs until `release` is set (or 30 s pass)."""

import threading

from platform_core import hookimpl

release = threading.Event()


@hookimpl
def rank_candidates(context, job, candidates):
    release.wait(30)
    return []
