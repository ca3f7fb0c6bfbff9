"""Reads for content: lists within the caller's permissions, the review queue, overdue items, diffs, CSV."""

from __future__ import annotations

import datetime as dt
import difflib
import io
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import Actor, actor_required, can_approve
from campaigns.models import Campaign
from campaigns.picker import wave_label
from core.errors import DomainError, NotFound, PermissionDenied
from core.exports import csv_writer

from .diff import Diff, word_diff
from .models import (
    AWAITING_APPROVAL,
    PUBLISHABLE,
    REVIEWER_DECISIONS,
    AuditEntry,
    Comment,
    ContentItem,
    ItemStatus,
    Publication,
    Review,
    Revision,
)
from .permissions import require_read_item, require_take_part, visible_q


def wave_get(*, campaign_id: int, related: tuple[str, ...] = ()):
    """The wave an item or an article is linked to; a bad id is the caller's input error."""
    wave = Campaign.objects.select_related(*related).filter(pk=campaign_id).first()
    if wave is None:
        raise DomainError(_("Không có đợt truyền thông số %(id)s.") % {"id": campaign_id}, field="campaign")
    return wave


def approved_content() -> QuerySet[ContentItem]:
    """Items whose approved text may go out now (approved, scheduled or published); campaigns counts them."""
    return ContentItem.objects.filter(status__in=list(PUBLISHABLE))


def wave_has_approved_content() -> Exists:
    """For a Campaign queryset: does the row's wave have approved content? (registered with campaigns)"""
    return Exists(approved_content().filter(campaign=OuterRef("pk")))


@actor_required
def item_list(
    *,
    actor: Actor,
    status: str | None = None,
    channel: str | None = None,
    organisation: str | None = None,
    mine: bool = False,
) -> QuerySet[ContentItem]:
    """Items the actor may read, newest change first."""
    qs = ContentItem.objects.select_related("organisation", "author", "current_revision", "approved_revision")
    q = visible_q(actor)
    if q is not None:
        qs = qs.filter(q)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if organisation:
        qs = qs.filter(organisation__code=organisation)
    if mine:
        qs = (
            qs.filter(author=actor.user)
            if actor.user is not None
            else qs.filter(organisation_id__in=actor.roles)
        )
    return qs


@actor_required
def item_get(*, actor: Actor, item_id: int) -> ContentItem:
    """One item, 404 when there is none, 403 when the actor may not read it."""
    item = (
        ContentItem.objects.select_related("organisation", "author", "current_revision", "approved_revision")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise NotFound(_("Không có nội dung số %(id)s.") % {"id": item_id})
    require_read_item(actor, item)
    return item


@actor_required
def revision_list(*, actor: Actor, item: ContentItem) -> QuerySet[Revision]:
    require_read_item(actor, item)
    return item.revisions.order_by("number")


@actor_required
def revision_get(*, actor: Actor, item: ContentItem, number: int) -> Revision:
    revision = revision_list(actor=actor, item=item).filter(number=number).first()
    if revision is None:
        raise NotFound(_("Nội dung không có phiên bản %(n)s.") % {"n": number}, field="number")
    return revision


def review_open(*, item: ContentItem) -> Review | None:
    """The item's one open review (the database allows no second), with the revision under review."""
    return item.reviews.filter(decided_at__isnull=True).select_related("revision").first()


@actor_required
def review_list(*, actor: Actor, item: ContentItem) -> QuerySet[Review]:
    require_read_item(actor, item)
    return item.reviews.select_related("revision", "reviewer", "requested_by").order_by(
        "-requested_at", "-pk"
    )


@actor_required
def comment_list(*, actor: Actor, item: ContentItem) -> QuerySet[Comment]:
    """The discussion, oldest first; threads are rebuilt from `parent`."""
    require_read_item(actor, item)
    require_take_part(actor, item)
    return item.comments.select_related("revision", "author").order_by("created_at", "pk")


@dataclass
class CommentThread:
    comment: Comment
    replies: list[CommentThread]


@actor_required
def comment_threads(*, actor: Actor, item: ContentItem) -> list[CommentThread]:
    nodes = {c.pk: CommentThread(c, []) for c in comment_list(actor=actor, item=item)}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id)
        (parent.replies if parent else roots).append(node)
    return roots


@actor_required
def audit_list(*, actor: Actor, item: ContentItem) -> QuerySet[AuditEntry]:
    require_read_item(actor, item)
    return item.audit.select_related("revision").order_by("at", "pk")


AUDIT_CSV_HEADER = ["item", "at", "actor", "action", "from_status", "to_status", "revision", "comment"]


@actor_required
def audit_csv(*, actor: Actor, item: ContentItem) -> str:
    """The item's audit log as CSV (times in UTC, ISO 8601)."""
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(AUDIT_CSV_HEADER)
    for entry in audit_list(actor=actor, item=item):
        writer.writerow(
            [
                item.pk,
                entry.at.astimezone(dt.UTC).isoformat(),
                entry.actor_label,
                entry.action,
                entry.from_status,
                entry.to_status,
                entry.revision.number if entry.revision_id else "",
                entry.comment,
            ]
        )
    return out.getvalue()


