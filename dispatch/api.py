"""/api/v1/dispatch/: contacts, imports, suppression, audiences, preview, blasts. Thin: parse, call."""

from typing import Literal

from django.db.models import BooleanField, Value
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from accounts.selectors import organisation_get
from calendars.selectors import province_get
from core.errors import PermissionDenied
from core.uploads import upload_openapi, upload_take

from .blasts import selectors as blast_selectors
from .blasts import services as blasts
from .blasts import smstext
from .blasts.exports import messages_csv
from .blasts.preview import preview_build, preview_text
from .contacts import selectors, services, suppression
from .contacts.exports import rejections_csv
from .contacts.phones import InvalidPhone, phone_normalize
from .models import PersonalDataAction
from .schemas import (
    AudienceFilterIn,
    AudienceIn,
    AudienceOut,
    BlastIn,
    BlastOut,
    BlastProgressOut,
    ContactOut,
    CountOut,
    ImportOut,
    MessagePageOut,
    PhoneCheckOut,
    PreviewIn,
    PreviewOut,
    RejectionOut,
    SuppressionIn,
    SuppressionOut,
    SuppressionRemovalOut,
    SuppressionRemoveIn,
)

router = Router(tags=["dispatch"])


@router.get("/phones/check", response=PhoneCheckOut, summary="Normalise one number or say why it is refused")
def phone_check(request, phone: str):
    try:
        parsed = phone_normalize(phone)
    except InvalidPhone as exc:
        return {"ok": False, "reason": exc.code, "message": exc.message}
    return {
        "ok": True,
        "e164": parsed.e164,
        "carrier": parsed.carrier,
        "converted_from": parsed.converted_from,
    }


@router.get(
    "/contacts",
    response=list[ContactOut],
    summary="Contacts in your scope: search, province on either map, kind, tag, consent, suppression",
)
@paginate
def contacts(
    request,
    province: str | None = None,
    map: str = "2022",
    q: str = "",
    kind: str = "",
    tag: str = "",
    consent: Literal["", "yes", "no"] = "",
    suppressed: Literal["", "yes", "no"] = "",
):
    """Numbers in full for editors of an organisation holding contacts, masked for viewers (who search by
    name only), as on the contacts page."""
    contact_filter = selectors.ContactFilter(
        q=q[:100],
        province=province_get(code=province, map=map) if province else None,
        kind=kind,
        tag=tag[:50],
        consent=consent,
        suppressed=suppressed,
    )
    full = selectors.contact_numbers_visible(actor=request.auth)
    return (
        selectors.contact_search(actor=request.auth, contact_filter=contact_filter)
        .select_related("organisation")
        .annotate(numbers_visible=Value(full, output_field=BooleanField()))
    )


@router.post(
    "/imports",
    response={202: ImportOut},
    summary="Upload a CSV/XLSX of contacts (or the DNC list)",
    openapi_extra=upload_openapi(
        organisation="Mã tổ chức", kind="contacts | do_not_call", consent_evidence="Bằng chứng đồng ý"
    ),
)
def import_create(request):
    """The body is read only once the caller may import somewhere, and within the upload cap; the
    organisation's own check follows in the service."""
    if not selectors.import_organisations(actor=request.auth):
        raise PermissionDenied(_("Bạn không có quyền nhập danh bạ cho tổ chức nào."))
    file = upload_take(request, kind="contacts")
    form = request.POST
    contact_import = services.contact_import_create(
        actor=request.auth,
        organisation=organisation_get(code=form.get("organisation", "")),
        file=file,
        filename=file.name or "upload.csv",
        kind=form.get("kind") or "contacts",
        consent_evidence=form.get("consent_evidence", ""),
    )
    contact_import.refresh_from_db()
    return Status(202, contact_import)


@router.get("/imports", response=list[ImportOut], summary="Imports of your organisations")
@paginate
def imports(request):
    return selectors.contact_import_list(actor=request.auth)


@router.get("/imports/{import_id}", response=ImportOut, summary="One import with its progress (%)")
def import_detail(request, import_id: int):
    return selectors.contact_import_get(actor=request.auth, import_id=import_id)


