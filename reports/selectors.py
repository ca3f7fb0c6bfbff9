"""Reads for reports and the tallies: actual against target per week, month and quarter.

Every tally runs a fixed number of queries whatever the range: rows are fetched once, grouped in Python.
Counted news items are press and TV publications (content.Publication); self-reported figures come from
WeeklyReport.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import Organisation
from accounts.permissions import Actor, actor_required, can_act_for, require_read_org
from calendars.weeks import (
    IsoWeek,
    format_month,
    weeks_between,
    weeks_of_month,
    weeks_of_quarter,
)
from core.errors import NotFound

from .models import (
    CUMULATIVE_FIGURES,
    FIGURES,
    ReportingObligation,
    WeeklyReport,
)
from .tally import (  # noqa: F401 (the tally's reads, under the name every caller uses)
    COUNTED_EXPLANATION,
    COUNTED_LABEL,
    PRESS_TV,
    REPORTED_FIGURE,
    REPORTED_LABEL,
    WeekTally,
    news_publications,
    news_tally,
    publication_in_provinces,
    reported_news,
)

SUMMED_FIGURES = [name for name in FIGURES if name not in CUMULATIVE_FIGURES]


# Organisations' reports beside counted publications ---------------------------------------------------


@actor_required
def reporting_organisations(*, actor: Actor) -> list[Organisation]:
    """Organisations with a weekly obligation the actor may read (all for national members)."""
    qs = Organisation.objects.filter(reporting_obligation__isnull=False).select_related(
        "reporting_obligation", "province"
    )
    if not actor.is_national():
        qs = qs.filter(pk__in=list(actor.roles))
    return list(qs.order_by("kind", "code"))


@actor_required
def filing_organisations(*, actor: Actor) -> list[Organisation]:
    """The actor's own organisations with a weekly obligation that it may file for (editor or above)."""
    mine = [o for o in actor.organisations.values() if can_act_for(actor, o)]
    reporting = set(
        ReportingObligation.objects.filter(organisation__in=mine).values_list("organisation", flat=True)
    )
    return [o for o in mine if o.pk in reporting]


@dataclass
class OrgWeek:
    organisation: Organisation
    week: IsoWeek
    report: WeeklyReport | None
    counted: int
    channel: str = ""  # with a channel, the one figure it is reported under

    @property
    def reported(self) -> int | None:
        """Self-reported press articles + TV spots (None when neither was reported); with a channel, the
        figure that channel is reported under."""
        if self.report is None:
            return None
        figure = REPORTED_FIGURE.get(self.channel)
        names = [figure] if figure else ["press_articles", "tv_spots"]
        values = [getattr(self.report, name) for name in names]
        return None if all(v is None for v in values) else sum(v or 0 for v in values)

    @property
    def gap(self) -> int | None:
        return None if self.reported is None else self.reported - self.counted

    @property
    def flagged(self) -> bool:
        return bool(self.gap)


def org_week_tally(
    *, organisations: list[Organisation], first: IsoWeek, last: IsoWeek, channel: str = ""
) -> list[OrgWeek]:
    """Per organisation and week: its report's press+TV figure beside publications counted (2 queries);
    with a channel, that channel's publications beside the figure it is reported under."""
    weeks = weeks_between(first, last)
    names = [str(w) for w in weeks]
    reports = {
        (r.organisation_id, r.week): r
        # What was filed: a draft is not reported yet (the same rule as reported_news).
        for r in WeeklyReport.objects.filter(
            organisation__in=organisations, week__in=names, first_submitted_at__isnull=False
        )
    }
    counted = {
        (row["item__organisation"], row["iso_week"]): row["n"]
        for row in news_publications(channel=channel)
        .filter(item__organisation__in=organisations, iso_week__in=names)
        .values("item__organisation", "iso_week")
        .annotate(n=Count("pk"))
    }
    return [
        OrgWeek(org, w, reports.get((org.pk, str(w))), counted.get((org.pk, str(w)), 0), channel)
        for org in organisations
        for w in weeks
    ]


# Completeness and timeliness ---------------------------------------------------------------------------

ON_TIME, LATE, MISSING, NOT_DUE, NOT_EXPECTED = "on_time", "late", "missing", "not_due", "not_expected"
CELL_LABELS = {
    ON_TIME: gettext_lazy("Đúng hạn"),
    LATE: gettext_lazy("Muộn"),
    MISSING: gettext_lazy("Thiếu"),
    NOT_DUE: gettext_lazy("Chưa đến hạn"),
    NOT_EXPECTED: gettext_lazy("Không phải nộp"),
}


