"""What the tally dashboard, its week pages and its exports show, for one set of filters.

Filters: a year, and optionally one organisation, one province (a 2022 province or a 2025 unit: either
map) and one press/TV channel. The counted figures follow every filter (a publication's province is its
wave's, else its author's); the reported figures follow the organisation, the province (of the filing
organisation) and the channel (press articles for press, TV spots for TV); the filing grid follows the
organisation and the province. Only organisations the actor may read are offered or shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind
from accounts.permissions import Actor, actor_required
from calendars.models import Province, ProvinceMap
from calendars.weeks import IsoWeek, week_of, weeks_of_year
from content.models import Channel
from core.errors import NotFound

from . import selectors as sel
from .tally import PRESS_TV, news_publications, news_tally

# The grid and the monthly table show this many organisations a page: the national view (2 firms + 63
# DICs × 52 weeks) in one page weighed 836 KB of HTML; a page of 10 stays far under 250 KB.
ORGS_PER_PAGE = 10
FIRST_YEAR, LAST_YEAR = 2022, 2100


@dataclass
class Filters:
    year: int
    organisation: Organisation | None = None
    province: Province | None = None
    channel: str = ""
    page: int = 1

    def query(self, **extra) -> str:
        """The filters as a query string (for links that keep them), with `extra` on top."""
        values = {
            "year": self.year,
            "org": self.organisation.code if self.organisation else "",
            "province": self.province.pk if self.province else "",
            "channel": self.channel,
            **extra,
        }
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


def _int(value: str, name: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or len(value) > 6:
        raise NotFound(_("Giá trị lọc không hợp lệ."), field=name)
    return int(value)


@actor_required
def filters_parse(params, *, actor: Actor, organisations: list[Organisation]) -> Filters:
    """The filters from a query string; an organisation the actor may not read, or an unknown province
    or channel, is a NotFound (never silently the national figures)."""
    year = _int(params.get("year", ""), "year") or timezone.localdate().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound(_("Năm không hợp lệ."), field="year")
    filters = Filters(year=year, page=_int(params.get("page", ""), "page") or 1)
    code = params.get("org") or ""
    if code:
        filters.organisation = next((o for o in organisations if o.code == code), None)
        if filters.organisation is None:
            raise NotFound(_("Không có tổ chức này."), field="org")
    province = _int(params.get("province", ""), "province")
    if province is not None:
        filters.province = Province.objects.filter(pk=province).first()
        if filters.province is None:
            raise NotFound(_("Không có tỉnh/thành này."), field="province")
    channel = params.get("channel") or ""
    if channel and channel not in PRESS_TV:
        raise NotFound(_("Kênh không hợp lệ."), field="channel")
    filters.channel = channel
    return filters


def filter_choices() -> dict:
    """What the filter form offers: provinces of both maps, and the press/TV channels by label."""
    provinces = list(Province.objects.order_by("map", "name"))
    return {
        "provinces_2025": [p for p in provinces if p.map == ProvinceMap.MAP_2025],
        "provinces_2022": [p for p in provinces if p.map != ProvinceMap.MAP_2025],
        "channels": [(value, Channel(value).label) for value in PRESS_TV],
    }


def _in_province(org: Organisation, province: Province) -> bool:
    return org.province_id is not None and province.pk in (org.province_id, org.province.successor_id)


def grid_organisations(organisations: list[Organisation], filters: Filters) -> list[Organisation]:
    """The organisations whose filing the grid shows: the one chosen, or those of the province."""
    if filters.organisation is not None:
        return [filters.organisation]
    if filters.province is not None:
        return [o for o in organisations if _in_province(o, filters.province)]
    return organisations


def year_weeks(year: int, now: dt.datetime) -> list[IsoWeek]:
    """The year's weeks up to this one (a future week has nothing to count yet)."""
    today = week_of(now)
    weeks = [w for w in weeks_of_year(year) if w <= today]
    return weeks or weeks_of_year(year)[:1]


def tally(filters: Filters, *, first: IsoWeek, last: IsoWeek):
    return news_tally(
        first=first,
        last=last,
        province=filters.province,
        organisation=filters.organisation,
        channel=filters.channel or None,
    )


