import csv
import datetime as dt
import io

import pytest

from campaigns.models import Campaign
from tests import factories
from tests.factories import ApiClient

pytestmark = pytest.mark.django_db

BASE = "/api/v1/campaigns"
ROOT = f"{BASE}/"  # list and create


@pytest.fixture
def bac_giang(db):
    return ApiClient(factories.api_key(factories.dic("24")))


@pytest.fixture
def working_group(db):
    return ApiClient(factories.api_key(factories.national()))


def wave_body(**extra):
    return {
        "title": "Vải thiều vào mùa",
        "province": "24",
        "harvest_start": "2030-06-01",
        "harvest_end": "2030-06-30",
        "channels": ["press", "television"],
    } | extra


def test_a_dic_schedules_its_own_province_and_gets_403_on_another(bac_giang):
    created = bac_giang.post(ROOT, wave_body())
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["prep_due"], body["status"], body["province"]["code"], body["warnings"]) == (
        "2030-05-02",
        "planned",
        "24",
        [],
    )
    other = bac_giang.post(ROOT, wave_body(province="01"))
    assert other.status_code == 403
    assert "Hà Nội" in other.json()["detail"]
    hanoi = factories.campaign(province_code="01")
    assert bac_giang.patch(f"{BASE}/{hanoi.pk}", {"title": "x"}).status_code == 403
    assert bac_giang.post(f"{BASE}/{hanoi.pk}/cancel", {"reason": "x"}).status_code == 403
    assert Campaign.objects.count() == 2


def test_unauthenticated_requests_get_401(api):
    assert api.get(ROOT).status_code == 401


@pytest.mark.parametrize(
    "extra, status, field",
    [
        ({"harvest_end": "2030-05-01"}, 400, "harvest_end"),
        ({"province": "99"}, 404, "province"),
        ({"season_id": 999999}, 404, "season_id"),
        ({"lead_time_days": 200}, 400, "lead_time_days"),
        ({"map": "2030"}, 400, "map"),
        ({"harvest_start": "not a date"}, 422, "harvest_start"),
    ],
)
def test_bad_input_is_4xx_with_the_field_and_nothing_saved(bac_giang, extra, status, field):
    response = bac_giang.post(ROOT, wave_body(**extra))
    assert response.status_code == status, response.content
    assert response.json()["field"].endswith(field)
    assert Campaign.objects.count() == 0


def test_update_reschedules_and_returns_warnings(bac_giang):
    wave_id = bac_giang.post(ROOT, wave_body()).json()["id"]
    response = bac_giang.patch(f"{BASE}/{wave_id}", {"harvest_start": "2030-02-04", "lead_time_days": 10})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["harvest_start"], body["prep_due"]) == ("2030-02-04", "2030-01-25")
    assert [w["code"] for w in body["warnings"]] == ["tet_week"]


def test_editing_a_cancelled_wave_is_409(bac_giang):
    wave_id = bac_giang.post(ROOT, wave_body()).json()["id"]
    cancelled = bac_giang.post(f"{BASE}/{wave_id}/cancel", {"reason": "bão số 3"})
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    response = bac_giang.patch(f"{BASE}/{wave_id}", {"title": "again"})
    assert (response.status_code, response.json()["field"]) == (409, "status")
    assert bac_giang.post(f"{BASE}/{wave_id}/cancel", {"reason": "again"}).status_code == 409


def test_marking_ready_only_from_preparing(bac_giang):
    wave = factories.campaign(status="preparing")
    assert bac_giang.post(f"{BASE}/{wave.pk}/ready").json()["status"] == "ready"
    assert bac_giang.post(f"{BASE}/{wave.pk}/ready").status_code == 409


def test_plan_endpoint_is_idempotent_and_national_only(bac_giang, working_group):
    assert bac_giang.post(f"{BASE}/plan", {"year": 2022}).status_code == 403
    first = working_group.post(f"{BASE}/plan", {"year": 2022}).json()
    assert first["created"] == Campaign.objects.count() > 40 and first["unchanged"] == 0
    second = working_group.post(f"{BASE}/plan", {"year": 2022}).json()
    assert (second["created"], second["unchanged"]) == (0, first["created"])
    bad = working_group.post(f"{BASE}/plan", {"year": 1999})
    assert (bad.status_code, bad.json()["field"]) == (400, "year")


