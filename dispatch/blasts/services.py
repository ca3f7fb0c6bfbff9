"""Writes for blasts: create, start, pause, resume, cancel. Permission checks live here (the engine is
dispatch/blasts/engine/; dispatch/contacts/services.py holds the contact, import and audience writes)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, Role
from accounts.permissions import Actor, actor_required, require_org_role, written_by
from content.models import ContentItem
from core.errors import Conflict, DomainError, PermissionDenied
from core.queues import enqueue_on_commit
from dispatch.contacts.selectors import audience_filter_of, sms_content_body
from dispatch.models import Audience, Blast, BlastCategory, BlastStatus

from .preview import Preview, preview_build

# Preview warnings that stop a start: the text breaks the rules for everyone, or nobody would get it.
BLOCKING_WARNINGS = {"missing_label", "missing_optout", "bad_brandname", "render_error", "no_recipients"}


@actor_required
@transaction.atomic
def blast_create(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    content_item: ContentItem,
    audience: Audience,
    category: str,
    sender: str,
    unaccented: bool = False,
    scheduled_at: dt.datetime | None = None,
    expires_at: dt.datetime | None = None,
) -> Blast:
    """A draft blast of an SMS item's approved revision (frozen) to one of the organisation's audiences."""
    require_org_role(actor, organisation, Role.EDITOR)
    if audience.organisation_id != organisation.pk:
        raise PermissionDenied(_("Nhóm người nhận thuộc tổ chức khác."))
    if category not in BlastCategory.values:
        raise DomainError(_("Loại tin '%(c)s' không có.") % {"c": category}, field="category")
    sms_content_body(actor=actor, item_id=content_item.pk)  # approved SMS item the actor may read
    content_item.refresh_from_db(fields=["approved_revision"])
    _check_times(scheduled_at, expires_at)
    return Blast.objects.create(
        name=name.strip()[:200] or f"Tin {content_item.title}"[:200],
        organisation=organisation,
        content_item=content_item,
        revision_id=content_item.approved_revision_id,
        audience=audience,
        category=category,
        sender=sender.strip(),
        unaccented=unaccented,
        scheduled_at=scheduled_at,
        expires_at=expires_at,
        **written_by(actor),
    )


@actor_required
@transaction.atomic
def blast_compose(
    *,
    actor: Actor,
    organisation_id: int,
    content_item_id: int,
    audience_id: int,
    name: str,
    category: str,
    sender: str,
    unaccented: bool = False,
    scheduled_at: dt.datetime | None = None,
    expires_at: dt.datetime | None = None,
    start: bool = False,
) -> Blast:
    """A draft blast from ids, each resolved within what the actor may choose on the blasts page (the
    page and the API create blasts through here); with `start`, started too — or nothing is created when
    the start is refused (the preview gate)."""
    from dispatch.contacts import selectors

    organisation = next(
        (o for o in selectors.import_organisations(actor=actor) if o.pk == organisation_id), None
    )
    if organisation is None:
        raise PermissionDenied(_("Bạn không tạo được đợt gửi cho tổ chức này."))
    item = selectors.sms_content_choices(actor=actor).filter(pk=content_item_id).first()
    if item is None:
        raise DomainError(_("Không có tin nhắn SMS đã duyệt này."), field="content_item")
    blast = blast_create(
        actor=actor,
        organisation=organisation,
        name=name,
        content_item=item,
        audience=selectors.audience_get(actor=actor, audience_id=audience_id),
        category=category,
        sender=sender,
        unaccented=unaccented,
        scheduled_at=scheduled_at,
        expires_at=expires_at,
    )
    return blast_start(actor=actor, blast=blast) if start else blast


def _check_times(scheduled_at, expires_at) -> None:
    for name, value in (("scheduled_at", scheduled_at), ("expires_at", expires_at)):
        if value is not None and timezone.is_naive(value):
            raise DomainError(_("Thời gian phải kèm múi giờ."), field=name)
    if scheduled_at and expires_at and expires_at <= scheduled_at:
        raise DomainError(_("Hạn 'không gửi sau' phải sau thời điểm bắt đầu."), field="expires_at")
    if expires_at and expires_at <= timezone.now():
        raise DomainError(_("Hạn 'không gửi sau' đã qua."), field="expires_at")


@actor_required
def blast_preview(*, actor: Actor, blast: Blast, now: dt.datetime | None = None) -> Preview:
    """The audiences preview for this blast's frozen text, audience, category and sender."""
    require_org_role(actor, blast.organisation, Role.VIEWER)
    return preview_build(
        viewer=actor,
        organisation=blast.organisation,
        audience_filter=audience_filter_of(blast.audience),
        text=blast.revision.body,
        category=blast.category,
        brandname=blast.sender,
        now=now,
    )


