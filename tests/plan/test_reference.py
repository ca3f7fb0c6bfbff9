import pytest
from django.core.management import call_command

from plan.models import Indicator, Milestone, PlanEdition

pytestmark = pytest.mark.django_db


def test_the_2022_plan_is_seeded_with_every_quantified_indicator_each_citing_its_annex():
    edition = PlanEdition.objects.get(code="2022")
    assert "350/QĐ-BTTTT" in edition.decision
    indicators = Indicator.objects.filter(edition=edition)
    assert indicators.count() == 25
    assert all(i.annex.startswith("QĐ 350/QĐ-BTTTT") and i.line for i in indicators)
    codes = set(indicators.values_list("code", flat=True))
    # The three metrics reports' targets already used are indicators of the plan now.
    assert {"news_items", "sales_programmes", "supplier_campaigns"} <= codes
    accounts = indicators.get(code="active_accounts")
    assert (accounts.target_value, accounts.source, accounts.figure) == (
        10_000_000,
        "figure_latest",
        "active_accounts",
    )
    flagship = indicators.get(code="flagship_products")
    assert (flagship.target_value, flagship.target_max, flagship.scope) == (3, 10, "province")
    assert indicators.get(code="theme_news_items").theme == "nguoi-viet-dung-hang-viet"


def test_the_2022_milestones_have_owners_and_due_weeks():
    weeks = set(Milestone.objects.values_list("due_week", flat=True))
    for week in ("07", "09", "12", "13", "17", "26", "29", "33", "39", "52"):
        assert f"2022-W{week}" in weeks
    assert all(m.owner_label and m.owner_kind for m in Milestone.objects.all())
    assert Milestone.objects.filter(code__startswith="training-phase").count() == 2


def test_loading_the_plan_again_changes_nothing_and_keeps_milestone_progress(capsys):
    Milestone.objects.filter(code="w09-flagship-products").update(status="done", evidence="CV 123")
    call_command("load_plan")
    assert "0 created, 0 updated" in capsys.readouterr().out
    assert Milestone.objects.get(code="w09-flagship-products").status == "done"
