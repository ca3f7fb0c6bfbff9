import datetime as dt

import pytest

from calendars.weeks import parse_week
from reports.models import WeeklyReport
from tests import factories


def weekly(org, week: str, **figures) -> WeeklyReport:
    """A submitted weekly report saved directly (filing rules are tested in reports)."""
    iso = parse_week(week)
    submitted = dt.datetime.combine(iso.sunday, dt.time(12), tzinfo=dt.UTC)
    return WeeklyReport.objects.create(
        organisation=org,
        week=week,
        week_start=iso.monday,
        status="submitted",
        first_submitted_at=submitted,
        submitted_at=submitted,
        **figures,
    )


@pytest.fixture
def firm():
    return factories.reporting_org(code="vnpost")