@actor_required
@transaction.atomic
def blast_start(*, actor: Actor, blast: Blast, now: dt.datetime | None = None) -> Blast:
    """Start now (or at its scheduled time): the item must still be approved and the preview clean."""
    require_org_role(actor, blast.organisation, Role.EDITOR)
    blast = (
        Blast.objects.select_for_update()
        .select_related("revision", "audience", "organisation")
        .get(pk=blast.pk)
    )
    if blast.status != BlastStatus.DRAFT:
        raise Conflict(
            _("Đợt gửi đang ở trạng thái '%(s)s', không bắt đầu được.") % {"s": blast.get_status_display()}
        )
    sms_content_body(actor=actor, item_id=blast.content_item_id)
    preview = blast_preview(actor=actor, blast=blast, now=now)
    blocking = [w for w in preview.warnings if w["code"] in BLOCKING_WARNINGS]
    if blocking:
        raise DomainError(
            _("Chưa gửi được: %(why)s") % {"why": " ".join(str(w["message"]) for w in blocking)},
            field="preview",
        )
    now = now or timezone.now()
    if blast.scheduled_at and blast.scheduled_at > now:
        blast.schedule()
        return blast
    blast.run()
    _enqueue_fan_out(blast)
    return blast


def blast_begin(*, blast_id: int) -> Blast:
    """A scheduled blast whose time has come starts (called by the scheduler, checks done at start)."""
    with transaction.atomic():
        blast = Blast.objects.select_for_update().get(pk=blast_id)
        if blast.status != BlastStatus.SCHEDULED:
            return blast
        blast.run()
        _enqueue_fan_out(blast)
    return blast


def _enqueue_fan_out(blast: Blast) -> None:
    from dispatch.jobs import blast_fan_out_job

    enqueue_on_commit(
        blast_fan_out_job, blast.pk, queue="dispatch", job_id=f"blast-{blast.pk}-fanout", job_timeout=3600
    )


@actor_required
@transaction.atomic
def blast_pause(*, actor: Actor, blast: Blast, reason: str = "") -> Blast:
    """Running batches stop within a second; rows they held go back to pending, unsent."""
    require_org_role(actor, blast.organisation, Role.EDITOR)
    blast = Blast.objects.select_for_update().get(pk=blast.pk)
    blast.pause(reason or _("Tạm dừng bởi %(who)s.") % {"who": actor.label})
    return blast


@actor_required
@transaction.atomic
def blast_resume(*, actor: Actor, blast: Blast) -> Blast:
    """Running again: exactly the unsent rows are queued, under fresh job ids; the auto-pause judges
    what happens from now on (a fresh window), not the failures that paused it."""
    from .engine import fan_out, pump, reset_outcomes

    require_org_role(actor, blast.organisation, Role.EDITOR)
    blast = Blast.objects.select_for_update().get(pk=blast.pk)
    blast.resume()
    blast_id, fanned = blast.pk, blast.fanned_out
    transaction.on_commit(lambda: reset_outcomes(blast_id))
    transaction.on_commit(lambda: pump(blast_id=blast_id) if fanned else fan_out(blast_id=blast_id))
    return blast


@actor_required
@transaction.atomic
def blast_cancel(*, actor: Actor, blast: Blast, reason: str = "") -> Blast:
    """Nothing more is sent; unsent rows are closed as skipped (cancelled)."""
    from .engine import close_unsent

    require_org_role(actor, blast.organisation, Role.EDITOR)
    blast = Blast.objects.select_for_update().get(pk=blast.pk)
    blast.cancel(reason or _("Huỷ bởi %(who)s.") % {"who": actor.label})
    close_unsent(blast_id=blast.pk, reason="cancelled")
    return blast


# What a page or the API may ask of a blast, by name.
BLAST_ACTIONS = {
    "start": blast_start,
    "pause": blast_pause,
    "resume": blast_resume,
    "cancel": blast_cancel,
}
