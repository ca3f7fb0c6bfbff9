"""Issue 17, "Done when": one test per clause, each named after it."""

import datetime as dt
import re

import pytest
from django.core.management import call_command

from accounts.models import Notification, Role
from calendars.models import Province, Season
from content.services import content_submit
from plan.models import Indicator
from reports import rollups
from tests import factories
from tests.factories import ApiClient, actor

pytestmark = pytest.mark.django_db

# The plan's quantified indicators (a target to meet) and those it asks to track (issue 17, item 1).
QUANTIFIED = {
    *("active_accounts", "ocop_3star_listed_share", "ocop_quality_info_share", "households_trained_share"),
    *("households_full_skills_share", "cooperative_basic_trained_share"),
    *("cooperative_advanced_trained_share",),
    *("household_data_digitised_share", "flagship_products", "origin_info_share", "provincial_programmes"),
    *("news_items", "theme_news_items", "sales_programmes", "supplier_campaigns"),
}
TRACKED = {
    *("households_digitised", "households_onboarded", "conversion_rate", "households_trained_basic"),
    *("households_trained_advanced", "products_listed", "ocop_products_listed", "orders"),
    *("transaction_value_vnd", "input_suppliers_listed"),
}
# A citation names the part of the plan's text; an annex, section or task number is never invented.
CITATION = re.compile(r"^QĐ 350/QĐ-BTTTT, (Kế hoạch – |Phụ lục kế hoạch truyền thông – )")
NUMBERED = re.compile(r"(Phụ lục|Mục|Nhiệm vụ|Điều|Khoản)\s+[0-9IVX]+\b")
# Figures only the postal firms report, nationally: a province has none of its own.
FIRMS_FIGURES = {"active_accounts", "households_trained_share", "households_full_skills_share"}


@pytest.fixture
def national_client():
    return ApiClient(factories.api_key(factories.national()))


def test_done_when_progress_lists_every_quantified_indicator_citing_its_annex_nationally_and_for_a_province_from_the_demo_data(  # noqa: E501
    settings, national_client
):
    settings.DEBUG = True
    call_command("seed_demo")
    url = "/api/v1/reports/plan/2022/progress"
    national = national_client.get(url, {"as_of": "2022-12-31"}).json()["indicators"]
    province = national_client.get(url, {"as_of": "2022-12-31", "province": "24"}).json()["indicators"]
    every = set(Indicator.objects.filter(edition__code="2022").values_list("code", flat=True))
    assert every == QUANTIFIED | TRACKED
    for rows in (national, province):
        assert {r["code"] for r in rows} == every
        for row in rows:
            assert CITATION.match(row["annex"]) and not NUMBERED.search(row["annex"]), row["annex"]
            assert row["line"], row["code"]
            if row["code"] in QUANTIFIED:
                assert row["target"] is not None and row["target"] > 0, row["code"]
            else:
                assert row["target"] is None, row["code"]
    by_code = {r["code"]: r for r in national}
    missing = [c for c in QUANTIFIED | TRACKED if by_code[c]["actual"] is None]
    assert missing == [], f"no actual nationally from the demo data: {missing}"
    assert by_code["theme_news_items"]["actual"] > 0 and by_code["households_trained_share"]["actual"] > 0
    bac_giang = {r["code"]: r for r in province}
    for code in QUANTIFIED - FIRMS_FIGURES:
        assert bac_giang[code]["actual"] is not None, code
    for code in FIRMS_FIGURES:
        assert bac_giang[code]["note"] == "Chưa có số liệu."  # said, never a made-up zero


def test_done_when_a_postal_firm_s_key_creates_a_sales_programme_wave_201_that_counts_toward_its_quarterly_target(  # noqa: E501
    national_client,
):
    vnpost = factories.reporting_org(code="vnpost")
    firm = ApiClient(factories.api_key(vnpost))
    wave = {
        "title": "Postmart: Tuần lễ nông sản mùa hè",
        "kind": "sales_programme",
        "harvest_start": "2022-05-10",
        "harvest_end": "2022-05-24",
    }
    response = firm.post("/api/v1/campaigns/", wave)
    assert response.status_code == 201, response.content
    (row,) = rollups.quarter_review(year=2022, quarter=2, organisations=[vnpost])
    assert (row.sales_waves, row.sales_target, row.sales_met) == (1, 1, True)
    progress = national_client.get("/api/v1/reports/plan/2022/progress", {"period": "2022-Q2"}).json()
    sales = next(r for r in progress["indicators"] if r["code"] == "sales_programmes")
    assert (sales["actual"], sales["target"], sales["target_origin"]) == (1, 1, "history")  # one firm


def test_done_when_routing_sends_a_bac_giang_loudspeaker_bulletin_to_the_bac_giang_dic_s_approver_and_an_sms_to_the_postal_department():  # noqa: E501
    dic = factories.dic("24")
    dic_approver = factories.user(org=dic, role=Role.APPROVER)
    department_approver = factories.approver()
    author = actor(factories.user(org=dic))
    bulletin = factories.content_item(org=dic, channel="grassroots")
    review = content_submit(actor=author, item=bulletin)
    assert review.approver_organisation == dic
    assert Notification.objects.filter(user=dic_approver, verb="content_submitted").count() == 1
    assert not Notification.objects.filter(user=department_approver, verb="content_submitted").exists()
    sms = factories.content_item(org=dic, channel="sms")
    review = content_submit(actor=author, item=sms)
    assert review.approver_organisation.kind == "postal_department"
    assert Notification.objects.filter(user=department_approver, verb="content_submitted").count() == 1


def test_done_when_every_one_of_the_63_provinces_has_at_least_one_sourced_season():
    provinces = Province.objects.filter(map="2022")
    assert provinces.count() == 63
    sourced = Season.objects.exclude(source="").values_list("province_id", flat=True)
    assert [p.name for p in provinces if p.pk not in set(sourced)] == []
    units = Province.objects.filter(map="2025").prefetch_related("predecessors")
    assert all(any(p.pk in set(sourced) for p in unit.predecessors.all()) for unit in units)


def test_done_when_the_2022_plan_s_milestones_appear_with_owners_and_due_weeks(national_client):
    rows = national_client.get("/api/v1/reports/milestones", {"year": 2022}).json()
    weeks = {m["due_week"] for m in rows}
    for week in ("07", "09", "12", "13", "17", "26", "29", "33", "39", "52"):
        assert f"2022-W{week}" in weeks
    assert {"training-phase-1", "training-phase-2"} <= {m["code"] for m in rows}
    for m in rows:
        assert re.fullmatch(r"2022-W\d{2}", m["due_week"]) and m["owner_label"] and m["owner_kind"]
        assert m["status"] in ("not_started", "in_progress", "done", "late")
    phase_1 = next(m for m in rows if m["code"] == "training-phase-1")
    assert (phase_1["start_week"], phase_1["due_week"]) == ("2022-W01", "2022-W22")  # January to May
    assert dt.date.fromisocalendar(2022, 22, 7) >= dt.date(2022, 5, 31)
