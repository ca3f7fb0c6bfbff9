"""What content shows about one wave: the items drafted for it (those the viewer may see) with their
states, and its publications per ISO week of the harvest window against the wave's weekly target. Used by
the wave page (registered as a section with campaigns) and the wave's publications page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Actor, actor_required
from calendars.weeks import week_of
from campaigns.models import Campaign
from campaigns.sections import WaveAction, WaveSection

from .feeds.selectors import publication_counts_by_week
from .permissions import editable_organisations
from .selectors import item_list

ITEM_LIMIT = 200


@dataclass(frozen=True)
class WeekTally:
    week: str  # "2026-W23"
    count: int
    target: int
    open: bool = False  # the week is not over yet: not reaching the target is not a miss (yet)

    @property
    def met(self) -> bool:
        return self.count >= self.target

    @property
    def state(self) -> str:
        """met / open (under way or to come) / missed."""
        return "met" if self.met else ("open" if self.open else "missed")


def wave_weeks(campaign: Campaign, *, today: dt.date | None = None) -> list[WeekTally]:
    """Every ISO week of the harvest window, and any other week something was published for the wave."""
    counts = publication_counts_by_week(campaign_id=campaign.pk)
    weeks: set[str] = set(counts)
    week, last = week_of(campaign.harvest_start), week_of(campaign.harvest_end)
    while week <= last:
        weeks.add(str(week))
        week = week.next()
    current = str(week_of(today or timezone.localdate()))
    return [WeekTally(w, counts.get(w, 0), campaign.news_per_week, w >= current) for w in sorted(weeks)]


@actor_required
def wave_overview(*, actor: Actor, campaign: Campaign) -> dict:
    items = item_list(actor=actor).filter(campaign_id=campaign.pk).order_by("planned_at", "pk")
    weeks = wave_weeks(campaign)
    return {
        "items": list(items[:ITEM_LIMIT]),
        "weeks": weeks,
        "weeks_met": sum(1 for w in weeks if w.met),
        "published": sum(w.count for w in weeks),
        "can_create": bool(editable_organisations(actor)),
    }


def wave_section(actor: Actor, campaign: Campaign) -> WaveSection:
    """The wave page's content part, and its actions: draft for this wave (for those who may), its
    publications."""
    overview = wave_overview(actor=actor, campaign=campaign)
    actions = [
        WaveAction(
            reverse("content:wave_publications", args=[campaign.pk]), _("Bài đã đăng của đợt"), "wave-content"
        )
    ]
    if overview["can_create"]:
        draft = f"{reverse('content:new')}?campaign={campaign.pk}"
        actions.insert(0, WaveAction(draft, _("Soạn nội dung cho đợt này"), "draft-for-wave", primary=True))
    return WaveSection("content/_wave_section.html", overview, tuple(actions))