def _timeliness(obligation: ReportingObligation, week: IsoWeek, submitted, now: dt.datetime) -> str:
    """On time, late, missing or not yet due, judged by the first submission against the obligation."""
    if submitted is None:
        return MISSING if now > obligation.due_at(week) else NOT_DUE
    return ON_TIME if submitted <= obligation.timely_until(week) else LATE


def cell_status(obligation: ReportingObligation, week: IsoWeek, report, now: dt.datetime) -> str:
    if not obligation.expects(week):
        return NOT_EXPECTED
    return _timeliness(obligation, week, getattr(report, "first_submitted_at", None), now)


def completeness_grid(
    *, organisations: list[Organisation], first: IsoWeek, last: IsoWeek, now: dt.datetime
) -> dict:
    """{(org id, week string): status} for a week × organisation grid (1 query)."""
    weeks = weeks_between(first, last)
    reports = {
        (r.organisation_id, r.week): r
        for r in WeeklyReport.objects.filter(organisation__in=organisations, week__in=[str(w) for w in weeks])
    }
    return {
        (org.pk, str(w)): cell_status(org.reporting_obligation, w, reports.get((org.pk, str(w))), now)
        for org in organisations
        for w in weeks
    }


@dataclass
class Completeness:
    organisation: Organisation
    period: str
    expected: int = 0
    received: int = 0
    on_time: int = 0

    @property
    def completeness(self) -> float | None:
        return None if not self.expected else self.received / self.expected

    @property
    def timeliness(self) -> float | None:
        return None if not self.expected else self.on_time / self.expected


def completeness_summary(
    *, organisations: list[Organisation], periods: dict[str, list[IsoWeek]], now: dt.datetime
) -> list[Completeness]:
    """Reports received ÷ expected and on time ÷ expected per organisation and period (1 query).

    Expected = weeks the organisation must report whose due moment has passed.
    """
    every = sorted({w for weeks in periods.values() for w in weeks})
    grid = completeness_grid(organisations=organisations, first=every[0], last=every[-1], now=now)
    rows = []
    for org in organisations:
        for period, weeks in periods.items():
            row = Completeness(organisation=org, period=period)
            for w in weeks:
                status = grid[(org.pk, str(w))]
                if status in (NOT_DUE, NOT_EXPECTED):
                    continue
                row.expected += 1
                row.received += status in (ON_TIME, LATE)
                row.on_time += status == ON_TIME
            rows.append(row)
    return rows


def month_periods(year: int, months: list[int]) -> dict[str, list[IsoWeek]]:
    return {format_month(year, m): weeks_of_month(year, m) for m in months}


def quarter_periods(year: int, quarters: list[int]) -> dict[str, list[IsoWeek]]:
    return {f"{year}-Q{q}": weeks_of_quarter(year, q) for q in quarters}


def report_flag(report: WeeklyReport, *, now: dt.datetime | None = None) -> WeeklyReport:
    """Set `late` and `locked` on a report for display (its obligation decides both)."""
    now = now or timezone.now()
    obligation = ReportingObligation.objects.filter(organisation_id=report.organisation_id).first()
    if obligation is None:
        report.late = report.locked = False
        return report
    week = report.iso_week
    report.late = _timeliness(obligation, week, report.first_submitted_at, now) in (MISSING, LATE)
    report.locked = obligation.is_locked(week, report=report, now=now)
    return report


def report_get(*, organisation: Organisation, week: str) -> WeeklyReport | None:
    return WeeklyReport.objects.filter(organisation=organisation, week=week).first()


@actor_required
def report_read(*, actor: Actor, org_code: str, week: str) -> WeeklyReport:
    """An organisation's report for a week (flagged late/locked), for an actor who may read that
    organisation's data: NotFound for no such organisation or no report, PermissionDenied otherwise."""
    organisation = Organisation.objects.filter(code=org_code).first()
    if organisation is None:
        raise NotFound(gettext("Không có tổ chức này."))
    require_read_org(actor, organisation)
    report = report_get(organisation=organisation, week=week)
    if report is None:
        raise NotFound(gettext("Chưa có báo cáo tuần này."))
    return report_flag(report)


