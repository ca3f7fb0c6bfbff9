"""One SMS send (Blast) and its outbox (Message): the database is the source of truth, Redis carries work."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict


class BlastCategory(models.TextChoices):
    ADVERTISING = "advertising", _("Quảng cáo")
    PUBLIC_SERVICE = "public_service", _("Công ích")


class BlastStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SCHEDULED = "scheduled", _("Đã lên lịch")
    RUNNING = "running", _("Đang gửi")
    PAUSED = "paused", _("Tạm dừng")
    COMPLETED = "completed", _("Hoàn tất")
    CANCELLED = "cancelled", _("Đã huỷ")
    EXPIRED = "expired", _("Hết hạn")
    FAILED = "failed", _("Lỗi")


FINAL_BLAST_STATUSES = {BlastStatus.COMPLETED, BlastStatus.CANCELLED, BlastStatus.EXPIRED, BlastStatus.FAILED}


class Blast(models.Model):
    """An approved SMS revision (frozen) sent to an audience, from one sender, within a time window."""

    name = models.CharField(_("tên"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("tổ chức gửi"),
        on_delete=models.PROTECT,
        related_name="blasts",
    )
    content_item = models.ForeignKey(
        "content.ContentItem", verbose_name=_("nội dung"), on_delete=models.PROTECT, related_name="blasts"
    )
    # The revision approved when the blast was created: later edits of the item never change what is sent.
    revision = models.ForeignKey(
        "content.Revision", verbose_name=_("bản đã duyệt"), on_delete=models.PROTECT, related_name="+"
    )
    audience = models.ForeignKey(
        "dispatch.Audience",
        verbose_name=_("nhóm người nhận"),
        on_delete=models.PROTECT,
        related_name="blasts",
    )
    category = models.CharField(_("loại tin"), max_length=20, choices=BlastCategory.choices)
    sender = models.CharField(_("tên định danh / Messaging Service"), max_length=64)
    unaccented = models.BooleanField(_("gửi không dấu"), default=False)
    scheduled_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("không gửi sau"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=BlastStatus.choices, default="draft")
    status_reason = models.CharField(_("lý do trạng thái"), max_length=300, blank=True)
    # Bumped at each resume/recovery so the batch jobs it enqueues get fresh deterministic ids.
    round = models.PositiveIntegerField(_("lượt"), default=0)
    fanned_out = models.BooleanField(_("đã tạo hàng đợi tin"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("chạy lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt gửi SMS")
        verbose_name_plural = _("đợt gửi SMS")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"], name="blast_status")]

    def __str__(self):
        return f"#{self.pk} {self.name}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_BLAST_STATUSES

    def _move(self, to: str, allowed: set[str], reason: str = "", *extra: str) -> None:
        if self.status not in allowed:
            raise Conflict(
                f"Không thể chuyển đợt gửi từ '{self.get_status_display()}' sang '{BlastStatus(to).label}'."
            )
        self.status = to
        self.status_reason = reason[:300]
        fields = ["status", "status_reason", *extra]
        if to in FINAL_BLAST_STATUSES:
            self.finished_at = timezone.now()
            fields.append("finished_at")
        self.save(update_fields=fields)

    def schedule(self) -> None:
        self._move(BlastStatus.SCHEDULED, {BlastStatus.DRAFT})

    def run(self) -> None:
        """Draft or scheduled -> running (the fan-out follows)."""
        self.started_at = self.started_at or timezone.now()
        self._move(BlastStatus.RUNNING, {BlastStatus.DRAFT, BlastStatus.SCHEDULED}, "", "started_at")

    def pause(self, reason: str = "") -> None:
        self._move(BlastStatus.PAUSED, {BlastStatus.RUNNING}, reason)

    def resume(self) -> None:
        self.round += 1
        self._move(BlastStatus.RUNNING, {BlastStatus.PAUSED}, "", "round")

    def cancel(self, reason: str = "") -> None:
        allowed = {BlastStatus.DRAFT, BlastStatus.SCHEDULED, BlastStatus.RUNNING, BlastStatus.PAUSED}
        self._move(BlastStatus.CANCELLED, allowed, reason)

    def complete(self) -> None:
        self._move(BlastStatus.COMPLETED, {BlastStatus.RUNNING})

    def expire(self) -> None:
        allowed = {BlastStatus.SCHEDULED, BlastStatus.RUNNING, BlastStatus.PAUSED}
        self._move(BlastStatus.EXPIRED, allowed, "Đã quá thời hạn gửi.")

    def fail(self, reason: str) -> None:
        self._move(BlastStatus.FAILED, {BlastStatus.RUNNING, BlastStatus.SCHEDULED}, reason)


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    DEFERRED = "deferred", _("Hoãn")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    DELIVERED = "delivered", _("Đã nhận")
    UNDELIVERED = "undelivered", _("Không đến máy")
    FAILED = "failed", _("Lỗi")
    SKIPPED = "skipped", _("Bỏ qua")


# A blast is finished when none of its messages is in one of these.
ACTIVE_MESSAGE_STATUSES = (MessageStatus.PENDING, MessageStatus.DEFERRED, MessageStatus.SENDING)

# Callbacks move a message forward only: a late "sent" never overwrites "delivered".
STATUS_RANK = {
    MessageStatus.PENDING: 0,
    MessageStatus.DEFERRED: 0,
    MessageStatus.SENDING: 1,
    MessageStatus.SENT: 2,
    MessageStatus.FAILED: 3,
    MessageStatus.UNDELIVERED: 3,
    MessageStatus.DELIVERED: 4,
    MessageStatus.SKIPPED: 5,
}


class Message(models.Model):
    """One outbox row: one blast to one contact. Unique, so a repeated fan-out adds nothing."""

    # Every send rewrites its row twice (claim, result) and each rewrite adds an entry to every index, so the
    # table has no index the queries do not use: blast_id is the first column of three indexes below.
    blast = models.ForeignKey(
        Blast,
        verbose_name=_("đợt gửi"),
        on_delete=models.CASCADE,
        related_name="messages",
        db_index=False,
    )
    contact = models.ForeignKey(
        "dispatch.Contact", verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="messages"
    )
    phone = models.CharField(_("số điện thoại"), max_length=16)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=MessageStatus.choices, default="pending"
    )
    reason = models.CharField(_("lý do"), max_length=32, blank=True)
    text = models.TextField(_("nội dung đã gửi"), blank=True)
    encoding = models.CharField(_("mã hoá"), max_length=8, blank=True)
    parts = models.PositiveSmallIntegerField(_("số phần"), default=0)
    provider_id = models.CharField(_("mã nhà cung cấp"), max_length=64, blank=True)
    error_code = models.CharField(_("mã lỗi"), max_length=16, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), default=timezone.now)
    defer_until = models.DateTimeField(_("hoãn đến"), null=True, blank=True)
    # The lease of the batch that claimed the row; a row whose lease ran out is returned by the reaper.
    lease_owner = models.CharField(_("lô đang giữ"), max_length=40, blank=True)
    lease_until = models.DateTimeField(_("giữ đến"), null=True, blank=True)
    # Returned by the reaper from "sending": the provider may have it; look it up before sending again.
    in_doubt = models.BooleanField(_("chưa rõ đã gửi"), default=False)
    claimed_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("tin nhắn")
        verbose_name_plural = _("tin nhắn")
        ordering = ["blast", "id"]
        constraints = [models.UniqueConstraint(fields=["blast", "contact"], name="message_unique_per_blast")]
        indexes = [
            # Claiming: the next due pending rows of a blast, in the claim's order (next_attempt_at, id).
            # Without the id, rows due at the same moment (a whole fan-out) were sorted in full at each claim.
            models.Index(
                fields=["blast", "next_attempt_at", "id"],
                name="message_claimable",
                condition=Q(status="pending"),
            ),
            models.Index(fields=["blast", "status"], name="message_blast_status"),
            models.Index(fields=["lease_until"], name="message_leased", condition=Q(status="sending")),
            models.Index(fields=["defer_until"], name="message_deferred", condition=Q(status="deferred")),
            # The 3-per-24h history of a number.
            models.Index(fields=["phone", "sent_at"], name="message_phone_sent"),
            # Status callbacks by MessageSid (equality only: no LIKE index beside it).
            models.Index(fields=["provider_id"], name="message_provider"),
        ]

    def __str__(self):
        return f"{self.phone} ({self.get_status_display()})"

    def advance(self, status: str, *, error_code: str = "") -> bool:
        """Move to a provider-reported status if it is further along; False when it is not (nothing saved)."""
        if status not in STATUS_RANK or STATUS_RANK[status] <= STATUS_RANK[MessageStatus(self.status)]:
            return False
        if self.status in (MessageStatus.SKIPPED, MessageStatus.DELIVERED):
            return False
        self.status = status
        self.error_code = error_code or self.error_code
        self.updated_at = timezone.now()
        self.save(update_fields=["status", "error_code", "updated_at"])
        return True
