"""Pages: the tally dashboard (chart, completeness grid, this week), drill-down, exports, the report form,
and the printable monthly report."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Organisation, OrganisationKind
from accounts.permissions import actor_for_user, require_read_org
from calendars.weeks import InvalidWeek, IsoWeek, parse_month, parse_week, week_of, weeks_of_year
from core.errors import DomainError

from . import selectors as sel
from .chart import CHART_STYLE, news_chart_svg
from .exports import column_labels, dashboard_tables, parse_upload, to_csv, to_xlsx, upload_template_csv
from .models import COMMUNICATION_FIGURES, FIGURES, PLAN_FIGURES
from .printing import render_monthly
from .services import report_file, reports_import


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404(_("Năm không hợp lệ.")) from None


def _weeks(year: int) -> list[IsoWeek]:
    """The year's weeks up to this one (a future week has nothing to count yet)."""
    today = week_of(timezone.now())
    weeks = [w for w in weeks_of_year(year) if w <= today]
    return weeks or weeks_of_year(year)[:1]


def _glance(now: dt.datetime) -> dict:
    this = week_of(now)
    (tally,) = sel.news_tally(first=this, last=this)
    days_left = (this.sunday - timezone.localdate(now)).days
    return {"week": this, "tally": tally, "days_left": days_left, "needed": tally.target}


# The grid and the monthly table show this many organisations a page: the national view (2 firms + 63
# DICs × 52 weeks) in one page weighed 836 KB of HTML; a page of 10 stays far under 250 KB.
ORGS_PER_PAGE = 10


def _filters(request, orgs: list[Organisation]) -> dict:
    """The dashboard's filters: one organisation, or the organisations of one province (either map)."""
    code = request.GET.get("org") or ""
    province = request.GET.get("province") or ""
    if code:
        orgs = [o for o in orgs if o.code == code]
    elif province.isdigit():
        orgs = [
            o
            for o in orgs
            if o.province_id is not None and int(province) in (o.province_id, o.province.successor_id)
        ]
    return {"org": code, "province": province, "orgs": orgs}


