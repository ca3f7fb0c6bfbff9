import pytest
from django.core.management import CommandError, call_command

from calendars.models import Season
from campaigns.models import Campaign

pytestmark = pytest.mark.django_db


def test_plan_campaigns_creates_a_wave_per_season_and_a_rerun_creates_none(capsys):
    call_command("plan_campaigns", year=2022)
    out = capsys.readouterr().out
    expected = sum(4 if s.calendar == "year_round" else 1 for s in Season.objects.all())
    assert f"year 2022: {expected} created, 0 unchanged" in out
    assert "Vải thiều Lục Ngạn – mùa 2022" in out and "2022-06-01 – 2022-07-31 2022-05-02" in out
    assert set(Campaign.objects.values_list("season_id", flat=True)) == set(
        Season.objects.values_list("pk", flat=True)
    )
    call_command("plan_campaigns", year=2022)
    again = capsys.readouterr().out
    assert f"year 2022: 0 created, {expected} unchanged" in again and "nothing to create" in again
    assert Campaign.objects.count() == expected


def test_plan_campaigns_refuses_a_year_out_of_range():
    with pytest.raises(CommandError, match="2000–2100"):
        call_command("plan_campaigns", year=2200)


def test_plan_campaigns_for_one_province(capsys):
    call_command("plan_campaigns", year=2026, province="24")
    assert set(Campaign.objects.values_list("province__code", flat=True)) == {"24"}


def test_seed_demo_plans_2022_and_this_year_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    count = Campaign.objects.count()
    assert Campaign.objects.filter(year=2022).exists() and Campaign.objects.filter(kind="glut").count() == 1
    assert Campaign.objects.filter(year=2022).exclude(status="closed").count() == 0
    call_command("seed_demo")
    assert "campaign waves: 0 created" in capsys.readouterr().out
    assert Campaign.objects.count() == count
