"""/api/v1/content/: items, revisions, the approval workflow, comments, audit log, publications, queue."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from accounts.selectors import organisation_get
from core.errors import DomainError

from . import comments as comment_services
from . import publications as publication_services
from . import selectors, services
from .feeds.api import router as feeds_router
from .models import Comment
from .permissions import editable_organisations
from .routes_api import router as routes_router
from .schemas import (
    AuditOut,
    CommentIn,
    CommentOut,
    CompareOut,
    DecisionIn,
    ItemIn,
    ItemOut,
    ItemPatch,
    ItemUpdateOut,
    PublicationIn,
    PublicationOut,
    QueueOut,
    ReviewOut,
    RevisionOut,
    ScheduleIn,
    WithdrawIn,
)

router = Router(tags=["content"])


def _organisation_for(actor, code: str | None):
    """The organisation named, or the caller's only organisation they edit for."""
    if code:
        return organisation_get(code=code)
    editable = editable_organisations(actor)
    if len(editable) != 1:
        raise DomainError(_("Hãy ghi mã tổ chức sở hữu nội dung."), field="organisation")
    return editable[0]


@router.get("/items", response=list[ItemOut], summary="Items you may read (status, channel, mine filters)")
@paginate
def items(
    request,
    status: str | None = None,
    channel: str | None = None,
    organisation: str | None = None,
    mine: bool = False,
):
    return selectors.item_list(
        actor=request.auth, status=status, channel=channel, organisation=organisation, mine=mine
    )


@router.post("/items", response={201: ItemOut}, summary="Draft a new item (revision 1)")
def item_create(request, payload: ItemIn):
    data = payload.dict()
    organisation = _organisation_for(request.auth, data.pop("organisation"))
    return Status(201, services.content_create(actor=request.auth, organisation=organisation, **data))


@router.get("/items/{item_id}", response=ItemOut, summary="One item")
def item_detail(request, item_id: int):
    return selectors.item_get(actor=request.auth, item_id=item_id)


@router.patch("/items/{item_id}", response=ItemUpdateOut, summary="Edit; a real change makes a new revision")
def item_update(request, item_id: int, payload: ItemPatch):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    changes = payload.dict(exclude_unset=True)
    item, revision = services.content_update(actor=request.auth, item=item, **changes)
    return {
        "item": selectors.item_get(actor=request.auth, item_id=item.pk),
        "revision_created": revision is not None,
    }


@router.delete("/items/{item_id}", response={204: None}, summary="Delete a never-submitted draft")
def item_delete(request, item_id: int):
    services.content_delete(actor=request.auth, item=selectors.item_get(actor=request.auth, item_id=item_id))
    return Status(204, None)


@router.get("/items/{item_id}/revisions", response=list[RevisionOut], summary="All revisions, oldest first")
def revisions(request, item_id: int):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    return list(selectors.revision_list(actor=request.auth, item=item))


@router.get("/items/{item_id}/revisions/{number}", response=RevisionOut, summary="One revision")
def revision_detail(request, item_id: int, number: int):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    return selectors.revision_get(actor=request.auth, item=item, number=number)


@router.get("/items/{item_id}/diff", response=list[str], summary="Current revision against the approved one")
def item_diff(request, item_id: int):
    return selectors.revision_diff(item=selectors.item_get(actor=request.auth, item_id=item_id))


@router.get(
    "/items/{item_id}/compare",
    response={200: CompareOut, 204: None},
    summary="Word diff of the current revision against the last reviewed (default) or approved one",
)
def item_compare(request, item_id: int, against: str | None = None):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    comparison = selectors.revision_compare(actor=request.auth, item=item, against=against)
    if comparison is None:
        return Status(204, None)
    return {
        "against": comparison.against,
        "base": comparison.base.number,
        "current": comparison.current.number,
        "fields": [
            {
                "field": f.name,
                "label": f.label,
                "changed": f.diff.changed,
                "words_inserted": f.diff.inserted,
                "words_deleted": f.diff.deleted,
                "html": str(f.diff.html),
            }
            for f in comparison.fields
        ],
    }


@router.post("/items/{item_id}/submit", response=ReviewOut, summary="Submit the current revision for review")
def item_submit(request, item_id: int):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    return services.content_submit(actor=request.auth, item=item)


