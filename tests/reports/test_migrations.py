"""Moving the reports models out of campaigns keeps an existing deployment's rows (issue 12).

The database is taken back to the state before the move (reports' models still in campaigns), rows are
written there through the historical models, and migrating forward finds them through the new app.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("campaigns", "0006_audiences_as_content"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("reports", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


# Transactional: migrating back and forth cannot run inside a test transaction. The flush afterwards empties
# the tables; tests that need reference data after it load it through the reference_data fixture.
@pytest.mark.django_db(transaction=True)
def test_reports_rows_written_before_the_move_are_found_after_it():
    old = _migrate(BEFORE)
    Organisation = old.get_model("accounts", "Organisation")
    Target = old.get_model("campaigns", "Target")
    WeeklyReport = old.get_model("campaigns", "WeeklyReport")
    WeeklyReportVersion = old.get_model("campaigns", "WeeklyReportVersion")
    ContentType = old.get_model("contenttypes", "ContentType")
    org = Organisation.objects.create(code="VNPOST-MIG", name="Bưu điện (di chuyển)", kind="postal_firm")
    target = Target.objects.create(
        metric="news_items",
        scope="national",
        period="week",
        minimum=3,
        active_from=dt.date(2026, 1, 5),
        active_until=dt.date(2026, 12, 28),
        label="Chỉ tiêu trước khi chuyển",
    )
    report = WeeklyReport.objects.create(
        organisation=org, week="2026-W10", week_start=dt.date(2026, 3, 2), press_articles=7
    )
    WeeklyReportVersion.objects.create(report=report, number=1, status="draft", data={"press_articles": 7})
    ContentType.objects.get_or_create(app_label="campaigns", model="weeklyreport")

    latest = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    NewTarget = latest.get_model("reports", "Target")
    NewReport = latest.get_model("reports", "WeeklyReport")
    assert NewTarget.objects.get(pk=target.pk).label == "Chỉ tiêu trước khi chuyển"
    moved = NewReport.objects.get(pk=report.pk)
    assert (moved.week, moved.press_articles, moved.organisation.code) == ("2026-W10", 7, "VNPOST-MIG")
    assert list(moved.versions.values_list("number", flat=True)) == [1]
    content_types = latest.get_model("contenttypes", "ContentType").objects
    assert content_types.filter(app_label="reports", model="weeklyreport").exists()
    assert not content_types.filter(app_label="campaigns", model="weeklyreport").exists()


@pytest.mark.django_db
def test_the_reports_models_still_use_the_tables_they_had_in_campaigns():
    from reports.models import MonthlyRollup, Target, WeeklyReport

    assert [m._meta.db_table for m in (Target, WeeklyReport, MonthlyRollup)] == [
        "campaigns_target",
        "campaigns_weeklyreport",
        "campaigns_monthlyrollup",
    ]