@actor_required
def publication_list(*, actor: Actor, item: ContentItem) -> QuerySet[Publication]:
    require_read_item(actor, item)
    return item.publications.select_related("revision").order_by("-published_at")


def revision_diff(*, item: ContentItem, against: Revision | None = None) -> list[str]:
    """Unified diff lines of the current revision against the last approved one (or `against`)."""
    base = against or item.approved_revision
    current = item.current_revision
    if base is None or current is None or base.pk == current.pk:
        return []

    def lines(rev: Revision) -> list[str]:
        head = [
            f"# {rev.title}",
            f"@ {rev.outlet} {rev.airtime}".rstrip(),
            *[f"↗ {m}" for m in rev.media_links],
        ]
        return [*head, "", *rev.body.splitlines()]

    return list(
        difflib.unified_diff(
            lines(base), lines(current), f"v{base.number}", f"v{current.number}", lineterm="", n=2
        )
    )


class Against:
    """What a reviewer compares the current revision with."""

    REVIEWED = "reviewed"  # the revision last decided on (e.g. the one sent back with "Yêu cầu sửa")
    APPROVED = "approved"  # the last approved revision (what is published or sent today)
    CHOICES = (REVIEWED, APPROVED)


def revision_last_reviewed(*, item: ContentItem) -> Revision | None:
    """The last revision a reviewer decided on other than the current one (None when there is none)."""
    review = (
        item.reviews.filter(decided_at__isnull=False, decision__in=list(REVIEWER_DECISIONS))
        .exclude(revision_id=item.current_revision_id)
        .select_related("revision")
        .order_by("-decided_at", "-pk")
        .first()
    )
    return review.revision if review else None


def revision_compare_choices(*, item: ContentItem) -> dict[str, Revision]:
    """What the current revision can be compared with, in the order offered (the reviewed one first, the
    default): {"reviewed": revision, "approved": revision}, each only when it exists and is not the
    current revision itself."""
    choices = {}
    reviewed = revision_last_reviewed(item=item)
    if reviewed is not None:
        choices[Against.REVIEWED] = reviewed
    if item.approved_revision_id and item.approved_revision_id != item.current_revision_id:
        choices[Against.APPROVED] = item.approved_revision
    return choices


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    diff: Diff


@dataclass(frozen=True)
class RevisionComparison:
    against: str
    base: Revision
    current: Revision
    fields: list[FieldDiff]

    @property
    def changed(self) -> list[FieldDiff]:
        return [f for f in self.fields if f.diff.changed]


def _comparable(revision: Revision) -> dict[str, str]:
    return {
        "title": revision.title,
        "outlet": revision.outlet,
        "airtime": revision.airtime,
        "media_links": "\n".join(revision.media_links),
        "body": revision.body,
    }


@actor_required
def revision_compare(
    *, actor: Actor, item: ContentItem, against: str | None = None
) -> RevisionComparison | None:
    """The word diff of the current revision against the last reviewed one or the last approved one.

    `against` None picks the reviewed revision when there is one (what a reviewer read last), else the
    approved one. None when there is nothing to compare with.
    """
    require_read_item(actor, item)
    if against is not None and against not in Against.CHOICES:
        raise DomainError(
            _("So sánh với '%(a)s' không hợp lệ; chọn một trong: %(o)s.")
            % {"a": against, "o": ", ".join(Against.CHOICES)},
            field="against",
        )
    current = item.current_revision
    reviewed = revision_last_reviewed(item=item) if against in (None, Against.REVIEWED) else None
    approved = item.approved_revision if against in (None, Against.APPROVED) else None
    if against is None:
        against = Against.REVIEWED if reviewed else Against.APPROVED
    base = reviewed if against == Against.REVIEWED else approved
    if base is None or current is None or base.pk == current.pk:
        return None
    old, new = _comparable(base), _comparable(current)
    fields = [
        FieldDiff(name, str(Revision._meta.get_field(name).verbose_name), word_diff(old[name], new[name]))
        for name in old
    ]
    return RevisionComparison(against=against, base=base, current=current, fields=fields)


QUEUE_DUE = ("overdue", "48h")  # the queue's deadline filters: past the planned time, or within 48 hours


def _by_due(qs: QuerySet[ContentItem], due: str | None) -> QuerySet[ContentItem]:
    if due not in (None, "", *QUEUE_DUE):
        raise DomainError(
            _("Hạn '%(d)s' không hợp lệ; chọn một trong: %(o)s.") % {"d": due, "o": ", ".join(QUEUE_DUE)},
            field="due",
        )
    now = timezone.now()
    if due == "48h":
        return qs.filter(planned_at__gt=now, planned_at__lte=now + EXPIRY_WARNING)
    if due == "overdue":
        return qs.filter(planned_at__lte=now)
    return qs


