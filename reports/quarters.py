"""The quarterly review page's read: per organisation its three months (roll-up state, weeks filed, supplier
campaigns against the monthly target) and the quarter from accepted months (sales programmes against the
quarterly target), with the whole country's totals beside them.

A fixed number of queries whatever the number of organisations: three monthly roll-ups (5 each), the
quarter (3), and, for a reader who does not see every organisation, the same again for the country.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.permissions import Actor, actor_required, system_actor
from calendars.weeks import format_month, months_of_quarter

from .models import RollupStatus
from .rollups import MonthRow, QuarterRow, quarter_national_totals, quarter_review, rollup_month
from .selectors import reporting_organisations


@dataclass
class QuarterLine:
    """One organisation's quarter: its three months and the quarter built from the accepted ones."""

    review: QuarterRow
    months: list[MonthRow]

    @property
    def organisation(self):
        return self.review.organisation

    @property
    def all_accepted(self) -> bool:
        return all(m.status == RollupStatus.ACCEPTED for m in self.months)


@dataclass
class NationalMonth:
    """The country's month: how many organisations' months are accepted, returned, and what they filed."""

    month: str
    organisations: int = 0
    accepted: int = 0
    returned: int = 0
    weeks_reported: int = 0
    weeks_expected: int = 0
    supplier_campaigns: int = 0
    supplier_target: int = 0  # the organisations' monthly targets added up

    @property
    def pending(self) -> int:
        return self.organisations - self.accepted - self.returned


@dataclass
class QuarterReview:
    label: str  # 2022-Q2
    year: int
    quarter: int
    months: list[str]
    lines: list[QuarterLine]
    national_months: list[NationalMonth]
    national: dict = field(default_factory=dict)  # quarter_national_totals of every organisation

    @property
    def sales_target(self) -> int:
        return sum(line.review.sales_target or 0 for line in self.lines)


def _national_months(months: list[str], by_month: list[list[MonthRow]]) -> list[NationalMonth]:
    found = []
    for label, rows in zip(months, by_month, strict=True):
        total = NationalMonth(month=label, organisations=len(rows))
        for row in rows:
            total.accepted += row.status == RollupStatus.ACCEPTED
            total.returned += row.status == RollupStatus.RETURNED
            total.weeks_reported += row.weeks_reported
            total.weeks_expected += row.weeks_expected
            total.supplier_campaigns += row.sums.get("supplier_campaigns") or 0
            total.supplier_target += row.supplier_target or 0
        found.append(total)
    return found


def _months(year: int, quarter: int, organisations) -> list[list[MonthRow]]:
    return [
        rollup_month(year=y, month=m, organisations=organisations)
        for y, m in months_of_quarter(year, quarter)
    ]


@actor_required
def quarter_page(*, actor: Actor, year: int, quarter: int) -> QuarterReview:
    """The quarterly review of the organisations `actor` may read, and the country's totals beside them
    (computed over every reporting organisation, whoever reads: totals reveal no one organisation)."""
    organisations = reporting_organisations(actor=actor)
    months = [format_month(y, m) for y, m in months_of_quarter(year, quarter)]
    by_month = _months(year, quarter, organisations)
    reviews = quarter_review(year=year, quarter=quarter, organisations=organisations)
    everyone = reporting_organisations(actor=system_actor("reports:national-totals"))
    if {o.pk for o in everyone} == {o.pk for o in organisations}:
        national_by_month, national_reviews = by_month, reviews
    else:
        national_by_month = _months(year, quarter, everyone)
        national_reviews = quarter_review(year=year, quarter=quarter, organisations=everyone)
    national = quarter_national_totals(national_reviews)
    national["sales_target"] = sum(r.sales_target or 0 for r in national_reviews)
    lines = [
        QuarterLine(review=review, months=[rows[i] for rows in by_month]) for i, review in enumerate(reviews)
    ]
    return QuarterReview(
        label=f"{year}-Q{quarter}",
        year=year,
        quarter=quarter,
        months=months,
        lines=lines,
        national_months=_national_months(months, national_by_month),
        national=national,
    )
