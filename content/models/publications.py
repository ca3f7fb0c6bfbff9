"""Publications: each appearance of content in the media, the rows the weekly tallies count."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .core import Channel, ContentItem, Revision


class PublicationSource(models.TextChoices):
    MANUAL = "manual", _("Nhập tay")
    REPORT = "report", _("Từ báo cáo")
    FEED = "feed", _("Từ nguồn tin (RSS/Atom)")


class Publication(models.Model):
    """One appearance in the media: of approved content (entered by hand, from a report) or of an article
    found in a news feed and matched to a wave. The tallies count these rows per ISO week and wave.

    `item` and `revision` are empty for a feed article that is not one of Mùa's approved items; `campaign`
    is the wave it counts for (for an item, the item's wave when it was recorded).
    """

    item = models.ForeignKey(
        ContentItem,
        verbose_name=_("nội dung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
    )
    revision = models.ForeignKey(
        Revision,
        verbose_name=_("phiên bản đã đăng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("đợt truyền thông"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
    )
    channel = models.CharField(_("kênh"), max_length=20, choices=Channel.choices)
    outlet = models.CharField(_("cơ quan đăng phát"), max_length=200)
    title = models.CharField(_("tiêu đề bài"), max_length=500, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    # The article's link normalised (scheme, host case, tracking parameters, fragment): one article
    # reprinted by two feeds has one canonical link and is counted once.
    canonical_url = models.CharField(_("đường dẫn chuẩn hoá"), max_length=1000, blank=True, db_index=True)
    published_at = models.DateTimeField(_("đăng lúc"))
    iso_week = models.CharField(_("tuần ISO"), max_length=8, db_index=True)
    source = models.CharField(
        _("nguồn"), max_length=10, choices=PublicationSource.choices, default=PublicationSource.MANUAL
    )
    feed_entry = models.OneToOneField(
        "content.FeedEntry",
        verbose_name=_("bài trong nguồn tin"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publication",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
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
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần đăng phát")
        verbose_name_plural = _("lần đăng phát")
        ordering = ["-published_at"]
        constraints = [
            # Whatever the code above does, an article found in feeds is counted once.
            models.UniqueConstraint(
                fields=["canonical_url"],
                condition=Q(source="feed") & ~Q(canonical_url=""),
                name="publication_feed_article_once",
            ),
            # An item comes with the revision that appeared; one entered by hand is always of an item
            # (feed articles and report lines may be of no item of Mùa's).
            models.CheckConstraint(
                condition=(
                    Q(item__isnull=False, revision__isnull=False)
                    | Q(item__isnull=True, revision__isnull=True)
                )
                & (Q(item__isnull=False) | ~Q(source="manual")),
                name="publication_item_with_revision",
            ),
        ]

    def __str__(self):
        return f"{self.outlet} {self.published_at:%Y-%m-%d}"