@actor_required
def review_queue(
    *,
    actor: Actor,
    channel: str | None = None,
    province: str | None = None,
    organisation: str | None = None,
    wave: int | None = None,
    min_age_days: int | None = None,
    expiring: bool = False,
    due: str | None = None,
) -> QuerySet[ContentItem]:
    """Items waiting for a decision, most urgent first: earliest planned time, then the earliest
    preparation deadline of their wave, then longest waiting. `due` "overdue" keeps those already past
    their planned time, "48h" (or `expiring`) those whose planned time comes within 48 hours.

    Only approvers of the Postal Department have a queue.
    """
    from .routing import deciding_organisations, is_department_admin

    qs = ContentItem.objects.filter(status=ItemStatus.IN_REVIEW).select_related(
        "organisation__province", "current_revision", "author", "campaign"
    )
    if not is_department_admin(actor):
        # Each approver's queue holds the open reviews its route sends to its organisations.
        mine = deciding_organisations(actor)
        if not mine and not can_approve(actor):
            raise PermissionDenied(_("Bạn không có hàng chờ thẩm định."))
        routed = Q(approver_organisation_id__in=mine)
        if can_approve(actor):
            routed |= Q(approver_organisation__isnull=True)
        open_reviews = Review.objects.filter(routed, decided_at__isnull=True).values("item_id")
        qs = qs.filter(pk__in=open_reviews)
    if channel:
        qs = qs.filter(channel=channel)
    if province:
        # The owner's province (a DIC) or the wave's province, on the 2022 map or as a 2025 unit.
        qs = qs.filter(
            Q(organisation__province__code=province)
            | Q(campaign__province__code=province)
            | Q(organisation__province__successor__code=province)
            | Q(campaign__province__successor__code=province)
        )
    if wave:
        qs = qs.filter(campaign_id=wave)
    if organisation:
        qs = qs.filter(organisation__code=organisation)
    if min_age_days:
        qs = qs.filter(submitted_at__lte=timezone.now() - dt.timedelta(days=min_age_days))
    return _by_due(qs, "48h" if expiring else due).order_by(
        F("planned_at").asc(nulls_last=True),
        F("campaign__prep_due").asc(nulls_last=True),
        "submitted_at",
        "pk",
    )


def review_queue_counts(*, queue: QuerySet[ContentItem]) -> dict:
    """How many are waiting, per channel, and how many are already past their planned time."""
    now = timezone.now()
    by_channel = dict(queue.order_by().values_list("channel").annotate(n=Count("pk")))
    return {
        "total": queue.count(),
        "overdue": queue.filter(planned_at__lte=now).count(),
        "due_within_7_days": queue.filter(
            planned_at__gt=now, planned_at__lte=now + dt.timedelta(days=7)
        ).count(),
        "expiring_within_48h": queue.filter(planned_at__gt=now, planned_at__lte=now + EXPIRY_WARNING).count(),
        "by_channel": by_channel,
    }


@actor_required
def review_queue_facets(*, actor: Actor) -> dict:
    """What the queue's filters offer: the provinces and waves of the items waiting now (by name)."""
    waiting = review_queue(actor=actor).order_by()
    provinces: dict[str, str] = {}
    for org_code, org_name, wave_code, wave_name in waiting.values_list(
        "organisation__province__code",
        "organisation__province__name",
        "campaign__province__code",
        "campaign__province__name",
    ).distinct():
        for code, name in ((org_code, org_name), (wave_code, wave_name)):
            if code:
                provinces[code] = name
    waves = Campaign.objects.filter(pk__in=waiting.values("campaign_id")).select_related(
        "product", "province"
    )
    return {
        "provinces": sorted(provinces.items(), key=lambda p: p[1]),
        # Labelled as the wave picker labels them (title · product · province · dates), by label.
        "waves": sorted(((w.pk, wave_label(w)) for w in waves), key=lambda w: w[1]),
    }


EXPIRY_WARNING = dt.timedelta(hours=48)


def review_expiring(*, now: dt.datetime, within: dt.timedelta = EXPIRY_WARNING) -> QuerySet[ContentItem]:
    """Items in review whose planned publication time comes within `within`: they expire if not decided."""
    return (
        ContentItem.objects.filter(
            status=ItemStatus.IN_REVIEW, planned_at__gt=now, planned_at__lte=now + within
        )
        .select_related("organisation")
        .order_by("planned_at", "pk")
    )


@actor_required
def overdue_list(*, actor: Actor, now: dt.datetime | None = None) -> QuerySet[ContentItem]:
    """Expired items, and items past their planned time still not approved (not yet swept by the job)."""
    now = now or timezone.now()
    qs = item_list(actor=actor)
    late = qs.filter(status__in=list(AWAITING_APPROVAL), planned_at__lte=now)
    return (qs.filter(status=ItemStatus.EXPIRED) | late).order_by("planned_at", "pk")
