"""Writes for content: items and revisions, the approval workflow, expiry and reminders.

Comments are written in comments.py, publications in publications.py; the audit trail in audit.py.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, Role
from accounts.permissions import (
    Actor,
    actor_required,
    require_org_role,
    system_actor,
)
from accounts.services import notification_send
from campaigns.models import Audience
from core.choices import choice_clean
from core.errors import Conflict, DomainError
from core.formatting import display_name

from . import routing, templating
from .audit import actor_label, actor_user, audit_record
from .models import (
    AWAITING_APPROVAL,
    EDITABLE,
    PUBLISHABLE,
    REVIEWER_DECISIONS,
    ApproverKind,
    AuditAction,
    Channel,
    ContentItem,
    ContentTheme,
    Decision,
    ItemStatus,
    Language,
    Review,
    Revision,
)
from .permissions import (
    require_decide,
    require_edit_item,
    require_wave_for_item,
)
from .selectors import review_expiring, review_open, wave_get
from .validation import content_fields_clean, planned_at_check

METADATA_FIELDS = ("channel", "audience", "language", "planned_at", "campaign")


# Who acts when no person does: named system actors, so the audit trail says which part of Mùa it was.
EXPIRY_JOB = system_actor("system")
FEED_POLLER = system_actor("feed")


def _close_open_review(*, item: ContentItem, decision: str, comment: str = "") -> None:
    """Close the item's open review, if any, so that none stays open on a closed item."""
    for review in item.reviews.filter(decided_at__isnull=True):
        review.close(decision=decision, comment=comment)


def _campaign(campaign_id: int | None, *, organisation: Organisation):
    """The wave an item is linked to, which must be within the item's organisation's reach."""
    if campaign_id is None:
        return None
    wave = wave_get(campaign_id=campaign_id, related=("province",))
    require_wave_for_item(organisation, wave)
    return wave