def test_list_filters_and_paginates(bac_giang):
    factories.campaign(province_code="24", harvest_start=dt.date(2026, 6, 1), status="live")
    factories.campaign(province_code="24", harvest_start=dt.date(2027, 6, 1))
    factories.campaign(province_code="01", harvest_start=dt.date(2026, 7, 1))
    factories.campaign(province_code=None, harvest_start=dt.date(2026, 8, 1))
    listing = bac_giang.get(ROOT, {"year": 2026, "limit": 2}).json()
    assert listing["count"] == 3 and len(listing["items"]) == 2
    assert bac_giang.get(ROOT, {"province": "24"}).json()["count"] == 2
    assert bac_giang.get(ROOT, {"status": "live"}).json()["count"] == 1
    assert bac_giang.get(ROOT, {"national": True}).json()["count"] == 1
    window = bac_giang.get(ROOT, {"date_from": "2026-07-15", "date_to": "2026-08-15"}).json()
    assert window["count"] == 2
    assert bac_giang.get(ROOT, {"status": "asleep"}).json()["field"] == "status"


def test_the_2025_map_filter_includes_the_merged_provinces(bac_giang):
    bac_giang_wave = factories.campaign(province_code="24")
    unit = bac_giang_wave.province.successor
    items = bac_giang.get(ROOT, {"province": unit.code, "map": "2025"}).json()["items"]
    assert [i["id"] for i in items] == [bac_giang_wave.pk]


def test_get_one_wave_and_404_for_a_missing_one(bac_giang):
    wave = factories.campaign()
    assert bac_giang.get(f"{BASE}/{wave.pk}").json()["title"] == wave.title
    missing = bac_giang.get(f"{BASE}/999999")
    assert (missing.status_code, missing.json()["field"]) == (404, "id")


def test_csv_export_holds_the_filtered_waves(bac_giang):
    factories.campaign(province_code="24", title="Vải 2026", harvest_start=dt.date(2026, 6, 1))
    factories.campaign(province_code="01", title="Bưởi 2026", harvest_start=dt.date(2026, 9, 1))
    response = bac_giang.get(f"{BASE}/export.csv", {"province": "24"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["title"], r["province"], r["harvest_start"], r["prep_due"]) for r in rows] == [
        ("Vải 2026", "Bắc Giang", "2026-06-01", "2026-05-02")
    ]


def test_wave_notices_are_listed_in_the_accounts_notifications_and_marked_read(db, mailoutbox):
    from campaigns.notices import notification_send_prep_due

    dic = factories.dic("24")
    user = factories.user(org=dic, role="editor", email="e@bg.vn")
    wave = factories.campaign(organisation=dic)
    notification_send_prep_due(campaign_id=wave.pk)
    client = ApiClient()
    client.force_login(user)
    listing = client.get("/api/v1/accounts/notifications", {"unread": True}).json()
    assert [i["link"] for i in listing["items"]] == [f"/campaigns/{wave.pk}/"]
    client.post(f"/api/v1/accounts/notifications/{listing['items'][0]['id']}/read")
    assert client.get("/api/v1/accounts/notifications", {"unread": True}).json()["items"] == []
    assert client.get(f"{BASE}/notifications").status_code in (404, 422)  # the old endpoint is gone


def test_calendar_tokens_are_issued_once_listed_and_revoked(db):
    dic = factories.dic("24")
    user = factories.user(org=dic, role="editor")
    client = ApiClient(enforce_csrf_checks=False)
    client.force_login(user)
    created = client.post(f"{BASE}/calendar-tokens", {"organisation": dic.code, "name": "Outlook"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["token"] in body["national_url"] and body["province_url"].endswith("/2022/24.ics")
    listed = client.get(f"{BASE}/calendar-tokens").json()
    assert [t["id"] for t in listed] == [body["id"]] and "token" not in listed[0]
    assert client.get(body["province_url"]).status_code == 200
    assert client.post(f"{BASE}/calendar-tokens/{body['id']}/revoke").json()["revoked_at"]
    assert client.get(body["province_url"]).status_code == 404


def test_a_wave_scheduled_with_a_key_records_the_key_and_its_organisation():
    """Issue 13, finding 12: a write made with an API key names the key (it had an empty author)."""
    from accounts.models import ApiKey
    from campaigns.models import Campaign

    dic = factories.dic("24")
    client = ApiClient(factories.api_key(dic))
    assert client.post(ROOT, wave_body()).status_code == 201
    wave = Campaign.objects.get()
    assert wave.created_by is None and wave.created_by_key == ApiKey.objects.get(organisation=dic)
    assert wave.created_by_key.organisation == dic
