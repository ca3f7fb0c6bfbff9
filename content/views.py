"""Server-rendered pages: my items, the review queue, the item page (review and author).

Views parse input, call one service or selector with the signed-in user's actor, and show the result;
a domain error becomes a message on the page it came from.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.navigation import menu_for
from accounts.permissions import actor_for_user, can_approve
from campaigns.picker import wave_choices
from campaigns.selectors import actor_home_province
from core.errors import DomainError

from . import comments, publications, selectors, services
from .forms import CommentForm, DecisionForm, ItemForm, PublicationForm, QueueFilterForm
from .models import PUBLISHABLE, Comment, ItemStatus
from .permissions import can_record_publication, can_take_part, editable_organisations, is_own_item
from .routing import can_decide_review


def _actor(request):
    return actor_for_user(request.user)


def _item_url(item_id: int) -> str:
    return reverse("content:item", args=[item_id])


def _waves(actor, include: int | None = None):
    """The picker's waves: the item's own first, then the actor's province (a DIC's) and national ones."""
    return wave_choices(today=timezone.localdate(), include=include, province=actor_home_province(actor))


def _item_trail(actor, *, reviewing: bool, owner: bool):
    """The menu (and so the breadcrumb) of an item page by who reads it: an approver came from the review
    queue; the owner's editors from their content (the URL's own prefix, None: unchanged); anyone else
    (a reader of another organisation's item) has no menu trail rather than a wrong "Nội dung của tôi"."""
    if reviewing:
        return menu_for(actor=actor, path=reverse("content:queue"))
    return None if owner else menu_for(actor=actor, path="")


def _domain_error(request, exc: DomainError) -> None:
    messages.error(request, exc.message)


@login_required
def my_items(request):
    actor = _actor(request)
    items = selectors.item_list(actor=actor, mine=True, status=request.GET.get("status") or None)
    return render(
        request,
        "content/my_items.html",
        {
            "items": items[:200],
            "statuses": ItemStatus.choices,
            "can_create": bool(editable_organisations(actor)),
        },
    )


@login_required
def queue(request):
    actor = _actor(request)
    try:
        facets = selectors.review_queue_facets(actor=actor)
    except DomainError as exc:
        return render(request, "content/forbidden.html", {"message": exc.message}, status=403)
    form = QueueFilterForm(request.GET, provinces=facets["provinces"], waves=facets["waves"])
    filters = form.filters()
    qs = selectors.review_queue(actor=actor, **filters)
    return render(
        request,
        "content/queue.html",
        {
            "items": qs[:200],
            # Counted within the channel/province/wave chosen, whatever the deadline tab: the counts
            # are the tabs' numbers.
            "counts": selectors.review_queue_counts(
                queue=selectors.review_queue(actor=actor, **{**filters, "due": None})
            ),
            "shown": qs.count(),
            "due": filters["due"],
            "filtered": any(filters.values()),
            "form": form,
            "waves": facets["waves"],
            "now": timezone.now(),
        },
    )


@login_required
def overdue(request):
    return render(
        request, "content/overdue.html", {"items": selectors.overdue_list(actor=_actor(request))[:200]}
    )


def _item_or_403(request, item_id: int):
    try:
        return selectors.item_get(actor=_actor(request), item_id=item_id), None
    except DomainError as exc:
        status = getattr(exc, "status_code", 400)
        return None, render(request, "content/forbidden.html", {"message": exc.message}, status=status)


@login_required
def item_detail(request, item_id: int):
    item, denied = _item_or_403(request, item_id)
    if denied:
        return denied
    actor = _actor(request)
    open_review = selectors.review_open(item=item)
    own_item = is_own_item(actor, item)
    can_discuss = can_take_part(actor, item)
    can_edit = actor.has_role(item.organisation, Role.EDITOR)
    can_decide = open_review is not None and can_decide_review(actor, open_review) and not own_item
    # The reviewer picks what to compare with; a choice not on offer falls back to the default.
    choices = selectors.revision_compare_choices(item=item)
    against = request.GET.get("against")
    context = {
        "item": item,
        "revision": item.current_revision,
        "comparison": selectors.revision_compare(
            actor=actor, item=item, against=against if against in choices else None
        ),
        "compare_choices": choices,
        "reviews": selectors.review_list(actor=actor, item=item),
        "audit": selectors.audit_list(actor=actor, item=item),
        "publications": selectors.publication_list(actor=actor, item=item),
        "open_review": open_review,
        "can_decide": can_decide,
        "own_item": own_item,
        "can_edit": can_edit,
        "can_discuss": can_discuss,
        "threads": selectors.comment_threads(actor=actor, item=item) if can_discuss else [],
        "comment_form": CommentForm(),
        "publication_form": PublicationForm()
        if item.status in PUBLISHABLE and can_record_publication(actor, item)
        else None,
    }
    trail = _item_trail(actor, reviewing=can_decide or (can_approve(actor) and not can_edit), owner=can_edit)
    if trail is not None:
        context["nav_menu"] = trail
    return render(request, "content/item.html", context)


@login_required
def item_new(request):
    actor = _actor(request)
    orgs = editable_organisations(actor)
    # "Soạn nội dung cho đợt này" on a wave's page arrives with the wave preselected.
    wave = request.GET.get("campaign", "")
    preselected = int(wave) if wave.isdigit() else None
    waves = _waves(actor, include=preselected)
    form = ItemForm(request.POST or None, initial={"campaign": preselected}, waves=waves)
    if request.method == "POST" and form.is_valid():
        org_id = request.POST.get("organisation")
        organisation = next((o for o in orgs if str(o.pk) == org_id), orgs[0] if len(orgs) == 1 else None)
        try:
            if organisation is None:
                raise DomainError(_("Hãy chọn tổ chức sở hữu nội dung."), field="organisation")
            item = services.content_create(actor=actor, organisation=organisation, **form.cleaned_data)
        except DomainError as exc:
            _domain_error(request, exc)
        else:
            messages.success(request, _("Đã tạo bản nháp."))
            return redirect(_item_url(item.pk))
    return render(
        request,
        "content/item_form.html",
        {"form": form, "organisations": orgs, "item": None, "waves": waves},
    )


@login_required
def item_edit(request, item_id: int):
    item, denied = _item_or_403(request, item_id)
    if denied:
        return denied
    rev = item.current_revision
    initial = {
        "title": rev.title,
        "channel": item.channel,
        "audience": item.audience,
        "language": item.language,
        "outlet": rev.outlet,
        "airtime": rev.airtime,
        "planned_at": item.planned_at,
        "campaign": item.campaign_id,
        "body": rev.body,
        "media_links": "\n".join(rev.media_links),
    }
    waves = _waves(_actor(request), include=item.campaign_id)
    form = ItemForm(request.POST or None, initial=initial, reopens=item.status in PUBLISHABLE, waves=waves)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "confirm_reopen"}
        try:
            revision = services.content_update(actor=_actor(request), item=item, **changes)[1]
        except DomainError as exc:
            _domain_error(request, exc)
        else:
            if revision is None:
                messages.info(request, _("Không có thay đổi nào; không tạo phiên bản mới."))
            else:
                messages.success(request, _("Đã lưu phiên bản %(n)s.") % {"n": revision.number})
            return redirect(_item_url(item.pk))
    return render(
        request,
        "content/item_form.html",
        {"form": form, "item": item, "organisations": [], "waves": waves},
    )


