"""Demo waves for `manage.py seed_demo`: the plan for 2022 and the current year, and one ad-hoc wave."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from calendars.models import Product, Province

from .models import Campaign
from .services import campaign_advance_due, campaign_create, campaign_plan_year

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
        plan = campaign_plan_year(actor=None, year=year)
        result.created += len(plan.created)
        result.unchanged += plan.unchanged
    if not Campaign.objects.filter(title=DEMO_ADHOC_TITLE).exists():
        start = today + dt.timedelta(days=20)
        campaign_create(
            actor=None,
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
