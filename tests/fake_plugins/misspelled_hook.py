"""A plugin whose hook name is misspelled (`parse_resum`): `check_pending` must refuse it."""

from platform_core import hookimpl


@hookimpl
def parse_resum(context, document):
    return None
