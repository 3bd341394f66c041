"""A dumper writes what pydantic writes: each case renders the same objects both ways and compares
the bytes; where it cannot, the list goes through pydantic."""

import datetime as dt
import enum
from typing import Any, Literal

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from pydantic import Field, ValidationError, field_validator

from apps.candidates.models import CandidateProfile
from platform_core.dumpers import _pydantic_body, dumper, list_response
from platform_core.renderers import render_json
from platform_core.schemas import OutSchema
from tests.apps.candidates.factories import CandidateProfileFactory, SkillFactory

AT = dt.datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=dt.UTC)


class Colour(enum.StrEnum):
    RED = "red"


class TagOut(OutSchema):
    name: str
    weight: float = 1.0


class ThingOut(OutSchema):
    id: int
    name: str
    note: str | None
    kind: Literal["a", "b"]
    active: bool
    at: dt.datetime
    day: dt.date | None = None
    data: dict
    labels: dict[str, str]
    anything: Any = None
    words: list[str]
    tags: list[TagOut]
    main: TagOut | None
    link: str
    shout: str

    @staticmethod
    def resolve_link(obj, context) -> str:
        ident = obj["id"] if isinstance(obj, dict) else obj.id
        return f"{context['request'].path}#{ident}"


class Thing:
    def __init__(self, **values):
        self.__dict__.update(values)

    def shout(self):
        return "HEY"


def thing(**changes) -> Thing:
    values = {
        "id": 7,
        "name": "Seven",
        "note": None,
        "kind": "b",
        "active": True,
        "at": AT,
        "data": {"nested": [1, {"x": None}], "2": "two"},
        "labels": {"a": "b"},
        "anything": (1, "two"),
        "words": ["x", "y"],
        "tags": [Thing(name="t", weight=0.5), {"name": "d"}],
        "main": Thing(name="m", weight=2.0),
    }
    return Thing(**{**values, **changes})


def _request():
    return RequestFactory().get("/api/things/")


def _both(schema, items) -> tuple[bytes, bytes]:
    request = _request()
    context = {"request": request, "response_status": 200}
    dump = dumper(schema)
    assert dump is not None
    return render_json([dump(item, context) for item in items]), _pydantic_body(
        schema, items, context
    )


def test_dumper_writes_what_pydantic_writes():
    items = [thing(), thing(id=8, note="n", day=dt.date(2026, 1, 1), tags=[], main=None)]

    ours, theirs = _both(ThingOut, items)

    assert ours == theirs
    assert b'"link":"/api/things/#8"' in ours
    assert b'"at":"2026-03-04T05:06:07.891Z"' in ours


def test_dumper_reads_dicts_and_fills_defaults_as_pydantic_does():
    item = {
        "id": 1,
        "name": "n",
        "note": None,
        "kind": "a",
        "active": False,
        "at": AT,
        "data": {},
        "labels": {},
        "words": [],
        "tags": [{"name": "only"}],
        "main": None,
        "shout": "hi",
    }

    ours, theirs = _both(ThingOut, [item])

    assert ours == theirs


@pytest.mark.django_db
def test_dumper_reads_model_instances_and_related_managers():
    class SkillOut(OutSchema):
        name: str

    class ProfileOut(OutSchema):
        id: int
        slug: str
        skills: list[SkillOut]
        created_at: dt.datetime
        resume_file: str | None

    profile = CandidateProfileFactory()
    SkillFactory(profile=profile, name="Python")
    SkillFactory(profile=profile, name="SQL")
    loaded = CandidateProfile.objects.get(pk=profile.pk)

    ours, theirs = _both(ProfileOut, [loaded])

    assert ours == theirs
    assert b'"resume_file":null' in ours


@pytest.mark.parametrize(
    "changes",
    [
        {"id": True},  # pydantic writes 1
        {"kind": "c"},  # pydantic refuses it
        {"name": Colour.RED},  # pydantic writes the plain string
        {"tags": [Thing(name="t", weight=1)]},  # pydantic writes 1.0
        {"words": "xy"},  # pydantic refuses a string for a list
        {"labels": {"a": 1}},  # pydantic refuses an int for a str
        {"at": "2026-03-04T05:06:07Z"},  # pydantic parses it
    ],
)
def test_a_value_pydantic_would_convert_sends_the_list_through_pydantic(changes):
    _assert_written_as_pydantic_writes_it(ThingOut, thing(**changes))


def _assert_written_as_pydantic_writes_it(schema: type, item: Any) -> None:
    """`list_response` writes pydantic's body for [item], or raises pydantic's error."""
    request = _request()
    context = {"request": request, "response_status": 200}
    try:
        expected = _pydantic_body(schema, [item], context)
    except ValidationError:
        expected = None

    if expected is None:
        with pytest.raises(ValidationError):
            list_response(request, HttpResponse(), schema, [item])
    else:
        assert list_response(request, HttpResponse(), schema, [item]).content == expected


def test_a_missing_required_field_is_pydantics_error():
    item = thing()
    del item.__dict__["name"]

    with pytest.raises(ValidationError, match="name"):
        list_response(_request(), HttpResponse(), ThingOut, [item])


