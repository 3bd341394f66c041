"""Gunicorn settings for the API: `manage.py serve` uses them, and so should production.

    gunicorn -c python:platform_core.gunicorn_conf platform_core.wsgi:application --workers N

Address, workers and threads stay on the command line. This module sets the request size limits
(see docs/limits.md) and makes the few errors gunicorn answers itself, before Django sees the
request (a request line or a header over these limits, a malformed request), JSON like every
other answer under /api/, instead of gunicorn's HTML page.

It is loaded by gunicorn's master, not by Django: it imports nothing from the project.
"""

import gc
import json

from gunicorn import util

# Request line (method, path with query string, protocol): gunicorn's largest bounded value, which
# is also the usual proxy limit (nginx: 8 KB). The default, 4094, cut long `?search=` queries.
limit_request_line = 8190
# One header line, name and value: room for the Cookie header of a browser session (access and
# refresh JWTs, session, CSRF, and the web client's own cookies) and a Bearer token. Default 8190.
limit_request_field_size = 16384
# Number of header lines: proxies and CDNs add a dozen forwarding headers. Default 100.
limit_request_fields = 128

accesslog = "-"
# No `gunicornc` control socket: nothing uses it, and its default path ($HOME/.gunicorn) is shared
# by every gunicorn of the user, so a second instance on the machine would take it over.
control_socket_disable = True

_DETAILS = {
    414: f"The request line (method, path and query string) exceeds {limit_request_line} bytes.",
    431: (
        f"A request header exceeds {limit_request_field_size} bytes, "
        f"or the request has more than {limit_request_fields} headers."
    ),
    500: "Internal server error.",
}
_MAX_DETAIL = 300


def json_error_response(status: int, reason: str, message: str) -> bytes:
    """The bytes of a complete HTTP/1.1 error response with a `{"detail": ...}` body."""
    detail = _DETAILS.get(status) or (f"{reason}: {message}" if message else f"{reason}.")
    body = json.dumps({"detail": detail[:_MAX_DETAIL]}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("latin-1") + body


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """Drop-in for `gunicorn.util.write_error` (same signature), answering JSON."""
    util.write_nonblock(sock, json_error_response(status_int, reason, mesg))


def post_worker_init(worker) -> None:
    """Gunicorn hook, run in every worker once it has loaded the application.

    The worker writes its own error pages through `write_json_error`: gunicorn has no setting
    for its error page; its workers call `util.write_error` at the moment of the error, so
    replacing that one function is enough (tested end to end in tests/core/test_serve.py, which
    would catch a gunicorn release that renames it).

    Then the worker loads its URLconf (the API, every router and schema, which Django would
    otherwise load on the first request), freezes what it holds (`freeze_loaded_objects`) and
    leaves the garbage collector's work to the time between requests
    (`collect_between_requests`).
    """
    util.write_error = write_json_error
    freeze_loaded_objects()
    collect_between_requests()


def post_request(worker, req, environ, resp) -> None:
    """Gunicorn hook, run in the worker after each response has been sent."""
    collect_garbage_left()


def freeze_loaded_objects() -> None:
    """Load the URLconf and move every object alive now out of the garbage collector's sight.

    A loaded worker holds about 170,000 objects (modules, models, URL patterns, schemas) that
    live as long as it does. Python's full collection walks all of them, and requests trigger
    one every few dozen: on a 50-row page of candidates that was 3.6 ms of a request's CPU,
    averaged (docs/performance.md). Frozen, they are never walked; the collector still frees
    the reference cycles every request leaves (model instances and their cached relations).
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf)
    gc.collect()
    gc.freeze()


# The interpreter's own thresholds, as it starts (700, 10, 10 in CPython 3.11): after this many
# container objects more alive than at the last collection, the youngest generation is
# collected; after this many collections of one generation, the next is.
_THRESHOLDS = gc.get_threshold()
# While a request runs: enough for a page of 100 rows to be read and written without a
# collection; a request that makes far more (an export) is still collected as it goes.
_DURING_REQUEST = 50_000


def collect_between_requests() -> None:
    """Collect garbage between requests, when what a request made has been freed.

    A 50-row page of candidates makes about 1,500 objects at once: model instances with their
    values and cached relations. Collected as they are made (Python's threshold of 700), every
    object alive is walked again and again while the request runs, and moved to older
    generations that are walked later: 2.5 ms of a request's CPU (docs/performance.md). After
    the response, the objects no reference cycle holds are gone, and the collector walks only
    the cycles left (`select_related` ties a row's instances to each other both ways).
    """
    gc.set_threshold(_DURING_REQUEST, *_THRESHOLDS[1:])


def collect_garbage_left() -> None:
    """After a request: what Python's thresholds would collect now, from the youngest
    generation up."""
    young, middle, old = gc.get_count()
    if young < _THRESHOLDS[0]:
        return
    generation = 0
    if middle >= _THRESHOLDS[1]:
        generation = 2 if old >= _THRESHOLDS[2] else 1
    gc.collect(generation)
