"""Pages for news feeds: the feed list with health, the "to confirm" list, a wave's publications."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.navigation import menu_for
from accounts.permissions import actor_for_user
from campaigns.picker import WaveField, wave_choices
from core.errors import DomainError

from .feeds import selectors, services
from .forms import parse_day
from .jobs import feed_poll_enqueue
from .permissions import can_manage_feed, require_manage_feed
from .selectors import wave_get
from .waves import wave_overview


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
    return render(request, "content/to_confirm.html", {"entries": entries, "waves": _past_year_waves()})


def _past_year_waves():
    """The picker's waves on the to-confirm page: an article may count for a wave over for up to a year."""
    return wave_choices(today=timezone.localdate(), since_days=400)


def _other_wave(text: str) -> int | None:
    """The wave chosen by label in the "another wave" picker (None when left empty)."""
    field = WaveField(required=False)
    field.choices = _past_year_waves()
    try:
        return field.clean(text)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="campaign") from None


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
            other = _other_wave(request.POST.get("campaign_other", ""))
            campaign = str(other) if other else (request.POST.get("campaign") or "").strip()
            if not campaign.isdigit():
                raise DomainError(_("Hãy chọn đợt truyền thông."), field="campaign")
            typed = request.POST.get("published_on") or ""
            day = parse_day(typed)
            if typed.strip() and day is None:
                raise DomainError(
                    _("Ghi ngày theo dạng ngày/tháng/năm, ví dụ 25/12/2026."), field="published_on"
                )
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
    overview = wave_overview(actor=actor_for_user(request.user), campaign=wave)
    publications = selectors.wave_publications(campaign_id=campaign_id)
    return render(
        request,
        "content/wave_publications.html",
        {
            "wave": wave,
            "publications": publications[:500],
            # Reached from the wave's page: the trail is the calendar's, not "my content" (its URL prefix).
            "nav_menu": menu_for(actor=actor_for_user(request.user), path=reverse("campaigns:calendar")),
            **overview,
        },
    )