def _new_revision(*, item: ContentItem, actor: Actor, fields: dict) -> Revision:
    number = (item.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    revision = Revision.objects.create(
        item=item,
        number=number,
        content_hash=Revision.hash_of(fields),
        author=actor_user(actor),
        author_label=actor_label(actor),
        **fields,
    )
    item.current_revision = revision
    item.title = revision.title
    item.outlet = revision.outlet
    item.save(update_fields=["current_revision", "title", "outlet", "updated_at"])
    return revision


@actor_required
@transaction.atomic
def content_create(
    *,
    actor: Actor,
    organisation: Organisation,
    channel: str,
    audience: str,
    title: str,
    body: str,
    language: str = Language.VI,
    outlet: str = "",
    airtime: str = "",
    media_links: list[str] | None = None,
    planned_at: dt.datetime | None = None,
    campaign: int | None = None,
    theme: str = "",
) -> ContentItem:
    """Draft a new item for an organisation the actor edits for; its first revision is number 1."""
    require_org_role(actor, organisation, Role.EDITOR)
    choice_clean(channel, Channel, field="channel")
    choice_clean(audience, Audience, field="audience")
    choice_clean(language, Language, field="language")
    planned_at_check(planned_at)
    fields = content_fields_clean(
        {"title": title, "body": body, "outlet": outlet, "airtime": airtime, "media_links": media_links}
    )
    item = ContentItem.objects.create(
        organisation=organisation,
        author=actor_user(actor),
        channel=channel,
        audience=audience,
        language=language,
        title=fields["title"],
        outlet=fields["outlet"],
        planned_at=planned_at,
        campaign=_campaign(campaign, organisation=organisation),
        theme=_theme(theme),
    )
    revision = _new_revision(item=item, actor=actor, fields=fields)
    audit_record(item=item, actor=actor, action=AuditAction.CREATE, before="", revision=revision)
    return item


@actor_required
@transaction.atomic
def content_update(*, actor: Actor, item: ContentItem, **changes) -> tuple[ContentItem, Revision | None]:
    """Change an item; a real change of text makes a new revision, an identical save makes none.

    Editing approved (or scheduled, or published) text sends the item back to draft for a new
    approval; the approved revision stays frozen and is still what the pointer names.
    """
    item = ContentItem.objects.select_for_update().get(pk=item.pk)
    require_edit_item(actor, item)
    unknown = set(changes) - set(METADATA_FIELDS) - set(Revision.FIELDS) - {"theme"}
    if unknown:
        raise DomainError(
            _("Không sửa được trường: %(f)s.") % {"f": ", ".join(sorted(unknown))}, field=min(unknown)
        )
    if item.status not in EDITABLE:
        raise Conflict(
            _("Nội dung đang ở trạng thái '%(s)s' nên không sửa được.") % {"s": item.get_status_display()},
            field="status",
        )
    if "theme" in changes:
        item.theme = _theme(changes.pop("theme"))
        item.save(update_fields=["theme", "updated_at"])
    _update_metadata(item=item, changes=changes)
    current = item.current_revision.fields()
    proposed = {**current, **{k: v for k, v in changes.items() if k in Revision.FIELDS}}
    proposed = content_fields_clean(proposed)
    if Revision.hash_of(proposed) == item.current_revision.content_hash:
        return item, None
    revision = _new_revision(item=item, actor=actor, fields=proposed)
    if item.status in PUBLISHABLE:
        before = item.reopen()
        audit_record(item=item, actor=actor, action=AuditAction.REOPEN, before=before, revision=revision)
    return item, revision


def _theme(code: str | None) -> ContentTheme | None:
    """A theme by code ('' or None: no theme); an unknown code is refused naming the field."""
    if not code:
        return None
    theme = ContentTheme.objects.filter(code=code).first()
    if theme is None:
        raise DomainError(_("Không có chủ đề '%(c)s'.") % {"c": code[:48]}, field="theme")
    return theme


def _update_metadata(*, item: ContentItem, changes: dict) -> None:
    """Change channel, audience, language, planned time or wave; `campaign` is a wave id (or None)."""
    current = {k: (item.campaign_id if k == "campaign" else getattr(item, k)) for k in METADATA_FIELDS}
    updates = {k: changes[k] for k in METADATA_FIELDS if k in changes and changes[k] != current[k]}
    if not updates:
        return
    frozen = {"channel", "audience", "language"} & set(updates)
    if frozen and item.status not in (ItemStatus.DRAFT, ItemStatus.CHANGES_REQUESTED):
        raise Conflict(
            _("Chỉ đổi kênh, đối tượng, ngôn ngữ khi nội dung là bản nháp hoặc đang được yêu cầu sửa."),
            field=min(frozen),
        )
    for name, choices in (("channel", Channel), ("audience", Audience), ("language", Language)):
        if name in updates:
            choice_clean(updates[name], choices, field=name)
    if "planned_at" in updates:
        planned_at_check(updates["planned_at"])
    if "campaign" in updates:
        updates["campaign"] = _campaign(updates["campaign"], organisation=item.organisation)
    for name, value in updates.items():
        setattr(item, name, value)
    item.save(update_fields=[*updates, "updated_at"])


@actor_required
@transaction.atomic
def content_delete(*, actor: Actor, item: ContentItem) -> None:
    """Delete a draft that was never submitted; anything that went to review stays for the record."""
    require_edit_item(actor, item)
    if item.status != ItemStatus.DRAFT or item.reviews.exists():
        raise Conflict(_("Chỉ xoá được bản nháp chưa từng gửi duyệt."), field="status")
    ContentItem.objects.filter(pk=item.pk).update(current_revision=None, approved_revision=None)
    item.delete()


def content_check(*, item: ContentItem) -> None:
    """What must hold before submission: a body, a future publication time, a template that renders."""
    revision = item.current_revision
    if not revision.body.strip():
        raise DomainError(_("Nội dung không được để trống."), field="body")
    if item.planned_at is not None and item.planned_at <= timezone.now():
        raise DomainError(_("Thời điểm đăng dự kiến đã qua; hãy chọn thời điểm mới."), field="planned_at")
    if item.channel == Channel.SMS:
        templating.render_sample(revision.body)


def _approvers():
    User = get_user_model()
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.APPROVER,
        memberships__organisation__kind=OrganisationKind.POSTAL_DEPARTMENT,
    ).distinct()


