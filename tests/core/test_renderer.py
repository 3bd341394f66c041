"""The orjson renderer writes the JSON django-ninja's own renderer wrote: each case renders the
same data with both and compares the parsed values (and, for datetimes, the exact text)."""

import datetime as dt
import decimal
import enum
import json
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.db.models import IntegerChoices, TextChoices
from django.utils.translation import gettext_lazy
from ninja.renderers import JSONRenderer as NinjaRenderer

from apps.jobs.models import JobPost
from platform_core.renderers import JSONRenderer
from tests.apps.jobs.factories import JobPostFactory


class Colour(TextChoices):
    RED = "red", "Red"


class Size(IntegerChoices):
    BIG = 3, "Big"


def _both(data):
    new = JSONRenderer().render(None, data, response_status=200)
    old = NinjaRenderer().render(None, data, response_status=200)
    return new, old


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC),
        dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        dt.datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dt.datetime(2026, 1, 2, 3, 4, 5),
        dt.datetime(2026, 1, 2, 3, 4, 5, 999999),
        dt.datetime(2026, 1, 2, 3, 4, 5, 1000, tzinfo=ZoneInfo("Europe/London")),
        dt.date(2026, 2, 28),
        dt.time(9, 30, 15, 250000),
        dt.timedelta(days=1, seconds=5),
        decimal.Decimal("85000.50"),
        uuid.UUID("12345678-1234-5678-1234-567812345678"),
        gettext_lazy("Not found."),
        Colour.RED,
        Size.BIG,
        "héllo – ✓ \u2028 \x00",
        0.1,
        10**15,
        -(2**63),
        None,
        True,
    ],
    ids=repr,
)
def test_each_value_renders_as_ninja_rendered_it(value):
    new, old = _both({"value": value, "list": [value, {"nested": value}]})
    assert json.loads(new) == json.loads(old)


def test_datetimes_keep_milliseconds_and_z():
    moment = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC)
    new, _ = _both({"at": moment})
    assert new == b'{"at":"2026-01-02T03:04:05.678Z"}'


def test_integer_keys_become_strings_and_order_is_kept():
    data = {"b": 1, 2: "two", "a": [3, 2, 1]}
    new, old = _both(data)
    assert json.loads(new) == json.loads(old) == {"b": 1, "2": "two", "a": [3, 2, 1]}
    assert list(json.loads(new)) == ["b", "2", "a"]


def test_what_orjson_refuses_falls_back_to_the_standard_library():
    data = {"huge": 2**80, "deep": [2**64, {"x": -(2**70)}]}
    new, old = _both(data)
    assert json.loads(new) == json.loads(old) == data


def test_a_plain_enum_is_its_value():
    """django-ninja wrote `str(member)` ("Plain.ONE"); no response schema has such a field, and
    its value is what a client would want."""

    class Plain(enum.Enum):
        ONE = "one"

    assert JSONRenderer().render(None, [Plain.ONE], response_status=200) == b'["one"]'


def test_a_float_json_cannot_hold_becomes_null():
    data = [float("nan"), float("inf"), 1.5]
    assert JSONRenderer().render(None, data, response_status=200) == b"[null,null,1.5]"


def test_an_unserialisable_value_still_fails():
    with pytest.raises(TypeError):
        JSONRenderer().render(None, {"x": object()}, response_status=200)


@pytest.mark.django_db
def test_an_api_response_carries_the_same_datetimes(client):
    job = JobPostFactory()
    JobPost.objects.filter(pk=job.pk).update(
        created_at=dt.datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=dt.UTC)
    )
    response = client.get(f"/api/channels/jobs/{job.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["created_at"] == "2026-03-04T05:06:07.891Z"
    assert b'"created_at":"2026-03-04T05:06:07.891Z"' in response.content
