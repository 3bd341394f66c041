"""The API's JSON renderer: orjson, with the same JSON as django-ninja's `JSONRenderer`.

django-ninja renders every response with `json.dumps(cls=NinjaJSONEncoder)`: the standard
library's encoder, which calls back into Python for every datetime. On a 50-row page of profiles
that was 1.5 ms of a request's CPU; orjson writes the same page in a fraction of it
(docs/performance.md).

The JSON means the same as before:
- datetimes, dates and times still go through Django's encoder (`2026-01-01T00:00:00.123Z`:
  milliseconds, `Z` for UTC), since orjson's own format differs (microseconds, `+00:00`);
- what orjson does not know (a lazy translation, a Decimal, a pydantic URL) goes through
  `NinjaJSONEncoder` as before;
- integer dictionary keys become strings, as `json.dumps` makes them.
Non-ASCII text is written as UTF-8 rather than `\\u` escapes (the response is `charset=utf-8`),
and a NaN or infinite float as `null` (`json.dumps` wrote `NaN`, which is not valid JSON).
A value orjson refuses (an integer past 64 bits, which stored JSON such as a note's `context` may
hold) is rendered by `json.dumps` instead, so no response fails for it.
"""

import datetime as dt
import json
from typing import Any

import orjson
from ninja.renderers import BaseRenderer
from ninja.responses import NinjaJSONEncoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_encoder = NinjaJSONEncoder()


def _default(value: Any) -> Any:
    # Datetimes, the commonest by far, without the encoder's chain of checks: Django's format
    # (DjangoJSONEncoder.default), milliseconds and `Z` for UTC.
    if type(value) is dt.datetime:
        text = value.isoformat()
        if value.microsecond:
            text = text[:23] + text[26:]
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return _encoder.default(value)


def render_json(data: Any) -> bytes:
    """`data` (what a schema's `model_dump()` gives) as the API's JSON."""
    try:
        return orjson.dumps(data, default=_default, option=_OPTIONS)
    except orjson.JSONEncodeError:
        return json.dumps(data, cls=NinjaJSONEncoder).encode()


class JSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request, data: Any, *, response_status: int) -> bytes:
        return render_json(data)
