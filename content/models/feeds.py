"""News feeds (RSS/Atom) that Mùa polls, and the entries found in them.

A feed keeps its HTTP validators (ETag, Last-Modified) for conditional GET, and its health: last
success, consecutive errors, the next poll time (backed off exponentially on errors), and whether its
owner has been alerted in the current failure streak.
"""

import datetime as dt
import random

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .core import Channel, Language


class FeedKind(models.TextChoices):
    PRESS = "press", _("Báo chí")
    TV = "tv", _("Truyền hình")
    PORTAL = "portal", _("Cổng thông tin")
    MARKETPLACE_BLOG = "marketplace_blog", _("Blog của sàn thương mại điện tử")


# The channel a feed's publications count under, unless the feed names one itself.
KIND_CHANNEL = {
    FeedKind.PRESS: Channel.PRESS_ONLINE,
    FeedKind.TV: Channel.TV_CENTRAL,
    FeedKind.PORTAL: Channel.PORTAL,
    FeedKind.MARKETPLACE_BLOG: Channel.MARKETPLACE,
}

MAX_BACKOFF = dt.timedelta(days=1)


class Feed(models.Model):
    outlet = models.CharField(_("cơ quan đăng phát"), max_length=200)
    url = models.URLField(_("địa chỉ nguồn tin"), max_length=1000, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=FeedKind.choices, default=FeedKind.PRESS)
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=2, choices=Language.choices, default=Language.VI)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("đơn vị quản lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feeds",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phụ trách"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feeds",
    )
    active = models.BooleanField(_("đang theo dõi"), default=True)
    poll_interval = models.DurationField(_("chu kỳ lấy tin"), default=dt.timedelta(hours=1))
    etag = models.CharField(_("ETag"), max_length=500, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    last_polled_at = models.DateTimeField(_("lấy tin lần cuối"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("lấy tin thành công lần cuối"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("mã HTTP lần cuối"), null=True, blank=True)
    next_poll_at = models.DateTimeField(_("lấy tin lần tới"), default=timezone.now, db_index=True)
    error_count = models.PositiveIntegerField(_("số lỗi liên tiếp"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    bozo_reason = models.CharField(_("lỗi định dạng (đã khôi phục)"), max_length=500, blank=True)
    alerted_at = models.DateTimeField(_("đã cảnh báo lúc"), null=True, blank=True)
    disabled_reason = models.CharField(_("lý do tạm dừng"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nguồn tin")
        verbose_name_plural = _("nguồn tin")
        ordering = ["outlet", "pk"]

    def __str__(self):
        return self.outlet

    @property
    def publication_channel(self) -> str:
        return self.channel or KIND_CHANNEL[FeedKind(self.kind)]

    @property
    def healthy(self) -> bool:
        return self.active and self.error_count == 0

    def backoff(self, *, now: dt.datetime, retry_after: dt.timedelta | None = None) -> dt.datetime:
        """When to try again after `error_count` failures in a row: the interval doubled per failure,
        with jitter (so feeds failing together do not return together), capped at a day; never before
        a server's Retry-After."""
        base = self.poll_interval * (2 ** max(self.error_count - 1, 0))
        delay = min(base, MAX_BACKOFF) * random.uniform(0.5, 1.0)
        if retry_after is not None:
            delay = max(delay, min(retry_after, dt.timedelta(days=7)))
        return now + delay


class EntryStatus(models.TextChoices):
    MATCHED = "matched", _("Đã khớp với đợt")
    TO_CONFIRM = "to_confirm", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    DISMISSED = "dismissed", _("Đã bỏ qua")
    UNRELATED = "unrelated", _("Không liên quan")
    DUPLICATE = "duplicate", _("Trùng bài đã tính")


class FeedEntry(models.Model):
    """One article seen in a feed; unique per feed and a hash of its GUID (else link, else title+summary)."""

    feed = models.ForeignKey(
        Feed, verbose_name=_("nguồn tin"), on_delete=models.CASCADE, related_name="entries"
    )
    key_hash = models.CharField(_("mã băm định danh"), max_length=64)
    guid = models.CharField(_("GUID"), max_length=1000, blank=True)
    link = models.CharField(_("đường dẫn"), max_length=1000, blank=True)
    canonical_url = models.CharField(_("đường dẫn chuẩn hoá"), max_length=1000, blank=True, db_index=True)
    title = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    published_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    # No date in the feed: kept, flagged, never counted as "now"; an editor gives the date on confirming.
    undated = models.BooleanField(_("không có ngày đăng"), default=False)
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64)
    edits = models.PositiveIntegerField(_("số lần sửa"), default=0)
    status = models.CharField(_("trạng thái"), max_length=12, choices=EntryStatus.choices)
    score = models.FloatField(_("điểm khớp"), default=0)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("đợt truyền thông"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feed_entries",
    )
    candidates = models.JSONField(_("các đợt có thể khớp"), default=list, blank=True)
    match_reasons = models.JSONField(_("lý do khớp"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    first_seen_at = models.DateTimeField(_("thấy lần đầu"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bài trong nguồn tin")
        verbose_name_plural = _("bài trong nguồn tin")
        ordering = ["-published_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["feed", "key_hash"], name="feedentry_unique_per_feed")]
        indexes = [models.Index(fields=["status", "published_at"], name="feedentry_status_published")]

    def __str__(self):
        return self.title or self.link or self.guid
