import datetime as dt

import pytest
import time_machine

from accounts.models import Notification
from plan.jobs import plan_milestones_daily
from plan.models import Milestone
from tests import factories
from tests.factories import ApiClient
from tests.plan.conftest import weekly

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_client():
    org = factories.national()
    return ApiClient(factories.api_key(org))


def test_progress_lists_every_indicator_with_its_annex_nationally_and_for_a_province(national_client, firm):
    weekly(firm, "2022-W20", active_accounts=7_000_000, orders=10)
    body = national_client.get("/api/v1/reports/plan/2022/progress", {"as_of": "2022-06-30"}).json()
    assert len(body["indicators"]) == 25 and body["province"] is None
    assert all(row["annex"].startswith("QĐ 350/QĐ-BTTTT") for row in body["indicators"])
    accounts = next(r for r in body["indicators"] if r["code"] == "active_accounts")
    assert (accounts["actual"], accounts["target"], accounts["percent"]) == (7e6, 1e7, 70.0)
    assert accounts["trend"][4] == {"period": "2022-05", "actual": 7e6}
    province = national_client.get(
        "/api/v1/reports/plan/2022/progress", {"province": "24", "period": "2022-H1"}
    )
    assert province.status_code == 200
    body = province.json()
    assert (body["province"], body["map"], body["period"]) == ("24", "2022", "2022-H1")
    assert next(r for r in body["indicators"] if r["code"] == "active_accounts")["actual"] is None


@pytest.mark.parametrize(
    "params,status,field",
    [({"period": "2022-Q5"}, 400, "period"), ({"province": "99"}, 400, "province")],
)
def test_bad_progress_queries_name_the_field(national_client, params, status, field):
    response = national_client.get("/api/v1/reports/plan/2022/progress", params)
    assert response.status_code == status and response.json()["field"] == field


def test_an_unknown_edition_is_404(national_client):
    assert national_client.get("/api/v1/reports/plan/2031/progress").status_code == 404


def test_a_later_plan_is_entered_through_the_api_by_the_postal_department_only():
    department = factories.postal_department()
    admin = ApiClient(factories.api_key(department))
    edition = {
        "code": "2023",
        "title": "Kế hoạch năm 2023",
        "starts_on": "2023-01-02",
        "ends_on": "2023-12-31",
    }
    firm = ApiClient(factories.api_key(factories.reporting_org()))
    assert firm.post("/api/v1/reports/plan/editions", edition).status_code == 403
    assert admin.post("/api/v1/reports/plan/editions", edition).status_code == 201
    indicator = {
        "code": "active_accounts",
        "name": "Tài khoản hoạt động",
        "annex": "Kế hoạch 2023 – Mục tiêu",
        "unit": "count",
        "target_value": 12_000_000,
        "period": "plan",
        "scope": "national",
        "source": "figure_latest",
        "figure": "active_accounts",
    }
    assert admin.post("/api/v1/reports/plan/2023/indicators", indicator).status_code == 201
    assert (
        admin.post("/api/v1/reports/plan/2023/indicators", {**indicator, "unit": "kg"}).json()["field"]
        == "unit"
    )
    body = admin.get("/api/v1/reports/plan/2023/progress").json()
    assert [r["code"] for r in body["indicators"]] == ["active_accounts"]


def test_milestones_of_2022_with_owners_due_weeks_and_status(national_client):
    body = national_client.get("/api/v1/reports/milestones", {"year": 2022}).json()
    flagship = next(m for m in body if m["code"] == "w09-flagship-products")
    assert (flagship["due_week"], flagship["owner_kind"], flagship["status"]) == (
        "2022-W09",
        "dic",
        "not_started",
    )
    assert flagship["late"] is True  # 2022 is long past and nobody marked it done
    done = national_client.patch(
        "/api/v1/reports/plan/2022/milestones/w09-flagship-products", {"status": "done"}
    )
    assert done.status_code == 400 and done.json()["field"] == "evidence"
    done = national_client.patch(
        "/api/v1/reports/plan/2022/milestones/w09-flagship-products",
        {"status": "done", "evidence": "Công văn 123/STTTT"},
    )
    assert done.json()["status"] == "done" and done.json()["late"] is False


def test_a_dic_updates_its_own_kind_s_milestone_but_not_the_department_s():
    dic = ApiClient(factories.api_key(factories.dic("24")))
    ok = dic.patch("/api/v1/reports/plan/2022/milestones/w09-flagship-products", {"status": "in_progress"})
    assert ok.status_code == 200
    refused = dic.patch("/api/v1/reports/plan/2022/milestones/w13-q1-review", {"status": "in_progress"})
    assert refused.status_code == 403


def test_owners_are_reminded_before_the_due_week_and_when_late_once_each():
    owner = factories.dic("24")
    user = factories.user(org=owner, email="dic@mua.test")
    with time_machine.travel(dt.datetime(2022, 2, 28, 11, 10, tzinfo=dt.UTC)):  # Monday of 2022-W09
        first = plan_milestones_daily()
        again = plan_milestones_daily()
    assert "w09-flagship-products" in first["due_soon"] and again["due_soon"] == first["due_soon"]
    assert Notification.objects.filter(user=user, verb="milestone_due_soon").count() == 1
    with time_machine.travel(dt.datetime(2022, 3, 8, 11, 10, tzinfo=dt.UTC)):
        plan_milestones_daily()
    assert Milestone.objects.get(code="w09-flagship-products").status == "late"
    assert (
        Notification.objects.filter(
            user=user, verb="milestone_late", title__contains="Tuần 9/2022 (28/2–6/3)"
        ).count()
        == 1
    )


def test_flagship_products_are_recorded_by_the_province_s_dic_only():
    own = ApiClient(factories.api_key(factories.dic("24")))
    other = ApiClient(factories.api_key(factories.dic("33")))
    body = {"province": "24", "product": "Gà đồi Yên Thế", "note": "OCOP 4 sao"}
    assert other.post("/api/v1/reports/plan/2022/flagship", body).status_code == 403
    assert own.post("/api/v1/reports/plan/2022/flagship", body).status_code == 201
    listed = own.get("/api/v1/reports/plan/2022/flagship", {"province": "24"}).json()
    assert listed == [
        {"province": "24", "province_name": "Bắc Giang", "product": "Gà đồi Yên Thế", "note": "OCOP 4 sao"}
    ]


def test_the_progress_page_shows_every_indicator_with_a_small_chart(client, firm):
    weekly(firm, "2022-W20", active_accounts=7_000_000)
    user = factories.user(org=factories.national())
    client.force_login(user)
    page = client.get("/reports/plan/2022/", {"province": "24", "map": "2025"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<tr data-code=") == 25
    national = client.get("/reports/plan/2022/").content.decode()
    assert '<svg class="spark"' in national and "w09-flagship-products" not in national
    assert "Mỗi tỉnh chọn 3–10 sản phẩm nông sản chủ lực" in national
