"""Pages: the campaign calendar (month and list views), one wave, and the iCalendar feeds."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import actor_for_user
from calendars.selectors import province_get
from core.errors import DomainError
from core.formatting import display_name

from .ical import feed_calendar
from .selectors import calendar_page_context, campaign_get, campaign_warnings, feed_campaigns
from .tokens import calendar_token_authenticate


@login_required
@require_GET
def calendar_page(request):
    try:
        context = calendar_page_context(
            actor=actor_for_user(request.user), params=request.GET, today=timezone.localdate()
        )
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return render(request, "campaigns/calendar.html", context)


@login_required
@require_GET
def campaign_page(request, pk: int):
    try:
        campaign = campaign_get(pk=pk)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    warnings = campaign_warnings(campaign, today=timezone.localdate())
    return render(request, "campaigns/campaign.html", {"campaign": campaign, "warnings": warnings})


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def feed_national(request, token: str):
    try:
        calendar_token_authenticate(token=token)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    body = feed_calendar(feed_campaigns(province=None), name=_("Mùa – lịch truyền thông toàn quốc"))
    return _ics(body, "mua-toan-quoc.ics")


@require_GET
def feed_province(request, token: str, map: str, code: str):
    try:
        calendar_token_authenticate(token=token)
        province = province_get(code=code, map=map)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    body = feed_calendar(
        feed_campaigns(province=province),
        name=f"Mùa – {display_name(province)} ({province.map})",
        province=province,
    )
    return _ics(body, f"mua-{province.map}-{province.code}.ics")
