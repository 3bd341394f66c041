"""Keep every answer under /api/ JSON, and let paths without their trailing slash answer the same."""

import json

from django.http import HttpResponse
from django.urls import Resolver404, resolve

from .errors import NOT_FOUND, SERVER_ERROR

_DETAILS = {
    400: "Bad request.",
    403: "You do not have permission to perform this action.",
    404: NOT_FOUND,
    413: "The request is too large.",
    500: SERVER_ERROR,
}


def _resolves(path: str, urlconf) -> bool:
    try:
        resolve(path, urlconf)
    except Resolver404:
        return False
    return True


class ApiPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not path.startswith("/api/"):
            return self.get_response(request)
        urlconf = getattr(request, "urlconf", None)
        if (
            not path.endswith("/")
            and not _resolves(path, urlconf)
            and _resolves(path + "/", urlconf)
        ):
            request.path_info = path + "/"
            request.path = request.path + "/"
        response = self.get_response(request)
        return self._as_json(request, response)

    def _as_json(self, request, response: HttpResponse) -> HttpResponse:
        """Replace a non-JSON error page (Django's 404, Ninja's 405, a 500) with a JSON body."""
        if response.status_code < 400 or "json" in response.get("Content-Type", ""):
            return response
        if response.status_code == 405:
            detail = f'Method "{request.method}" not allowed.'
        else:
            detail = _DETAILS.get(response.status_code, response.reason_phrase or "Error.")
        replacement = HttpResponse(
            json.dumps({"detail": detail}),
            status=response.status_code,
            content_type="application/json",
        )
        for header in ("Allow", "Retry-After", "Vary"):
            if header in response:
                replacement[header] = response[header]
        replacement.cookies = response.cookies
        return replacement
