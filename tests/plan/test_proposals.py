"""Issue 17: DICs propose seasons or corrections for their province; the working group verifies them."""

import pytest

from calendars.models import Season
from tests import factories
from tests.factories import ApiClient

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/plan/season-proposals"


def test_a_dic_proposes_a_season_and_the_working_group_verifies_it_into_the_calendar():
    dic = factories.dic("24")
    body = {
        "organisation": dic.code,
        "province": "24",
        "product_name": "Gà đồi Yên Thế",
        "category": "other",
        "start_month": 11,
        "end_month": 1,
        "peak": "Tết",
        "source": "Chỉ dẫn/nhãn hiệu chứng nhận Gà đồi Yên Thế; bacgiang.gov.vn",
    }
    created = ApiClient(factories.api_key(dic)).post(URL, body)
    assert created.status_code == 201, created.content
    proposal = created.json()
    assert (
        proposal["status"] == "pending" and not Season.objects.filter(product__name="Gà đồi Yên Thế").exists()
    )
    group = ApiClient(factories.api_key(factories.national()))
    decided = group.post(f"{URL}/{proposal['id']}/decide", {"accept": True})
    assert decided.json()["status"] == "accepted"
    season = Season.objects.get(product__name="Gà đồi Yên Thế")
    assert (season.months, season.verified, season.province.code) == ([11, 12, 1], True, "24")


def test_a_correction_updates_the_season_and_a_dic_may_not_propose_for_another_province():
    dic = factories.dic("33")
    longan = Season.objects.get(product__name="Nhãn lồng Hưng Yên")
    client = ApiClient(factories.api_key(dic))
    body = {
        "organisation": dic.code,
        "province": "33",
        "season_id": longan.pk,
        "product_name": longan.product.name,
        "start_month": 7,
        "end_month": 8,
        "calendar_note": "lunar 6-7",
        "source": "Sở NN&PTNT Hưng Yên",
    }
    proposal = client.post(URL, body).json()
    refused = client.post(URL, {**body, "province": "24", "season_id": None})
    assert refused.status_code == 403
    dic_decides = client.post(f"{URL}/{proposal['id']}/decide", {"accept": True})
    assert dic_decides.status_code == 403
    group = ApiClient(factories.api_key(factories.national()))
    no_reason = group.post(f"{URL}/{proposal['id']}/decide", {"accept": False})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "comment"
    assert group.post(f"{URL}/{proposal['id']}/decide", {"accept": True}).status_code == 200
    longan.refresh_from_db()
    assert (longan.source, longan.verified) == ("Sở NN&PTNT Hưng Yên", True)


def test_a_dic_editor_proposes_through_the_page_and_sees_it_listed(client):
    dic = factories.dic("24")
    client.force_login(factories.user(org=dic))
    form = {"product_name": "Mỳ Chũ", "start_month": 10, "end_month": 1, "source": "bacgiang.gov.vn"}
    bad = client.post("/reports/plan/seasons/proposals/", {**form, "start_month": 13})
    assert bad.status_code == 200 and "Mỳ Chũ" in bad.content.decode()  # what was typed is kept
    done = client.post("/reports/plan/seasons/proposals/", form, follow=True)
    assert "Đã gửi đề xuất" in done.content.decode()
    assert "<td>Mỳ Chũ</td>" in done.content.decode()
