"""Where indicators' actual values come from: reports' weekly figures, counted publications and waves.

The one module of `plan` that reads the lower apps' tables, so a move of those apps touches only here.
Each function takes a date range and an optional set of provinces (2022 map) or organisations.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q, Sum

from calendars.weeks import week_of
from campaigns.models import Campaign, CampaignStatus
from reports.models import WeeklyReport
from reports.selectors import news_publications, publication_in_provinces


def _weeks(first: dt.date, last: dt.date) -> list[str]:
    """ISO weeks whose Thursday falls in [first, last] (a week belongs to its Thursday's month)."""
    names, week = [], week_of(first)
    if week.thursday < first:
        week = week.next()
    while week.thursday <= last:
        names.append(str(week))
        week = week.next()
    return names


def _reports(*, first, last, provinces=None, organisations=None):
    qs = WeeklyReport.objects.filter(week__in=_weeks(first, last), first_submitted_at__isnull=False)
    if provinces is not None:
        qs = qs.filter(organisation__province__in=provinces)
    if organisations is not None:
        qs = qs.filter(organisation__in=organisations)
    return qs


def figure_sum(figure: str, *, first, last, provinces=None, organisations=None) -> int:
    """The sum of a weekly-report figure over the submitted reports of the weeks in the range."""
    qs = _reports(first=first, last=last, provinces=provinces, organisations=organisations)
    return qs.aggregate(n=Sum(figure))["n"] or 0


def figure_latest(figure: str, *, last, provinces=None, organisations=None) -> int | None:
    """A running total: each organisation's last reported value up to `last`, summed (None: none reported)."""
    qs = WeeklyReport.objects.filter(
        week_start__lte=last, first_submitted_at__isnull=False, **{f"{figure}__isnull": False}
    )
    if provinces is not None:
        qs = qs.filter(organisation__province__in=provinces)
    if organisations is not None:
        qs = qs.filter(organisation__in=organisations)
    latest = {}
    for org, value in qs.order_by("organisation_id", "week_start").values_list("organisation_id", figure):
        latest[org] = value
    return sum(latest.values()) if latest else None


def publications(*, first, last, provinces=None, organisations=None, theme: str = "") -> int:
    """Press and TV publications of the weeks in the range (only the theme's items when a theme is given)."""
    qs = news_publications().filter(iso_week__in=_weeks(first, last))
    if provinces is not None:
        qs = qs.filter(publication_in_provinces(provinces))
    if organisations is not None:
        qs = qs.filter(item__organisation__in=organisations)
    if theme:
        qs = qs.filter(item__theme__code=theme)
    return qs.count()


def waves(kind: str, *, first, last, provinces=None, organisations=None) -> int:
    """Waves of a kind that start in the range and were not cancelled (national waves count nationally)."""
    qs = Campaign.objects.filter(kind=kind, harvest_start__gte=first, harvest_start__lte=last).exclude(
        status=CampaignStatus.CANCELLED
    )
    if provinces is not None:
        qs = qs.filter(province__in=provinces)
    if organisations is not None:
        qs = qs.filter(Q(organisation__in=organisations) | Q(partners__in=organisations)).distinct()
    return qs.count()


def figures_by_organisation(figure: str, *, first, last, organisations) -> dict[int, int]:
    """A summed figure per organisation (the firm's reported figure beside its counted waves)."""
    totals = defaultdict(int)
    qs = _reports(first=first, last=last, organisations=organisations)
    for org, value in qs.values_list("organisation_id", figure):
        totals[org] += value or 0
    return dict(totals)
