"""`OutSchema` reads objects as django-ninja's `Schema` does: each case validates the same input
with an `OutSchema` and with a plain ninja `Schema` of the same fields and compares."""

import pytest
from django.core.files.base import ContentFile
from ninja import Field, Schema
from pydantic import ValidationError

from apps.candidates.models import CandidateProfile, Skill
from platform_core.schemas import OutSchema
from tests.apps.candidates.factories import CandidateProfileFactory


def _twins(fields: dict, resolvers: dict | None = None) -> tuple[type, type]:
    """An OutSchema and a ninja Schema with the same annotations, defaults and resolvers."""

    def namespace():
        body = {"__annotations__": {name: kind for name, (kind, _) in fields.items()}}
        body.update({name: default for name, (_, default) in fields.items() if default is not ...})
        for name, function in (resolvers or {}).items():
            body[f"resolve_{name}"] = staticmethod(function)
        return body

    return type("Fast", (OutSchema,), namespace()), type("Plain", (Schema,), namespace())


def _same(fields, value, resolvers=None, context=None) -> dict:
    fast, plain = _twins(fields, resolvers)
    expected = plain.model_validate(value, context=context).model_dump()
    assert fast.model_validate(value, context=context).model_dump() == expected
    return expected


class Thing:
    name = "thing"
    count = 3
    tags = ("a", "b")

    def shout(self):
        return "HEY"


def test_attributes_defaults_and_resolvers_with_and_without_context():
    fields = {
        "name": (str, ...),
        "count": (int, ...),
        "missing": (str, "default"),
        "tags": (list[str], ...),
        "doubled": (int, ...),
        "where": (str, ...),
    }
    resolvers = {
        "doubled": lambda obj: obj.count * 2,
        "where": lambda obj, context: context["where"],
    }
    got = _same(fields, Thing(), resolvers, context={"where": "here"})
    assert got == {
        "name": "thing",
        "count": 3,
        "missing": "default",
        "tags": ["a", "b"],
        "doubled": 6,
        "where": "here",
    }


def test_callables_are_called_and_dicts_read_by_key():
    assert _same({"shout": (str, ...)}, Thing()) == {"shout": "HEY"}
    value = {"name": "d", "extra": 1}
    assert _same({"name": (str, ...), "other": (int, 7)}, value) == {"name": "d", "other": 7}
    resolvers = {"name": lambda obj: obj["name"].upper()}
    assert _same({"name": (str, ...)}, {"name": "d"}, resolvers) == {"name": "D"}


def test_an_alias_is_read_as_ninja_reads_it():
    fields = {"label": (str, Field(alias="name"))}
    assert _same(fields, Thing()) == {"label": "thing"}


def test_a_missing_required_field_is_refused_alike():
    fast, plain = _twins({"absent": (str, ...)})
    for schema in (fast, plain):
        with pytest.raises(ValidationError) as error:
            schema.model_validate(Thing())
        assert error.value.errors()[0]["type"] == "missing"


@pytest.mark.django_db
def test_managers_querysets_and_files_as_ninja_converts_them(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    profile = CandidateProfileFactory()
    Skill.objects.create(profile=profile, name="Python", key="python")

    class SkillOut(Schema):
        name: str

    fields = {"skills": (list[SkillOut], ...), "resume_file": (str | None, ...)}
    assert _same(fields, profile) == {"skills": [{"name": "Python"}], "resume_file": None}
    profile.resume_file.save("resume.txt", ContentFile(b"text"), save=True)
    profile = CandidateProfile.objects.get(pk=profile.pk)
    got = _same(fields, profile)
    assert got["resume_file"] == profile.resume_file.url
    queryset = {"items": (list[SkillOut], ...)}
    assert _same(queryset, {"items": Skill.objects.filter(profile=profile)}) == {
        "items": [{"name": "Python"}]
    }


def test_an_instance_of_the_schema_is_taken_as_it_is():
    fast, _ = _twins({"name": (str, ...)})
    made = fast.model_validate(Thing())
    assert fast.model_validate(made) == made


def test_a_resolver_that_is_no_staticmethod_is_refused():
    class Loose(OutSchema):
        name: str

        def resolve_name(obj):  # noqa: N805 (the mistake under test)
            return "x"

    with pytest.raises(TypeError, match="resolve_name must be a staticmethod"):
        Loose.model_validate(Thing())
