"""The weekly news tally: press and TV items **counted** (publications recorded in Mùa or matched from
feeds) beside what organisations **reported** in their weekly reports, against the weekly target.

The two figures go by the same words everywhere (pages, exports, the API): COUNTED_LABEL and
REPORTED_LABEL, with COUNTED_EXPLANATION saying why they differ. A target is judged on the counted figure.
Every tally runs a fixed number of queries whatever the range.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from calendars.weeks import IsoWeek, weeks_between
from content.models import Publication
from core.channels import ItemChannel, WaveChannel, item_channels

from .models import Target, TargetMetric, TargetPeriod, TargetScope, WeeklyReport

# Item channels counted as "news items in press and TV" (docs/architecture.md, targets): the press and
# television groups' channels (core.channels) without radio.
PRESS_TV = tuple(
    c for c in item_channels([WaveChannel.PRESS, WaveChannel.TELEVISION]) if c != ItemChannel.RADIO
)
# Which figure of a weekly report a channel's publications are reported under.
REPORTED_FIGURE = {
    "press_print": "press_articles",
    "press_online": "press_articles",
    "tv_central": "tv_spots",
    "tv_local": "tv_spots",
}

# The two figures of a week, in the same words everywhere they appear (pages, exports, the API).
COUNTED_LABEL = gettext_lazy("Đếm được")
REPORTED_LABEL = gettext_lazy("Đơn vị báo cáo")
COUNTED_EXPLANATION = gettext_lazy(
    "“Đếm được” là các lần đăng báo chí, truyền hình đã ghi nhận trong Mùa (nhập tay, từ báo cáo nội dung "
    "hoặc khớp từ nguồn tin RSS). “Đơn vị báo cáo” là số tin, bài báo chí và truyền hình các đơn vị tự kê "
    "trong báo cáo tuần. Hai con số khác nhau khi bài đã đăng chưa được ghi nhận trong Mùa, hoặc báo cáo "
    "kê cả bài không ghi nhận được. Chỉ tiêu tuần được đánh giá theo số “Đếm được”."
)


def _in_province(prefix: str, province) -> Q:
    """`prefix`'s province is `province`, on either map: itself, or a 2022 province it succeeds."""
    return Q(**{f"{prefix}province": province}) | Q(**{f"{prefix}province__successor": province})


def publication_in_provinces(provinces) -> Q:
    """The one rule for a publication's province: its wave's province, else (a wave with none, or no wave)
    the province of the organisation that wrote its item."""
    in_wave = Q(campaign__province__in=provinces)
    by_author = Q(campaign__province__isnull=True, item__organisation__province__in=provinces)
    return in_wave | by_author


def news_publications(*, province=None, campaign=None, organisation=None, channel: str | None = None):
    """Press and TV publications, optionally of one province (the wave's, else the author's; either map),
    wave, organisation or channel.

    A publication's wave is its own `campaign` (set for items and for matched feed articles alike); feed
    articles have no item, so the organisation filter counts only what an organisation authored.
    """
    qs = Publication.objects.filter(channel__in=PRESS_TV)
    if province is not None:
        in_wave = _in_province("campaign__", province)
        by_author = Q(campaign__province__isnull=True) & _in_province("item__organisation__", province)
        qs = qs.filter(in_wave | by_author)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if organisation is not None:
        qs = qs.filter(item__organisation=organisation)
    if channel:
        qs = qs.filter(channel=channel)
    return qs


@dataclass
class WeekTally:
    week: IsoWeek
    counted: int
    target: int | None
    labels: list[str] = field(default_factory=list)
    reported: int | None = None  # what organisations filed (None: not comparable, e.g. for one wave)

    @property
    def gap(self) -> int | None:
        """Reported minus counted: what was filed but not found among recorded publications."""
        return None if self.reported is None else self.reported - self.counted

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


def _wave_targets(campaign, weeks: list[IsoWeek], targets: dict) -> dict:
    """A wave without its own Target row asks news_per_week from its prep_due to the harvest end."""
    for week in weeks:
        if week not in targets and campaign.prep_due <= week.sunday and week.monday <= campaign.harvest_end:
            targets[week] = (campaign.news_per_week, [campaign.title])
    return targets


def news_tally(
    *,
    first: IsoWeek,
    last: IsoWeek,
    province=None,
    campaign=None,
    organisation=None,
    channel: str | None = None,
) -> list[WeekTally]:
    """Per ISO week: press+TV publications counted, the target, met or missed (judged on counted),
    shortfall, and beside them what organisations reported (3 queries).

    With an organisation or a channel the figures are a part of the whole, so no target is set against
    them (the weekly targets are national, provincial or per wave).
    """
    weeks = weeks_between(first, last)
    rows = (
        news_publications(province=province, campaign=campaign, organisation=organisation, channel=channel)
        .filter(iso_week__in=[str(w) for w in weeks])
        .values("iso_week")
        .annotate(n=Count("pk"))
    )
    counts = {row["iso_week"]: row["n"] for row in rows}
    scope = TargetScope.CAMPAIGN if campaign else TargetScope.PROVINCE if province else TargetScope.NATIONAL
    targets = {}
    if organisation is None and not channel:
        targets = _week_targets(weeks=weeks, scope=scope, province=province, campaign=campaign)
        if campaign is not None:
            targets = _wave_targets(campaign, weeks, targets)
    # Organisations report per week, not per wave: a wave's tally has no reported figure.
    reported = (
        None
        if campaign is not None
        else reported_news(weeks=weeks, province=province, organisation=organisation, channel=channel)
    )
    return [
        WeekTally(
            week=w,
            counted=counts.get(str(w), 0),
            target=targets.get(w, (None, []))[0],
            labels=targets.get(w, (None, []))[1],
            reported=None if reported is None else reported.get(str(w), 0),
        )
        for w in weeks
    ]


def reported_news(
    *, weeks: list[IsoWeek], province=None, organisation=None, channel: str | None = None
) -> dict[str, int]:
    """Per week, press articles + TV spots that organisations filed (submitted reports only), 1 query;
    with a province, the reports of organisations of that province (either map); with an organisation,
    its own; with a channel, the figure that channel is reported under (press articles or TV spots)."""
    qs = WeeklyReport.objects.filter(week__in=[str(w) for w in weeks], first_submitted_at__isnull=False)
    if province is not None:
        qs = qs.filter(_in_province("organisation__", province))
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    rows = qs.values("week").annotate(
        press=Coalesce(Sum("press_articles"), 0), tv=Coalesce(Sum("tv_spots"), 0), n=Count("pk")
    )
    figure = REPORTED_FIGURE.get(channel or "")
    if figure == "press_articles":
        return {row["week"]: row["press"] for row in rows}
    if figure == "tv_spots":
        return {row["week"]: row["tv"] for row in rows}
    return {row["week"]: row["press"] + row["tv"] for row in rows}
