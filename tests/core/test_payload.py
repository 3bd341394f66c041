"""Bodies that come as JSON or multipart (platform_core.payload.parse_payload)."""

import pytest
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from ninja import Schema

from platform_core.errors import BadRequest, FieldErrors
from platform_core.payload import parse_payload


class _Sample(Schema):
    name: str
    tags: list[str] = []
    count: int = 0


def test_parse_payload_multipart_patch_reads_form_fields():
    body = encode_multipart(BOUNDARY, {"name": "Ada", "tags[]": ["a", "b"], "count": "3"})
    request = RequestFactory().patch("/x/", data=body, content_type=MULTIPART_CONTENT)

    payload = parse_payload(request, _Sample)

    assert payload.model_dump() == {"name": "Ada", "tags": ["a", "b"], "count": 3}


def test_parse_payload_multipart_put_reads_form_fields():
    body = encode_multipart(BOUNDARY, {"name": "Grace"})
    request = RequestFactory().put("/x/", data=body, content_type=MULTIPART_CONTENT)

    payload = parse_payload(request, _Sample)

    assert payload.model_dump() == {"name": "Grace", "tags": [], "count": 0}


def test_parse_payload_json_body():
    request = RequestFactory().patch(
        "/x/", data='{"name": "Ada", "tags": ["x"]}', content_type="application/json"
    )

    payload = parse_payload(request, _Sample)

    assert payload.model_dump() == {"name": "Ada", "tags": ["x"], "count": 0}


def test_parse_payload_invalid_json_raises_bad_request():
    request = RequestFactory().post("/x/", data="{not json", content_type="application/json")

    with pytest.raises(BadRequest) as caught:
        parse_payload(request, _Sample)

    assert caught.value.status == 400
    assert caught.value.detail == "Cannot parse request body: it is not valid JSON."


def test_parse_payload_invalid_fields_raise_field_errors():
    request = RequestFactory().post(
        "/x/", data='{"count": "many"}', content_type="application/json"
    )

    with pytest.raises(FieldErrors) as caught:
        parse_payload(request, _Sample)

    assert caught.value.status == 400
    assert caught.value.errors == {
        "name": ["This field is required."],
        "count": ["A valid integer is required."],
    }
