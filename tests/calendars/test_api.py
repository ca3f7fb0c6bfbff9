import pytest

from accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    org = factories.organisation()
    return factories.ApiClient(key=factories.api_key(org, Role.VIEWER))


def test_provinces_by_map(client):
    old = client.get("/api/v1/calendars/provinces", {"map": "2022", "limit": 100}).json()
    new = client.get("/api/v1/calendars/provinces", {"map": "2025", "limit": 100}).json()
    assert old["count"] == 63 and len(old["items"]) == 63
    assert new["count"] == 34 and len(new["items"]) == 34
    hagiang = next(p for p in old["items"] if p["code"] == "02")
    assert hagiang["successor"] == {"code": "08", "name": "Tuyên Quang", "map": "2025"}


def test_provinces_active_on_a_date(client):
    before = client.get("/api/v1/calendars/provinces", {"active_on": "2025-06-30"}).json()
    after = client.get("/api/v1/calendars/provinces", {"active_on": "2025-07-01"}).json()
    assert (before["count"], after["count"]) == (63, 34)


def test_pagination(client):
    page = client.get("/api/v1/calendars/provinces", {"map": "2022", "limit": 10, "offset": 60}).json()
    assert page["count"] == 63
    assert [p["code"] for p in page["items"]] == ["94", "95", "96"]


def test_province_detail_with_predecessors_and_successor(client):
    unit = client.get("/api/v1/calendars/provinces/08").json()
    assert unit["map"] == "2025" and unit["successor"] is None
    assert [p["code"] for p in unit["predecessors"]] == ["02", "08"]
    old = client.get("/api/v1/calendars/provinces/08", {"map": "2022"}).json()
    assert old["name"] == "Tuyên Quang" and old["successor"]["code"] == "08" and old["predecessors"] == []
    only_old = client.get("/api/v1/calendars/provinces/02").json()
    assert only_old["map"] == "2022" and only_old["successor"]["name"] == "Tuyên Quang"


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/api/v1/calendars/provinces/99", {}, 404, "code"),
        ("/api/v1/calendars/provinces/02", {"map": "2025"}, 404, "code"),
        ("/api/v1/calendars/provinces", {"map": "1999"}, 400, "map"),
        ("/api/v1/calendars/provinces", {"active_on": "2022-13-45"}, 422, "active_on"),
        ("/api/v1/calendars/provinces", {"active_on": "yesterday"}, 422, "active_on"),
        ("/api/v1/calendars/seasons", {"month": "13"}, 422, "month"),
        ("/api/v1/calendars/seasons", {"month": "may"}, 422, "month"),
        ("/api/v1/calendars/seasons", {"province": "99"}, 404, "province"),
        ("/api/v1/calendars/seasons", {"verified": "perhaps"}, 422, "verified"),
    ],
)
def test_bad_input_is_a_4xx_json_naming_the_field(client, path, params, status, field):
    response = client.get(path, params)
    assert response.status_code == status
    body = response.json()
    assert body["field"] == field
    assert body["detail"]


def test_seasons_filters(client):
    def codes(**params):
        body = client.get("/api/v1/calendars/seasons", {"limit": 100, **params}).json()
        return sorted(s["product"] for s in body["items"])

    assert codes(province="24") == ["Vải thiều Lục Ngạn", "Vải thiều sớm (Tân Yên; Lục Ngạn)"]
    # 2025 unit 24 (Bắc Ninh) covers old Bắc Giang (24) and Bắc Ninh (27).
    assert codes(province="24", map="2025") == sorted(codes(province="24") + codes(province="27"))
    january = codes(month=1)
    assert "Bưởi Diễn" in january  # Nov–Jan wraps the new year
    assert "Dừa Bến Tre" in january  # year-round
    assert "Vải thiều Lục Ngạn" not in january
    assert "Cam sành Vĩnh Long" in codes(month=5, verified="true")
    assert codes(product="durian") == ["Sầu riêng Tiền Giang", "Sầu riêng Đắk Lắk", "Sầu riêng Đồng Nai"]
    assert len(codes(verified="false")) == 45


def test_season_item_shape(client):
    item = client.get("/api/v1/calendars/seasons", {"product": "Bưởi Diễn"}).json()["items"][0]
    assert item["months"] == [11, 12, 1]
    assert item["province"] == {"code": "01", "name": "Hà Nội", "map": "2022"}
    assert item["successor"]["map"] == "2025"


def test_week_endpoint_gives_bounds_in_vietnam_time(client):
    body = client.get("/api/v1/calendars/weeks/2022-W09").json()
    assert body["label"] == "Tuần 09/2022"
    assert body["start"] == "2022-02-28T00:00:00+07:00"
    assert body["month"] == "2022-03" and body["months_touched"] == ["2022-02", "2022-03"]
    assert body["quarter"] == "2022-Q1" and body["weeks_in_year"] == 52
    assert client.get("/api/v1/calendars/weeks", {"date": "2021-01-03"}).json()["week"] == "2020-W53"


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/api/v1/calendars/weeks/2022-W54", {}, 400, "week"),
        ("/api/v1/calendars/weeks/2021-W53", {}, 400, "week"),
        ("/api/v1/calendars/weeks/abc", {}, 400, "week"),
        ("/api/v1/calendars/weeks", {"date": "2022-02-30"}, 422, "date"),
        ("/api/v1/calendars/weeks", {}, 422, "date"),
    ],
)
def test_malformed_weeks_and_dates_are_4xx_naming_the_field(client, path, params, status, field):
    response = client.get(path, params)
    assert response.status_code == status
    assert response.json()["field"] == field
