"""Filing weekly reports: validation, versions, states, locks, permissions, targets, reminders."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Notification, OrganisationKind, Role
from calendars.weeks import LOCAL_TZ, IsoWeek, week_of
from core.errors import Conflict, DomainError, NotFound, PermissionDenied
from reports.models import MonthlyRollup, Target, TargetChange, WeeklyReport
from reports.reminders import report_reminders_send
from reports.services import (
    report_accept,
    report_file,
    report_return,
    report_unlock,
    reports_import,
    rollup_decide,
    target_set,
)
from tests import factories
from tests.factories import actor

pytestmark = pytest.mark.django_db

W9 = IsoWeek(2022, 9)
ON_TIME = dt.datetime(2022, 3, 7, 10, tzinfo=LOCAL_TZ)  # Monday after 2022-W09, before 17:00


@pytest.fixture
def firm():
    return factories.reporting_org(code="vnpost")


@pytest.fixture
def editor(firm):
    return factories.user(org=firm, role=Role.EDITOR, email="bc@vnpost.test")


@pytest.fixture
def department_editor():
    return factories.user(org=factories.postal_department(), role=Role.EDITOR, email="vbc@mua.test")


def file(org, week=W9, *, who=factories.SYSTEM, when=ON_TIME, **kw):
    figures = kw.pop("figures", {"press_articles": 2})
    return report_file(actor=who, organisation=org, week=str(week), figures=figures, now=when, **kw)


def test_filing_submits_the_report_and_zero_is_not_the_same_as_not_reported(firm, editor):
    report = file(firm, who=actor(editor), figures={"press_articles": 0}).report
    assert report.status == "submitted" and report.first_submitted_at == ON_TIME
    assert report.press_articles == 0 and report.tv_spots is None


def test_filing_the_same_content_again_changes_nothing(firm):
    first = file(firm)
    again = file(firm, when=ON_TIME + dt.timedelta(hours=1))
    assert (again.created, again.changed, again.report.version) == (False, False, 1)
    assert again.report.submitted_at == first.report.submitted_at


def test_an_amendment_keeps_the_previous_version(firm):
    file(firm, figures={"press_articles": 2})
    amended = file(firm, figures={"press_articles": 3}, when=ON_TIME + dt.timedelta(hours=2)).report
    assert amended.version == 2 and amended.press_articles == 3
    (previous,) = amended.versions.all()
    assert previous.number == 1 and previous.data["press_articles"] == 2
    assert amended.first_submitted_at == ON_TIME  # timeliness counts the first submission


def test_a_firm_cannot_file_for_another(firm):
    other = factories.reporting_org(code="viettelpost")
    intruder = factories.user(org=other, role=Role.EDITOR)
    with pytest.raises(PermissionDenied, match=firm.name):  # named, not coded
        file(firm, who=actor(intruder))
    assert not WeeklyReport.objects.exists()


@pytest.mark.parametrize(
    "figures, field",
    [
        ({"press_articles": -1}, "press_articles"),
        ({"orders": 1.5}, "orders"),
        ({"orders": "nhiều"}, "orders"),
        ({"likes": 3}, "likes"),
        ({"events": True}, "events"),
    ],
)
def test_figures_must_be_non_negative_integers(firm, figures, field):
    with pytest.raises(DomainError) as exc:
        file(firm, figures=figures)
    assert exc.value.field == field and not WeeklyReport.objects.exists()


def test_a_future_week_is_refused(firm):
    with pytest.raises(DomainError, match="chưa đến"):
        file(firm, week=IsoWeek(2022, 11), when=ON_TIME)


def test_an_unknown_week_is_not_found(firm):
    with pytest.raises(NotFound):
        file(firm, week="2022-W60")


def test_a_falling_running_total_needs_an_explanation(firm):
    file(firm, week=IsoWeek(2022, 8), figures={"active_accounts": 1000}, when=ON_TIME)
    with pytest.raises(DomainError, match="luỹ kế") as exc:
        file(firm, figures={"active_accounts": 900})
    assert exc.value.field == "active_accounts"
    explained = file(firm, figures={"active_accounts": 900}, decline_explanation="Xoá tài khoản trùng").report
    assert explained.active_accounts == 900


def test_a_locked_week_is_refused_until_an_admin_unlocks_it(firm):
    late = ON_TIME + dt.timedelta(days=15)
    with pytest.raises(Conflict, match="khoá"):
        file(firm, when=late)
    report = file(firm).report
    admin = factories.user(org=factories.postal_department(), role=Role.ADMIN)
    report_unlock(actor=actor(admin), report=report, until=late + dt.timedelta(days=1))
    assert file(firm, figures={"press_articles": 5}, when=late).report.press_articles == 5


def test_the_postal_department_accepts_or_returns_and_the_firm_files_again(firm, editor, department_editor):
    report = file(firm, who=actor(editor)).report
    with pytest.raises(PermissionDenied):
        report_accept(actor=actor(editor), report=report)
    with pytest.raises(DomainError, match="lý do"):
        report_return(actor=actor(department_editor), report=report, comment=" ")
    returned = report_return(actor=actor(department_editor), report=report, comment="Thiếu minh chứng")
    assert returned.status == "returned"
    assert Notification.objects.get(user=editor, verb="report_returned").body == "Thiếu minh chứng"
    refiled = file(firm, who=actor(editor), evidence_links=["https://vnpost.vn/tin"]).report
    assert refiled.status == "submitted" and refiled.version == 2
    assert report_accept(actor=actor(department_editor), report=refiled).status == "accepted"


def test_accepting_a_month_locks_its_reports(firm, department_editor):
    file(firm)
    rollup = rollup_decide(actor=actor(department_editor), organisation=firm, month="2022-03", accept=True)
    assert rollup.status == "accepted" and rollup.totals["weeks_reported"] == 1
    with pytest.raises(Conflict, match="Tháng 3/2022"):
        file(firm, figures={"press_articles": 9})
    assert MonthlyRollup.objects.count() == 1


def test_the_upload_files_valid_rows_and_lists_the_bad_ones(firm, editor):
    rows = [
        {"week": "2022-W07", "press_articles": "1"},
        {"week": "2022-W08", "press_articles": "-2"},
        {"week": "2022-W99", "press_articles": "1"},
        {"week": "2022-W09", "press_articles": "3"},
    ]
    result = reports_import(actor=actor(editor), organisation=firm, rows=rows, now=ON_TIME)
    assert result.filed == ["2022-W07", "2022-W09"]
    assert [(e["row"], e["field"]) for e in result.errors] == [(3, "press_articles"), (4, "week")]
    assert WeeklyReport.objects.count() == 2


def test_targets_are_set_by_the_postal_department_only_and_audited(firm, editor, department_editor):
    values = dict(
        metric="news_items",
        scope="national",
        period="week",
        minimum=3,
        active_from=dt.date(2023, 1, 2),
        active_until=dt.date(2023, 12, 31),
    )
    with pytest.raises(PermissionDenied):
        target_set(actor=actor(editor), **values)
    target = target_set(actor=actor(department_editor), **values)
    target_set(actor=actor(department_editor), target=target, minimum=4)
    changes = list(TargetChange.objects.filter(target=target).order_by("pk"))
    assert [c.before and c.before["minimum"] for c in changes] == [None, 3]
    assert changes[1].after["minimum"] == 4 and changes[1].changed_by == department_editor


def test_the_plan_targets_are_seeded():
    labels = set(Target.objects.values_list("metric", "period", "minimum"))
    assert {
        ("news_items", "week", 2),
        ("sales_programmes", "quarter", 1),
        ("supplier_campaigns", "month", 2),
    } <= labels


def test_reminders_go_once_per_report_and_reason_with_one_daily_digest(
    firm, editor, department_editor, django_capture_on_commit_callbacks, mailoutbox
):
    firm.reporting_obligation.active_from = W9.monday
    firm.reporting_obligation.save()
    sunday_evening = dt.datetime(2022, 3, 6, 18, tzinfo=LOCAL_TZ)  # W09 due Monday 17:00: within a day
    with django_capture_on_commit_callbacks(execute=True):
        result = report_reminders_send(now=sunday_evening)
    assert result.due_soon == ["vnpost:2022-W09"] and result.late == []
    tuesday = sunday_evening + dt.timedelta(days=2)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            result = report_reminders_send(now=tuesday)
    assert result.late == ["vnpost:2022-W09"]
    verbs = sorted(Notification.objects.filter(user=editor).values_list("verb", flat=True))
    assert verbs == ["report_due_soon", "report_late"]
    digest = Notification.objects.get(user=department_editor, verb="report_digest")
    assert digest.body == f"{firm.name} – Tuần 9/2022 (28/2–6/3)"  # names and weeks, never codes
    assert len(mailoutbox) == 3


def test_no_reminder_for_a_filed_report(firm, editor):
    firm.reporting_obligation.active_from = W9.monday
    firm.reporting_obligation.save()
    file(firm)
    result = report_reminders_send(now=dt.datetime(2022, 3, 9, 12, tzinfo=LOCAL_TZ))
    assert result.late == [] and not Notification.objects.filter(user=editor).exists()


def test_only_postal_firms_and_dics_have_obligations():
    from reports.services import obligation_ensure

    with pytest.raises(DomainError):
        obligation_ensure(organisation=factories.organisation(OrganisationKind.AGENCY))


def test_week_of_now_is_the_latest_week_accepted(firm):
    now = timezone.now()
    assert file(firm, week=week_of(now), when=now).created
