"""Notices to a wave's owner: its preparation starts, or it is past prep_due with no approved content."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.services import notification_send
from core import formatting

from .models import Campaign
from .selectors import organisation_editors


def notification_send_prep_due(*, campaign_id: int) -> int:
    """Tell the owning DIC's editors a wave's preparation starts: an in-app notice and an email each.

    Safe to retry: one notice per user and wave, and only notices not yet emailed are emailed.
    """
    campaign = _owned_campaign(campaign_id)
    if campaign is None:
        return 0

    def subject():
        return _("[Mùa] Bắt đầu chuẩn bị đợt truyền thông: %(title)s") % {"title": campaign.title}

    def body():
        return _(
            'Đợt truyền thông "%(title)s" đến hạn chuẩn bị (%(due)s).\n'
            "Thu hoạch: %(start)s – %(end)s.\n"
            "Chỉ tiêu: %(news)s tin mỗi tuần.\n"
            "Xem đợt: %(link)s"
        ) % {**_wave_facts(campaign), "news": campaign.news_per_week}

    return _notify_owner(campaign=campaign, kind="prep_due", subject=subject, body=body)


def notification_send_at_risk(*, campaign_id: int) -> int:
    """Tell the owning organisation's editors that a wave past its prep_due has no approved content yet."""
    campaign = _owned_campaign(campaign_id)
    if campaign is None:
        return 0

    def subject():
        return _("[Mùa] Đợt truyền thông có nguy cơ: %(title)s") % {"title": campaign.title}

    def body():
        return _(
            'Đợt truyền thông "%(title)s" đã qua hạn chuẩn bị (%(due)s) '
            "mà chưa có nội dung nào được Vụ Bưu chính phê duyệt.\n"
            "Thu hoạch: %(start)s – %(end)s.\n"
            "Xem đợt: %(link)s — gửi duyệt nội dung: /content/"
        ) % _wave_facts(campaign)

    return _notify_owner(campaign=campaign, kind="at_risk", subject=subject, body=body)


def _wave_facts(campaign: Campaign) -> dict:
    """What a wave's notices quote, formatted for the recipient's language (called under it)."""
    return {
        "title": campaign.title,
        "due": formatting.date(campaign.prep_due),
        "start": formatting.date(campaign.harvest_start),
        "end": formatting.date(campaign.harvest_end),
        "link": f"/campaigns/{campaign.pk}/",
    }


def _owned_campaign(campaign_id: int) -> Campaign | None:
    """The wave to notify about; None when it is gone or has no owner (nobody to tell)."""
    campaign = Campaign.objects.select_related("organisation", "province").filter(pk=campaign_id).first()
    return None if campaign is None or campaign.organisation is None else campaign


def _notify_owner(*, campaign: Campaign, kind: str, subject, body) -> int:
    """One notice per editor of the owning organisation and kind (safe to retry); returns how many are new."""
    created = notification_send(
        users=organisation_editors(campaign.organisation),
        verb=f"campaign_{kind}",
        title=subject,
        body=body,
        link=f"/campaigns/{campaign.pk}/",
        key=f"campaign:{campaign.pk}:{kind}",
    )
    return len(created)
