"""Issue 17: a target names any indicator of the plan; firms' own waves count toward the quarterly target;
the quarterly review carries the national totals next to each organisation."""

import datetime as dt

import pytest

from accounts.models import Role
from core.errors import DomainError
from reports import rollups
from reports.models import Target, TargetChange
from reports.services import target_set
from tests import factories
from tests.plan.conftest import weekly

pytestmark = pytest.mark.django_db


def test_a_target_may_name_any_indicator_of_the_plan_and_keeps_its_history():
    department = factories.user(org=factories.postal_department(), role=Role.EDITOR)
    who = factories.actor(department)
    values = dict(scope="national", period="year", minimum=10_000_000, label="10 triệu tài khoản")
    values.update(active_from=dt.date(2022, 1, 1), active_until=dt.date(2022, 12, 31))
    target = target_set(actor=who, metric="active_accounts", **values)
    assert target.get_metric_display() == "Tài khoản hoạt động trên postmart.vn và voso.vn"
    target_set(actor=who, target=target, minimum=9_000_000)
    changes = TargetChange.objects.filter(target=target).order_by("changed_at", "pk")
    assert [c.after["minimum"] for c in changes] == [10_000_000, 9_000_000]
    with pytest.raises(DomainError, match="không hợp lệ"):
        target_set(actor=who, metric="likes_on_facebook", **values)
    # The three metrics reports tallies itself are still targets as before (seeded in 2022).
    assert set(Target.objects.values_list("metric", flat=True)) >= {"news_items", "sales_programmes"}


def test_a_firm_s_own_sales_waves_meet_its_quarterly_target_with_its_figures_beside_them():
    vnpost = factories.reporting_org(code="vnpost")
    viettel = factories.reporting_org(code="viettelpost")
    factories.campaign(
        province_code=None,
        kind="sales_programme",
        organisation=vnpost,
        harvest_start=dt.date(2022, 2, 10),
        harvest_end=dt.date(2022, 2, 20),
    )
    weekly(viettel, "2022-W05", orders=7)
    review = rollups.quarter_review_with_totals(year=2022, quarter=1, organisations=[vnpost])
    rows = {r.organisation.code: r for r in review}
    vnpost_row = rows["vnpost"]
    assert (vnpost_row.sales_waves, vnpost_row.sums["sales_programmes"]) == (1, 0)
    assert vnpost_row.sales_target == 1 and vnpost_row.sales_met is True
    # The national totals count every reporting organisation, not only those shown.
    assert vnpost_row.national["organisations"] == 2 and vnpost_row.national["sales_waves"] == 1
