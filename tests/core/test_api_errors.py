"""Inputs that fuzzing turned into 500s are 4xx with the JSON error shape (issue 13, finding 11).

Each class is fixed once, at its depth: the shared pagination schema (core/pagination.py), the Year type
(calendars/schemas.py), the text guard on URLs and API bodies (core/textguard.py),
the one exception handler (config/api.py) and the target service's reference check.
"""

import pytest

from accounts.models import OrganisationKind, Role
from config.api import api
from tests import factories
from tests.factories import ApiClient

pytestmark = pytest.mark.django_db

BEYOND_BIGINT = str(2**64)


def _paginated_lists() -> list[str]:
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        names = {p["name"] for p in (get or {}).get("parameters", [])}
        if {"limit", "offset"} <= names and "{" not in path:
            found.append(path)
    return sorted(found)


LISTS = _paginated_lists()


@pytest.fixture
def national():
    """A working-group editor's API key: reaches every list."""
    return ApiClient(factories.api_key(factories.organisation(OrganisationKind.WORKING_GROUP)))


def _assert_json_error(response, status, field=None):
    assert response.status_code == status, response.content[:500]
    body = response.json()
    assert body["detail"], body
    if field is not None:
        assert body.get("field") == field, body


def test_every_list_endpoint_is_paginated_through_the_bounded_schema():
    assert len(LISTS) >= 9


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("param", ["limit", "offset"])
def test_pagination_beyond_bigint_is_a_422_naming_the_field(national, path, param):
    _assert_json_error(national.get(path, {param: BEYOND_BIGINT}), 422, field=param)


@pytest.mark.parametrize("path", LISTS)
def test_a_far_offset_within_bigint_is_an_empty_page(national, path):
    response = national.get(path, {"offset": str(2**62)})
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/reports/tally/completeness?year=0",
        "/api/v1/campaigns/?year=0",
        "/api/v1/reports/weekly?year=0",
        "/api/v1/reports/quarterly/0/1",
        "/api/v1/reports/quarterly/2022/9",
        f"/api/v1/campaigns/?year={BEYOND_BIGINT}",
    ],
)
def test_impossible_years_and_quarters_are_422(national, path):
    _assert_json_error(national.get(path), 422)


def test_a_nul_byte_in_an_audience_filter_is_a_400(national):
    dic = factories.dic("01")
    body = {"organisation": dic.code, "tags": ["lúa\x00"], "provinces": []}
    response = national.post("/api/v1/dispatch/audiences/count", body)
    _assert_json_error(response, 400, field="tags.0")


def test_a_lone_surrogate_in_a_json_body_is_a_400(national):
    dic = factories.dic("01")
    raw = '{"organisation": "' + dic.code + '", "name": "\\ud8d3S"}'
    response = national.generic(
        "POST",
        "/api/v1/dispatch/audiences",
        raw,
        content_type="application/json",
        headers={"X-API-Key": national.key},
    )
    _assert_json_error(response, 400, field="name")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/dispatch/contacts?q=%00",
        "/api/v1/content/items?status=%00",
        "/api/v1/dispatch/suppressions/%00/remove",
    ],
)
def test_a_nul_byte_in_the_url_is_a_400(national, path):
    method = national.post if path.endswith("/remove") else national.get
    _assert_json_error(method(path), 400)


def test_a_nul_byte_in_a_page_url_is_a_400_too():
    assert ApiClient().get("/tu-choi-tin-nhan/?x=%00").status_code == 400


def test_multipart_without_a_boundary_is_a_400(national):
    response = national.generic(
        "POST",
        "/api/v1/dispatch/imports",
        b"--x\r\n",
        content_type="multipart/form-data",
        headers={"X-API-Key": national.key},
    )
    _assert_json_error(response, 400)


@pytest.mark.parametrize("field", ["province_id", "campaign_id"])
def test_a_target_naming_a_missing_province_or_wave_is_a_400(field):
    user = factories.user(org=factories.postal_department(), role=Role.ADMIN)
    client = ApiClient()
    client.force_login(user)
    body = {
        "metric": "news_items",
        "scope": "national",
        "period": "week",
        "minimum": 2,
        "active_from": "2022-01-01",
        "active_until": "2022-12-31",
        field: 987654321,
    }
    response = client.post("/api/v1/reports/targets", body)
    _assert_json_error(response, 400, field=field)


@pytest.mark.parametrize("field", ["news_per_week", "harvest_start", "title", "lead_time_days"])
def test_an_explicit_null_in_a_wave_patch_is_a_422_naming_the_field(national, field):
    body = {"title": "x", "harvest_start": "2022-06-01", "harvest_end": "2022-07-15", "province": "24"}
    wave = national.post("/api/v1/campaigns/", body).json()
    response = national.patch(f"/api/v1/campaigns/{wave['id']}", {field: None})
    _assert_json_error(response, 422, field=field)


def test_null_still_clears_what_may_be_empty_on_an_item(national):
    from content.schemas import ItemPatch

    assert ItemPatch(planned_at=None, campaign=None).model_fields_set == {"planned_at", "campaign"}
    with pytest.raises(ValueError, match="null"):
        ItemPatch(title=None)
