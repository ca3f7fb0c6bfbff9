"""The Postal Department's reports inbox: a week's filed reports by state, one report against last week's
with accept / return, and a month accepted for many organisations at once."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from accounts.permissions import actor_for_user
from calendars.weeks import (
    InvalidWeek,
    IsoWeek,
    format_month,
    parse_month,
    parse_week,
    quarter_of_month,
    week_of,
)
from core.errors import DomainError
from core.formatting import display_name

from . import rollups, services
from . import selectors as sel
from .models import RollupStatus
from .previous import report_against_previous
from .quarters import quarter_page as quarter_read


def _week(value: str | None) -> IsoWeek:
    if not value:
        return week_of(timezone.now()).previous()  # reports of last week arrive this Monday
    try:
        return parse_week(value)
    except InvalidWeek as exc:
        raise Http404(str(exc)) from None


def _month(value: str) -> tuple[int, int]:
    try:
        return parse_month(value)
    except InvalidWeek as exc:
        raise Http404(str(exc)) from None


@login_required
def inbox(request):
    actor = actor_for_user(request.user)
    week = _week(request.GET.get("week"))
    state = request.GET.get("state") if request.GET.get("state") in sel.INBOX_STATES else None
    every = sel.inbox_week(actor=actor, week=week, now=timezone.now())
    rows = sel.inbox_filter(every, state)
    counts = sel.inbox_counts(every)
    return render(
        request,
        "reports/inbox.html",
        {
            "week": week,
            "previous": week.previous(),
            "next": week.shift(1),
            "state": state or "",
            "states": [(value, label, counts[value]) for value, label in sel.INBOX_STATES.items()],
            "total": len(every),
            "rows": rows,
            "can_decide": services.is_postal_department(actor),
            "month": format_month(*week.month),  # the month this week counts in
            "quarter": "{}-Q{}".format(*week.quarter),
        },
    )


def _org_report(request, org: str, week: str):
    actor = actor_for_user(request.user)
    try:
        return actor, sel.report_read(actor=actor, org_code=org, week=str(_week(week)))
    except DomainError as exc:
        raise Http404(exc.message) from None


@login_required
def report_detail(request, org: str, week: str):
    actor, report = _org_report(request, org, week)
    previous, lines = report_against_previous(report=report)
    return render(
        request,
        "reports/inbox_report.html",
        {
            "report": report,
            "previous": previous,
            "lines": lines,
            "can_decide": services.is_postal_department(actor),
        },
    )


@login_required
@require_POST
def report_decide(request, org: str, week: str):
    actor, report = _org_report(request, org, week)
    try:
        if request.POST.get("decision") == "accept":
            services.report_accept(actor=actor, report=report)
            messages.success(
                request, _("Đã chấp nhận báo cáo của %(org)s.") % {"org": display_name(report.organisation)}
            )
        else:
            services.report_return(actor=actor, report=report, comment=request.POST.get("comment", ""))
            messages.success(
                request, _("Đã trả lại báo cáo của %(org)s.") % {"org": display_name(report.organisation)}
            )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reports:inbox_report", org=org, week=report.week)
    return redirect(f"{reverse('reports:inbox')}?week={report.week}")


@login_required
def month_page(request, month: str):
    """The month's roll-up per organisation, with a tick box each (all ticked) to accept them at once."""
    actor = actor_for_user(request.user)
    year, number = _month(month)
    if request.method == "POST":
        return _month_decide(request, actor, month)
    rows = rollups.rollup_month(
        year=year, month=number, organisations=sel.reporting_organisations(actor=actor)
    )
    return render(
        request,
        "reports/inbox_month.html",
        {
            "month": format_month(year, number),
            "quarter": f"{year}-Q{quarter_of_month(number)}",
            "rows": rows,
            "pending": sum(1 for r in rows if r.status != RollupStatus.ACCEPTED),
            "can_decide": services.is_postal_department(actor),
        },
    )


def _month_decide(request, actor, month: str):
    codes = request.POST.getlist("organisations")
    organisations = list(Organisation.objects.filter(code__in=codes))
    accept = request.POST.get("decision") != "return"
    try:
        decided = services.rollups_decide(
            actor=actor,
            organisations=organisations,
            month=month,
            accept=accept,
            comment=request.POST.get("comment", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        text = (
            _("Đã chấp nhận tháng %(m)s cho %(n)s tổ chức.")
            if accept
            else _("Đã trả lại tháng %(m)s cho %(n)s tổ chức.")
        )
        messages.success(request, text % {"m": month, "n": len(decided)})
    return redirect("reports:inbox_month", month=month)


_QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")


@login_required
def quarter_page(request, quarter: str):
    """The quarter per organisation: its three months' roll-up states and figures against the targets,
    with the country's totals on the first line."""
    match = _QUARTER_RE.match(quarter)
    if match is None:
        raise Http404(_("'%(v)s' không phải quý (dạng 2022-Q2).") % {"v": quarter})
    year, number = int(match.group(1)), int(match.group(2))
    actor = actor_for_user(request.user)
    review = quarter_read(actor=actor, year=year, quarter=number)
    previous = (year, number - 1) if number > 1 else (year - 1, 4)
    following = (year, number + 1) if number < 4 else (year + 1, 1)
    return render(
        request,
        "reports/inbox_quarter.html",
        {
            "review": review,
            "previous": "{}-Q{}".format(*previous),
            "next": "{}-Q{}".format(*following),
            "can_decide": services.is_postal_department(actor),
        },
    )