@dataclass
class Totals:
    counted: int = 0
    reported: int = 0
    gap: int = 0
    met: int = 0
    with_target: int = 0
    expected: int = 0
    received: int = 0
    on_time: int = 0
    missed: list = field(default_factory=list)


def _totals(news, summary) -> Totals:
    totals = Totals(
        counted=sum(t.counted for t in news),
        reported=sum(t.reported or 0 for t in news),
        met=sum(1 for t in news if t.met),
        with_target=sum(1 for t in news if t.target is not None),
        missed=[t for t in news if t.met is False],
    )
    totals.gap = totals.reported - totals.counted
    for row in summary:
        totals.expected += row.expected
        totals.received += row.received
        totals.on_time += row.on_time
    return totals


def week_glance(*, now: dt.datetime) -> dict:
    """The dashboard's first line: this ISO week, its national news tally so far against the target, and
    the days left in it."""
    this = week_of(now)
    (tally,) = news_tally(first=this, last=this)
    days_left = (this.sunday - timezone.localdate(now)).days
    return {"week": this, "tally": tally, "days_left": days_left, "needed": tally.target}


@actor_required
def dashboard_data(*, actor: Actor, params, now: dt.datetime, paginate: bool = False) -> dict:
    """Everything the dashboard (or its export, unpaged) shows for the filters in `params`."""
    every = sorted(
        sel.reporting_organisations(actor=actor),
        key=lambda o: (o.kind != OrganisationKind.POSTAL_FIRM, o.name),
    )
    filters = filters_parse(params, actor=actor, organisations=every)
    weeks = year_weeks(filters.year, now)
    orgs = grid_organisations(every, filters)
    news = tally(filters, first=weeks[0], last=weeks[-1])
    grid = sel.completeness_grid(organisations=orgs, first=weeks[0], last=weeks[-1], now=now) if orgs else {}
    months = [m for m in range(1, 13) if dt.date(filters.year, m, 1) <= timezone.localdate(now)]
    periods = sel.month_periods(filters.year, months)
    summary = (
        sel.completeness_summary(organisations=orgs, periods=periods, now=now) if orgs and months else []
    )
    totals = _totals(news, summary)
    pages = max(1, -(-len(orgs) // ORGS_PER_PAGE))
    filters.page = min(max(1, filters.page), pages)
    if paginate:
        shown = orgs[(filters.page - 1) * ORGS_PER_PAGE : filters.page * ORGS_PER_PAGE]
        summary = [row for row in summary if row.organisation in shown]
        orgs = shown
    by_org: dict = {}
    for row in summary:
        by_org.setdefault(row.organisation, []).append(row)
    return {
        "filters": filters,
        "months": list(periods),
        "summary_rows": list(by_org.items()),
        "weeks": weeks,
        "orgs": orgs,
        "all_orgs": every,
        "news": news,
        "grid": grid,
        "summary": summary,
        "totals": totals,
        "pages": range(1, pages + 1),
    }


@actor_required
def week_data(*, actor: Actor, params, week: IsoWeek) -> dict:
    """A week's drill-down: the tally, each organisation's reported figure beside what was counted for
    it (the gap, organisation by organisation), and the publications counted."""
    every = sel.reporting_organisations(actor=actor)
    filters = filters_parse(params, actor=actor, organisations=every)
    (week_tally,) = tally(filters, first=week, last=week)
    orgs = grid_organisations(every, filters)
    rows = sel.org_week_tally(organisations=orgs, first=week, last=week, channel=filters.channel)
    publications = (
        news_publications(
            province=filters.province, organisation=filters.organisation, channel=filters.channel or None
        )
        .filter(iso_week=str(week))
        .select_related("item__organisation", "campaign")
        .order_by("published_at", "pk")
    )
    from_feeds = sum(1 for p in publications if p.item_id is None)
    shown = [r for r in rows if r.reported or r.counted]
    shown.sort(key=lambda r: (-(abs(r.gap or 0)), r.organisation.name))
    return {
        "filters": filters,
        "tally": week_tally,
        "org_rows": shown,
        "silent": len(rows) - len(shown),
        "publications": publications,
        "from_feeds": from_feeds,
    }
