"""Reads for reports and the tallies: actual against target per week, month and quarter.

Every tally runs a fixed number of queries whatever the range: rows are fetched once, grouped in Python.
Counted news items are press and TV publications (content.Publication); self-reported figures come from
WeeklyReport.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Organisation
from accounts.permissions import Actor, actor_required, can_act_for
from calendars.weeks import (
    IsoWeek,
    format_month,
    weeks_between,
    weeks_of_month,
    weeks_of_quarter,
)
from content.models import Publication

from .models import (
    CUMULATIVE_FIGURES,
    FIGURES,
    ReportingObligation,
    Target,
    TargetMetric,
    TargetPeriod,
    TargetScope,
    WeeklyReport,
)

# content.Channel values counted as "news items in press and TV" (docs/architecture.md, targets).
PRESS_TV = ("press_print", "press_online", "tv_central", "tv_local")
SUMMED_FIGURES = [name for name in FIGURES if name not in CUMULATIVE_FIGURES]


def news_publications(*, province=None, campaign=None, organisation=None):
    """Press and TV publications, optionally of one province (the wave's, else the author's), wave or org.

    A publication's wave is its own `campaign` (set for items and for matched feed articles alike); feed
    articles have no item, so the organisation filter counts only what an organisation authored.
    """
    qs = Publication.objects.filter(channel__in=PRESS_TV)
    if province is not None:
        in_wave = Q(campaign__province=province)
        by_author = Q(campaign__province__isnull=True, item__organisation__province=province)
        qs = qs.filter(in_wave | by_author)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if organisation is not None:
        qs = qs.filter(item__organisation=organisation)
    return qs


# Weekly news items against the target ------------------------------------------------------------------


@dataclass
class WeekTally:
    week: IsoWeek
    counted: int
    target: int | None
    labels: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.counted >= self.target

    @property
    def shortfall(self) -> int:
        return max((self.target or 0) - self.counted, 0)


def _week_targets(*, weeks: list[IsoWeek], scope: str, province=None, campaign=None) -> dict:
    """The strongest weekly news target per week (several may overlap, e.g. the theme weeks)."""
    qs = Target.objects.filter(
        metric=TargetMetric.NEWS_ITEMS,
        period=TargetPeriod.WEEK,
        scope=scope,
        active_from__lte=weeks[-1].sunday,
        active_until__gte=weeks[0].monday,
    )
    if province is not None:
        qs = qs.filter(province=province)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    targets = list(qs)
    found = {}
    for week in weeks:
        active = [t for t in targets if t.active_from <= week.sunday and t.active_until >= week.monday]
        if active:
            found[week] = (max(t.minimum for t in active), [t.label or str(t) for t in active])
    return found


def news_tally(*, first: IsoWeek, last: IsoWeek, province=None, campaign=None) -> list[WeekTally]:
    """Per ISO week: press+TV publications counted, the target, met or missed, shortfall (2 queries)."""
    weeks = weeks_between(first, last)
    rows = (
        news_publications(province=province, campaign=campaign)
        .filter(iso_week__in=[str(w) for w in weeks])
        .values("iso_week")
        .annotate(n=Count("pk"))
    )
    counts = {row["iso_week"]: row["n"] for row in rows}
    scope = TargetScope.CAMPAIGN if campaign else TargetScope.PROVINCE if province else TargetScope.NATIONAL
    targets = _week_targets(weeks=weeks, scope=scope, province=province, campaign=campaign)
    if campaign is not None:
        # A wave without its own Target row asks news_per_week from its prep_due to the harvest end.
        for week in weeks:
            if (
                week not in targets
                and campaign.prep_due <= week.sunday
                and week.monday <= campaign.harvest_end
            ):
                targets[week] = (campaign.news_per_week, [campaign.title])
    return [
        WeekTally(
            week=w,
            counted=counts.get(str(w), 0),
            target=targets.get(w, (None, []))[0],
            labels=targets.get(w, (None, []))[1],
        )
        for w in weeks
    ]


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

    @property
    def reported(self) -> int | None:
        """Self-reported press articles + TV spots (None when neither was reported)."""
        if self.report is None:
            return None
        values = [self.report.press_articles, self.report.tv_spots]
        return None if all(v is None for v in values) else sum(v or 0 for v in values)

    @property
    def gap(self) -> int | None:
        return None if self.reported is None else self.reported - self.counted

    @property
    def flagged(self) -> bool:
        return bool(self.gap)


def org_week_tally(*, organisations: list[Organisation], first: IsoWeek, last: IsoWeek) -> list[OrgWeek]:
    """Per organisation and week: its report's press+TV figure beside publications counted (2 queries)."""
    weeks = weeks_between(first, last)
    names = [str(w) for w in weeks]
    reports = {
        (r.organisation_id, r.week): r
        for r in WeeklyReport.objects.filter(organisation__in=organisations, week__in=names)
    }
    counted = {
        (row["item__organisation"], row["iso_week"]): row["n"]
        for row in news_publications()
        .filter(item__organisation__in=organisations, iso_week__in=names)
        .values("item__organisation", "iso_week")
        .annotate(n=Count("pk"))
    }
    return [
        OrgWeek(org, w, reports.get((org.pk, str(w))), counted.get((org.pk, str(w)), 0))
        for org in organisations
        for w in weeks
    ]


# Completeness and timeliness ---------------------------------------------------------------------------

ON_TIME, LATE, MISSING, NOT_DUE, NOT_EXPECTED = "on_time", "late", "missing", "not_due", "not_expected"
CELL_LABELS = {
    ON_TIME: "Đúng hạn",
    LATE: "Muộn",
    MISSING: "Thiếu",
    NOT_DUE: "Chưa đến hạn",
    NOT_EXPECTED: "Không phải nộp",
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
def report_list(*, actor: Actor, organisation: Organisation | None = None, year: int | None = None):
    qs = WeeklyReport.objects.select_related("organisation")
    if not actor.is_national():
        qs = qs.filter(organisation_id__in=list(actor.roles))
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if year is not None:
        qs = qs.filter(week__startswith=f"{year}-W")
    return qs
