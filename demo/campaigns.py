"""Demo waves for `manage.py seed_demo`: the plan for 2022 and the current year, and one ad-hoc wave."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.permissions import system_actor
from calendars.models import Product, Province
from calendars.weeks import week_of, weeks_of_year
from campaigns.models import Campaign
from campaigns.services import campaign_advance_due, campaign_create, campaign_plan_year

DEMO = system_actor("demo")  # seed_demo acts as a trusted command

DEMO_ADHOC_TITLE = "Giải cứu vải thiều Bắc Giang (demo)"


@dataclass
class DemoResult:
    created: int = 0
    unchanged: int = 0


@transaction.atomic
def demo_campaigns() -> DemoResult:
    """Plan 2022 and this year (idempotent), add one ad-hoc glut wave once, and bring statuses up to date."""
    result = DemoResult()
    today = timezone.localdate()
    for year in sorted({2022, today.year}):
        plan = campaign_plan_year(actor=DEMO, year=year)
        result.created += len(plan.created)
        result.unchanged += plan.unchanged
    if not Campaign.objects.filter(title=DEMO_ADHOC_TITLE).exists():
        start = today + dt.timedelta(days=20)
        campaign_create(
            actor=DEMO,
            title=DEMO_ADHOC_TITLE,
            kind="glut",
            province=Province.objects.filter(map="2022", code="24").first(),
            product=Product.objects.filter(name="Vải thiều Lục Ngạn").first(),
            harvest_start=start,
            harvest_end=start + dt.timedelta(days=14),
            lead_time_days=10,
            notes="Đợt đột xuất để minh hoạ.",
        )
        result.created += 1
    campaign_advance_due(today=today)
    return result


# Reports (issue 7) ---------------------------------------------------------------------------------

DEMO_REPORTERS = ["vnpost", "viettelpost", "dic-24", "dic-01"]


DEMO_FIRST_MONDAY = dt.date(2022, 1, 3)  # 2022-W01: week n of the programme is week n of 2022
DEMO_RECENT_WEEKS = 4  # the weeks before last that the demo reporters have filed (last week is left open)


def _demo_figures(code: str, week) -> dict:
    """Plausible, deterministic figures: firms report plan indicators, DICs communications only. The
    running totals grow with the programme's week number, so a recent week carries on from 2022."""
    n = (week.monday - DEMO_FIRST_MONDAY).days // 7 + 1
    figures = {
        "press_articles": (n + len(code)) % 4,
        "tv_spots": n % 2,
        "social_posts": 3 + n % 5,
        "events": 0,
    }
    if not code.startswith("dic-"):
        figures.update(
            supplier_campaigns=1 if n % 3 else 0,
            sales_programmes=1 if n % 13 == 5 else 0,
            households_onboarded=2000 * n,
            households_trained_basic=1400 + 100 * (n % 3),  # the plan's share indicators have a ratio
            households_trained_advanced=600 + 50 * (n % 2),
            active_accounts=15000 * n,
            products_listed=40 * n,
            ocop_products_listed=3 * n,
            orders=900 + 17 * n,
            transaction_value_vnd=(900 + 17 * n) * 185_000,
        )
    return figures


@transaction.atomic
def demo_reports(year: int = 2022) -> int:
    """Weekly obligations for every postal firm and DIC, and a year of reports from four of them (idempotent).

    Some weeks are filed late and a few are missing, so the dashboard has something to show. The
    four weeks before last are filed too, each on time, so a reporter signing in today sees last week's
    figures beside the form and files the week just ended.
    """
    from accounts.models import Organisation
    from reports.models import WeeklyReport
    from reports.services import obligations_ensure_all, report_file

    obligations_ensure_all()
    created = 0
    last = week_of(timezone.now()).previous()
    recent = [last.shift(-i) for i in range(DEMO_RECENT_WEEKS, 0, -1)]
    for org in Organisation.objects.filter(code__in=DEMO_REPORTERS).select_related("reporting_obligation"):
        done = set(WeeklyReport.objects.filter(organisation=org).values_list("week", flat=True))
        for week in [*weeks_of_year(year), *(w for w in recent if w.year > year)]:
            if str(week) in done or (org.code == "dic-01" and week.week % 5 == 0 and week.year == year):
                continue  # Hà Nội's DIC misses every fifth week
            late = org.code == "viettelpost" and week.week % 7 == 0 and week.year == year
            when = org.reporting_obligation.due_at(week) + dt.timedelta(days=2 if late else -0.3)
            report_file(
                actor=DEMO, organisation=org, week=str(week), figures=_demo_figures(org.code, week), now=when
            )
            created += 1
    return created
