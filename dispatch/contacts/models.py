"""Whom Mùa may reach by SMS: contacts, their imports, the suppression list and saved audiences."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import Conflict


class ContactKind(models.TextChoices):
    FARM_HOUSEHOLD = "farm_household", _("Hộ sản xuất nông nghiệp")
    CONSUMER = "consumer", _("Người tiêu dùng")
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    TRADER = "trader", _("Thương lái")
    OTHER = "other", _("Khác")


class ConsentSource(models.TextChoices):
    REGISTRATION_SMS = "registration_sms", _("Tin nhắn đăng ký")
    WEB_FORM = "web_form", _("Biểu mẫu web")
    HOTLINE = "hotline", _("Tổng đài")
    PAPER = "paper", _("Giấy tờ")
    IMPORT = "import", _("Nhập từ tệp")


class Contact(models.Model):
    """One mobile number Mùa may write to. Province is on the 2022 map; it shows on either map."""

    phone = models.CharField(_("số điện thoại (E.164)"), max_length=16, unique=True)
    name = models.CharField(_("họ tên"), max_length=200, blank=True)
    province = models.ForeignKey(
        "calendars.Province",
        verbose_name=_("tỉnh/thành (bản đồ 2022)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        limit_choices_to={"map": "2022"},
    )
    kind = models.CharField(_("đối tượng"), max_length=20, choices=ContactKind.choices, default="other")
    # Lower-case slugs kept as ",a,b," so "has tag x" is a portable LIKE '%,x,%' on SQLite and PostgreSQL.
    tags = models.CharField(_("nhãn"), max_length=500, blank=True, default="")
    consent_source = models.CharField(
        _("nguồn đồng ý"), max_length=20, choices=ConsentSource.choices, blank=True, default=""
    )
    consent_at = models.DateTimeField(_("đồng ý lúc"), null=True, blank=True)
    consent_evidence = models.CharField(_("bằng chứng đồng ý"), max_length=300, blank=True, default="")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("tổ chức quản lý"),
        on_delete=models.PROTECT,
        related_name="contacts",
    )
    # Set when the provider refused the number as invalid or not mobile (21211/21614): no more sends to it.
    phone_invalid_at = models.DateTimeField(_("nhà mạng báo số không hợp lệ lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("liên hệ")
        verbose_name_plural = _("liên hệ")
        ordering = ["phone"]
        indexes = [models.Index(fields=["province", "kind"], name="contact_province_kind")]
        constraints = [
            # Consent is a source and a time together, or neither.
            models.CheckConstraint(
                condition=(Q(consent_source="") & Q(consent_at__isnull=True))
                | (~Q(consent_source="") & Q(consent_at__isnull=False)),
                name="contact_consent_source_and_time",
            ),
        ]

    def __str__(self):
        return f"{self.phone} {self.name}".strip()

    @property
    def tag_list(self) -> list[str]:
        return [t for t in self.tags.split(",") if t]

    @property
    def has_consent(self) -> bool:
        return bool(self.consent_source)

    @property
    def carrier(self) -> str:
        """The network of the number's prefix ('' if the prefix was withdrawn since it was stored)."""
        from .phones import MOBILE_PREFIXES

        return MOBILE_PREFIXES.get("0" + self.phone[3:5], "")


class ImportKind(models.TextChoices):
    CONTACTS = "contacts", _("Danh bạ")
    DO_NOT_CALL = "do_not_call", _("Danh sách không làm phiền")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xử lý")
    RUNNING = "running", _("Đang xử lý")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Lỗi")


