"""Pages of the tally dashboard: the year at a glance (summary, chart, weekly figures, filing grid),
a week's drill-down, and the exports. Counted and reported side by side everywhere (reports.tally)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.permissions import actor_for_user
from calendars.weeks import InvalidWeek, parse_week
from content.models import Channel
from core.errors import DomainError

from . import dashboard as board
from . import selectors as sel
from .chart import news_chart_svg
from .exports import dashboard_csv, dashboard_tables, to_xlsx
from .tally import COUNTED_EXPLANATION, COUNTED_LABEL, REPORTED_LABEL

WORDS = {"counted_label": COUNTED_LABEL, "reported_label": REPORTED_LABEL, "explanation": COUNTED_EXPLANATION}


def _data(request, **kwargs) -> dict:
    try:
        return board.dashboard_data(
            actor=actor_for_user(request.user), params=request.GET, now=timezone.now(), **kwargs
        )
    except DomainError as exc:
        raise Http404(exc.message) from None


@login_required
@require_GET
def dashboard(request):
    data = _data(request, paginate=True)
    filters = data["filters"]
    query = filters.query()

    def drill(week):
        return f"{reverse('reports:week', args=[str(week)])}?{query}"

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
        **WORDS,
        **board.filter_choices(),
        "year": filters.year,
        "query": query,
        "prev_year": filters.query(year=filters.year - 1),
        "next_year": filters.query(year=filters.year + 1),
        "weekly": [(t, drill(t.week)) for t in data["news"]],
        "chart": mark_safe(news_chart_svg(data["news"], link=drill)),  # noqa: S308 - built from numbers
        "rows": rows,
        "labels": sel.CELL_LABELS,
        "glance": board.week_glance(now=timezone.now()),
        "scoped": bool(filters.organisation or filters.channel),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def week_detail(request, week: str):
    try:
        iso = parse_week(week)
        data = board.week_data(actor=actor_for_user(request.user), params=request.GET, week=iso)
    except InvalidWeek as exc:
        raise Http404(str(exc)) from None
    except DomainError as exc:
        raise Http404(exc.message) from None
    filters = data["filters"]
    context = {
        **data,
        **WORDS,
        "week": iso,
        "query": filters.query(year=iso.year),
        "channel_label": Channel(filters.channel).label if filters.channel else "",
    }
    return render(request, "reports/week.html", context)


@login_required
@require_GET
def export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Chỉ có CSV hoặc XLSX."))
    data = _data(request)
    if fmt == "xlsx":
        tables = dashboard_tables(
            news=data["news"],
            grid=data["grid"],
            orgs=data["orgs"],
            weeks=data["weeks"],
            summary=data["summary"],
        )
        response = HttpResponse(
            to_xlsx(tables), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        body = dashboard_csv(news=data["news"], grid=data["grid"], orgs=data["orgs"])
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mua-bao-cao-{data["filters"].year}.{fmt}"'
    return response
