"""Issue 17, gap 2: milestones per owner (an organisation its own, the national team all), status and
evidence by the owner, reminders before due and when late (once, from the cron schedule), iCalendar."""

import datetime as dt
import importlib

import pytest
import time_machine

from accounts.models import Notification, Role
from config.cron import SCHEDULE
from plan.jobs import plan_milestones_daily
from plan.models import Milestone
from tests import factories
from tests.factories import ApiClient

pytestmark = pytest.mark.django_db


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {m["code"] for m in response.json()}


def test_an_organisation_sees_its_own_milestones_and_the_national_team_sees_every_one():
    everything = set(Milestone.objects.filter(edition__code="2022").values_list("code", flat=True))
    dic = ApiClient(factories.api_key(factories.dic("24")))
    firm = ApiClient(factories.api_key(factories.reporting_org(code="vnpost")))
    national = ApiClient(factories.api_key(factories.national()))
    department = factories.postal_department()
    dic_kind = set(Milestone.objects.filter(owner_kind="dic").values_list("code", flat=True))
    assert codes(dic.get("/api/v1/reports/milestones", {"year": 2022})) == dic_kind
    firm_rows = firm.get("/api/v1/reports/milestones", {"year": 2022}).json()
    assert {m["owner_kind"] for m in firm_rows} == {"postal_firm"} and all(m["editable"] for m in firm_rows)
    assert codes(national.get("/api/v1/reports/milestones", {"year": 2022})) == everything
    owned = codes(national.get("/api/v1/reports/milestones", {"year": 2022, "owner": department.code}))
    assert owned == set(
        Milestone.objects.filter(owner_kind="postal_department").values_list("code", flat=True)
    )
    refused = dic.get("/api/v1/reports/milestones", {"owner": department.code})
    assert refused.status_code == 403
    assert codes(national.get("/api/v1/reports/milestones", {"year": 2023})) == set()


def test_every_2022_milestone_says_which_words_are_the_plan_s_and_which_are_not_checked():
    national = ApiClient(factories.api_key(factories.national()))
    rows = national.get("/api/v1/reports/milestones", {"year": 2022}).json()
    assert all(m["note"] and m["annex"].startswith("QĐ 350/QĐ-BTTTT") for m in rows)
    summarised = [m for m in rows if "chưa đối chiếu nguyên văn" in m["note"]]
    assert len(summarised) >= 8  # the tasks whose exact wording is not known say so
    assert not any("tóm tắt" in m["annex"] for m in rows)  # the citation is a citation, not a caveat


def test_the_owner_updates_status_and_evidence_on_the_milestones_page(client):
    dic = factories.dic("24")
    user = factories.user(org=dic)
    client.force_login(user)
    page = client.get("/reports/plan/2022/milestones/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-code="w09-flagship-products"' in html and 'data-code="w13-q1-review"' not in html
    assert 'name="w09-flagship-products-evidence"' in html  # the owner's row has its form
    done = {"milestone": "w09-flagship-products", "w09-flagship-products-status": "done"}
    client.post("/reports/plan/2022/milestones/", done)
    assert Milestone.objects.get(code="w09-flagship-products").status == "not_started"  # evidence needed
    evidence = "https://stttt.bacgiang.gov.vn/cv-123 (danh sách sản phẩm chủ lực)"
    client.post(
        "/reports/plan/2022/milestones/", {**done, "w09-flagship-products-evidence": evidence}, follow=True
    )
    milestone = Milestone.objects.get(code="w09-flagship-products")
    assert (milestone.status, milestone.evidence, milestone.done_on) == ("done", evidence, dt.date.today())
    refused = {"milestone": "w13-q1-review", "w13-q1-review-status": "in_progress"}
    answer = client.post("/reports/plan/2022/milestones/", refused, follow=True).content.decode()
    assert Milestone.objects.get(code="w13-q1-review").status == "not_started"
    assert "Chỉ đơn vị chủ trì" in answer


def test_the_national_view_lists_every_owner_and_a_viewer_reads_without_a_form(client):
    viewer = factories.user(org=factories.national(), role=Role.VIEWER)
    client.force_login(viewer)
    html = client.get("/reports/plan/2022/milestones/").content.decode()
    assert html.count("<tr data-code=") == Milestone.objects.filter(edition__code="2022").count()
    assert "-evidence" not in html  # a viewer may read, not update
    department = factories.postal_department()
    narrowed = client.get("/reports/plan/2022/milestones/", {"owner": department.code}).content.decode()
    assert (
        narrowed.count("<tr data-code=") == Milestone.objects.filter(owner_kind="postal_department").count()
    )


def test_reminders_run_from_the_cron_schedule_once_each_and_not_for_a_plan_long_closed():
    (job,) = [j for j in SCHEDULE if j.name == "plan-milestones-daily"]
    module, _, name = job.func.rpartition(".")
    assert getattr(importlib.import_module(module), name) is plan_milestones_daily
    firm = factories.reporting_org(code="vnpost")
    user = factories.user(org=firm)
    with time_machine.travel(dt.datetime(2022, 3, 21, 11, 10, tzinfo=dt.UTC)):  # Monday of 2022-W12
        first = plan_milestones_daily()
        plan_milestones_daily()
    assert "w12-household-data" in first["due_soon"]
    assert Notification.objects.filter(user=user, verb="milestone_due_soon").count() == 1
    assert (
        Notification.objects.get(user=user, verb="milestone_due_soon").link
        == "/reports/plan/2022/milestones/"
    )
    with time_machine.travel(dt.datetime(2026, 3, 2, 11, 10, tzinfo=dt.UTC)):
        late = plan_milestones_daily()
    assert late["late"] == [] and Milestone.objects.get(code="w33-active-accounts").status == "late"
    assert not Notification.objects.filter(user=user, verb="milestone_late").exists()


def test_the_plan_s_reads_and_writes_taking_an_actor_refuse_a_missing_one():
    import inspect

    from core.errors import PermissionDenied
    from plan import selectors, services

    checked = []
    for module in (selectors, services):
        for name, func in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(func) or func.__module__ != module.__name__:
                continue
            parameter = inspect.signature(func).parameters.get("actor")
            if parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                assert getattr(func, "actor_required", False), f"{module.__name__}.{name}"
                checked.append(name)
    assert {"milestone_list", "milestone_get", "milestone_update", "indicator_save"} <= set(checked)
    with pytest.raises(PermissionDenied):
        selectors.milestone_list(actor=None)