@router.post("/items/{item_id}/withdraw", response=ItemOut, summary="Withdraw the item for good")
def item_withdraw(request, item_id: int, payload: WithdrawIn):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    services.content_withdraw(actor=request.auth, item=item, comment=payload.comment)
    return selectors.item_get(actor=request.auth, item_id=item_id)


@router.post("/items/{item_id}/schedule", response=ItemOut, summary="Schedule approved content")
def item_schedule(request, item_id: int, payload: ScheduleIn):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    services.content_schedule(actor=request.auth, item=item, planned_at=payload.planned_at)
    return selectors.item_get(actor=request.auth, item_id=item_id)


@router.get("/items/{item_id}/reviews", response=list[ReviewOut], summary="Reviews, newest first")
def reviews(request, item_id: int):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    return list(selectors.review_list(actor=request.auth, item=item))


@router.post(
    "/items/{item_id}/reviews", response=ReviewOut, summary="Decide: approve, request_changes, reject"
)
def review_decide(request, item_id: int, payload: DecisionIn):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    return services.review_decide(
        actor=request.auth,
        item=item,
        decision=payload.decision,
        revision_number=payload.revision,
        comment=payload.comment,
    )


@router.get("/items/{item_id}/comments", response=list[CommentOut], summary="Comments, oldest first")
def comments(request, item_id: int):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    return list(selectors.comment_list(actor=request.auth, item=item))


@router.post("/items/{item_id}/comments", response={201: CommentOut}, summary="Comment (reply with parent)")
def comment_create(request, item_id: int, payload: CommentIn):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    parent = get_object_or_404(Comment, pk=payload.parent) if payload.parent else None
    revision = (
        selectors.revision_get(actor=request.auth, item=item, number=payload.revision)
        if payload.revision
        else None
    )
    comment = comment_services.comment_create(
        actor=request.auth, item=item, body=payload.body, parent=parent, revision=revision
    )
    return Status(201, comment)


@router.post("/comments/{comment_id}/resolve", response=CommentOut, summary="Mark a comment resolved")
def comment_resolve(request, comment_id: int):
    comment = get_object_or_404(Comment.objects.select_related("item"), pk=comment_id)
    selectors.item_get(actor=request.auth, item_id=comment.item_id)
    return comment_services.comment_resolve(actor=request.auth, comment=comment)


@router.get("/items/{item_id}/audit", response=list[AuditOut], summary="Audit log of the item")
def audit(request, item_id: int):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    return list(selectors.audit_list(actor=request.auth, item=item))


@router.get("/items/{item_id}/audit.csv", summary="Audit log as CSV", url_name="content_audit_csv")
def audit_csv(request, item_id: int):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    response = HttpResponse(selectors.audit_csv(actor=request.auth, item=item), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="content-{item.pk}-audit.csv"'
    return response


@router.get("/items/{item_id}/publications", response=list[PublicationOut], summary="Where it appeared")
def publications(request, item_id: int):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    return list(selectors.publication_list(actor=request.auth, item=item))


@router.post("/items/{item_id}/publications", response={201: PublicationOut}, summary="Record an appearance")
def publication_create(request, item_id: int, payload: PublicationIn):
    item = selectors.item_get(actor=request.auth, item_id=item_id)
    return Status(
        201, publication_services.publication_create(actor=request.auth, item=item, **payload.dict())
    )


@router.get("/queue", response=QueueOut, summary="Review queue for approvers, most urgent first")
def queue(
    request,
    channel: str | None = None,
    province: str | None = None,
    organisation: str | None = None,
    wave: int | None = None,
    min_age_days: int | None = None,
    expiring: bool = False,
    due: str | None = None,
    limit: int = 100,
):
    """`due`: "overdue" (past the planned publication time) or "48h" (expiring within 48 hours)."""
    qs = selectors.review_queue(
        expiring=expiring,
        due=due,
        actor=request.auth,
        channel=channel,
        province=province,
        organisation=organisation,
        wave=wave,
        min_age_days=min_age_days,
    )
    return {"counts": selectors.review_queue_counts(queue=qs), "items": list(qs[: max(1, min(limit, 500))])}


@router.get("/overdue", response=list[ItemOut], summary="Expired or past-due items not approved")
def overdue(request):
    return list(selectors.overdue_list(actor=request.auth))


router.add_router("", feeds_router)
router.add_router("", routes_router)
