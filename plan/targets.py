"""An indicator's target over a range: one source of truth for the plan's numbers and their history.

The indicator carries the plan's stated value (`target_value`, per `period`). Reports' Target rows whose
`metric` is the indicator's code are its history: each row holds a minimum per period from `active_from`
to `active_until`, edited by the Postal Department with every change audited (reports.TargetChange). When
an indicator has Target rows for the scope asked, they decide: a target changed mid-year (the old row
closed the day before, a new row from the date) applies from its date, period by period, exactly as the
news tally and the quarterly review read them (the strongest row in force in a period). An indicator with
no Target row for the scope keeps its stated value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.models import Organisation, OrganisationKind
from reports.models import Target, TargetScope

from .models import Direction, Indicator, Scope, Source
from .periods import Span, count_periods, periods_in

# Figures whose sum grows with time; a target for them is per period and sums over the range.
SUMMED_SOURCES = {Source.FIGURE_SUM, Source.PUBLICATIONS, Source.WAVES}
RESPONSIBLE_KIND = {Scope.ORGANISATION: OrganisationKind.POSTAL_FIRM}


@dataclass
class TargetValue:
    value: float | None
    origin: str  # "history": reports' Target rows; "plan": the indicator's stated value; "": none


def _rows(indicator: Indicator, *, first: dt.date, last: dt.date, provinces) -> tuple[str, list[Target]]:
    """The Target rows that speak for the indicator in this view, and the Target scope they have."""
    qs = Target.objects.filter(metric=indicator.code, active_from__lte=last, active_until__gte=first)
    if provinces is not None:
        if indicator.scope == Scope.ORGANISATION:
            return "", []  # firms' targets are national; a province view keeps the stated value
        return TargetScope.PROVINCE, list(qs.filter(scope=TargetScope.PROVINCE, province__in=provinces))
    if indicator.scope == Scope.ORGANISATION:
        return TargetScope.ORGANISATION, list(qs.filter(scope=TargetScope.ORGANISATION))
    return TargetScope.NATIONAL, list(qs.filter(scope=TargetScope.NATIONAL))


def _in_force(rows: list[Target], span: Span) -> list[Target]:
    return [t for t in rows if t.active_from <= span.last and t.active_until >= span.first]


def _period_minimum(scope: str, rows: list[Target], span: Span, firms: list[Organisation]) -> int:
    """The minimum a period asks: the strongest row in force; per firm summed for firms' targets; per
    province summed when a 2025 unit stands for several old provinces."""
    active = _in_force(rows, span)
    if scope == TargetScope.ORGANISATION:
        total = 0
        for firm in firms:
            mine = [
                t.minimum
                for t in active
                if t.organisation_id == firm.pk
                or (t.organisation_id is None and t.organisation_kind == firm.kind)
            ]
            total += max(mine, default=0)
        return total
    if scope == TargetScope.PROVINCE:
        per_province: dict[int, int] = {}
        for t in active:
            per_province[t.province_id] = max(per_province.get(t.province_id, 0), t.minimum)
        return sum(per_province.values())
    return max((t.minimum for t in active), default=0)


def _from_history(indicator, scope, rows, *, first, last) -> float | None:
    firms = (
        list(Organisation.objects.filter(kind=RESPONSIBLE_KIND[Scope.ORGANISATION], is_active=True))
        if scope == TargetScope.ORGANISATION
        else []
    )
    if indicator.source in SUMMED_SOURCES:
        spans = periods_in(indicator.period, first, last)
        if not any(_in_force(rows, s) for s in spans):
            return None
        return float(sum(_period_minimum(scope, rows, s, firms) for s in spans))
    at_end = Span("end", "day", last, last)  # a level (running total, share): the row in force at the end
    return float(_period_minimum(scope, rows, at_end, firms)) if _in_force(rows, at_end) else None


def _stated(indicator: Indicator, *, first, last, national: bool, province_count: int) -> float | None:
    if indicator.target_value is None or indicator.direction == Direction.TRACK:
        return None
    value = float(indicator.target_value)
    if indicator.source == Source.FLAGSHIP and national:
        return float(province_count)  # every province reaches the minimum
    if indicator.source in SUMMED_SOURCES:
        value *= count_periods(indicator.period, first, last)
        if indicator.scope == Scope.ORGANISATION and national:
            value *= Organisation.objects.filter(
                kind=RESPONSIBLE_KIND[Scope.ORGANISATION], is_active=True
            ).count()
    return value


def indicator_target(
    indicator: Indicator, *, first: dt.date, last: dt.date, provinces=None, province_count: int = 63
) -> TargetValue:
    """The target over [first, last] nationally (`provinces` None) or for the provinces of one view."""
    reach = (first, last)
    if indicator.source in SUMMED_SOURCES:  # a period reaching past the range still asks its whole target
        spans = periods_in(indicator.period, first, last)
        reach = (min(first, spans[0].first), max(last, spans[-1].last))
    scope, rows = _rows(indicator, first=reach[0], last=reach[1], provinces=provinces)
    if rows:
        value = _from_history(indicator, scope, rows, first=first, last=last)
        if value is not None:
            return TargetValue(value, "history")
    value = _stated(
        indicator, first=first, last=last, national=provinces is None, province_count=province_count
    )
    return TargetValue(value, "plan" if value is not None else "")