def test_a_schema_with_its_own_validator_has_no_dumper_and_goes_through_pydantic():
    class ShoutedOut(OutSchema):
        name: str

        @field_validator("name")
        @classmethod
        def shouted(cls, value: str) -> str:
            return value.upper()

    class TupleOut(OutSchema):
        pair: tuple[int, int]

    assert dumper(ShoutedOut) is None
    assert dumper(TupleOut) is None
    response = list_response(_request(), HttpResponse(), ShoutedOut, [Thing(name="quiet")])
    assert response.content == b'[{"name":"QUIET"}]'


def test_list_response_keeps_the_views_status_and_headers():
    response = HttpResponse(status=200)
    response["X-Total-Count"] = "2"

    out = list_response(_request(), response, TagOut, [Thing(name="a", weight=2.0)])

    assert out is response
    assert out.content == b'[{"name":"a","weight":2.0}]'
    assert out["X-Total-Count"] == "2"


def test_the_check_catches_a_dumper_that_writes_otherwise(monkeypatch):
    from platform_core import dumpers

    monkeypatch.setitem(dumpers._dumpers, TagOut, lambda obj, context: {"name": "wrong"})

    with override_settings(RESPONSE_DUMP_CHECK=True), pytest.raises(AssertionError, match="TagOut"):
        list_response(_request(), HttpResponse(), TagOut, [Thing(name="a", weight=2.0)])
    with override_settings(RESPONSE_DUMP_CHECK=False):
        body = list_response(_request(), HttpResponse(), TagOut, [Thing(name="a")]).content
    assert body == b'[{"name":"wrong"}]'


# --- the generated code's fast paths: each value that is not what the field's type takes as it is
# goes through the step, and the list then through pydantic where pydantic would convert it ---


class ListsOut(OutSchema):
    words: list[str]
    maybe_words: list[str] | None
    tags: list[TagOut]
    main: TagOut | None
    kind: Literal["a", "b"]
    maybe_kind: Literal["a", "b"] | None = None
    count: int | None = None
    anything: Any = None


def lists(**changes) -> Thing:
    values = {
        "words": ["x"],
        "maybe_words": None,
        "tags": [Thing(name="t", weight=0.5)],
        "main": None,
        "kind": "a",
    }
    return Thing(**{**values, **changes})


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"words": [], "maybe_words": ["a", "b"], "maybe_kind": "b", "count": 3},
        {"words": ("x", "y")},  # a tuple: pydantic writes a list
        {"maybe_words": ("x",)},
        {"tags": (Thing(name="t", weight=2.0),)},
        {"tags": [{"name": "d"}]},  # a dict item
        {"main": Thing(name="m", weight=3.0)},
        {"main": {"name": "d"}},
        {"anything": [1, "two"]},
        {"anything": lambda: ["called"]},  # a callable: OutSchema hands pydantic what it returns
    ],
)
def test_the_generated_dumper_writes_what_pydantic_writes(changes):
    ours, theirs = _both(ListsOut, [lists(**changes)])

    assert ours == theirs


@pytest.mark.parametrize(
    "changes",
    [
        {"words": ["x", 1]},  # pydantic refuses an int for a str
        {"words": ["x", Colour.RED]},  # pydantic writes the plain string
        {"maybe_words": [Colour.RED]},
        {"kind": Colour.RED},  # not exactly one of the choices' types
        {"maybe_kind": "c"},
        {"count": True},  # pydantic writes 1
        {"tags": [Thing(name="t", weight=1)]},  # pydantic writes 1.0
        {"main": Thing(name="m", weight=1)},
    ],
)
def test_a_value_off_the_fast_path_is_written_as_pydantic_writes_it(changes):
    _assert_written_as_pydantic_writes_it(ListsOut, lists(**changes))


def test_the_generated_dumper_copies_the_lists_it_writes():
    item = lists(words=["x"])

    written = dumper(ListsOut)(item, {"request": _request()})

    assert written["words"] == ["x"]
    assert written["words"] is not item.words


def test_a_field_read_by_an_alias_that_is_no_identifier_is_read_by_getattr():
    class AliasedOut(OutSchema):
        name: str = Field(validation_alias="display-name")

    item = Thing(**{"display-name": "Shown"})

    ours, theirs = _both(AliasedOut, [item])

    assert ours == theirs == b'[{"name":"Shown"}]'


def test_a_missing_attribute_of_a_nested_object_is_pydantics_error():
    item = lists(main=Thing(weight=1.0))  # no name

    with pytest.raises(ValidationError, match="name"):
        list_response(_request(), HttpResponse(), ListsOut, [item])


def test_every_converter_the_dumpers_register_has_its_fast_path():
    from platform_core import dumpers

    dumper(ListsOut)

    registered = {how for how, _ in dumpers._fast_paths.values()}
    assert {"exact", "one of", "list of", "list of nested", "nested"} <= registered
    assert registered <= set(dumpers._FAST_PATHS)
