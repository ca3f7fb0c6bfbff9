"""Reads of what a weekly report's earlier reports say: the week before's figures beside it, and the
running totals it carries forward from the last filed report."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Organisation
from calendars.weeks import IsoWeek

from .models import CUMULATIVE_FIGURES, FIGURE_LABELS, FIGURES, WeeklyReport
from .selectors import report_get


@dataclass
class FigureLine:
    name: str
    label: str
    value: int | None
    previous: int | None

    @property
    def change(self) -> int | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def report_against_previous(*, report: WeeklyReport) -> tuple[WeeklyReport | None, list[FigureLine]]:
    """A report's figures beside the same organisation's report of the week before."""
    previous = report_get(organisation=report.organisation, week=str(report.iso_week.previous()))
    lines = [
        FigureLine(
            name,
            str(FIGURE_LABELS[name]),
            getattr(report, name),
            getattr(previous, name) if previous is not None else None,
        )
        for name in FIGURES
    ]
    return previous, lines


def carried_figures(*, organisation: Organisation, week: IsoWeek) -> dict[str, int]:
    """Running totals as last filed before `week` (one query per cumulative figure, two today): what a new
    report starts from, since a running total rarely goes down."""
    earlier = WeeklyReport.objects.filter(
        organisation=organisation, week_start__lt=week.monday, first_submitted_at__isnull=False
    )
    carried = {}
    for name in CUMULATIVE_FIGURES:
        value = (
            earlier.exclude(**{f"{name}__isnull": True})
            .order_by("-week_start")
            .values_list(name, flat=True)
            .first()
        )
        if value is not None:
            carried[name] = value
    return carried
