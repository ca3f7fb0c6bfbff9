"""Blast pages: the list with the compose form, and one blast with its preview, controls and live progress;
an audience's page with its live count and the preview of a draft text."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.permissions import actor_for_user
from core.errors import DomainError
from core.formatting import display_name
from dispatch.contacts import selectors
from dispatch.contacts.phones import phone_mask
from dispatch.forms import PreviewForm
from dispatch.models import BlastCategory, MessageStatus

from . import selectors as blast_selectors
from . import services as blasts
from . import smstext
from .preview import preview_build, preview_text

# Vietnamese as UTF-8 text, not \\u escapes (as the API's renderer does).
UTF8_JSON = {"json_dumps_params": {"ensure_ascii": False}, "content_type": "application/json; charset=utf-8"}


class BlastForm(forms.Form):
    name = forms.CharField(label=_("Tên đợt gửi"), max_length=200)
    organisation = forms.TypedChoiceField(label=_("Tổ chức gửi"), coerce=int)
    content_item = forms.TypedChoiceField(label=_("Tin nhắn đã duyệt"), coerce=int)
    audience = forms.TypedChoiceField(label=_("Nhóm người nhận"), coerce=int)
    category = forms.ChoiceField(label=_("Loại tin"), choices=BlastCategory.choices)
    sender = forms.CharField(label=_("Tên định danh (brandname)"), max_length=64, initial="MUA1034")
    unaccented = forms.BooleanField(label=_("Gửi không dấu (rẻ hơn)"), required=False)
    scheduled_at = forms.DateTimeField(
        label=_("Bắt đầu lúc (giờ Việt Nam, để trống = ngay khi bấm Gửi)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    expires_at = forms.DateTimeField(
        label=_("Không gửi sau (giờ Việt Nam)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = selectors.import_organisations(actor=actor)
        self.fields["organisation"].choices = [(o.pk, display_name(o)) for o in orgs]
        items = selectors.sms_content_choices(actor=actor)
        self.fields["content_item"].choices = [(i.pk, f"#{i.pk} {i.title}") for i in items]
        audiences = selectors.audience_list(actor=actor).filter(organisation__in=orgs)
        self.fields["audience"].choices = [
            (a.pk, f"{a.name} ({display_name(a.organisation)})") for a in audiences
        ]


@login_required
def blasts_page(request):
    """Blasts one may see, and the compose form (a draft; it is started from its own page)."""
    actor = actor_for_user(request.user)
    form = BlastForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            blast = blasts.blast_compose(
                actor=actor,
                organisation_id=data["organisation"],
                content_item_id=data["content_item"],
                audience_id=data["audience"],
                name=data["name"],
                category=data["category"],
                sender=data["sender"],
                unaccented=data["unaccented"],
                scheduled_at=data["scheduled_at"],
                expires_at=data["expires_at"],
            )
            messages.success(request, _("Đã lưu nháp. Xem trước rồi bấm Gửi."))
            return redirect("dispatch:blast", blast_id=blast.pk)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    context = {"form": form, "blasts": blast_selectors.blast_list_rows(actor=actor)}
    return render(request, "dispatch/blasts.html", context)


@login_required
def blast_page(request, blast_id: int):
    """One blast: what it sends (preview), the controls, and the live progress."""
    actor = actor_for_user(request.user)
    try:
        blast = blast_selectors.blast_get(actor=actor, blast_id=blast_id)
    except DomainError as exc:
        return render(request, "dispatch/error.html", {"error": exc.message}, status=exc.status_code)
    preview, preview_error = None, None
    try:
        preview = blasts.blast_preview(actor=actor, blast=blast)
    except DomainError as exc:
        preview_error = exc.message
    context = {
        "blast": blast,
        "preview": preview,
        "preview_error": preview_error,
        "progress": blast_selectors.blast_progress(blast=blast),
        "reasons": blast_selectors.blast_reasons(blast=blast),
    }
    return render(request, "dispatch/blast.html", context)


ACTION_DONE = {
    "start": _("Đã bắt đầu gửi."),
    "pause": _("Đã tạm dừng đợt gửi."),
    "resume": _("Đã tiếp tục gửi."),
    "cancel": _("Đã huỷ đợt gửi; các tin chưa gửi sẽ không được gửi."),
}


@login_required
@require_POST
def blast_action(request, blast_id: int, action: str):
    actor = actor_for_user(request.user)
    try:
        blast = blast_selectors.blast_get(actor=actor, blast_id=blast_id)
        if action not in blasts.BLAST_ACTIONS:
            raise DomainError(gettext("Không có thao tác '%(a)s'.") % {"a": action})
        blasts.BLAST_ACTIONS[action](actor=actor, blast=blast)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ACTION_DONE.get(action, _("Đã thực hiện.")))
    return redirect("dispatch:blast", blast_id=blast_id)


@login_required
def blast_progress_json(request, blast_id: int):
    """What the page polls every second: counts per status, percent, rate."""
    actor = actor_for_user(request.user)
    try:
        blast = blast_selectors.blast_get(actor=actor, blast_id=blast_id)
    except DomainError as exc:
        return JsonResponse({"message": exc.message}, status=exc.status_code, **UTF8_JSON)
    data = blast_selectors.blast_progress(blast=blast).as_dict()
    data["now"] = timezone.localtime(timezone.now()).isoformat(timespec="seconds")
    return JsonResponse(data, **UTF8_JSON)


@login_required
def blast_messages_page(request, blast_id: int):
    """The per-recipient log: search by number or name, filter by status, a page of 100, CSV export."""
    actor = actor_for_user(request.user)
    try:
        blast = blast_selectors.blast_get(actor=actor, blast_id=blast_id)
        status = request.GET.get("status") or None
        q = request.GET.get("q", "")
        qs = blast_selectors.blast_messages(actor=actor, blast=blast, q=q, status=status)
    except DomainError as exc:
        return render(
            request, "dispatch/error.html", {"error": exc.message}, status=getattr(exc, "status_code", 400)
        )
    full = blast_selectors.can_see_numbers(actor=actor, blast=blast)
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    count = qs.count()
    rows = [blast_selectors.message_row(m, full_numbers=full) for m in qs[(page - 1) * 100 : page * 100]]
    query = urlencode({k: v for k, v in {"q": q, "status": status or ""}.items() if v})
    return render(
        request,
        "dispatch/blast_messages.html",
        {
            "blast": blast,
            "rows": rows,
            "count": count,
            "page": page,
            "has_next": page * 100 < count,
            "q": q,
            "status": status or "",
            "statuses": MessageStatus.choices,
            "full_numbers": full,
            "query": query,
            "progress": blast_selectors.blast_progress(blast=blast),
        },
    )


@login_required
def audience_page(request, audience_id: int):
    """Staff: the live count and a preview of draft text for a saved audience."""
    actor = actor_for_user(request.user)
    context = {"error": None, "preview": None}
    try:
        audience = selectors.audience_get(actor=actor, audience_id=audience_id)
    except DomainError as exc:
        return render(request, "dispatch/error.html", {"error": exc.message}, status=exc.status_code)
    audience_filter = selectors.audience_filter_of(audience)
    form = PreviewForm(
        request.POST or None,
        initial={"category": "advertising"},
        content_items=selectors.sms_content_choices(actor=actor)[:100],
    )
    category = "advertising"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category = data["category"]
        try:
            text = preview_text(
                actor=actor, text=data["text"] or None, content_item_id=int(data["content_item"] or 0) or None
            )
            context["text"] = text
            context["preview"] = preview_build(
                viewer=actor,
                organisation=audience.organisation,
                audience_filter=audience_filter,
                text=text,
                category=category,
                brandname=form.cleaned_data["brandname"],
            )
        except DomainError as exc:
            form.add_error("text" if exc.field == "text" else None, exc.message)
    context.update(
        audience=audience,
        form=form,
        breakdown=selectors.audience_breakdown(
            organisation=audience.organisation, audience_filter=audience_filter, category=category
        ),
        price=smstext.price_per_part(),
    )
    return render(request, "dispatch/audience.html", context)


@login_required
def contact_page(request, contact_id: int):
    """One contact in the viewer's scope (any other is 404): its data, consent and refusals, its messages.

    Here, not in contacts, because it shows the messages blasts sent (contacts never import blasts)."""
    actor = actor_for_user(request.user)
    try:
        contact = selectors.contact_get(actor=actor, contact_id=contact_id)
    except DomainError as exc:
        return render(request, "dispatch/error.html", {"error": exc.message}, status=exc.status_code)
    full = selectors.contact_numbers_visible(actor=actor, contact=contact)
    return render(
        request,
        "dispatch/contact.html",
        {
            "contact": contact,
            "phone": contact.phone if full else phone_mask(contact.phone),
            "full_numbers": full,
            "suppression": selectors.contact_suppression(contact=contact),
            "history": selectors.contact_history(actor=actor, contact=contact),
            "sent_messages": [
                {"blast": m.blast, **blast_selectors.message_row(m, full_numbers=full)}
                for m in blast_selectors.contact_messages(actor=actor, contact=contact)
            ],
        },
    )
