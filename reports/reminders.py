"""Reminders of weekly reports due within a day or late, and the Postal Department's daily digest."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind
from accounts.services import notification_send
from calendars.weeks import IsoWeek, week_of
from campaigns.selectors import organisation_editors
from core import formatting
from core.formatting import display_name

from .models import ReportingObligation, WeeklyReport

# Reminders --------------------------------------------------------------------------------------------


@dataclass
class ReminderResult:
    due_soon: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    digest: int = 0


def _reminder_title(reason: str, week: IsoWeek, due):
    """The reminder's title, made in each recipient's language (notification_send calls it)."""
    if reason == "late":
        return lambda: _("[Mùa] Báo cáo %(week)s đã quá hạn") % {"week": formatting.week_label(week)}
    return lambda: (
        _("[Mùa] Báo cáo %(week)s đến hạn lúc %(due)s")
        % {
            "week": formatting.week_label(week),
            "due": formatting.datetime(due),
        }
    )


def _reminder_body(org, week: IsoWeek):
    return lambda: (
        _("%(org)s: báo cáo %(week)s chưa được nộp.")
        % {
            "org": display_name(org),
            "week": formatting.week_label(week),
        }
    )


def _reason(obligation: ReportingObligation, week: IsoWeek, now: dt.datetime) -> str | None:
    """'late', 'due_soon' or None (not yet due, or already locked: nothing to remind)."""
    if now >= obligation.locked_from(week):
        return None
    if now > obligation.timely_until(week):
        return "late"
    if obligation.due_at(week) - now <= dt.timedelta(days=1):
        return "due_soon"
    return None


def _digest_send(*, late: list, now: dt.datetime) -> int:
    """One notice a day to the Postal Department naming every late report (organisation and week)."""
    department = Organisation.objects.filter(kind=OrganisationKind.POSTAL_DEPARTMENT, is_active=True)
    users = [u for org in department for u in organisation_editors(org)]
    today = timezone.localdate(now)
    created = notification_send(
        users=users,
        verb="report_digest",
        title=lambda: (
            _("[Mùa] %(n)s báo cáo tuần đang quá hạn (%(day)s)")
            % {"n": formatting.number(len(late)), "day": formatting.date(today)}
        ),
        body=lambda: "\n".join(f"{display_name(org)} – {formatting.week_label(week)}" for org, week in late),
        link="/reports/",
        key=f"report-digest:{today.isoformat()}",
    )
    return len(created)


@transaction.atomic
def report_reminders_send(*, now: dt.datetime) -> ReminderResult:
    """Remind organisations of a report due within a day or late; one digest a day to the Postal Department.

    Each notice carries a key per report and reason (per day for the digest): a re-run notifies no one twice.
    """
    result = ReminderResult()
    late = []  # (organisation, week): the digest names them, result.late keeps the codes
    this_week = week_of(now)
    weeks = [this_week, this_week.previous(), this_week.shift(-2)]
    obligations = list(ReportingObligation.objects.select_related("organisation"))
    filed = set(
        WeeklyReport.objects.filter(
            week__in=[str(w) for w in weeks], first_submitted_at__isnull=False
        ).values_list("organisation_id", "week")
    )
    for obligation in obligations:
        org = obligation.organisation
        if not org.is_active:
            continue
        for week in weeks:
            if not obligation.expects(week) or (org.pk, str(week)) in filed:
                continue
            reason = _reason(obligation, week, now)
            if reason is None:
                continue
            notification_send(
                users=organisation_editors(org),
                verb=f"report_{reason}",
                title=_reminder_title(reason, week, obligation.due_at(week)),
                body=_reminder_body(org, week),
                link=f"/reports/file/?org={org.code}&week={week}",
                key=f"report:{org.pk}:{week}:{reason}",
            )
            getattr(result, reason).append(f"{org.code}:{week}")
            if reason == "late":
                late.append((org, week))
    if result.late:
        result.digest = _digest_send(late=late, now=now)
    return result
