"""Response bodies written straight from model instances, for the longest lists.

django-ninja turns a view's result into JSON in three passes: pydantic validates every object
into a schema instance (`OutSchema` reads each object's fields in Python first), `model_dump`
turns the instances back into dicts, and the renderer writes those. For rows the API has just
read from its own database, the validation checks values the columns already guarantee; on a
50-row page of candidates the three passes were most of the request's CPU
(docs/performance.md).

`dumper(schema)` builds, once per schema class, a function that writes an object as the dict
`schema.model_validate(obj).model_dump()` would give, in one pass: the same fields in the same
order, the same `resolve_<field>` resolvers, nested schemas and lists of them, attribute
conversions as `OutSchema` makes them (a related manager as a list, a stored file as its URL),
defaults for attributes an object lacks. A schema it cannot write the same way (a field type
outside the few it knows, a validator or a serializer of its own) has no dumper, and its views
keep django-ninja's path.

With the `RESPONSE_DUMP_CHECK` setting (on in the test settings), every body is also made
through pydantic and the two must render to the same bytes, so the whole test suite checks
that the dumpers write what pydantic would.
"""

import contextlib
import datetime as dt
import keyword
import types
from collections.abc import Callable
from typing import Any, Literal, Union, get_args, get_origin

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from pydantic_core import PydanticUndefined

from .renderers import render_json
from .schemas import OutSchema, plain_attribute, plain_type

Dump = Callable[[Any, dict], Any]

# The field types whose values pydantic gives back unchanged when they are of exactly that type
# (a subclass, or another type pydantic would convert, sends the list through pydantic).
_EXACT = (str, int, float, bool, dict, dt.datetime, dt.date)
# Values `OutSchema` hands pydantic as they are (others go through `plain_attribute`).
_AS_IS_TYPES = frozenset({str, int, float, bool, type(None), dict, list, dt.datetime, dt.date})

_dumpers: dict[type, Dump | None] = {}


class Unsupported(Exception):
    """What a dumper would not write as pydantic does: the schema, or one object's value."""


def _any(value: Any, context: dict) -> Any:
    return value


# The converters whose values the generated code can often write without calling them: how
# (`_generated`) and what with (a type, the allowed choices, the nested dumper).
_fast_paths: dict[Dump, tuple[str, Any]] = {}


def _fast(convert: Dump, how: str, what: Any) -> Dump:
    _fast_paths[convert] = (how, what)
    return convert


class _PlainTypes(dict):
    """Whether `plain_attribute` gives back every value of a type as it is, per type, learnt
    as types are met (a model instance: yes; a related manager, a file: no). Never for
    `PydanticUndefined`, which `_step` reports as missing."""

    def __missing__(self, kind: type) -> bool:
        plain = kind is not type(PydanticUndefined) and plain_type(kind)
        self[kind] = plain
        return plain


_PLAIN = _PlainTypes()


def _exactly(kind: type) -> Dump:
    def convert(value: Any, context: dict) -> Any:
        if type(value) is not kind:
            raise Unsupported(f"a {type(value).__name__} for a {kind.__name__} field")
        return value

    return _fast(convert, "exact", kind)


def _one_of(choices: tuple) -> Dump:
    allowed = {(type(choice), choice) for choice in choices}

    def convert(value: Any, context: dict) -> Any:
        if (type(value), value) not in allowed:
            raise Unsupported(f"{value!r} is not one of {choices}")
        return value

    return _fast(convert, "one of", frozenset(allowed))


def _converter(annotation: Any) -> Dump:
    """How a field of this type is written, given the attribute's value."""
    if annotation is Any:
        return _any
    if annotation in _EXACT:
        return _exactly(annotation)
    origin = get_origin(annotation)
    if origin is Literal and all(type(arg) in (str, int) for arg in get_args(annotation)):
        return _one_of(get_args(annotation))
    if origin in (Union, types.UnionType):
        options = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(options) != 1:
            raise Unsupported(annotation)
        inner = _converter(options[0])

        def optional(value: Any, context: dict) -> Any:
            return None if value is None else inner(value, context)

        how, what = _fast_paths.get(inner, ("", None))
        if how:
            return _fast(optional, f"{how} or none", what)
        return optional
    if origin is list:
        (item,) = get_args(annotation) or (Any,)
        each = _converter(item)

        def convert(value: Any, context: dict) -> list:
            if not isinstance(value, list | tuple):
                raise Unsupported(f"a {type(value).__name__} for a list field")
            return [each(entry, context) for entry in value]

        how, what = _fast_paths.get(each, ("", None))
        if how == "exact":
            return _fast(convert, "list of", frozenset({what}))
        if how == "nested":
            return _fast(convert, "list of nested", what)
        return convert
    if origin is dict:
        key_type, value_type = get_args(annotation) or (Any, Any)
        keys, values = _converter(key_type), _converter(value_type)

        def convert_dict(value: Any, context: dict) -> dict:
            if type(value) is not dict:
                raise Unsupported(f"a {type(value).__name__} for a dict field")
            return {keys(k, context): values(v, context) for k, v in value.items()}

        return convert_dict
    if isinstance(annotation, type) and issubclass(annotation, OutSchema):
        nested = dumper(annotation)
        if nested is None:
            raise Unsupported(annotation)
        return _fast(nested, "nested", nested)
    raise Unsupported(annotation)


