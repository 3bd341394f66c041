"""Bad request bodies made from an operation's OpenAPI request schema, for the bad-input corpus
(tests/core/test_bad_input_corpus.py, issue 18 part 4).

`json_mutations(document, operation, base)` and `multipart_mutations(document, operation, base)`
give, for one operation, one `Body` per kind of hostile input that applies to it: NUL bytes, lone
surrogates, invalid UTF-8, 1 MB strings, 10,000-deep nesting, wrong types, numbers past 64 bits,
nulls, empty and non-JSON bodies; malformed multipart, path-bearing file names, empty files. The
mutated values go into the properties the schema gives them to (a string mutation into the string
properties, a number into the numeric ones) on top of `base`, a body the caller could send
successfully, so each mutation is the only thing wrong and reaches validation.
"""

import json
from dataclasses import dataclass
from typing import Any

JSON = "application/json"
MULTIPART = "multipart/form-data"
BOUNDARY = "CorpusBoundary18"
MEGABYTE_STRING = "x" * (1024 * 1024)
DEEP = 10_000
_SLOT = "@@corpus-slot@@"  # replaced, in the encoded body, by a fragment json.dumps cannot write


@dataclass(frozen=True)
class Body:
    content: bytes
    content_type: str


# --- reading the OpenAPI document ---------------------------------------------------------------


def resolve(document: dict, schema: dict) -> dict:
    """`schema` with its `$ref`s followed (`#/components/schemas/<name>`)."""
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def request_schema(document: dict, operation: dict, media_type: str) -> dict | None:
    """The resolved schema of the operation's body in `media_type`, or None."""
    content = operation.get("requestBody", {}).get("content", {})
    if media_type not in content:
        return None
    return resolve(document, content[media_type].get("schema", {}))


def properties(document: dict, schema: dict) -> dict[str, dict]:
    return {name: resolve(document, value) for name, value in schema.get("properties", {}).items()}


def json_types(document: dict, schema: dict) -> set[str] | None:
    """The JSON types a value of `schema` may have; None when any type is allowed. An integer is
    a number too (1.5 is not an integer, but 1 is both)."""
    types = _declared_types(document, schema)
    if types is not None and "integer" in types:
        types.add("number")
    return types


def _declared_types(document: dict, schema: dict) -> set[str] | None:
    schema = resolve(document, schema)
    if "const" in schema:
        return {_type_of(schema["const"])}
    if "enum" in schema:
        return {_type_of(value) for value in schema["enum"]}
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        found: set[str] = set()
        for branch in branches:
            types = json_types(document, branch)
            if types is None:
                return None
            found |= types
        return found
    if "allOf" in schema:
        for branch in schema["allOf"]:
            types = json_types(document, branch)
            if types is not None:
                return types
        return None
    declared = schema.get("type")
    if declared is None:
        return {"object"} if "properties" in schema else None
    return {declared} if isinstance(declared, str) else set(declared)


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def file_fields(document: dict, operation: dict) -> list[str]:
    """The multipart properties that carry a file (`format: binary`)."""
    schema = request_schema(document, operation, MULTIPART) or {}
    return [
        name
        for name, value in properties(document, schema).items()
        if value.get("format") == "binary"
    ]


# --- values of the wrong kind -------------------------------------------------------------------

# One value of each JSON type; `wrong_value` takes the first whose type the schema does not allow.
_OF_EACH_TYPE: list[tuple[set[str], Any]] = [
    ({"object"}, {"wrong": "type"}),
    ({"array"}, ["wrong", "type"]),
    ({"string"}, "wrong type"),
    ({"number"}, 12345.5),
    ({"boolean"}, True),
]


def wrong_value(types: set[str] | None) -> Any:
    """A value whose JSON type `types` does not include (None when every type is allowed)."""
    if types is None:
        return None
    for kinds, value in _OF_EACH_TYPE:
        if not kinds & types:
            return value
    return None


def _targets(props: dict[str, dict], document: dict, wanted: str) -> list[str]:
    """The properties that take a value of JSON type `wanted` (files excluded); all of them when
    none does, so the value is then of a wrong type everywhere."""
    found = [
        name
        for name, schema in props.items()
        if schema.get("format") != "binary"
        and (types := json_types(document, schema)) is not None
        and wanted in types
    ]
    return found or [name for name, schema in props.items() if schema.get("format") != "binary"]


def _free_form(props: dict[str, dict], document: dict) -> list[str]:
    """The properties that take a JSON object of any keys (`context`): a string goes inside."""
    return [
        name
        for name, schema in props.items()
        if (types := json_types(document, schema)) is not None
        and "object" in types
        and "string" not in types
        and not any(resolve(document, branch).get("properties") for branch in _branches(schema))
    ]


def _branches(schema: dict) -> list[dict]:
    return schema.get("anyOf") or schema.get("oneOf") or [schema]


def _encode(body: Any, fragment: bytes | None = None) -> bytes:
    """`body` as JSON; `_SLOT` strings replaced by `fragment` (raw bytes json.dumps cannot make)."""
    text = json.dumps(body).encode()
    if fragment is not None:
        text = text.replace(json.dumps(_SLOT).encode(), fragment)
    return text


def _with(base: dict, names: list[str], value: Any) -> dict:
    body = dict(base)
    for name in names or ["value"]:
        body[name] = value
    return body


