import pytest
from django.core.management import call_command

from reports.models import ReportingObligation, WeeklyReport

pytestmark = pytest.mark.django_db


def test_seed_demo_files_a_year_of_reports_once(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    # 52 weeks from vnpost, viettelpost and Bắc Giang's DIC; Hà Nội's misses every fifth week.
    assert f"weekly reports: {52 * 3 + 42} created" in capsys.readouterr().out
    assert ReportingObligation.objects.count() == 65  # 2 postal firms + 63 DICs
    call_command("seed_demo")
    assert "weekly reports: 0 created" in capsys.readouterr().out
    assert WeeklyReport.objects.count() == 52 * 3 + 42
    call_command("tally", month="2022-06")
    assert "viettelpost" in capsys.readouterr().out
