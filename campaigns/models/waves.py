"""Campaign waves (đợt truyền thông) and calendar feed tokens."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import RevocableMixin
from core.channels import WaveChannel
from core.errors import Conflict, DomainError

DEFAULT_LEAD_TIME = datetime.timedelta(days=30)


class Audience(models.TextChoices):
    """Who a wave, and each content item made for it, speaks to (one list for both)."""

    FARM_HOUSEHOLDS = "farm_households", _("Hộ sản xuất nông nghiệp")
    DOMESTIC_CONSUMERS = "domestic_consumers", _("Người tiêu dùng trong nước")
    OVERSEAS = "overseas", _("Kiều bào và người mua nước ngoài")


# A wave's channel groups: the one list, with the item channels each covers, is core.channels.
Channel = WaveChannel


class CampaignKind(models.TextChoices):
    SEASONAL = "seasonal", _("Theo mùa vụ")
    STANDING = "standing", _("Thường xuyên (theo quý)")
    GLUT = "glut", _("Giải cứu khi dư thừa")
    SALES_EVENT = "sales_event", _("Sự kiện bán hàng")
    # A postal firm's own plan (issue 17): counted toward its quarterly / monthly targets.
    SALES_PROGRAMME = "sales_programme", _("Chương trình bán hàng")
    SUPPLIER_CAMPAIGN = "supplier_campaign", _("Chiến dịch tiếp thị cho nhà cung cấp")
    OTHER = "other", _("Khác")


class CampaignOrigin(models.TextChoices):
    PLAN = "plan", _("Lập từ lịch mùa vụ")
    MANUAL = "manual", _("Tạo thủ công")


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên kế hoạch")
    PREPARING = "preparing", _("Đang chuẩn bị")
    READY = "ready", _("Sẵn sàng")
    LIVE = "live", _("Đang diễn ra")
    CLOSED = "closed", _("Đã kết thúc")
    CANCELLED = "cancelled", _("Đã huỷ")


S = CampaignStatus
# Forward only. A wave goes live at harvest start whether or not its team marked it ready.
TRANSITIONS = {
    S.PLANNED: {S.PREPARING, S.CANCELLED},
    S.PREPARING: {S.READY, S.LIVE, S.CANCELLED},
    S.READY: {S.LIVE, S.CANCELLED},
    S.LIVE: {S.CLOSED, S.CANCELLED},
    S.CLOSED: set(),
    S.CANCELLED: set(),
}
EDITABLE_STATUSES = {S.PLANNED, S.PREPARING, S.READY, S.LIVE}


class CampaignStatusError(Conflict):
    """An illegal status change (409)."""


def default_channels() -> list[str]:
    return [Channel.PRESS, Channel.TELEVISION, Channel.GRASSROOTS, Channel.SOCIAL, Channel.PORTAL]


def default_audiences() -> list[str]:
    return [Audience.FARM_HOUSEHOLDS, Audience.DOMESTIC_CONSUMERS]


class Campaign(models.Model):
    """One communication wave: prepared `lead_time` before the harvest window it promotes."""

    title = models.CharField(_("tên đợt"), max_length=200)
    kind = models.CharField(_("loại đợt"), max_length=24, choices=CampaignKind.choices)
    origin = models.CharField(
        _("nguồn gốc"), max_length=8, choices=CampaignOrigin.choices, default=CampaignOrigin.MANUAL
    )
    season = models.ForeignKey(
        "calendars.Season",
        verbose_name=_("mùa vụ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
    )
    # Planning from a season: 0 for a seasonal wave, 1-4 for a year-round product's quarterly wave.
    slot = models.PositiveSmallIntegerField(_("thứ tự trong năm"), default=0)
    product = models.ForeignKey(
        "calendars.Product",
        verbose_name=_("sản phẩm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
    )
    province = models.ForeignKey(
        "calendars.Province",
        verbose_name=_("tỉnh/thành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
        help_text=_("Để trống cho đợt toàn quốc."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("đơn vị phụ trách"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="campaigns",
    )
    partners = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("đồng chủ trì"),
        blank=True,
        related_name="partner_campaigns",
        help_text=_("Ví dụ: doanh nghiệp bưu chính cùng Sở TTTT thực hiện đợt của tỉnh."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    harvest_start = models.DateField(_("bắt đầu thu hoạch"))
    harvest_end = models.DateField(_("kết thúc thu hoạch"))
    lead_time = models.DurationField(_("thời gian chuẩn bị"), default=DEFAULT_LEAD_TIME)
    prep_due = models.DateField(_("hạn bắt đầu chuẩn bị"), db_index=True)
    channels = models.JSONField(_("kênh truyền thông"), default=default_channels)
    audiences = models.JSONField(_("đối tượng"), default=default_audiences)
    news_per_week = models.PositiveSmallIntegerField(_("số tin mỗi tuần (chỉ tiêu)"), default=2)
    notes = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.PLANNED
    )
    cancel_reason = models.TextField(_("lý do huỷ"), blank=True)
    status_changed_at = models.DateTimeField(_("đổi trạng thái lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by_key = models.ForeignKey(
        "accounts.ApiKey",
        verbose_name=_("khoá API tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Khi ghi bằng khoá API: khoá đó (và qua nó, tổ chức của khoá)."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("đợt truyền thông")
        verbose_name_plural = _("đợt truyền thông")
        ordering = ["harvest_start", "id"]
        indexes = [models.Index(fields=["province", "harvest_start"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(harvest_end__gte=models.F("harvest_start")), name="campaign_harvest_ordered"
            ),
            # Planning is idempotent: one wave per season, year and slot.
            models.UniqueConstraint(
                fields=["season", "year", "slot"],
                condition=Q(season__isnull=False),
                name="campaign_unique_season_year_slot",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.harvest_start:%d/%m/%Y}–{self.harvest_end:%d/%m/%Y})"

    @property
    def channel_labels(self) -> list[str]:
        """The wave's channels by their labels, for pages (codes stay in the data and the API)."""
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels or []]

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(a, a)) for a in self.audiences or []]

    @property
    def is_national(self) -> bool:
        return self.province_id is None

    @property
    def lead_time_days(self) -> int:
        return self.lead_time.days

    def schedule(self, *, harvest_start: datetime.date, harvest_end: datetime.date, lead_time=None) -> None:
        """Set the harvest window and lead time; prep_due always follows from them."""
        self.harvest_start, self.harvest_end = harvest_start, harvest_end
        if lead_time is not None:
            self.lead_time = lead_time
        self.prep_due = harvest_start - self.lead_time

    def overlaps(self, first: datetime.date, last: datetime.date) -> bool:
        return self.harvest_start <= last and first <= self.harvest_end

    # Status transitions -------------------------------------------------------------------------------

    def _move(self, new: str, *, extra_fields: tuple[str, ...] = ()) -> None:
        if new not in TRANSITIONS[CampaignStatus(self.status)]:
            raise CampaignStatusError(
                gettext("Không thể chuyển đợt '%(title)s' từ trạng thái '%(from)s' sang '%(to)s'.")
                % {
                    "title": self.title,
                    "from": CampaignStatus(self.status).label,
                    "to": CampaignStatus(new).label,
                },
                field="status",
            )
        self.status = new
        self.status_changed_at = timezone.now()
        self.save(update_fields=["status", "status_changed_at", "updated_at", *extra_fields])

    def start_preparing(self) -> None:
        self._move(CampaignStatus.PREPARING)

    def mark_ready(self) -> None:
        self._move(CampaignStatus.READY)

    def go_live(self) -> None:
        self._move(CampaignStatus.LIVE)

    def close(self) -> None:
        self._move(CampaignStatus.CLOSED)

    def cancel(self, reason: str) -> None:
        reason = (reason or "").strip()
        if not reason:
            raise DomainError(gettext("Cần nêu lý do huỷ đợt."), field="reason")
        self.cancel_reason = reason
        self._move(CampaignStatus.CANCELLED, extra_fields=("cancel_reason",))


class CalendarToken(RevocableMixin, models.Model):
    """A secret that goes in a calendar feed URL (calendar apps cannot send headers). Stored hashed."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("tổ chức"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    token_hash = models.CharField(_("băm mã"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by_key = models.ForeignKey(
        "accounts.ApiKey",
        verbose_name=_("khoá API tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Khi ghi bằng khoá API: khoá đó (và qua nó, tổ chức của khoá)."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mã lịch đăng ký")
        verbose_name_plural = _("mã lịch đăng ký")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.organisation.code})"
