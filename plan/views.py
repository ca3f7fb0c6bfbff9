"""The plan's progress page: every indicator with actual, target, % achieved, a small chart and the
projection; milestones below."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.permissions import actor_for_user, can_act_for
from calendars.models import Province
from core.errors import DomainError, NotFound

from . import selectors as sel
from . import services
from .charts import sparkline_svg
from .models import MilestoneStatus, SeasonProposal


@login_required
def progress_page(request, edition: str):
    try:
        plan = sel.edition_get(edition)
    except NotFound as exc:  # no such plan entered yet: say so in the page, not a server error
        return render(request, "plan/progress.html", {"edition": None, "error": exc.message, "rows": []})
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
        "milestones": sel.milestone_list(actor=actor_for_user(request.user), edition=plan),
        "flagships": sel.flagship_list(edition=plan, province=province),
    }
    return render(request, "plan/progress.html", context)


class ProposalForm(forms.Form):
    product_name = forms.CharField(label=_("Sản phẩm"), max_length=200)
    start_month = forms.IntegerField(label=_("Tháng bắt đầu (dương lịch)"), min_value=1, max_value=12)
    end_month = forms.IntegerField(label=_("Tháng kết thúc (dương lịch)"), min_value=1, max_value=12)
    calendar_note = forms.CharField(
        label=_("Ghi chú lịch (ví dụ: lunar 6-7)"), max_length=100, required=False
    )
    peak = forms.CharField(label=_("Cao điểm"), max_length=100, required=False)
    source = forms.CharField(label=_("Nguồn (đường dẫn hoặc tên văn bản)"), max_length=300)


@login_required
def proposals_page(request):
    """A DIC proposes a season for its province; everyone sees the proposals and their verification."""
    actor = actor_for_user(request.user)
    dics = [o for o in actor.organisations.values() if o.kind == "dic" and can_act_for(actor, o)]
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and dics and form.is_valid():
        try:
            services.season_propose(
                actor=actor, organisation=dics[0], province=dics[0].province, season=None, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã gửi đề xuất; Tổ công tác sẽ xác minh."))
            return redirect("plan:proposals")
    proposals = SeasonProposal.objects.select_related("province", "proposed_by").order_by("-created_at")[:200]
    return render(
        request,
        "plan/proposals.html",
        {"form": form, "dic": dics[0] if dics else None, "proposals": proposals},
    )


class MilestoneForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=MilestoneStatus.choices)
    evidence = forms.CharField(
        label=_("Minh chứng (đường dẫn hoặc nội dung văn bản)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _milestone_post(request, actor, plan) -> None:
    """One row's form: the milestone's owner (or the national team) moves its status, with evidence."""
    code = request.POST.get("milestone", "")[:48]
    form = MilestoneForm(request.POST, prefix=code)
    if not form.is_valid():
        messages.error(request, _("Trạng thái hoặc minh chứng không hợp lệ."))
        return
    try:
        milestone = sel.milestone_get(actor=actor, edition=plan.code, code=code)
        services.milestone_update(actor=actor, milestone=milestone, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật mốc “%(title)s”.") % {"title": milestone.title})


@login_required
def milestones_page(request, edition: str):
    """Milestones per owner: an organisation sees (and updates) its own; the national team sees every
    one, or one owner's with `?owner=`."""
    actor = actor_for_user(request.user)
    try:
        plan = sel.edition_get(edition)
    except NotFound as exc:
        raise Http404(exc.message) from None
    if request.method == "POST":
        _milestone_post(request, actor, plan)
        return redirect(request.get_full_path())
    national = actor.is_national()
    owners, owner = sel.milestone_owners(actor=actor, code=request.GET.get("owner", ""))
    items = sel.milestone_list(actor=actor, edition=plan, owner=owner)
    for item in items:
        if item.editable:
            initial = {"status": item.status, "evidence": item.evidence}
            item.form = MilestoneForm(initial=initial, prefix=item.code)
    context = {"edition": plan, "milestones": items, "national": national, "owner": owner, "owners": owners}
    return render(request, "plan/milestones.html", context)
