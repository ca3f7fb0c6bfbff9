"""Pages for news feeds: the feed list with health, the "to confirm" list, a wave's publications."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import actor_for_user
from core.errors import DomainError

from .feeds import selectors, services
from .jobs import feed_poll_enqueue
from .permissions import can_manage_feed, editable_organisations, require_manage_feed
from .selectors import item_list, wave_get


@login_required
def feed_list(request):
    actor = actor_for_user(request.user)
    feeds = list(selectors.feed_list(actor=actor, unhealthy=request.GET.get("unhealthy") == "1"))
    for feed in feeds:
        feed.can_manage = can_manage_feed(actor, feed)
    return render(request, "content/feeds.html", {"feeds": feeds, "now": timezone.now()})


@login_required
@require_POST
def feed_poll(request, feed_id: int):
    actor = actor_for_user(request.user)
    try:
        feed = selectors.feed_get(feed_id=feed_id)
        require_manage_feed(actor, feed)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        feed_poll_enqueue(feed.pk)
        messages.success(request, _("Đã xếp hàng lấy tin từ %(o)s.") % {"o": feed.outlet})
    return redirect("content:feeds")


@login_required
def to_confirm(request):
    actor = actor_for_user(request.user)
    entries = selectors.to_confirm_with_waves(actor=actor, province=request.GET.get("province") or None)
    return render(request, "content/to_confirm.html", {"entries": entries})


@login_required
@require_POST
def entry_decide(request, entry_id: int):
    actor = actor_for_user(request.user)
    try:
        entry = selectors.entry_get(entry_id=entry_id)
        if request.POST.get("decision") == "dismiss":
            services.feed_entry_dismiss(actor=actor, entry=entry)
            messages.success(request, _("Đã bỏ qua: %(t)s") % {"t": entry.title})
        else:
            campaign = (request.POST.get("campaign_other") or request.POST.get("campaign") or "").strip()
            if not campaign.isdigit():
                raise DomainError(_("Hãy chọn đợt truyền thông."), field="campaign")
            day = parse_date(request.POST.get("published_on") or "")
            when = (
                timezone.make_aware(dt.datetime.combine(day, dt.time(12)), timezone.get_default_timezone())
                if day
                else None
            )
            services.feed_entry_confirm(
                actor=actor, entry=entry, campaign_id=int(campaign), published_at=when
            )
            messages.success(request, _("Đã tính bài cho đợt: %(t)s") % {"t": entry.title})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("content:to_confirm")


@login_required
def wave_publications(request, campaign_id: int):
    try:
        wave = wave_get(campaign_id=campaign_id)
    except DomainError:
        return render(request, "404.html", {"message": _("Không có đợt này.")}, status=404)
    publications = selectors.wave_publications(campaign_id=campaign_id)
    weeks = selectors.publication_counts_by_week(campaign_id=campaign_id)
    actor = actor_for_user(request.user)
    items = item_list(actor=actor).filter(campaign_id=campaign_id).order_by("planned_at", "pk")
    return render(
        request,
        "content/wave_publications.html",
        {
            "wave": wave,
            "publications": publications,
            "weeks": [(week, n, n >= wave.news_per_week) for week, n in sorted(weeks.items())],
            "items": items[:200],
            "can_create": bool(editable_organisations(actor)),
        },
    )
