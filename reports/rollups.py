"""Monthly roll-ups and the quarterly review: sums, running totals and their changes per organisation.

Reads, like selectors.py, over the organisations a caller passes (`reporting_organisations(actor=…)`
decides whose); each runs a fixed number of queries whatever the number of organisations.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db.models import Count, OuterRef, Subquery

from accounts.models import Organisation
from accounts.permissions import system_actor
from calendars.weeks import format_month, months_of_quarter, weeks_of_month, weeks_of_quarter
from campaigns.models import Campaign, CampaignKind, CampaignStatus

from .models import (
    CUMULATIVE_FIGURES,
    MonthlyRollup,
    RollupStatus,
    Target,
    TargetMetric,
    TargetPeriod,
    TargetScope,
    WeeklyReport,
)
from .selectors import SUMMED_FIGURES, news_publications, reporting_organisations

# Monthly roll-up and quarterly review -----------------------------------------------------------------


@dataclass
class MonthRow:
    organisation: Organisation
    month: str
    weeks_reported: int
    weeks_expected: int
    sums: dict
    latest: dict  # cumulative figures: last value reported in the month
    deltas: dict  # cumulative figures: change against the last value before the month
    counted_news: int
    status: str  # roll-up decision: pending / accepted / returned
    supplier_target: int | None = None

    @property
    def supplier_met(self) -> bool | None:
        if self.supplier_target is None:
            return None
        return (self.sums.get("supplier_campaigns") or 0) >= self.supplier_target

    def as_json(self) -> dict:
        return {
            "month": self.month,
            "weeks_reported": self.weeks_reported,
            "weeks_expected": self.weeks_expected,
            "sums": self.sums,
            "latest": self.latest,
            "deltas": self.deltas,
            "counted_news": self.counted_news,
        }


def _org_targets(*, metric: str, period: str, first: dt.date, last: dt.date) -> list[Target]:
    return list(
        Target.objects.filter(
            metric=metric,
            period=period,
            scope=TargetScope.ORGANISATION,
            active_from__lte=last,
            active_until__gte=first,
        )
    )


def _org_minimum(targets: list[Target], org: Organisation, first: dt.date, last: dt.date) -> int | None:
    applicable = [
        t.minimum
        for t in targets
        if (t.organisation_id == org.pk or (t.organisation_id is None and t.organisation_kind == org.kind))
        and t.active_from <= last
        and t.active_until >= first
    ]
    return max(applicable) if applicable else None


def rollup_month(*, year: int, month: int, organisations: list[Organisation]) -> list[MonthRow]:
    """Sums and indicator deltas per organisation for the weeks counted in a month (a fixed 5 queries).

    `organisations` come from `reporting_organisations(actor=…)`: the actor's scope decides what is read.
    """
    weeks = weeks_of_month(year, month)
    names = [str(w) for w in weeks]
    reports = defaultdict(list)
    for r in WeeklyReport.objects.filter(organisation__in=organisations, week__in=names).order_by(
        "week_start"
    ):
        reports[r.organisation_id].append(r)
    previous = _previous_cumulative(organisations, before=weeks[0].monday)
    counted = {
        row["item__organisation"]: row["n"]
        for row in news_publications()
        .filter(item__organisation__in=organisations, iso_week__in=names)
        .values("item__organisation")
        .annotate(n=Count("pk"))
    }
    decisions = dict(
        MonthlyRollup.objects.filter(
            organisation__in=organisations, month=format_month(year, month)
        ).values_list("organisation_id", "status")
    )
    supplier = _org_targets(
        metric=TargetMetric.SUPPLIER_CAMPAIGNS,
        period=TargetPeriod.MONTH,
        first=weeks[0].monday,
        last=weeks[-1].sunday,
    )
    rows = []
    for org in organisations:
        mine = [r for r in reports[org.pk] if r.first_submitted_at is not None]
        latest, deltas = _latest_and_deltas(mine, previous.get(org.pk, {}))
        obligation = getattr(org, "reporting_obligation", None)
        rows.append(
            MonthRow(
                organisation=org,
                month=format_month(year, month),
                weeks_reported=len(mine),
                weeks_expected=sum(1 for w in weeks if obligation and obligation.expects(w)),
                sums={name: sum(getattr(r, name) or 0 for r in mine) for name in SUMMED_FIGURES},
                latest=latest,
                deltas=deltas,
                counted_news=counted.get(org.pk, 0),
                status=decisions.get(org.pk, RollupStatus.PENDING),
                supplier_target=_org_minimum(supplier, org, weeks[0].monday, weeks[-1].sunday),
            )
        )
    return rows


def _previous_cumulative(organisations: list[Organisation], *, before: dt.date) -> dict[int, dict]:
    """Per organisation, the last reported value of each running total before `before` (one query)."""
    earlier = WeeklyReport.objects.filter(organisation=OuterRef("pk"), week_start__lt=before)
    return {
        row["pk"]: row
        for row in Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        .annotate(
            **{
                f"prev_{name}": Subquery(
                    earlier.exclude(**{f"{name}__isnull": True}).order_by("-week_start").values(name)[:1]
                )
                for name in CUMULATIVE_FIGURES
            }
        )
        .values("pk", *[f"prev_{name}" for name in CUMULATIVE_FIGURES])
    }


def _latest_and_deltas(mine: list[WeeklyReport], previous: dict) -> tuple[dict, dict]:
    """The month's last value of each running total, and its change since the month before."""
    latest, deltas = {}, {}
    for name in CUMULATIVE_FIGURES:
        values = [getattr(r, name) for r in mine if getattr(r, name) is not None]
        latest[name] = values[-1] if values else None
        before = previous.get(f"prev_{name}")
        deltas[name] = None if latest[name] is None else latest[name] - (before or 0)
    return latest, deltas


