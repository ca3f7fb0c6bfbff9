"""The plan-year view: every wave of a province or of the country for one year, by month, with waves at
risk flagged in words (the at-risk rule of campaigns.selectors, with content's approved-content test)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_dic():
    client = Client()
    client.force_login(factories.user(org=factories.dic("24"), role=Role.EDITOR))
    return client


def test_the_year_groups_a_provinces_waves_by_month(client_dic):
    factories.campaign(province_code="24", title="Vải tháng sáu", harvest_start=dt.date(2026, 6, 1))
    factories.campaign(province_code="24", title="Na tháng tám", harvest_start=dt.date(2026, 8, 5))
    factories.campaign(province_code="01", title="Bưởi Hà Nội", harvest_start=dt.date(2026, 8, 5))
    factories.campaign(province_code="24", title="Vải năm sau", harvest_start=dt.date(2027, 6, 1))
    html = client_dic.get("/campaigns/year/2026/").content.decode()  # a DIC opens on its own province
    assert html.count('class="year-month') == 12
    june, august = html.index('id="month-6"'), html.index('id="month-8"')
    assert (
        june < html.index("Vải tháng sáu") < html.index('id="month-7"') < august < html.index("Na tháng tám")
    )
    assert "Bưởi Hà Nội" not in html and "Vải năm sau" not in html
    country = client_dic.get("/campaigns/year/2026/", {"province": ""}).content.decode()
    assert "Bưởi Hà Nội" in country and "Cả nước" in country
    hanoi = client_dic.get("/campaigns/year/2026/", {"province": "2022:01"}).content.decode()
    assert "Bưởi Hà Nội" in hanoi and "Na tháng tám" not in hanoi
    assert client_dic.get("/campaigns/year/2026/", {"province": "2022:99"}).status_code == 404


def test_waves_at_risk_are_flagged_with_the_reason_until_content_is_approved(client_dic):
    from content.services import content_submit, review_decide

    today = timezone.localdate()
    wave = factories.campaign(
        province_code="24",
        title="Vải sắp thu hoạch",
        harvest_start=today + dt.timedelta(days=20),
        status="preparing",
    )
    url = f"/campaigns/year/{wave.harvest_start.year}/"
    html = client_dic.get(url).content.decode()
    assert "⚠ Nguy cơ" in html and f"Đã qua hạn chuẩn bị ({wave.prep_due:%d/%m/%Y})" in html
    assert "1 đợt có nguy cơ" in html
    author = factories.user(org=factories.dic("24"), role=Role.EDITOR)
    item = factories.content_item(author=author, campaign=wave.pk)
    content_submit(actor=factories.actor(author), item=item)
    review_decide(
        actor=factories.actor(factories.approver()), item=item, decision="approve", revision_number=1
    )
    assert "Nguy cơ" not in client_dic.get(url).content.decode().split('id="m1"')[1]


def test_the_calendar_links_to_its_year(client_dic):
    html = client_dic.get("/campaigns/", {"month": "2026-06"}).content.decode()
    assert 'href="/campaigns/year/2026/?province=2022%3A24"' in html
    assert client_dic.get("/campaigns/year/1900/").status_code == 404
