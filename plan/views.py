"""The plan's progress page: every indicator with actual, target, % achieved, a small chart and the
projection; milestones below."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe

from calendars.models import Province
from core.errors import DomainError

from . import selectors as sel
from .charts import sparkline_svg


@login_required
def progress_page(request, edition: str):
    plan = sel.edition_get(edition)
    province_code = request.GET.get("province", "")[:2]
    map_ = "2025" if request.GET.get("map") == "2025" else "2022"
    period = request.GET.get("period", "")[:10]
    error = ""
    try:
        province = sel.province_get(province_code, map_) if province_code else None
        rows = sel.plan_progress(edition=plan, period=period, province=province)
    except DomainError as exc:
        error, province, rows = exc.message, None, sel.plan_progress(edition=plan)
    for row in rows:
        points = [(p.period, p.actual) for p in row.trend]
        row.chart = mark_safe(sparkline_svg(points, label=row.indicator.name))  # noqa: S308 - numbers only
    context = {
        "edition": plan,
        "rows": rows,
        "province": province,
        "period": period,
        "map": map_,
        "error": error,
        "provinces": Province.objects.filter(map=map_).order_by("code"),
        "milestones": sel.milestone_list(edition=plan),
    }
    return render(request, "plan/progress.html", context)
