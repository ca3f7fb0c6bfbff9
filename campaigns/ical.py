"""iCalendar feeds of waves: each wave is an all-day event over its harvest window, and its prep_due is
an event of its own with an alarm, so a DIC's calendar app reminds it a month ahead."""

import datetime as dt

from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from core import formatting
from core.formatting import display_name

from .models import Campaign, CampaignStatus

PRODID = "-//Mua 1034//Lich chien dich//VI"
ALARM_BEFORE = dt.timedelta(days=1)


def _uid(campaign: Campaign, part: str) -> str:
    return f"mua-campaign-{campaign.pk}-{part}@mua.1034"


def _where(campaign: Campaign) -> str:
    return display_name(campaign.province) if campaign.province_id else _("Toàn quốc")


def _event(campaign: Campaign, part: str, summary: str, start: dt.date, end: dt.date) -> Event:
    event = Event()
    event.add("uid", _uid(campaign, part))
    event.add("dtstamp", campaign.updated_at)
    event.add("last-modified", campaign.updated_at)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", end + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive
    event.add("location", _where(campaign))
    event.add("categories", [CampaignStatus(campaign.status).label])
    event.add("status", "CANCELLED" if campaign.status == CampaignStatus.CANCELLED else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    return event


def campaign_events(campaign: Campaign) -> list[Event]:
    harvest = _event(
        campaign,
        "harvest",
        f"{campaign.title} ({_where(campaign)})",
        campaign.harvest_start,
        campaign.harvest_end,
    )
    harvest.add(
        "description",
        _("Đợt truyền thông, trạng thái: %(status)s. Chỉ tiêu %(news)s tin/tuần. Bắt đầu chuẩn bị: %(due)s.")
        % {
            "status": CampaignStatus(campaign.status).label,
            "news": campaign.news_per_week,
            "due": formatting.date(campaign.prep_due),
        },
    )
    prep = _event(
        campaign,
        "prep",
        _("Bắt đầu chuẩn bị: %(title)s") % {"title": campaign.title},
        campaign.prep_due,
        campaign.prep_due,
    )
    prep.add(
        "description",
        _("Chuẩn bị truyền thông trước %(days)s ngày; thu hoạch từ %(start)s.")
        % {"days": campaign.lead_time_days, "start": formatting.date(campaign.harvest_start)},
    )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Sắp đến hạn chuẩn bị: %(title)s") % {"title": campaign.title})
    alarm.add("trigger", -ALARM_BEFORE)
    prep.add_component(alarm)
    return [harvest, prep]


# Apps above campaigns (the plan's milestones) add events to the feeds without campaigns importing them:
# each provider takes the feed's province (None: national) and returns icalendar Events.
EXTRA_EVENT_PROVIDERS: list = []


def register_event_provider(provider) -> None:
    if provider not in EXTRA_EVENT_PROVIDERS:
        EXTRA_EVENT_PROVIDERS.append(provider)


def feed_calendar(campaigns, *, name: str, province=None) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for campaign in campaigns:
        for event in campaign_events(campaign):
            cal.add_component(event)
    for provider in EXTRA_EVENT_PROVIDERS:
        for event in provider(province):
            cal.add_component(event)
    return cal.to_ical()