def _run(request, item_id: int, action, success: str):
    """Load the item, run one service, report the outcome on the item page."""
    item, denied = _item_or_403(request, item_id)
    if denied:
        return denied
    try:
        action(_actor(request), item)
    except DomainError as exc:
        _domain_error(request, exc)
    else:
        messages.success(request, success)
    return redirect(_item_url(item_id))


@login_required
@require_POST
def item_submit(request, item_id: int):
    return _run(
        request,
        item_id,
        lambda actor, item: services.content_submit(actor=actor, item=item),
        _("Đã gửi Vụ Bưu chính thẩm định."),
    )


@login_required
@require_POST
def item_withdraw(request, item_id: int):
    comment = request.POST.get("comment", "")
    return _run(
        request,
        item_id,
        lambda actor, item: services.content_withdraw(actor=actor, item=item, comment=comment),
        _("Đã rút nội dung."),
    )


@login_required
@require_POST
def item_decide(request, item_id: int):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Quyết định không hợp lệ."))
        return redirect(_item_url(item_id))
    item, denied = _item_or_403(request, item_id)
    if denied:
        return denied
    data = form.cleaned_data
    try:
        services.review_decide(
            actor=_actor(request),
            item=item,
            decision=data["decision"],
            revision_number=data["revision"],
            comment=data["comment"],
        )
    except DomainError as exc:
        _domain_error(request, exc)
        return redirect(_item_url(item_id))
    messages.success(request, _("Đã ghi quyết định cho “%(title)s”.") % {"title": item.title})
    # After a decision the approver goes back to the queue for the next item.
    return redirect("content:queue")


@login_required
@require_POST
def item_comment(request, item_id: int):
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bình luận không được để trống."))
        return redirect(_item_url(item_id))

    def create(actor, item):
        parent_id = form.cleaned_data.get("parent")
        parent = get_object_or_404(Comment, pk=parent_id, item=item) if parent_id else None
        comments.comment_create(
            actor=actor,
            item=item,
            body=form.cleaned_data["body"],
            parent=parent,
            revision=item.current_revision,
        )

    return _run(request, item_id, create, _("Đã thêm bình luận."))


@login_required
@require_POST
def comment_resolve(request, comment_id: int):
    comment = get_object_or_404(Comment, pk=comment_id)
    return _run(
        request,
        comment.item_id,
        lambda actor, item: comments.comment_resolve(actor=actor, comment=comment),
        _("Đã đánh dấu đã xử lý."),
    )


@login_required
@require_POST
def item_publish(request, item_id: int):
    form = PublicationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi cơ quan đăng phát và thời điểm đăng."))
        return redirect(_item_url(item_id))
    return _run(
        request,
        item_id,
        lambda actor, item: publications.publication_create(actor=actor, item=item, **form.cleaned_data),
        _("Đã ghi nhận lần đăng phát."),
    )
