"""Gunicorn settings for the API: `manage.py serve` uses them, and so should production.

    gunicorn -c python:platform_core.gunicorn_conf platform_core.wsgi:application --workers N

Address, workers and threads stay on the command line. This module sets the request size limits
(see docs/limits.md) and makes the few errors gunicorn answers itself, before Django sees the
request (a request line or a header over these limits, a malformed request), JSON like every
other answer under /api/, instead of gunicorn's HTML page.

It is loaded by gunicorn's master, not by Django: it imports nothing from the project.
"""

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
    """Gunicorn hook: every worker writes its own error pages through `write_json_error`.

    Gunicorn has no setting for its error page; its workers call `util.write_error` at the
    moment of the error, so replacing that one function is enough (tested end to end in
    tests/core/test_serve.py, which would catch a gunicorn release that renames it).
    """
    util.write_error = write_json_error