@dataclass
class QuarterRow:
    organisation: Organisation
    quarter: str
    months_accepted: list[str]
    months_pending: list[str]
    sums: dict
    deltas: dict
    sales_target: int | None
    sales_waves: int = 0  # the firm's own sales-programme waves scheduled in the quarter (not cancelled)
    national: dict = field(default_factory=dict)  # every reporting organisation's sums and deltas

    @property
    def sales_met(self) -> bool | None:
        """Met by the waves the firm scheduled and ran, or by its reported figure when that is larger
        (programmes it ran without entering them as waves)."""
        if self.sales_target is None:
            return None
        return max(self.sums.get("sales_programmes") or 0, self.sales_waves) >= self.sales_target

    def as_dict(self) -> dict:
        data = asdict(self)
        data["organisation"] = self.organisation.code
        data["sales_met"] = self.sales_met
        return data


def quarter_review(*, year: int, quarter: int, organisations: list[Organisation]) -> list[QuarterRow]:
    """The quarter built from the accepted monthly roll-ups only, each organisation's sales-programme waves
    beside its reported figure (3 queries), for `organisations`."""
    months = [format_month(y, m) for y, m in months_of_quarter(year, quarter)]
    accepted = defaultdict(dict)
    for rollup in MonthlyRollup.objects.filter(
        organisation__in=organisations, month__in=months, status=RollupStatus.ACCEPTED
    ):
        accepted[rollup.organisation_id][rollup.month] = rollup.totals
    weeks = weeks_of_quarter(year, quarter)
    first, last = weeks[0].monday, weeks[-1].sunday
    sales = _org_targets(
        metric=TargetMetric.SALES_PROGRAMMES, period=TargetPeriod.QUARTER, first=first, last=last
    )
    waves = _sales_waves(organisations, first, last)
    rows = []
    for org in organisations:
        totals = accepted[org.pk]
        sums = {
            name: sum((t.get("sums") or {}).get(name, 0) for t in totals.values()) for name in SUMMED_FIGURES
        }
        deltas = {
            name: sum((t.get("deltas") or {}).get(name) or 0 for t in totals.values())
            for name in CUMULATIVE_FIGURES
        }
        rows.append(
            QuarterRow(
                organisation=org,
                quarter=f"{year}-Q{quarter}",
                months_accepted=sorted(totals),
                months_pending=[m for m in months if m not in totals],
                sums=sums,
                deltas=deltas,
                sales_target=_org_minimum(sales, org, first, last),
                sales_waves=waves.get(org.pk, 0),
            )
        )
    return rows


def quarter_review_with_totals(
    *, year: int, quarter: int, organisations: list[Organisation]
) -> list[QuarterRow]:
    """The quarterly review of some organisations, each row carrying the whole country's totals."""
    rows = quarter_review(year=year, quarter=quarter, organisations=organisations)
    everyone = reporting_organisations(actor=system_actor("reports:national-totals"))
    if {o.pk for o in everyone} != {o.pk for o in organisations}:
        totals = quarter_national_totals(quarter_review(year=year, quarter=quarter, organisations=everyone))
    else:
        totals = quarter_national_totals(rows)
    for row in rows:
        row.national = totals
    return rows


def _sales_waves(organisations, first: dt.date, last: dt.date) -> dict[int, int]:
    """Sales-programme waves each organisation owns or co-owns, starting in the range (1 query)."""
    qs = Campaign.objects.filter(
        kind=CampaignKind.SALES_PROGRAMME, harvest_start__gte=first, harvest_start__lte=last
    ).exclude(status=CampaignStatus.CANCELLED)
    owners = defaultdict(set)  # wave -> its owner and co-owners (one row per co-owner: one query)
    for wave_id, owner, partner in qs.values_list("pk", "organisation_id", "partners"):
        owners[wave_id].update(o for o in (owner, partner) if o is not None)
    ids, counts = {o.pk for o in organisations}, defaultdict(int)
    for members in owners.values():
        for org_id in members & ids:
            counts[org_id] += 1
    return counts


def quarter_national_totals(rows: list[QuarterRow]) -> dict:
    """The quarter for the whole country: every organisation's sums, deltas and sales waves added up."""
    return {
        "sums": {name: sum(r.sums.get(name) or 0 for r in rows) for name in SUMMED_FIGURES},
        "deltas": {name: sum(r.deltas.get(name) or 0 for r in rows) for name in CUMULATIVE_FIGURES},
        "sales_waves": sum(r.sales_waves for r in rows),
        "organisations": len(rows),
    }