def _build(schema: type[OutSchema]) -> Dump:
    decorators = schema.__pydantic_decorators__
    own = [
        name
        for name in decorators.model_validators
        if name != "_run_root_validator"  # OutSchema's reader, which the dumper replaces
    ]
    if (
        own
        or decorators.field_validators
        or decorators.field_serializers
        or decorators.model_serializers
        or decorators.computed_fields
        or schema.model_config.get("extra") == "forbid"
    ):
        raise Unsupported(schema)
    plan = []
    for (name, info), (key, resolve, takes_context) in zip(
        schema.model_fields.items(), schema._readers(), strict=True
    ):
        if info.metadata or info.default_factory is not None:
            raise Unsupported(f"{schema.__name__}.{name}")
        missing = info.default if info.default is not PydanticUndefined else PydanticUndefined
        convert = _converter(info.annotation)
        step = _step(schema, name, convert)
        plan.append((name, key, resolve, takes_context, convert, step, missing))
    return _generated(schema, plan)


def _step(schema: type, name: str, convert: Dump) -> Dump:
    """A field's value, as read, to what it is written as: how every field is written."""

    def step(value: Any, context: dict) -> Any:
        if value is PydanticUndefined:
            raise Unsupported(f"{schema.__name__}.{name} is missing")  # pydantic's error
        if type(value) not in _AS_IS_TYPES:  # as OutSchema hands it to pydantic
            value = plain_attribute(value)
        return convert(value, context)

    return step


# How the generated code writes a field's value `{v}`, by its converter's fast path: straight
# when it is what `_step` would give back (`{fast}` is the type, choices or nested dumper), by
# the step `{step}` otherwise.
_STEP_ONLY = ("{v} = {step}({v}, context)",)
_ANY_PATH = ("if type({v}) not in _AS_IS:", "    {v} = {step}({v}, context)")
_FAST_PATHS = {
    "exact": ("if type({v}) is not {fast}:", "    {v} = {step}({v}, context)"),
    "one of": (
        "if type({v}) not in _AS_IS or (type({v}), {v}) not in {fast}:",
        "    {v} = {step}({v}, context)",
    ),
    # A list of exactly typed values: a copy, as pydantic gives a new list.
    "list of": (
        "if type({v}) is list and {fast}.issuperset(map(type, {v})):",
        "    {v} = [*{v}]",
        "else:",
        "    {v} = {step}({v}, context)",
    ),
    # The list's converter, which hands each item to the nested dumper as it is.
    "list of nested": (
        "if type({v}) is list:",
        "    {v} = [{fast}(item, context) for item in {v}]",
        "else:",
        "    {v} = {step}({v}, context)",
    ),
    "nested": (
        "if _PLAIN[type({v})]:",
        "    {v} = {fast}({v}, context)",
        "else:",
        "    {v} = {step}({v}, context)",
    ),
}
# An optional field: None is written as it is (`_step` gives it back: it is plain, and the
# optional converter returns it), anything else as the field's type is.
_FAST_PATHS.update(
    {
        f"{how} or none": ("if {v} is not None:", *("    " + line for line in lines))
        for how, lines in list(_FAST_PATHS.items())
    }
)