@router.post(
    "/imports/{import_id}/resume", response={202: ImportOut}, summary="Continue an interrupted import"
)
def import_resume(request, import_id: int):
    contact_import = selectors.contact_import_get(actor=request.auth, import_id=import_id)
    return Status(202, services.contact_import_resume(actor=request.auth, contact_import=contact_import))


@router.get("/imports/{import_id}/rejections", response=list[RejectionOut], summary="Rejected rows")
@paginate
def import_rejections(request, import_id: int):
    contact_import = selectors.contact_import_get(actor=request.auth, import_id=import_id)
    return selectors.import_rejections(contact_import=contact_import)


@router.get("/imports/{import_id}/rejections.csv", summary="Rejected rows as CSV (line, reason, row)")
def import_rejections_csv(request: HttpRequest, import_id: int):
    contact_import = selectors.contact_import_get(actor=request.auth, import_id=import_id)
    services.personal_data_access_record(
        actor=request.auth,
        action=PersonalDataAction.EXPORT,
        organisation=contact_import.organisation,
        subject=_("Các dòng bị từ chối của lượt nhập #%(pk)s (%(filename)s)")
        % {"pk": contact_import.pk, "filename": contact_import.filename},
        rows=contact_import.rejected,
    )
    response = StreamingHttpResponse(rejections_csv(contact_import), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{import_id}-rejected.csv"'
    return response


@router.get("/suppressions", response=list[SuppressionOut], summary="Numbers that get no advertising SMS")
@paginate
def suppressions(request, phone: str = ""):
    return selectors.suppression_list(actor=request.auth, phone=phone)


@router.post("/suppressions", response={201: SuppressionOut}, summary="Add a number (hotline, web form)")
def suppression_create(request, payload: SuppressionIn):
    return Status(
        201,
        suppression.suppression_add(
            actor=request.auth, phone=payload.phone, reason=payload.reason, note=payload.note
        ),
    )


@router.post(
    "/suppressions/{phone}/remove", response=SuppressionRemovalOut, summary="Lift (national admins, reason)"
)
def suppression_remove(request, phone: str, payload: SuppressionRemoveIn):
    return suppression.suppression_remove(actor=request.auth, phone=phone, reason=payload.reason)


def _filter(payload: AudienceFilterIn):
    return services.audience_filter_clean(
        provinces=[(p.map, p.code) for p in payload.provinces],
        kinds=payload.kinds,
        tags=payload.tags,
        consent_required=payload.consent_required,
    )


@router.post("/audiences/count", response=CountOut, summary="Live count of an unsaved filter")
def audience_count(request, payload: AudienceFilterIn, category: str = "advertising"):
    organisation = organisation_get(code=payload.organisation)
    selectors.require_audience_read(actor=request.auth, organisation=organisation)
    breakdown = selectors.audience_breakdown(
        organisation=organisation, audience_filter=_filter(payload), category=category
    )
    return {**breakdown.__dict__, "category": category}


@router.get("/audiences", response=list[AudienceOut], summary="Saved audiences")
@paginate
def audiences(request):
    return selectors.audience_list(actor=request.auth)


@router.post("/audiences", response={201: AudienceOut}, summary="Save an audience")
def audience_create(request, payload: AudienceIn):
    audience = services.audience_create(
        actor=request.auth,
        organisation=organisation_get(code=payload.organisation),
        name=payload.name,
        audience_filter=_filter(payload),
    )
    return Status(201, audience)


@router.get("/audiences/{audience_id}", response=AudienceOut, summary="One saved audience")
def audience_detail(request, audience_id: int):
    return selectors.audience_get(actor=request.auth, audience_id=audience_id)


@router.put("/audiences/{audience_id}", response=AudienceOut, summary="Change a saved audience")
def audience_update(request, audience_id: int, payload: AudienceIn):
    audience = selectors.audience_get(actor=request.auth, audience_id=audience_id)
    return services.audience_update(
        actor=request.auth, audience=audience, name=payload.name, audience_filter=_filter(payload)
    )


@router.get("/audiences/{audience_id}/count", response=CountOut, summary="Live count of a saved audience")
def audience_saved_count(request, audience_id: int, category: str = "advertising"):
    audience = selectors.audience_get(actor=request.auth, audience_id=audience_id)
    breakdown = selectors.audience_breakdown(
        organisation=audience.organisation,
        audience_filter=selectors.audience_filter_of(audience),
        category=category,
    )
    return {**breakdown.__dict__, "category": category}


@router.post("/preview", response=PreviewOut, summary="Sample renders, encoding, parts, cost, who gets it")
def preview(request, payload: PreviewIn):
    audience = selectors.audience_get(actor=request.auth, audience_id=payload.audience_id)
    text = preview_text(actor=request.auth, text=payload.text, content_item_id=payload.content_item_id)
    result = preview_build(
        viewer=request.auth,
        organisation=audience.organisation,
        audience_filter=selectors.audience_filter_of(audience),
        text=text,
        category=payload.category,
        brandname=payload.brandname,
        sample_size=payload.sample_size,
    )
    return {
        **result.__dict__,
        "text": text,
        "recipients": result.breakdown,
        "price_per_part_vnd": smstext.price_per_part(),
    }


# --- blasts --------------------------------------------------------------------------------------------


def _progress(blast) -> dict:
    return {"id": blast.pk, "name": blast.name, **blast_selectors.blast_progress(blast=blast).as_dict()}


@router.post(
    "/blasts", response={201: BlastOut}, summary="Create a blast (and start it, if its preview is clean)"
)
def blast_create(request, payload: BlastIn):
    data = payload.dict()
    blast = blasts.blast_compose(
        actor=request.auth,
        organisation_id=data.pop("organisation"),
        content_item_id=data.pop("content_item"),
        audience_id=data.pop("audience"),
        **data,
    )
    return Status(201, blast)


@router.get("/blasts", response=list[BlastOut], summary="Blasts you may see, newest first")
@paginate
def blast_index(request, status: str | None = None):
    found = blast_selectors.blast_list(actor=request.auth)
    return found.filter(status=status) if status else found


@router.get(
    "/blasts/{blast_id}", response=BlastProgressOut, summary="A blast's state, counts per status, rate"
)
def blast_read(request, blast_id: int):
    return _progress(blast_selectors.blast_get(actor=request.auth, blast_id=blast_id))


@router.get(
    "/blasts/{blast_id}/messages", response=MessagePageOut, summary="Per-recipient log: search, filter, page"
)
def blast_messages(
    request, blast_id: int, q: str = "", status: str | None = None, limit: int = 100, offset: int = 0
):
    blast = blast_selectors.blast_get(actor=request.auth, blast_id=blast_id)
    qs = blast_selectors.blast_messages(actor=request.auth, blast=blast, q=q, status=status)
    full = blast_selectors.can_see_numbers(actor=request.auth, blast=blast)
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    page = qs[offset : offset + limit]
    return {
        "count": qs.count(),
        "full_numbers": full,
        "items": [blast_selectors.message_row(m, full_numbers=full) for m in page],
    }


@router.get(
    "/blasts/{blast_id}/messages.csv",
    summary="Per-recipient log as CSV (same search and filter)",
    url_name="blast_messages_csv",
)
def blast_messages_csv(request: HttpRequest, blast_id: int, q: str = "", status: str | None = None):
    blast = blast_selectors.blast_get(actor=request.auth, blast_id=blast_id)
    qs = blast_selectors.blast_messages(actor=request.auth, blast=blast, q=q, status=status)
    full = blast_selectors.can_see_numbers(actor=request.auth, blast=blast)
    services.personal_data_access_record(
        actor=request.auth,
        action=PersonalDataAction.EXPORT,
        organisation=blast.organisation,
        subject=_("Nhật ký tin nhắn của đợt gửi #%(pk)s (%(name)s)") % {"pk": blast.pk, "name": blast.name},
        rows=qs.count(),
    )
    response = StreamingHttpResponse(
        messages_csv(qs, full_numbers=full), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="blast-{blast_id}-messages.csv"'
    return response


@router.post(
    "/blasts/{blast_id}/{action}",
    response=BlastProgressOut,
    summary="start, pause, resume or cancel a blast",
)
def blast_act(request, blast_id: int, action: Literal["start", "pause", "resume", "cancel"]):
    blast = blast_selectors.blast_get(actor=request.auth, blast_id=blast_id)
    return _progress(blasts.BLAST_ACTIONS[action](actor=request.auth, blast=blast))
