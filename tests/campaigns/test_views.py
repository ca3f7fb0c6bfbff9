import datetime as dt

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def dic_client(client):
    client.force_login(factories.user(org=factories.dic("24"), role="editor"))
    return client


def test_the_calendar_page_needs_a_login(client):
    response = client.get("/campaigns/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_dic_user_lands_on_its_own_province(dic_client):
    mine = factories.campaign(province_code="24", title="Vải của tỉnh", harvest_start=dt.date(2026, 6, 1))
    factories.campaign(province_code="01", title="Bưởi Hà Nội", harvest_start=dt.date(2026, 6, 1))
    html = dic_client.get("/campaigns/", {"month": "2026-06"}).content.decode()
    assert "Vải của tỉnh" in html and "Bưởi Hà Nội" not in html
    assert f'href="/campaigns/{mine.pk}/"' in html
    assert '<option value="2022:24" selected>' in html
    everyone = dic_client.get("/campaigns/", {"month": "2026-06", "province": ""}).content.decode()
    assert "Bưởi Hà Nội" in everyone


def test_the_month_view_marks_the_harvest_days_and_the_prep_due_day(dic_client):
    factories.campaign(harvest_start=dt.date(2026, 6, 10), harvest_end=dt.date(2026, 6, 12), lead_days=5)
    html = dic_client.get("/campaigns/", {"month": "2026-06"}).content.decode()
    assert html.count("harvest status-planned") == 3
    assert html.count("◆</td>") == 1  # prep_due 2026-06-05
    assert "Tháng 6/2026" in html and "month=2026-05" in html and "month=2026-07" in html


def test_filters_by_status_and_product_and_the_list_view(dic_client):
    live = factories.campaign(harvest_start=dt.date(2026, 6, 1), status="live", title="Đang chạy")
    factories.campaign(harvest_start=dt.date(2026, 6, 1), title="Mới lên kế hoạch")
    html = dic_client.get("/campaigns/", {"month": "2026-06", "status": "live"}).content.decode()
    assert "Đang chạy" in html and "Mới lên kế hoạch" not in html
    listing = dic_client.get("/campaigns/", {"view": "list", "year": "2026"}).content.decode()
    assert 'id="list-view"' in listing and "Đang chạy" in listing and "Mới lên kế hoạch" in listing
    assert "01/06/2026" in listing and f"/campaigns/{live.pk}/" in listing


def test_the_wave_page_shows_its_dates_and_warnings(dic_client):
    wave = factories.campaign(harvest_start=dt.date(2030, 2, 3), title="Cam Tết")
    html = dic_client.get(f"/campaigns/{wave.pk}/").content.decode()
    assert "Cam Tết" in html and "03/02/2030" in html and "tuần nghỉ Tết" in html
    assert dic_client.get("/campaigns/999999/").status_code == 404


def test_the_calendar_opens_on_the_preparation_of_the_next_wave(dic_client):
    """In May with the province's next harvest in August, the calendar opens on the wave's prep month."""
    import time_machine

    factories.campaign(
        province_code="24", title="Nhãn tháng Tám", harvest_start=dt.date(2026, 8, 20), lead_days=30
    )
    with time_machine.travel(dt.datetime(2026, 5, 10, 9, tzinfo=dt.UTC), tick=False):
        html = dic_client.get("/campaigns/").content.decode()
    assert "Tháng 7/2026" in html and "Nhãn tháng Tám" in html


def test_the_wave_page_leads_to_drafting_content_for_it(dic_client):
    wave = factories.campaign(province_code="24", title="Vải")
    html = dic_client.get(f"/campaigns/{wave.pk}/").content.decode()
    assert f'href="/content/items/new/?campaign={wave.pk}"' in html
    assert f'href="/content/waves/{wave.pk}/publications/"' in html
    form = dic_client.get(f"/content/items/new/?campaign={wave.pk}").content.decode()
    # Preselected by its label (title · … · dates), never by its internal number.
    assert 'name="campaign" value="Vải · ' in form and f'name="campaign" value="{wave.pk}"' not in form
    assert 'href="/campaigns/subscribe/"' in html
