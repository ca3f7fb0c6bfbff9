import datetime as dt

import pytest

from campaigns.models import Campaign
from content.models import ApprovalDelegation, ContentItem
from demo.accounts import demo_seed
from demo.content import content_demo_seed
from demo.plan import plan_demo_seed
from plan.models import Milestone, PlanEdition, SeasonProposal
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
    assert rows["supplier_campaigns"].actual == 2  # one each, VNPost's and Viettel Post's
    shared = Campaign.objects.get(title="Postmart: Mùa vải Bắc Giang (demo)")
    assert shared.organisation.code == "vnpost" and [o.code for o in shared.partners.all()] == ["dic-24"]
    statuses = set(Milestone.objects.values_list("status", flat=True))
    assert {"done", "in_progress", "late", "not_started"} <= statuses
    assert Milestone.objects.filter(status="done").exclude(evidence="").count() >= 4


def test_the_demo_has_theme_weeks_a_routed_bulletin_a_delegation_and_season_proposals():
    demo_seed()
    content_demo_seed()
    plan_demo_seed()
    q4 = {
        r.indicator.code: r
        for r in plan_progress(edition=PlanEdition.objects.get(code="2022"), period="2022-Q4")
    }
    theme = q4["theme_news_items"]
    assert theme.target == 2 * 13 and 0 < theme.actual < theme.target  # two weeks had one item only
    assert q4["news_items"].actual >= theme.actual
    bulletin = ContentItem.objects.get(channel="grassroots", organisation__code="dic-24")
    review = bulletin.reviews.get()
    assert (bulletin.status, review.approver_organisation.code) == ("in_review", "dic-24")
    sms = ContentItem.objects.filter(channel="sms", organisation__code="dic-24", status="approved").first()
    assert sms.reviews.get().approver_organisation.kind == "postal_department"
    away = ApprovalDelegation.objects.get(delegator__username="pheduyet")
    assert away.delegate.username == "pheduyet2" and away.starts_on > dt.date.today()
    assert set(SeasonProposal.objects.values_list("status", flat=True)) == {"pending", "rejected"}
