"""Who sees and who changes which content item.

Approvers and other national members (Postal Department, working group) see every item; a DIC sees its
province's items (those of DICs in its province and those linked to its province's waves) and national
items (those of the Postal Department and the working group); agencies and postal firms see their own
organisation's. Only an organisation's editors change its items.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind, Role
from accounts.permissions import (
    NATIONAL_KINDS,
    Actor,
    can_act_in_province,
    can_approve,
    province_in_scope,
    require_org_role,
)
from campaigns.models import Campaign
from core.errors import PermissionDenied
from core.formatting import display_name

from .models import ContentItem, Feed, FeedEntry


def editable_organisations(actor: Actor) -> list:
    """The organisations the actor may author content for (editor or higher)."""
    return [org for org in actor.organisations.values() if actor.has_role(org, Role.EDITOR)]


def dic_province_ids(actor: Actor) -> list[int]:
    """The provinces of the DICs the actor belongs to: what a DIC member sees beyond their own org."""
    return [
        org.province_id
        for org in actor.organisations.values()
        if org.kind == OrganisationKind.DIC and org.province_id is not None
    ]


def visible_q(actor: Actor) -> Q | None:
    """A filter for the items the actor may read; None means every item."""
    if actor.is_national() or can_approve(actor):
        return None
    q = Q(organisation_id__in=list(actor.roles))
    dic_provinces = dic_province_ids(actor)
    if dic_provinces:
        q |= Q(organisation__kind__in=list(NATIONAL_KINDS))
        q |= Q(organisation__province_id__in=dic_provinces)
        q |= Q(organisation__province__successor_id__in=dic_provinces)
        # Content for a wave in the DIC's province, whoever wrote it (a postal firm's article on its lychee).
        q |= Q(campaign__province_id__in=dic_provinces)
        q |= Q(campaign__province__successor_id__in=dic_provinces)
    return q


def can_read_item(actor: Actor, item: ContentItem) -> bool:
    q = visible_q(actor)
    return q is None or ContentItem.objects.filter(q, pk=item.pk).exists()


def require_read_item(actor: Actor, item: ContentItem) -> None:
    if not can_read_item(actor, item):
        raise PermissionDenied(_("Bạn không được xem nội dung này."))


def require_edit_item(actor: Actor, item: ContentItem) -> None:
    """Only editors (or higher) of the owning organisation change an item."""
    require_org_role(actor, item.organisation, Role.EDITOR)


def can_take_part(actor: Actor, item: ContentItem) -> bool:
    """Comment and see the discussion: the owning organisation's editors and the approvers."""
    return actor.has_role(item.organisation, Role.EDITOR) or can_approve(actor)


def require_take_part(actor: Actor, item: ContentItem) -> None:
    if not can_take_part(actor, item):
        raise PermissionDenied(
            _("Chỉ biên tập viên của tổ chức sở hữu và người phê duyệt mới bình luận được.")
        )


def can_record_publication(actor: Actor, item: ContentItem) -> bool:
    return actor.has_role(item.organisation, Role.EDITOR) or actor.is_national(Role.EDITOR)


def is_own_item(actor: Actor, item: ContentItem) -> bool:
    """The author of the item, or of its current revision, is not allowed to decide on it."""
    user_id = getattr(actor.user, "pk", None)
    if user_id is None:
        return False
    revision_author = item.current_revision.author_id if item.current_revision_id else None
    return user_id in (item.author_id, revision_author)


def require_decide(actor: Actor, item: ContentItem, review=None) -> None:
    """The approvers the review's route names (or their delegates), or the Postal Department's admins."""
    from .routing import can_decide_review  # routing reads models only; kept apart to stay small

    allowed = can_decide_review(actor, review) if review is not None else can_approve(actor)
    if not allowed:
        raise PermissionDenied(_("Bạn không phải người phê duyệt theo tuyến của nội dung này."))
    if is_own_item(actor, item):
        raise PermissionDenied(_("Không ai được tự thẩm định nội dung của chính mình."))


# News feeds --------------------------------------------------------------------------------------------


def can_manage_feed(actor: Actor, feed: Feed) -> bool:
    if actor.is_national(Role.EDITOR):
        return True
    return feed.organisation_id is not None and actor.has_role(feed.organisation, Role.EDITOR)


def require_manage_feed(actor: Actor, feed: Feed) -> None:
    if not can_manage_feed(actor, feed):
        raise PermissionDenied(_("Bạn không quản lý nguồn tin này."))


def require_count_for_wave(actor: Actor, wave) -> None:
    """Counting an article for a wave: national editors anywhere, a DIC's editors in their province."""
    if actor.is_national(Role.EDITOR):
        return
    if wave.province_id is None or not can_act_in_province(actor, wave.province, Role.EDITOR):
        raise PermissionDenied(_("Bạn không được ghi nhận bài cho đợt '%(t)s'.") % {"t": wave.title})


def require_wave_for_item(organisation, wave) -> None:
    """An item may count for a wave in its organisation's reach: national organisations, postal firms and
    agencies (which work across the country) any wave; a DIC national waves and its own province's."""
    if organisation.kind != OrganisationKind.DIC or wave.province_id is None:
        return
    if not province_in_scope(organisation, wave.province):
        raise PermissionDenied(
            _("Đợt '%(t)s' nằm ngoài tỉnh/thành của %(org)s.")
            % {"t": wave.title, "org": display_name(organisation)},
            field="campaign",
        )


def require_dismiss_entry(actor: Actor, entry: FeedEntry) -> None:
    """Dismissing an article: who manages its feed, or an editor in the province of a suggested wave."""
    if actor.is_national(Role.EDITOR) or can_manage_feed(actor, entry.feed):
        return
    waves = Campaign.objects.filter(pk__in=[c["campaign"] for c in entry.candidates])
    if not any(w.province_id and can_act_in_province(actor, w.province, Role.EDITOR) for w in waves):
        raise PermissionDenied(_("Bạn không được xử lý bài này."))
