"""Pages: the public opt-out form and the staff pages for contacts, audiences and imports (an audience's
own page, with its preview of a draft text, is a blasts page: dispatch/blasts/views.py).

Views only parse the form, call one service or selector and render; rules live in services/selectors.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.permissions import actor_for_user
from accounts.selectors import organisation_get
from calendars.selectors import province_get, province_list
from core.errors import DomainError, PermissionDenied
from core.throttle import client_address, throttle_allow
from core.uploads import upload_check_size
from dispatch.contacts.models import ContactKind, SuppressionReason
from dispatch.forms import AudienceForm, ImportUploadForm, OptOutForm

from . import selectors, services, suppression
from .phones import phone_mask


@require_http_methods(["GET", "POST"])
def opt_out(request):
    """Public, no login: a number's owner stops advertising SMS. The answer never reveals if it was known."""
    form = OptOutForm(request.POST or None)
    status = 200
    if request.method == "POST":
        client = client_address(request) or "unknown"
        if not throttle_allow(key=f"optout:{client}", limit=settings.MUA_OPTOUT_RATE_PER_HOUR):
            form.add_error(None, _("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau một giờ."))
            status = 429
        elif form.is_valid():
            try:
                suppression.suppression_add(
                    phone=form.cleaned_data["phone"],
                    reason=SuppressionReason.REFUSED,
                    note="Trang từ chối công khai",
                    actor=suppression.NUMBER_OWNER,
                )
            except DomainError as exc:
                form.add_error("phone", exc.message)
            else:
                # Redirect, so a refresh does not send the request again; the page says it is done.
                messages.success(
                    request,
                    _(
                        "Đã ghi nhận. Số điện thoại này sẽ không nhận tin nhắn quảng cáo "
                        "của chương trình 1034 kể từ bây giờ."
                    ),
                )
                return redirect("dispatch:opt-out")
    return render(request, "dispatch/opt_out.html", {"form": form}, status=status)


@login_required
def audiences_page(request):
    """Staff: the saved audiences one may read, and a form to save a new one."""
    actor = actor_for_user(request.user)
    form = AudienceForm(
        request.POST or None,
        organisations=selectors.import_organisations(actor=actor),
        provinces=province_list(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audience = services.audience_create(
                actor=actor,
                organisation=organisation_get(code=data["organisation"]),
                name=data["name"],
                audience_filter=services.audience_filter_clean(
                    provinces=[tuple(p.split(":", 1)) for p in data["provinces"]],
                    kinds=data["kinds"],
                    tags=data["tags"].split(","),
                    consent_required=data["consent_required"],
                ),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu nhóm người nhận."))
            return redirect("dispatch:audience", audience.pk)
    audiences = selectors.audience_list(actor=actor)[:200]
    return render(request, "dispatch/audiences.html", {"audiences": audiences, "form": form})


@login_required
def imports_page(request):
    """Staff: upload a contact file and follow the imports of one's organisations."""
    actor = actor_for_user(request.user)
    organisations = selectors.import_organisations(actor=actor)
    if request.method == "POST":
        try:  # before a byte of the file is parsed
            if not organisations:
                raise PermissionDenied(_("Bạn không có quyền nhập danh bạ cho tổ chức nào."))
            upload_check_size(request, kind="contacts")
        except DomainError as exc:
            return render(request, "dispatch/error.html", {"error": exc.message}, status=exc.status_code)
    form = ImportUploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.contact_import_create(
                actor=actor,
                organisation=organisation_get(code=form.cleaned_data["organisation"]),
                file=upload,
                filename=upload.name,
                consent_evidence=form.cleaned_data["consent_evidence"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            # Redirect after the upload, so refreshing the page never uploads the file a second time.
            messages.success(
                request, _("Đã nhận tệp %(name)s; danh bạ đang được nhập.") % {"name": upload.name}
            )
            return redirect("dispatch:imports")
    imports = selectors.contact_import_list(actor=actor)[:50]
    return render(request, "dispatch/imports.html", {"form": form, "imports": imports})


@login_required
def import_page(request, import_id: int):
    """One import: its progress while it runs (the page follows it), then what it did and each row it
    refused, with the reason in words."""
    actor = actor_for_user(request.user)
    try:
        contact_import = selectors.contact_import_get(actor=actor, import_id=import_id)
    except DomainError as exc:
        return render(request, "dispatch/error.html", {"error": exc.message}, status=exc.status_code)
    rejections = selectors.import_rejections(contact_import=contact_import)
    return render(
        request,
        "dispatch/import.html",
        {
            "import": contact_import,
            "rejections": rejections[:IMPORT_REJECTIONS_SHOWN],
            "more_rejections": max(0, contact_import.rejected - IMPORT_REJECTIONS_SHOWN),
            "show_rows": selectors.import_rows_visible(actor=actor, contact_import=contact_import),
        },
    )


IMPORT_REJECTIONS_SHOWN = 200


def _contact_filter(params) -> selectors.ContactFilter:
    """The page's query string, bounded: unknown values are dropped, never an error."""
    map_, _sep, code = params.get("province", "").rpartition(":")
    try:
        province = province_get(code=code, map=map_ or None) if code else None
    except DomainError:
        province = None
    pick = {
        "kind": ContactKind.values,
        "consent": ("yes", "no"),
        "suppressed": ("yes", "no"),
    }
    return selectors.ContactFilter(
        q=(params.get("q") or "").strip()[:100],
        province=province,
        tag=(params.get("tag") or "").strip()[:50],
        **{key: params.get(key) if params.get(key) in allowed else "" for key, allowed in pick.items()},
    )


@login_required
def contacts_page(request):
    """The contacts the viewer may hold (the one contact-scope selector), searchable and filtered by
    province on either map, kind, tag, consent and suppression; numbers in full for editors only."""
    actor = actor_for_user(request.user)
    contact_filter = _contact_filter(request.GET)
    qs = selectors.contact_search(actor=actor, contact_filter=contact_filter)
    full = selectors.contact_numbers_visible(actor=actor)
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    count = qs.count()
    contacts = list(qs[(page - 1) * 100 : page * 100])
    suppressed = selectors.suppressed_phones([c.phone for c in contacts])
    rows = [
        {
            "id": c.pk,
            "phone": c.phone if full else phone_mask(c.phone),
            "name": c.name,
            "province": c.province,
            "kind": c.get_kind_display(),
            "consent": c.consent_at,
            "tags": c.tag_list,
            "suppressed": c.phone in suppressed,
        }
        for c in contacts
    ]
    filters = {k: request.GET.get(k, "") for k in ("q", "province", "kind", "tag", "consent", "suppressed")}
    return render(
        request,
        "dispatch/contacts.html",
        {
            "contacts": rows,
            "count": count,
            "page": page,
            "has_next": page * 100 < count,
            "full_numbers": full,
            "filters": filters,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "kinds": ContactKind.choices,
            "provinces": province_list(),
            "tags": selectors.contact_tags(actor=actor),
        },
    )