@actor_required
def report_list(*, actor: Actor, organisation: Organisation | None = None, year: int | None = None):
    qs = WeeklyReport.objects.select_related("organisation")
    if not actor.is_national():
        qs = qs.filter(organisation_id__in=list(actor.roles))
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if year is not None:
        qs = qs.filter(week__startswith=f"{year}-W")
    return qs


# Listing reports at national scale, the Postal Department's inbox --------------------------------------

MAX_PAGE = 500


def reports_flag(reports: list[WeeklyReport], *, now: dt.datetime) -> list[WeeklyReport]:
    """`report_flag` for many reports with one query for all their obligations (not one per report)."""
    obligations = {
        o.organisation_id: o
        for o in ReportingObligation.objects.filter(organisation_id__in={r.organisation_id for r in reports})
    }
    for report in reports:
        obligation = obligations.get(report.organisation_id)
        if obligation is None:
            report.late = report.locked = False
            continue
        week = report.iso_week
        report.late = _timeliness(obligation, week, report.first_submitted_at, now) in (MISSING, LATE)
        report.locked = obligation.is_locked(week, report=report, now=now)
    return reports


@actor_required
def report_page(
    *,
    actor: Actor,
    organisation: Organisation | None = None,
    year: int | None = None,
    week: IsoWeek | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
    now: dt.datetime,
) -> tuple[int, list[WeeklyReport]]:
    """One page of the reports the actor may read, newest week first, flagged: a fixed 3 queries
    (count, page, obligations) whatever the page size."""
    qs = report_list(actor=actor, organisation=organisation, year=year)
    if week is not None:
        qs = qs.filter(week=str(week))
    if status:
        qs = qs.filter(status=status)
    limit = max(1, min(limit, MAX_PAGE))
    offset = max(0, offset)
    page = list(qs.order_by("-week_start", "organisation__code")[offset : offset + limit])
    return qs.count(), reports_flag(page, now=now)


# What the inbox's state filter offers, in the words the Postal Department uses.
INBOX_STATES = {
    "submitted": _lazy("Đã nộp, chờ xử lý"),
    "returned": _lazy("Đã trả lại"),
    "accepted": _lazy("Đã chấp nhận"),
    "late": _lazy("Nộp muộn"),
    "missing": _lazy("Chưa nộp (quá hạn)"),
}


@dataclass
class InboxRow:
    organisation: Organisation
    week: IsoWeek
    report: WeeklyReport | None
    timeliness: str  # ON_TIME / LATE / MISSING / NOT_DUE / NOT_EXPECTED

    @property
    def states(self) -> set[str]:
        found = set()
        if self.report is not None and self.report.first_submitted_at is not None:
            found.add(self.report.status)
        if self.timeliness == LATE:
            found.add("late")
        if self.timeliness == MISSING:
            found.add("missing")
        return found

    @property
    def state_label(self) -> str:
        if self.report is not None and self.report.first_submitted_at is not None:
            label = self.report.get_status_display()
            return f"{label} · {CELL_LABELS[LATE]}" if self.timeliness == LATE else str(label)
        return CELL_LABELS[self.timeliness]


@actor_required
def inbox_week(*, actor: Actor, week: IsoWeek, state: str | None = None, now: dt.datetime) -> list[InboxRow]:
    """Every reporting organisation the actor may read, for one week, with its report and its state
    (filed or not, on time or late); `state` keeps only one of INBOX_STATES. 2 queries."""
    organisations = reporting_organisations(actor=actor)
    reports = {
        r.organisation_id: r
        for r in WeeklyReport.objects.filter(organisation__in=organisations, week=str(week))
    }
    rows = []
    for org in organisations:
        report = reports.get(org.pk)
        rows.append(InboxRow(org, week, report, cell_status(org.reporting_obligation, week, report, now)))
    return inbox_filter(rows, state)


def inbox_filter(rows: list[InboxRow], state: str | None) -> list[InboxRow]:
    """The rows in one of INBOX_STATES (all rows without a state)."""
    return [row for row in rows if state in row.states] if state else rows


def inbox_counts(rows: list[InboxRow]) -> dict[str, int]:
    """How many rows are in each of INBOX_STATES (a row late and returned counts in both)."""
    return {state: sum(1 for row in rows if state in row.states) for state in INBOX_STATES}
