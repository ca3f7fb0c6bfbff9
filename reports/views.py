"""Pages: the report form and its upload template, and the printable monthly report (the dashboard, its
week pages and exports are in dashboard_views.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Organisation
from accounts.permissions import actor_for_user, require_read_org
from calendars.weeks import InvalidWeek, IsoWeek, parse_month, parse_week, week_of
from core.errors import DomainError
from core.formatting import number as format_number
from core.formatting import week_label
from core.uploads import upload_check_size, upload_take

from . import selectors as sel
from .exports import (
    parse_upload,
    upload_template_csv,
    upload_template_xlsx,
)
from .forms import WeeklyReportForm
from .models import FIGURES
from .previous import carried_figures, report_against_previous
from .printing import render_monthly
from .services import report_file, reports_import


@login_required
@require_GET
def monthly_print(request, month: str):
    try:
        year, number = parse_month(month)
    except InvalidWeek as exc:
        raise Http404(str(exc)) from None
    actor = actor_for_user(request.user)
    orgs = sel.reporting_organisations(actor=actor)
    filled = {key: request.GET.get(key, "") for key in ("number", "signer", "position")}
    return HttpResponse(
        render_monthly(year=year, month=number, organisations=orgs, now=timezone.now(), filled=filled)
    )


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


def _week_choices(now) -> list[IsoWeek]:
    """The weeks a reporter usually files: this one and the eleven before it, newest first."""
    week = week_of(now)
    weeks = []
    for _i in range(12):
        weeks.append(week)
        week = week.previous()
    return weeks


def _report_initial(report) -> dict:
    if report is None:
        return {}
    data = {name: getattr(report, name) for name in FIGURES}
    data.update(
        narrative=report.narrative,
        evidence_links="\n".join(report.evidence_links or []),
        decline_explanation=report.decline_explanation,
    )
    return data


def _show_last_week(form, *, previous, carried: dict) -> None:
    """Last week's figure beside each field (its help text), and which running totals were carried."""
    for name in FIGURES:
        before = getattr(previous, name, None) if previous is not None else None
        text = _("Tuần trước: %(n)s") % {"n": "—" if before is None else format_number(before)}
        if name in carried:
            text += " · " + _("đã điền sẵn số luỹ kế")
        form.fields[name].help_text = text


def _form_url(org, week) -> str:
    return f"{reverse('reports:file')}?{urlencode({'org': org.code, 'week': week})}"


def _form_upload(request, actor, org, week):
    """The form's file branch: import many weeks; (the import, a redirect once done or None to show its
    errors on the form)."""
    try:
        rows = parse_upload(file=upload_take(request, kind="reports"))
        imported = reports_import(actor=actor, organisation=org, rows=rows)
    except DomainError as exc:
        messages.error(request, exc.message)
        return None, redirect(_form_url(org, week))
    if not imported.errors:
        messages.success(
            request,
            _("Đã nộp %(n)s tuần, %(u)s tuần không đổi.")
            % {"n": len(imported.filed), "u": len(imported.unchanged)},
        )
        return imported, redirect(_form_url(org, week))
    return imported, None


def _form_file(request, actor, org, week, form):
    """The form's one-week branch: file (or save as a draft) the valid form; a redirect once saved, else
    None with the refusal shown beside its field."""
    try:
        saved = report_file(
            actor=actor,
            organisation=org,
            week=week,
            figures=form.figures(),
            narrative=form.cleaned_data["narrative"],
            evidence_links=form.cleaned_data["evidence_links"],
            decline_explanation=form.cleaned_data["decline_explanation"],
            submit=request.POST.get("action") != "draft",
        ).report
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    messages.success(
        request,
        _("Đã lưu báo cáo %(week)s: %(status)s.")
        % {"week": week_label(saved.week), "status": saved.get_status_display()},
    )
    if saved.status == "draft":
        return redirect(_form_url(org, saved.week))
    return redirect("reports:receipt", org=org.code, week=saved.week)


@login_required
def report_form(request):
    """The reporter's form: one week's figures, or a CSV/XLSX file of many weeks.

    A failed submit keeps everything typed and shows every error beside its field; a successful one
    redirects (POST → redirect → GET), so refreshing never files twice.
    """
    actor = actor_for_user(request.user)
    if request.method == "POST":
        try:  # before the form (and its file) is parsed
            upload_check_size(request, kind="reports")
        except DomainError as exc:
            return render(request, "403.html", {"message": exc.message}, status=exc.status_code)
    try:
        org = _form_org(request, actor)
    except DomainError as exc:
        return render(request, "403.html", {"message": exc.message}, status=403)
    week = request.POST.get("week") or request.GET.get("week") or str(week_of(timezone.now()).previous())
    try:
        iso = parse_week(week)
    except InvalidWeek:
        iso = None
    report = sel.report_get(organisation=org, week=str(iso)) if org is not None and iso else None
    previous = sel.report_get(organisation=org, week=str(iso.previous())) if org is not None and iso else None
    carried = carried_figures(organisation=org, week=iso) if org is not None and iso and not report else {}
    form = WeeklyReportForm(request.POST or None, initial=_report_initial(report) or carried)
    _show_last_week(form, previous=previous, carried=carried)
    imported = None
    if request.method == "POST" and org is not None:
        if request.FILES.get("file"):
            imported, done = _form_upload(request, actor, org, week)
            if done is not None:
                return done
        elif form.is_valid():
            done = _form_file(request, actor, org, week, form)
            if done is not None:
                return done
    context = {
        "org": org,
        "week": week,
        "week_choices": _week_choices(timezone.now()),
        "form": form,
        "imported": imported,
        "report": report and sel.report_flag(report),
        "previous": previous,
        "figure_names": FIGURES,
        "none_values": (None, ""),
    }
    return render(request, "reports/form.html", context)


@login_required
@require_GET
def upload_template(request, fmt: str):
    """The upload template with Vietnamese headers (CSV or XLSX), the same columns the upload reads."""
    if fmt == "csv":
        response = HttpResponse(upload_template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            upload_template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404(_("Chỉ có CSV hoặc XLSX."))
    response["Content-Disposition"] = f'attachment; filename="mau-bao-cao-tuan.{fmt}"'
    return response


@login_required
@require_GET
def report_receipt(request, org: str, week: str):
    """What was filed for a week and its state: each figure beside last week's, the version, on time or
    late, locked or still open to correction (the page a reporter lands on after submitting)."""
    actor = actor_for_user(request.user)
    try:
        iso = parse_week(week)
        report = sel.report_read(actor=actor, org_code=org, week=str(iso))
    except (InvalidWeek, DomainError) as exc:
        raise Http404(str(getattr(exc, "message", exc))) from None
    organisation = report.organisation
    previous, lines = report_against_previous(report=report)
    obligation = getattr(organisation, "reporting_obligation", None)
    return render(
        request,
        "reports/receipt.html",
        {
            "report": report,
            "previous": previous,
            "lines": [line for line in lines if line.value is not None],
            "blank": [line for line in lines if line.value is None],
            "edit_url": _form_url(organisation, report.week),
            "locked_from": obligation.locked_from(iso) if obligation else None,
        },
    )
