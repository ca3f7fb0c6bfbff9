"""Provinces on both maps, specialty products and their harvest seasons."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.formatting import display_name
from core.text import unaccent

# The 63-province map held from Hà Tây's merger into Hà Nội (2008-08-01) to the 2025 reform;
# the 34 units hold from 2025-07-01.
MAP_2022_FROM = datetime.date(2008, 8, 1)
MAP_2022_UNTIL = datetime.date(2025, 6, 30)
MAP_2025_FROM = datetime.date(2025, 7, 1)


class ProvinceMap(models.TextChoices):
    MAP_2022 = "2022", _("63 tỉnh, thành (đến 30/6/2025)")
    MAP_2025 = "2025", _("34 đơn vị (từ 1/7/2025)")


class Province(models.Model):
    code = models.CharField(_("mã"), max_length=2)
    name = models.CharField(_("tên"), max_length=100)
    region = models.CharField(_("vùng"), max_length=100)
    map = models.CharField(_("bản đồ"), max_length=4, choices=ProvinceMap.choices)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa (2025)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )

    class Meta:
        verbose_name = _("tỉnh/thành")
        verbose_name_plural = _("tỉnh/thành")
        ordering = ["map", "code"]
        constraints = [
            models.UniqueConstraint(fields=["map", "code"], name="province_unique_code_per_map"),
            # Every old province has a successor unit; new units have none.
            models.CheckConstraint(
                condition=(Q(map="2022") & Q(successor__isnull=False))
                | (Q(map="2025") & Q(successor__isnull=True)),
                name="province_successor_on_old_map_only",
            ),
        ]

    def __str__(self):
        return f"{self.code} {display_name(self)} ({self.map})"

    @property
    def name_en(self) -> str:
        """English documents write provinces without diacritics ('Bắc Giang' → 'Bac Giang')."""
        return unaccent(self.name)

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class ProductCategory(models.TextChoices):
    FRUIT = "fruit", _("Trái cây")
    VEGETABLE = "vegetable", _("Rau củ")
    SPICE = "spice", _("Gia vị")
    COFFEE = "coffee", _("Cà phê")
    TEA = "tea", _("Chè")
    NUT = "nut", _("Hạt")
    RICE = "rice", _("Lúa gạo")
    SEAFOOD = "seafood", _("Thủy sản")
    OTHER = "other", _("Khác")


class Product(models.Model):
    name = models.CharField(_("tên"), max_length=200, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    category = models.CharField(_("nhóm"), max_length=16, choices=ProductCategory.choices)

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["name"]

    def __str__(self):
        return display_name(self)


class CalendarKind(models.TextChoices):
    SOLAR = "solar", _("Dương lịch")
    LUNAR = "lunar", _("Âm lịch")
    YEAR_ROUND = "year_round", _("Quanh năm")


class Season(models.Model):
    """A harvest window of a product in a province.

    Months are solar (1-12); end < start wraps the new year.
    """

    product = models.ForeignKey(
        Product, verbose_name=_("sản phẩm"), on_delete=models.CASCADE, related_name="seasons"
    )
    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh/thành"), on_delete=models.PROTECT, related_name="seasons"
    )
    start_month = models.PositiveSmallIntegerField(_("tháng bắt đầu"))
    end_month = models.PositiveSmallIntegerField(_("tháng kết thúc"))
    calendar = models.CharField(
        _("lịch"), max_length=16, choices=CalendarKind.choices, default=CalendarKind.SOLAR
    )
    calendar_note = models.CharField(_("ghi chú lịch"), max_length=100, blank=True)
    peak = models.CharField(_("cao điểm"), max_length=100, blank=True)
    verified = models.BooleanField(_("đã kiểm chứng"), default=False)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mùa vụ")
        verbose_name_plural = _("mùa vụ")
        ordering = ["province__code", "start_month", "product__name"]
        constraints = [
            models.UniqueConstraint(fields=["product", "province"], name="season_unique_product_province"),
            models.CheckConstraint(
                condition=Q(start_month__gte=1, start_month__lte=12, end_month__gte=1, end_month__lte=12),
                name="season_months_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.product} – {self.province.name} ({self.start_month}–{self.end_month})"

    @property
    def wraps_year(self) -> bool:
        return self.end_month < self.start_month

    @property
    def months(self) -> list[int]:
        """Solar months covered, in harvest order (e.g. [11, 12, 1])."""
        if self.calendar == CalendarKind.YEAR_ROUND:
            return list(range(1, 13))
        length = (self.end_month - self.start_month) % 12 + 1
        return [(self.start_month - 1 + i) % 12 + 1 for i in range(length)]