def _item_link(item: ContentItem) -> str:
    return reverse("content:item", args=[item.pk])


@actor_required
@transaction.atomic
def content_submit(*, actor: Actor, item: ContentItem) -> Review:
    """Send the current revision to the Postal Department; opens the item's one review."""
    item = ContentItem.objects.select_for_update().get(pk=item.pk)
    require_edit_item(actor, item)
    content_check(item=item)
    before = item.submit()
    route = routing.route_for(item)
    review = Review.objects.create(
        item=item,
        revision=item.current_revision,
        requested_by=actor_user(actor),
        step=1,
        route=route,
        approver_organisation=routing.step_organisation(
            route.first_step if route else ApproverKind.POSTAL_DEPARTMENT, item
        ),
    )
    audit_record(item=item, actor=actor, action=AuditAction.SUBMIT, before=before)
    _notify_approvers(item=item, review=review, actor=actor)
    return review


def _notify_approvers(*, item: ContentItem, review: Review, actor: Actor | None) -> None:
    """Tell the step's approvers (or their delegates) that an item waits for them."""
    approvers = routing.approvers_of(review.approver_organisation) or list(_approvers())
    notification_send(
        users=[u for u in approvers if u.pk != getattr(actor_user(actor), "pk", None)],
        verb="content_submitted",
        title=lambda: _("Nội dung chờ thẩm định: %(title)s") % {"title": item.title},
        body=lambda: (
            _("%(org)s gửi phiên bản %(n)s (%(channel)s) để thẩm định.")
            % {
                "org": display_name(item.organisation),
                "n": item.current_revision.number,
                "channel": item.get_channel_display(),
            }
        ),
        link=_item_link(item),
    )


@actor_required
@transaction.atomic
def content_withdraw(*, actor: Actor, item: ContentItem, comment: str = "") -> ContentItem:
    """The author's organisation takes the item back for good; an open review is closed with it."""
    item = ContentItem.objects.select_for_update().get(pk=item.pk)
    require_edit_item(actor, item)
    before = item.withdraw()
    _close_open_review(item=item, decision=Decision.WITHDRAWN, comment=comment)
    audit_record(item=item, actor=actor, action=AuditAction.WITHDRAW, before=before, comment=comment)
    return item


@actor_required
@transaction.atomic
def content_schedule(*, actor: Actor, item: ContentItem, planned_at: dt.datetime) -> ContentItem:
    """Fix when approved content goes out."""
    item = ContentItem.objects.select_for_update().get(pk=item.pk)
    require_edit_item(actor, item)
    planned_at_check(planned_at)
    before = item.schedule(planned_at)
    audit_record(item=item, actor=actor, action=AuditAction.SCHEDULE, before=before)
    return item


_DECISION_MOVES = {
    Decision.APPROVE: AuditAction.APPROVE,
    Decision.REQUEST_CHANGES: AuditAction.REQUEST_CHANGES,
    Decision.REJECT: AuditAction.REJECT,
}


@actor_required
@transaction.atomic
def review_decide(
    *, actor: Actor, item: ContentItem, decision: str, revision_number: int, comment: str = ""
) -> Review:
    """An approver of the Postal Department approves, returns or rejects the revision under review.

    `revision_number` is the revision the approver read: a decision on anything else is stale.
    """
    item = ContentItem.objects.select_for_update().get(pk=item.pk)
    require_decide(actor, item, review_open(item=item))
    comment = _decision_comment(decision, comment)
    review = _review_to_decide(item=item, revision_number=revision_number)
    review.close(decision=decision, reviewer=actor_user(actor), comment=comment)
    route = review.route
    if decision == Decision.APPROVE and route is not None and route.second_step and review.step == 1:
        _open_second_step(actor=actor, item=item, review=review, comment=comment)
        return review
    if decision == Decision.APPROVE:
        before = item.approve(review.revision)
    elif decision == Decision.REQUEST_CHANGES:
        before = item.request_changes()
    else:
        before = item.reject()
    audit_record(
        item=item,
        actor=actor,
        action=_DECISION_MOVES[decision],
        before=before,
        comment=comment,
        revision=review.revision,
    )
    notification_send(
        users=[item.author],
        verb=f"content_{decision}",
        title=lambda: (
            _("%(decision)s: %(title)s") % {"decision": Decision(decision).label, "title": item.title}
        ),
        body=comment,
        link=_item_link(item),
    )
    return review


