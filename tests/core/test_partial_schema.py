"""`partial_schema` derives a PATCH body from the full one without loosening any field."""

import pytest
from ninja import Field
from pydantic import ValidationError, model_validator

from platform_core.schemas import SkillName, StrictSchema, partial_schema


class ThingIn(StrictSchema):
    """A thing."""

    name: str = Field(..., min_length=1, max_length=5, description="Its name.")
    skills: list[SkillName] = []
    end: int | None = None


ThingPatch = partial_schema(ThingIn)


def test_partial_schema_fields_optional_and_unset_left_out():
    assert ThingPatch.model_validate({}).model_dump() == {}
    assert ThingPatch.model_validate({"end": 3}).model_dump() == {"end": 3}


def test_partial_schema_null_only_where_the_full_schema_takes_it():
    assert ThingPatch.model_validate({"end": None}).model_dump() == {"end": None}
    with pytest.raises(ValidationError) as raised:
        ThingPatch.model_validate({"name": None})

    assert [error["loc"] for error in raised.value.errors()] == [("name",)]


def test_partial_schema_keeps_constraints_of_each_field():
    with pytest.raises(ValidationError) as raised:
        ThingPatch.model_validate({"name": "toolong", "skills": ["ß" * 51]})

    assert sorted(str(error["loc"]) for error in raised.value.errors()) == [
        "('name',)",
        "('skills', 0)",
    ]


def test_partial_schema_keeps_strictness():
    with pytest.raises(ValidationError) as raised:
        ThingPatch.model_validate({"unknown": 1})

    assert [error["type"] for error in raised.value.errors()] == ["extra_forbidden"]


def test_partial_schema_refuses_schema_with_cross_field_checks():
    class SpanIn(StrictSchema):
        start: int | None = None
        end: int | None = None

        @model_validator(mode="after")
        def _in_order(self):
            if self.start is not None and self.end is not None and self.end < self.start:
                raise ValueError("end cannot be before start.")
            return self

    with pytest.raises(TypeError, match="SpanIn has model validators"):
        partial_schema(SpanIn)


def test_partial_schema_named_and_documented():
    schema = ThingPatch.model_json_schema()

    assert ThingPatch.__name__ == "ThingPatch"
    assert "required" not in schema
    assert schema["properties"]["name"]["description"] == "Its name."


def test_partial_schema_null_unchanged_takes_null_for_every_field():
    lenient = partial_schema(ThingIn, "LenientThing", null_unchanged=True)

    assert lenient.model_validate({"name": None}).model_dump() == {"name": None}
    with pytest.raises(ValidationError):
        lenient.model_validate({"name": "toolong"})
