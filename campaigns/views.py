"""Pages: the campaign calendar (month and list views), one wave, and the iCalendar feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import actor_for_user
from calendars.selectors import province_get
from core.errors import DomainError, NotFound
from core.formatting import display_name

from .ical import feed_calendar
from .sections import wave_sections
from .selectors import (
    calendar_page_context,
    campaign_get,
    campaign_warnings,
    feed_campaigns,
    province_choices,
    province_from_params,
    province_param,
)
from .subscriptions import calendar_token_of_member, subscription_list
from .tokens import (
    calendar_token_authenticate,
    calendar_token_create,
    calendar_token_revoke,
    calendar_token_rotate,
)
from .year import year_plan


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
    sections = wave_sections(actor=actor_for_user(request.user), campaign=campaign)
    return render(
        request,
        "campaigns/campaign.html",
        {"campaign": campaign, "warnings": warnings, "sections": sections},
    )


@login_required
@require_GET
def year_page(request, year: int):
    if not 2000 <= year <= 2100:
        raise Http404(_("Năm không hợp lệ."))
    actor = actor_for_user(request.user)
    try:
        province = province_from_params(actor=actor, params=request.GET)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    plan = year_plan(year=year, province=province)
    return render(
        request,
        "campaigns/year.html",
        {
            "plan": plan,
            "province_value": province_param(province),
            "provinces": province_choices(),
        },
    )


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


# The calendar-subscription page ---------------------------------------------------------------------

NEW_LINK_KEY = "campaigns_new_calendar_link"  # the fresh secret, kept in the session until shown once


def _feed_links(request, token: str, provinces) -> list[tuple[str, str]]:
    """(label, absolute https URL) of the feeds a new secret opens: the country, then each province."""
    links = [(_("Toàn quốc"), request.build_absolute_uri(reverse("campaigns:feed-national", args=[token])))]
    for province in provinces:
        url = reverse("campaigns:feed-province", args=[token, province.map, province.code])
        label = _("%(name)s (bản đồ %(map)s)") % {"name": display_name(province), "map": province.map}
        links.append((label, request.build_absolute_uri(url)))
    return links


@login_required
@require_GET
def subscribe_page(request):
    organisations = subscription_list(actor=actor_for_user(request.user))
    fresh = request.session.pop(NEW_LINK_KEY, None)  # shown once: only its hash is stored
    new_links = None
    if fresh:
        org = next((o for o in organisations if o.organisation.pk == fresh["organisation"]), None)
        if org is not None:
            new_links = {
                "org": org.organisation,
                "links": _feed_links(request, fresh["token"], org.provinces),
            }
    return render(
        request, "campaigns/subscribe.html", {"organisations": organisations, "new_links": new_links}
    )


def _remember(request, new) -> None:
    request.session[NEW_LINK_KEY] = {"organisation": new.calendar_token.organisation_id, "token": new.token}


@login_required
@require_POST
def subscribe_create(request):
    actor = actor_for_user(request.user)
    org_id = request.POST.get("organisation", "")
    organisation = actor.organisations.get(int(org_id)) if org_id.isdigit() else None
    try:
        if organisation is None:
            raise NotFound(_("Không có tổ chức này trong các tổ chức của bạn."), field="organisation")
        new = calendar_token_create(actor=actor, organisation=organisation, name=request.POST.get("name", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        _remember(request, new)
        messages.success(
            request, _("Đã tạo liên kết lịch mới. Hãy sao chép ngay: liên kết chỉ hiện một lần.")
        )
    return redirect("campaigns:subscribe")


@login_required
@require_POST
def subscribe_revoke(request, token_id: int):
    actor = actor_for_user(request.user)
    calendar_token = calendar_token_of_member(actor=actor, token_id=token_id)
    if calendar_token is None:
        raise Http404(_("Không có liên kết lịch này."))
    try:
        if request.POST.get("action") == "rotate":
            _remember(request, calendar_token_rotate(actor=actor, calendar_token=calendar_token))
            messages.success(
                request, _("Đã thu hồi liên kết cũ và tạo liên kết mới; hãy cập nhật lịch của bạn.")
            )
        else:
            calendar_token_revoke(actor=actor, calendar_token=calendar_token)
            messages.success(
                request, _("Đã thu hồi liên kết; các lịch đăng ký bằng liên kết này ngừng cập nhật.")
            )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("campaigns:subscribe")