def _decision_comment(decision: str, comment: str) -> str:
    """A known decision, with a comment when it returns or rejects; the comment comes back stripped."""
    if decision not in REVIEWER_DECISIONS:
        raise DomainError(
            _("Quyết định phải là một trong: %(o)s.") % {"o": ", ".join(REVIEWER_DECISIONS)}, field="decision"
        )
    comment = (comment or "").strip()
    if decision != Decision.APPROVE and not comment:
        raise DomainError(_("Cần ghi ý kiến khi yêu cầu sửa hoặc từ chối."), field="comment")
    return comment


def _review_to_decide(*, item: ContentItem, revision_number: int) -> Review:
    """The item's open review, which must be of the revision the approver read."""
    review = review_open(item=item)
    if review is None or item.status != ItemStatus.IN_REVIEW:
        raise Conflict(_("Nội dung này không có lượt thẩm định nào đang mở."), field="decision")
    if review.revision.number != revision_number:
        raise Conflict(
            _("Phiên bản %(seen)s đã cũ; đang thẩm định phiên bản %(open)s.")
            % {"seen": revision_number, "open": review.revision.number},
            field="revision",
        )
    return review


def _open_second_step(*, actor: Actor, item: ContentItem, review: Review, comment: str) -> Review:
    """The route asks for a second step: the item stays in review, now with the next approvers."""
    route = review.route
    second = Review.objects.create(
        item=item,
        revision=review.revision,
        requested_by=review.requested_by,
        step=2,
        route=route,
        approver_organisation=routing.step_organisation(route.second_step, item),
    )
    audit_record(item=item, actor=actor, action=AuditAction.APPROVE, before=item.status, comment=comment,
                 revision=review.revision)  # fmt: skip
    _notify_approvers(item=item, review=second, actor=actor)
    return second


@transaction.atomic
def content_expire_due(*, now: dt.datetime | None = None) -> int:
    """Expire every item still not approved when its planned publication time has passed."""
    now = now or timezone.now()
    due = ContentItem.objects.select_for_update().filter(
        status__in=list(AWAITING_APPROVAL), planned_at__lte=now
    )
    count = 0
    for item in due:
        before = item.expire()
        _close_open_review(item=item, decision=Decision.EXPIRED)
        audit_record(item=item, actor=EXPIRY_JOB, action=AuditAction.EXPIRE, before=before)
        notification_send(
            users=[item.author],
            verb="content_expired",
            title=lambda item=item: _("Quá hạn, chưa được duyệt: %(title)s") % {"title": item.title},
            body=lambda: _("Thời điểm đăng dự kiến đã qua; nội dung không thể đăng nữa."),
            link=_item_link(item),
        )
        count += 1
    return count


@transaction.atomic
def review_remind_expiring(*, now: dt.datetime | None = None) -> int:
    """Remind every approver, once a day, of items in review that expire within 48 hours if not decided.

    One notification (and so one email) per approver listing the items, keyed by day: a re-run that day
    notifies no one twice. Returns how many approvers were reminded.
    """
    now = now or timezone.now()
    items = list(review_expiring(now=now))
    if not items:
        return 0

    def lines() -> str:  # under each approver's language: the organisations' names in it too
        return "\n".join(
            _("%(title)s — %(org)s, đăng dự kiến %(at)s")
            % {
                "title": item.title,
                "org": display_name(item.organisation),
                "at": f"{timezone.localtime(item.planned_at):%H:%M %d/%m/%Y}",
            }
            for item in items
        )

    today = timezone.localdate(now)
    created = notification_send(
        users=list(_approvers()),
        verb="review_expiring",
        title=lambda: _("%(n)s nội dung sẽ quá hạn trong 48 giờ nếu chưa thẩm định") % {"n": len(items)},
        body=lines,
        link=reverse("content:queue") + "?due=48h",
        key=f"review-expiring:{today.isoformat()}",
    )
    return len(created)