def _deep_fragment(levels: int) -> bytes:
    return ('{"a": [' * (levels // 2) + "1" + "]}" * (levels // 2)).encode()


def json_mutations(document: dict, operation: dict, base: dict | None = None) -> dict[str, Body]:
    """One bad JSON body per kind that applies to `operation` (by kind name)."""
    schema = request_schema(document, operation, JSON)
    assert schema is not None, "the operation takes no JSON body"
    base = dict(base or {})
    props = properties(document, schema)
    strings = _targets(props, document, "string")
    objects = _free_form(props, document)
    numbers = _targets(props, document, "number")
    first = next(iter(props), "value")

    def in_strings(value: Any) -> dict:
        """`base` with `value` in every string property, and inside every free-form object."""
        body = _with(base, strings, value)
        body.update({name: {"corpus": value} for name in objects})
        return body

    def raw_in_strings(fragment: bytes) -> Body:
        return Body(_encode(in_strings(_SLOT), fragment), JSON)

    def string_in(value: str) -> Body:
        return Body(_encode(in_strings(value)), JSON)

    def value_in(names: list[str], value: Any) -> Body:
        return Body(_encode(_with(base, names, value)), JSON)

    found = {
        "nul-byte": raw_in_strings(b'"a\x00b"'),
        "nul-escape": string_in("a\x00b"),  # json.dumps writes \u0000
        "lone-surrogate-escape": string_in("a\ud800b"),  # written as \ud800
        "invalid-utf8": raw_in_strings(b'"a\xff\xfeb"'),
        "utf8-encoded-surrogate": raw_in_strings(b'"a\xed\xa0\x80b"'),
        "string-1mb": string_in(MEGABYTE_STRING),
        "nesting-10000": Body(_encode(_with(base, [first], _SLOT), _deep_fragment(DEEP)), JSON),
        "int-2**64": value_in(numbers, 2**64),
        "int-below-int64": value_in(numbers, -(2**63) - 1),
        "number-1e400": Body(_encode(_with(base, numbers, _SLOT), b"1e400"), JSON),
        "null-body": Body(b"null", JSON),
        "not-json": Body(b"this is {not JSON", JSON),
    }
    wrong = {
        name: value
        for name, value_schema in props.items()
        if value_schema.get("format") != "binary"
        and (value := wrong_value(json_types(document, value_schema))) is not None
    }
    if wrong:
        found["wrong-types"] = Body(_encode({**base, **wrong}), JSON)
    not_nullable = [
        name
        for name, value_schema in props.items()
        if (types := json_types(document, value_schema)) is not None and "null" not in types
    ]
    if not_nullable:
        found["nulls"] = value_in(not_nullable, None)
    if operation.get("requestBody", {}).get("required"):
        found["empty-body"] = Body(b"", JSON)
    return found


# --- multipart ----------------------------------------------------------------------------------


def _part(name: str, value: bytes, filename: str | None = None, content_type: str = "") -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    headers = f"Content-Disposition: {disposition}\r\n"
    if content_type:
        headers += f"Content-Type: {content_type}\r\n"
    return f"--{BOUNDARY}\r\n{headers}\r\n".encode() + value + b"\r\n"


def _form(base: dict) -> bytes:
    parts = b""
    for name, value in base.items():
        for item in value if isinstance(value, list) else [value]:
            text = item if isinstance(item, str) else json.dumps(item)
            parts += _part(name, text.encode())
    return parts


def multipart_body(
    base: dict, files: dict[str, tuple[str, bytes, str]], *, closed: bool = True
) -> bytes:
    """A multipart body of the form fields `base` and `files` (field -> name, bytes, type)."""
    body = _form(base)
    for field, (filename, content, content_type) in files.items():
        body += _part(field, content, filename, content_type)
    return body + (f"--{BOUNDARY}--\r\n".encode() if closed else b"")


TRAVERSAL_NAMES = {
    "filename-parent-traversal": "../../x.pdf",
    "filename-absolute": "/etc/passwd",
    "filename-backslash-traversal": "..\\x.pdf",
    "filename-nul": "x\x00.pdf",
}


def multipart_mutations(
    document: dict,
    operation: dict,
    base: dict | None = None,
    good_files: dict[str, tuple[bytes, str]] | None = None,
) -> dict[str, Body]:
    """One bad multipart body per kind that applies to `operation` (by kind name).

    `good_files` gives, per file field, bytes and a content type the operation accepts, so a bad
    file name or type is the only thing wrong with the file."""
    base = dict(base or {})
    fields = file_fields(document, operation)
    good_files = good_files or {}
    with_boundary = f"{MULTIPART}; boundary={BOUNDARY}"
    field = fields[0] if fields else "file"
    content, content_type = good_files.get(field, (b"%PDF-1.4\n%%EOF\n", "application/pdf"))
    found = {
        "no-boundary": Body(multipart_body(base, {}), MULTIPART),
        "unclosed-boundary": Body(
            multipart_body(base, {field: ("a.pdf", content, content_type)}, closed=False),
            with_boundary,
        ),
    }
    for kind, filename in TRAVERSAL_NAMES.items():
        found[kind] = Body(
            multipart_body(base, {field: (filename, content, content_type)}), with_boundary
        )
    if fields:
        found["zero-byte-file"] = Body(
            multipart_body(base, {field: ("empty.pdf", b"", content_type)}), with_boundary
        )
        found["wrong-file-type"] = Body(
            multipart_body(
                base, {field: ("a.exe", b"MZ\x90\x00not an accepted file", "application/x-exe")}
            ),
            with_boundary,
        )
    return found
