import pytest
from django.core.management import call_command
from django.utils import timezone

from calendars.weeks import week_of
from reports.models import ReportingObligation, WeeklyReport

pytestmark = pytest.mark.django_db


def test_seed_demo_files_a_year_of_reports_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    # 52 weeks from vnpost, viettelpost and Bắc Giang's DIC; Hà Nội's misses every fifth week; and the
    # four weeks before last from all four, so a reporter today sees last week's figures.
    filed = 52 * 3 + 42 + 4 * 4
    assert f"weekly reports: {filed} created" in capsys.readouterr().out
    assert ReportingObligation.objects.count() == 65  # 2 postal firms + 63 DICs
    call_command("seed_demo")
    assert "weekly reports: 0 created" in capsys.readouterr().out
    assert WeeklyReport.objects.count() == filed
    last = week_of(timezone.now()).previous()
    vnpost = WeeklyReport.objects.filter(organisation__code="vnpost")
    assert vnpost.filter(week=str(last.previous())).exists() and not vnpost.filter(week=str(last)).exists()
    recent = vnpost.get(week=str(last.previous()))
    assert recent.households_onboarded > vnpost.get(week="2022-W52").households_onboarded
    call_command("tally", month="2022-06")
    assert "viettelpost" in capsys.readouterr().out
