import pytest

from campaigns.models import Campaign
from demo.accounts import demo_seed
from demo.plan import plan_demo_seed
from plan.models import PlanEdition
from plan.selectors import plan_progress

pytestmark = pytest.mark.django_db


def test_the_demo_exercises_flagships_readings_milestones_and_the_firms_own_waves():
    demo_seed()
    assert plan_demo_seed() > 0
    assert plan_demo_seed() == 0  # idempotent
    rows = {r.indicator.code: r for r in plan_progress(edition=PlanEdition.objects.get(code="2022"))}
    assert rows["flagship_products"].actual == 3  # Bắc Giang, Hưng Yên and Hà Nội have at least three
    assert rows["ocop_quality_info_share"].actual == 64
    assert rows["sales_programmes"].actual == 3  # counted from the firms' own waves
    shared = Campaign.objects.get(title="Postmart: Mùa vải Bắc Giang (demo)")
    assert shared.organisation.code == "vnpost" and [o.code for o in shared.partners.all()] == ["dic-24"]
