"""A browser client on an allowed origin can read the page metadata and the throttle's wait:
CORS exposes the headers the contract puts them in (section 3), not only the body."""

import pytest

pytestmark = pytest.mark.django_db

ORIGIN = "http://localhost:3000"  # settings.base's default CORS_ALLOWED_ORIGINS


def _exposed(response) -> set[str]:
    return {name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")}


def test_a_list_exposes_its_page_headers_to_an_allowed_origin(employer_api):
    response = employer_api.get("/api/channels/jobs/?page_size=1", headers={"Origin": ORIGIN})

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert response["X-Total-Count"] == "0"
    assert {"x-total-count", "x-total-count-estimated", "link", "retry-after"} <= _exposed(response)


def test_another_origin_is_told_nothing(employer_api):
    response = employer_api.get("/api/channels/jobs/", headers={"Origin": "https://evil.example"})

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Expose-Headers" not in response
