"""Content items, their numbered revisions, reviews by the Postal Department, comments, audit.

An item's text lives in its revisions; the item points at the current one and at the last approved one,
which stays frozen (it is what gets published or sent) while newer revisions wait for approval.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Audience
from core.channels import ItemChannel
from core.errors import Conflict

# An item's channel: the one list, with the wave groups it serves, is core.channels.
Channel = ItemChannel


class Language(models.TextChoices):
    VI = "vi", _("Tiếng Việt")
    EN = "en", _("Tiếng Anh")


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    IN_REVIEW = "in_review", _("Đang thẩm định")
    CHANGES_REQUESTED = "changes_requested", _("Yêu cầu sửa")
    APPROVED = "approved", _("Đã phê duyệt")
    SCHEDULED = "scheduled", _("Đã lên lịch")
    PUBLISHED = "published", _("Đã đăng")
    REJECTED = "rejected", _("Từ chối")
    WITHDRAWN = "withdrawn", _("Đã rút")
    EXPIRED = "expired", _("Quá hạn")


# The author may change the text in these states; in review the text is frozen until a decision.
EDITABLE = {
    ItemStatus.DRAFT,
    ItemStatus.CHANGES_REQUESTED,
    ItemStatus.APPROVED,
    ItemStatus.SCHEDULED,
    ItemStatus.PUBLISHED,
}
# Not yet approved: these expire when the planned publication time passes.
AWAITING_APPROVAL = {ItemStatus.DRAFT, ItemStatus.IN_REVIEW, ItemStatus.CHANGES_REQUESTED}
PUBLISHABLE = {ItemStatus.APPROVED, ItemStatus.SCHEDULED, ItemStatus.PUBLISHED}
CLOSED = {ItemStatus.REJECTED, ItemStatus.WITHDRAWN, ItemStatus.EXPIRED}


class ContentTheme(models.Model):
    """A theme of the plan's communications (e.g. "Người Việt dùng hàng Việt"); a theme's target counts
    only the items that carry it."""

    code = models.SlugField(_("mã"), max_length=48, unique=True)
    name = models.CharField(_("tên chủ đề"), max_length=200)
    lead = models.CharField(_("đơn vị chủ trì"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("chủ đề nội dung")
        verbose_name_plural = _("chủ đề nội dung")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ContentItem(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="content"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tác giả"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="content_items",
    )
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    audience = models.CharField(_("đối tượng"), max_length=20, choices=Audience.choices)
    language = models.CharField(_("ngôn ngữ"), max_length=2, choices=Language.choices, default=Language.VI)
    # content sits above campaigns in the layers (docs/architecture.md "Layers"): it may link to waves.
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("đợt truyền thông"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="content_items",
    )
    theme = models.ForeignKey(
        ContentTheme,
        verbose_name=_("chủ đề"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    outlet = models.CharField(_("cơ quan đăng phát"), max_length=200, blank=True)
    planned_at = models.DateTimeField(_("thời điểm đăng dự kiến"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    current_revision = models.ForeignKey(
        "Revision",
        verbose_name=_("phiên bản hiện tại"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_revision = models.ForeignKey(
        "Revision",
        verbose_name=_("phiên bản đã duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    submitted_at = models.DateTimeField(_("gửi duyệt lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nội dung")
        verbose_name_plural = _("nội dung")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["status", "planned_at"], name="content_status_planned")]

    def __str__(self):
        return self.title

    def _move(self, to: str, allowed: set[str], *fields: str) -> str:
        """Check the current status and save the new one (with any other changed fields)."""
        if self.status not in allowed:
            raise Conflict(
                _("Không thể chuyển nội dung từ '%(from)s' sang '%(to)s'.")
                % {"from": self.get_status_display(), "to": ItemStatus(to).label},
                field="status",
            )
        before = self.status
        self.status = to
        self.save(update_fields=["status", "updated_at", *fields])
        return before

    def submit(self) -> str:
        self.submitted_at = timezone.now()
        return self._move(
            ItemStatus.IN_REVIEW, {ItemStatus.DRAFT, ItemStatus.CHANGES_REQUESTED}, "submitted_at"
        )

    def approve(self, revision: "Revision") -> str:
        self.approved_revision = revision
        return self._move(ItemStatus.APPROVED, {ItemStatus.IN_REVIEW}, "approved_revision")

    def request_changes(self) -> str:
        return self._move(ItemStatus.CHANGES_REQUESTED, {ItemStatus.IN_REVIEW})

    def reject(self) -> str:
        return self._move(ItemStatus.REJECTED, {ItemStatus.IN_REVIEW})

    def withdraw(self) -> str:
        return self._move(
            ItemStatus.WITHDRAWN, AWAITING_APPROVAL | {ItemStatus.APPROVED, ItemStatus.SCHEDULED}
        )

    def schedule(self, planned_at) -> str:
        self.planned_at = planned_at
        return self._move(ItemStatus.SCHEDULED, {ItemStatus.APPROVED, ItemStatus.SCHEDULED}, "planned_at")

    def mark_published(self) -> str:
        return self._move(ItemStatus.PUBLISHED, PUBLISHABLE)

    def expire(self) -> str:
        return self._move(ItemStatus.EXPIRED, AWAITING_APPROVAL)

    def reopen(self) -> str:
        """A new revision of approved text goes back to draft; the approved revision stays as it was."""
        return self._move(ItemStatus.DRAFT, PUBLISHABLE)


class Revision(models.Model):
    """One numbered, immutable state of an item's text and channel-specific fields."""

    item = models.ForeignKey(
        ContentItem, verbose_name=_("nội dung"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("số phiên bản"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    outlet = models.CharField(_("cơ quan đăng phát"), max_length=200, blank=True)
    airtime = models.CharField(_("khung giờ phát sóng"), max_length=100, blank=True)
    media_links = models.JSONField(_("liên kết tư liệu"), default=list, blank=True)
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_label = models.CharField(_("người sửa (nhãn)"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản")
        verbose_name_plural = _("phiên bản")
        ordering = ["item", "number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="revision_unique_number")]

    def __str__(self):
        return f"{self.item_id} v{self.number}"

    FIELDS = ("title", "body", "outlet", "airtime", "media_links")

    @staticmethod
    def hash_of(fields: dict) -> str:
        """SHA-256 over the versioned fields, so a save that changes nothing is recognised."""
        canonical = json.dumps(
            {k: fields.get(k) for k in Revision.FIELDS}, sort_keys=True, ensure_ascii=False
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    def fields(self) -> dict:
        return {k: getattr(self, k) for k in self.FIELDS}


class Decision(models.TextChoices):
    APPROVE = "approve", _("Phê duyệt")
    REQUEST_CHANGES = "request_changes", _("Yêu cầu sửa")
    REJECT = "reject", _("Từ chối")
    # Closings without a reviewer's decision, so that no review stays open on a closed item.
    WITHDRAWN = "withdrawn", _("Tác giả rút")
    EXPIRED = "expired", _("Quá hạn")


REVIEWER_DECISIONS = (Decision.APPROVE, Decision.REQUEST_CHANGES, Decision.REJECT)


class Review(models.Model):
    """A request for appraisal of one revision; open until decided (decided_at set)."""

    item = models.ForeignKey(
        ContentItem, verbose_name=_("nội dung"), on_delete=models.CASCADE, related_name="reviews"
    )
    revision = models.ForeignKey(
        Revision, verbose_name=_("phiên bản"), on_delete=models.PROTECT, related_name="reviews"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi duyệt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("gửi duyệt lúc"), default=timezone.now)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="content_reviews",
    )
    step = models.PositiveSmallIntegerField(_("bước"), default=1)
    approver_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("tổ chức phê duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Theo tuyến phê duyệt; trống là Vụ Bưu chính."),
    )
    route = models.ForeignKey(
        "content.ApprovalRoute",
        verbose_name=_("tuyến phê duyệt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.CharField(_("quyết định"), max_length=20, choices=Decision.choices, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt thẩm định")
        verbose_name_plural = _("lượt thẩm định")
        ordering = ["item", "-requested_at"]
        constraints = [
            # At most one open review per item, whatever the code above does.
            models.UniqueConstraint(
                fields=["item"], condition=Q(decided_at__isnull=True), name="review_one_open_per_item"
            ),
            # Returning or rejecting needs a reason the author can act on.
            models.CheckConstraint(
                condition=~Q(decision__in=[Decision.REQUEST_CHANGES, Decision.REJECT]) | ~Q(comment=""),
                name="review_comment_unless_approving",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True, decision="")
                | (Q(decided_at__isnull=False) & ~Q(decision="")),
                name="review_decided_has_decision",
            ),
        ]

    def __str__(self):
        return f"{self.item_id} v{self.revision.number}: {self.decision or 'open'}"

    @property
    def is_open(self) -> bool:
        return self.decided_at is None

    def close(self, *, decision: str, reviewer=None, comment: str = "") -> None:
        if not self.is_open:
            raise Conflict(_("Lượt thẩm định này đã có quyết định."), field="decision")
        self.decision = decision
        self.reviewer = reviewer
        self.comment = comment
        self.decided_at = timezone.now()
        self.save(update_fields=["decision", "reviewer", "comment", "decided_at"])


class Comment(models.Model):
    """A threaded remark on an item, optionally on one revision; resolvable."""

    item = models.ForeignKey(
        ContentItem, verbose_name=_("nội dung"), on_delete=models.CASCADE, related_name="comments"
    )
    revision = models.ForeignKey(
        Revision,
        verbose_name=_("phiên bản"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trả lời cho"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_label = models.CharField(_("người viết (nhãn)"), max_length=150, blank=True)
    body = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("viết lúc"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("đã xử lý lúc"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh dấu đã xử lý"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        ordering = ["item", "created_at", "pk"]

    def __str__(self):
        return f"{self.author_label}: {self.body[:40]}"

    def resolve(self, user) -> None:
        if self.resolved_at is not None:
            raise Conflict(_("Bình luận đã được đánh dấu xử lý."), field="comment")
        self.resolved_at = timezone.now()
        self.resolved_by = user
        self.save(update_fields=["resolved_at", "resolved_by"])


class AuditAction(models.TextChoices):
    CREATE = "create", _("Tạo")
    SUBMIT = "submit", _("Gửi duyệt")
    APPROVE = "approve", _("Phê duyệt")
    REQUEST_CHANGES = "request_changes", _("Yêu cầu sửa")
    REJECT = "reject", _("Từ chối")
    WITHDRAW = "withdraw", _("Rút")
    REOPEN = "reopen", _("Sửa sau phê duyệt")
    SCHEDULE = "schedule", _("Lên lịch")
    PUBLISH = "publish", _("Đăng")
    EXPIRE = "expire", _("Quá hạn")


class AuditEntry(models.Model):
    """One transition of an item: who, when, from, to, on which revision, with what comment."""

    item = models.ForeignKey(
        ContentItem, verbose_name=_("nội dung"), on_delete=models.CASCADE, related_name="audit"
    )
    action = models.CharField(_("hành động"), max_length=20, choices=AuditAction.choices)
    from_status = models.CharField(_("từ trạng thái"), max_length=20, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, choices=ItemStatus.choices)
    revision = models.ForeignKey(
        Revision, verbose_name=_("phiên bản"), on_delete=models.SET_NULL, null=True, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("người thực hiện (nhãn)"), max_length=150)
    comment = models.TextField(_("ghi chú"), blank=True)
    at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["item", "at", "pk"]

    def __str__(self):
        return f"{self.item_id}: {self.from_status or '-'} → {self.to_status}"