def _generated(schema: type, plan: list[tuple]) -> Dump:
    """The dumper of `schema` as one function of straight-line code, compiled once.

    Each field is read (its resolver, or the attribute with its default) and handed to its
    `_step`, except where the value already is what the step would give back: a value of
    exactly the field's type (or None for an optional one), and any plain value for an `Any`
    field, which `_step` returns unchanged. A dict is written by the loop of `_readers`
    (`_mapping`), which reads keys instead of attributes. The loop over the fields this
    replaces, unpacking each one's plan on every row, wrote a 50-profile page in 2.8 ms where
    this takes 1.9 (docs/performance.md).
    """
    names: dict[str, Any] = {
        "_AS_IS": _AS_IS_TYPES,
        "_PLAIN": _PLAIN,
        "_mapping": _mapping(schema, plan),
    }
    lines = [
        "def dump(obj, context):",
        "    if isinstance(obj, dict):",
        "        return _mapping(obj, context)",
    ]
    written = []
    for index, (name, key, resolve, takes_context, convert, step, missing) in enumerate(plan):
        value = f"v{index}"
        names[f"_step{index}"] = step
        if resolve is not None:
            names[f"_resolve{index}"] = resolve
            arguments = "obj, context=context" if takes_context else "obj"
            lines.append(f"    {value} = _resolve{index}({arguments})")
        elif key.isidentifier() and not keyword.iskeyword(key):
            # `getattr(obj, key, default)`, by the attribute lookup Python specialises
            names[f"_missing{index}"] = missing
            lines += [
                "    try:",
                f"        {value} = obj.{key}",
                "    except AttributeError:",
                f"        {value} = _missing{index}",
            ]
        else:
            names[f"_missing{index}"] = missing
            lines.append(f"    {value} = getattr(obj, {key!r}, _missing{index})")
        written.append(f"{name!r}: {value}")
        how, what = _fast_paths.get(convert, ("", None))
        names[f"_fast{index}"] = what
        read_on = _ANY_PATH if convert is _any else _FAST_PATHS.get(how, _STEP_ONLY)
        lines.extend(
            "    " + line.format(v=value, fast=f"_fast{index}", step=f"_step{index}")
            for line in read_on
        )
    lines.append(f"    return {{{', '.join(written)}}}")
    source = "\n".join(lines)
    exec(compile(source, f"<dumper of {schema.__qualname__}>", "exec"), names)  # noqa: S102 (code made above from field names and keys)
    return names["dump"]


def _mapping(schema: type, plan: list[tuple]) -> Dump:
    """The dumper of `schema` for a dict: its keys read as the attributes of an object are."""
    fields = [
        (name, key, resolve, takes_context, step, missing)
        for name, key, resolve, takes_context, _convert, step, missing in plan
    ]

    def dump(obj: dict, context: dict) -> dict:
        out = {}
        for name, key, resolve, takes_context, step, missing in fields:
            if resolve is not None:
                value = resolve(obj, context=context) if takes_context else resolve(obj)
            else:
                value = obj.get(key, missing)
            out[name] = step(value, context)
        return out

    return dump


def dumper(schema: type[OutSchema]) -> Dump | None:
    """The function that writes an object as `schema` would dump it, or None if `schema` has
    something it would not write the same way."""
    if schema not in _dumpers:
        _dumpers[schema] = None  # a schema that holds itself has none
        with contextlib.suppress(Unsupported):
            _dumpers[schema] = _build(schema)
    return _dumpers[schema]


def _pydantic_body(schema: type[OutSchema], items: list, context: dict) -> bytes:
    return render_json(
        [schema.model_validate(item, context=context).model_dump() for item in items]
    )


def list_response(
    request: HttpRequest, response: HttpResponse, schema: type[OutSchema], items: list
) -> HttpResponse:
    """The view's response (`response`, ninja's temporal response with the pagination headers)
    with `items` written as the JSON list `response=list[schema]` gives. For a view whose list is
    long enough for the passes to matter; the route keeps `response=list[schema]` for OpenAPI."""
    context = {"request": request, "response_status": response.status_code}
    dump = dumper(schema)
    if dump is None:
        body = _pydantic_body(schema, items, context)
    else:
        try:
            body = render_json([dump(item, context) for item in items])
        except Unsupported:  # a value pydantic would convert, or a required field missing
            body = _pydantic_body(schema, items, context)
        else:
            if getattr(settings, "RESPONSE_DUMP_CHECK", False):
                expected = _pydantic_body(schema, items, context)
                if body != expected:
                    raise AssertionError(
                        f"The {schema.__name__} dumper wrote\n{body[:2000]!r}\nwhere pydantic "
                        f"writes\n{expected[:2000]!r}"
                    )
    response.content = body
    return response