class ContactImport(models.Model):
    """One uploaded file and how far its import got. Counters and the checkpoint move with each batch."""

    kind = models.CharField(_("loại"), max_length=16, choices=ImportKind.choices, default=ImportKind.CONTACTS)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("tên tệp"), max_length=255)
    file_size = models.BigIntegerField(_("kích thước (byte)"), default=0)
    consent_evidence = models.CharField(_("bằng chứng đồng ý chung"), max_length=300, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows_done = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)  # the resume checkpoint
    accepted = models.PositiveIntegerField(_("mới"), default=0)
    merged = models.PositiveIntegerField(_("gộp vào số đã có"), default=0)
    rejected = models.PositiveIntegerField(_("bị từ chối"), default=0)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập danh bạ")
        verbose_name_plural = _("lượt nhập danh bạ")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    def start(self) -> None:
        """Pending, failed (a resume) or running (a worker died) -> running. Done stays done."""
        if self.status == ImportStatus.DONE:
            raise Conflict("Lượt nhập này đã hoàn tất.")
        self.status = ImportStatus.RUNNING
        self.started_at = self.started_at or timezone.now()
        self.error = ""
        self.save(update_fields=["status", "started_at", "error"])

    def finish(self) -> None:
        if self.status != ImportStatus.RUNNING:
            raise Conflict(f"Không thể hoàn tất lượt nhập đang ở trạng thái {self.status}.")
        self.status = ImportStatus.DONE
        self.progress = 100
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "progress", "finished_at"])

    def fail(self, error: str) -> None:
        self.status = ImportStatus.FAILED
        self.error = error[:2000]
        self.save(update_fields=["status", "error"])


class ImportRejection(models.Model):
    """A row that was not imported: its line number, why, and the row as read (for the CSV download)."""

    contact_import = models.ForeignKey(
        ContactImport, verbose_name=_("lượt nhập"), on_delete=models.CASCADE, related_name="rejections"
    )
    line = models.PositiveIntegerField(_("dòng"))
    reason = models.CharField(_("mã lý do"), max_length=32)
    message = models.CharField(_("lý do"), max_length=300)
    raw = models.TextField(_("nội dung dòng"))

    class Meta:
        verbose_name = _("dòng bị từ chối")
        verbose_name_plural = _("dòng bị từ chối")
        ordering = ["contact_import", "line"]
        constraints = [
            # A resumed import re-reads a batch at most once, but a row is still rejected only once.
            models.UniqueConstraint(fields=["contact_import", "line"], name="import_rejection_unique_line"),
        ]

    def __str__(self):
        return f"{self.line}: {self.message}"


class SuppressionReason(models.TextChoices):
    REFUSED = "refused", _("Người nhận từ chối")
    PROVIDER_OPT_OUT = "provider_opt_out", _("Nhà mạng báo từ chối (21610)")
    DO_NOT_CALL = "do_not_call", _("Danh sách không làm phiền quốc gia")
    STAFF = "staff", _("Cán bộ ghi nhận (tổng đài, biểu mẫu)")


class Suppression(models.Model):
    """A number that must not get advertising SMS. Checked at send time, so it applies at once."""

    phone = models.CharField(_("số điện thoại (E.164)"), max_length=16, unique=True)
    reason = models.CharField(_("lý do"), max_length=20, choices=SuppressionReason.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("ghi lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("số chặn quảng cáo")
        verbose_name_plural = _("số chặn quảng cáo")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.phone} ({self.get_reason_display()})"


class SuppressionRemoval(models.Model):
    """The audit of a suppression lifted by an admin: who, when, why, and what was lifted."""

    phone = models.CharField(_("số điện thoại (E.164)"), max_length=16, db_index=True)
    suppression_reason = models.CharField(_("lý do chặn"), max_length=20, choices=SuppressionReason.choices)
    suppressed_at = models.DateTimeField(_("đã chặn từ"))
    reason = models.CharField(_("lý do gỡ"), max_length=300)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gỡ"), on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(_("gỡ lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("lượt gỡ chặn")
        verbose_name_plural = _("lượt gỡ chặn")
        ordering = ["-removed_at"]

    def __str__(self):
        return f"{self.phone} – {self.reason}"


class Audience(models.Model):
    """A saved filter over contacts; its count is always live (evaluated in the database)."""

    name = models.CharField(_("tên"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("tổ chức"), on_delete=models.CASCADE, related_name="audiences"
    )
    # Either map: a 2025 unit stands for the old provinces merged into it.
    provinces = models.ManyToManyField(
        "calendars.Province", verbose_name=_("tỉnh/thành"), blank=True, related_name="+"
    )
    kinds = models.JSONField(_("đối tượng"), default=list, blank=True)
    tags = models.JSONField(_("nhãn (có ít nhất một)"), default=list, blank=True)
    consent_required = models.BooleanField(_("chỉ người đã đồng ý"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("nhóm người nhận")
        verbose_name_plural = _("nhóm người nhận")
        ordering = ["organisation", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="audience_unique_name")]

    def __str__(self):
        return self.name