def _dashboard_data(request, year: int, *, paginate: bool = False):
    actor = actor_for_user(request.user)
    now = timezone.now()
    weeks = _weeks(year)
    every = sorted(
        sel.reporting_organisations(actor=actor),
        key=lambda o: (o.kind != OrganisationKind.POSTAL_FIRM, o.name),
    )
    filters = _filters(request, every)
    orgs = filters["orgs"]
    province = next((o.province for o in orgs if filters["province"] and o.province_id), None)
    pages = max(1, -(-len(orgs) // ORGS_PER_PAGE))
    page = min(max(1, int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1), pages)
    if paginate:
        orgs = orgs[(page - 1) * ORGS_PER_PAGE : page * ORGS_PER_PAGE]
    news = sel.news_tally(first=weeks[0], last=weeks[-1], province=province)
    grid = sel.completeness_grid(organisations=orgs, first=weeks[0], last=weeks[-1], now=now) if orgs else {}
    months = [m for m in range(1, 13) if dt.date(year, m, 1) <= timezone.localdate()]
    summary = (
        sel.completeness_summary(organisations=orgs, periods=sel.month_periods(year, months), now=now)
        if orgs and months
        else []
    )
    return {
        "actor": actor,
        "now": now,
        "weeks": weeks,
        "orgs": orgs,
        "news": news,
        "grid": grid,
        "summary": summary,
        "filters": filters,
        "all_orgs": every,
        "page": page,
        "pages": range(1, pages + 1),
        "totals": {
            "counted": sum(t.counted for t in news),
            "reported": sum(t.reported or 0 for t in news),
            "gap": sum(t.gap or 0 for t in news),
        },
    }


@login_required
@require_GET
def dashboard(request):
    year = _year(request)
    data = _dashboard_data(request, year, paginate=True)

    def drill(week):
        return reverse("reports:week", args=[str(week)])

    rows = [
        {
            "org": org,
            "cells": [
                (w, data["grid"][(org.pk, str(w))], sel.CELL_LABELS[data["grid"][(org.pk, str(w))]])
                for w in data["weeks"]
            ],
        }
        for org in data["orgs"]
    ]
    context = {
        **data,
        "year": year,
        "chart": mark_safe(news_chart_svg(data["news"], link=drill)),  # noqa: S308 - built from numbers
        "chart_style": CHART_STYLE,
        "rows": rows,
        "labels": sel.CELL_LABELS,
        "glance": _glance(data["now"]),
        "met": sum(1 for t in data["news"] if t.met),
        "with_target": sum(1 for t in data["news"] if t.target is not None),
        "counted_label": sel.COUNTED_LABEL,
        "reported_label": sel.REPORTED_LABEL,
        "explanation": sel.COUNTED_EXPLANATION,
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def week_detail(request, week: str):
    try:
        iso = parse_week(week)
    except InvalidWeek as exc:
        raise Http404(str(exc)) from None
    (tally,) = sel.news_tally(first=iso, last=iso)
    publications = (
        sel.news_publications()
        .filter(iso_week=str(iso))
        .select_related("item__organisation", "campaign")
        .order_by("published_at")
    )
    return render(
        request,
        "reports/week.html",
        {
            "week": iso,
            "tally": tally,
            "publications": publications,
            "counted_label": sel.COUNTED_LABEL,
            "reported_label": sel.REPORTED_LABEL,
            "explanation": sel.COUNTED_EXPLANATION,
        },
    )


@login_required
@require_GET
def export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Chỉ có CSV hoặc XLSX."))
    year = _year(request)
    data = _dashboard_data(request, year)
    grid_rows = [
        [org.code, str(w), data["grid"][(org.pk, str(w))]] for org in data["orgs"] for w in data["weeks"]
    ]
    tables = dashboard_tables(news=data["news"], grid_rows=grid_rows, summary=data["summary"])
    if fmt == "xlsx":
        response = HttpResponse(
            to_xlsx(tables), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        header = tables["news"][0] + [org.code for org in data["orgs"]]
        rows = [row + [data["grid"][(org.pk, row[0])] for org in data["orgs"]] for row in tables["news"][1]]
        response = HttpResponse(to_csv(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mua-bao-cao-{year}.{fmt}"'
    return response


@login_required
@require_GET
def monthly_print(request, month: str):
    try:
        year, number = parse_month(month)
    except InvalidWeek as exc:
        raise Http404(str(exc)) from None
    actor = actor_for_user(request.user)
    orgs = sel.reporting_organisations(actor=actor)
    return HttpResponse(render_monthly(year=year, month=number, organisations=orgs, now=timezone.now()))


def _form_org(request, actor) -> Organisation | None:
    code = request.GET.get("org") or request.POST.get("org")
    if code:
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise Http404(_("Không có tổ chức này."))
        require_read_org(actor, org)
        return org
    mine = sel.filing_organisations(actor=actor)
    return mine[0] if mine else None


@login_required
def report_form(request):
    """The reporter's form: one week's figures, or a CSV/XLSX file of many weeks."""
    actor = actor_for_user(request.user)
    try:
        org = _form_org(request, actor)
    except DomainError as exc:
        return render(request, "content/forbidden.html", {"message": exc.message}, status=403)
    week = request.POST.get("week") or request.GET.get("week") or str(week_of(timezone.now()).previous())
    context = {"org": org, "week": week, "error": None, "saved": None, "imported": None}
    if request.method == "POST" and org is not None:
        try:
            if request.FILES.get("file"):
                upload = request.FILES["file"]
                rows = parse_upload(content=upload.read())
                context["imported"] = reports_import(actor=actor, organisation=org, rows=rows)
            else:
                figures = {name: (request.POST.get(name) or "").strip() or None for name in FIGURES}
                context["saved"] = report_file(
                    actor=actor,
                    organisation=org,
                    week=week,
                    figures=figures,
                    narrative=request.POST.get("narrative", ""),
                    evidence_links=request.POST.get("evidence_links", "").split(),
                    decline_explanation=request.POST.get("decline_explanation", ""),
                    submit=request.POST.get("action") != "draft",
                ).report
        except DomainError as exc:
            context["error"] = exc
    report = previous = None
    carried: dict = {}
    if org is not None:
        try:
            iso = parse_week(week)
        except InvalidWeek:
            iso = None
        if iso is not None:
            report = sel.report_get(organisation=org, week=str(iso))
            previous = sel.report_get(organisation=org, week=str(iso.previous()))
            carried = sel.carried_figures(organisation=org, week=iso) if report is None else {}
    values = (
        {name: request.POST.get(name, "") for name in FIGURES}
        if context["error"]
        else {
            name: carried.get(name, "")
            if report is None
            else ("" if getattr(report, name) is None else getattr(report, name))
            for name in FIGURES
        }
    )

    def line(name, label):
        # Last week's figure beside the field, so a reporter sees at once what a number is compared with.
        before = getattr(previous, name, None) if previous is not None else None
        return (name, label, values[name], before)

    context.update(
        report=report and sel.report_flag(report),
        previous=previous,
        carried=carried,
        groups=[
            (_("Hoạt động truyền thông"), [line(n, label) for n, label in COMMUNICATION_FIGURES]),
            (_("Chỉ tiêu kế hoạch"), [line(n, label) for n, label in PLAN_FIGURES]),
        ],
    )
    return render(request, "reports/form.html", context)


@login_required
@require_GET
def upload_template(request, fmt: str):
    """The upload template with Vietnamese headers (CSV or XLSX), the same columns the upload reads."""
    if fmt == "csv":
        response = HttpResponse(upload_template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            to_xlsx({"bao-cao-tuan": (list(column_labels().values()), [])}),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404(_("Chỉ có CSV hoặc XLSX."))
    response["Content-Disposition"] = f'attachment; filename="mau-bao-cao-tuan.{fmt}"'
    return response
