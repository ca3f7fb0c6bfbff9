"""The plan as data: an edition (the 2022 plan of Decision 350/QĐ-BTTTT, later years' plans), its
quantified indicators, each citing the annex it comes from, and its dated tasks (milestones).

Indicators say where their actual value comes from (`source`); plan.progress computes it. Concrete
minimums per period and scope, with their audited history, stay in reports' Target rows, whose `metric`
is an indicator code.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PlanEdition(models.Model):
    code = models.SlugField(_("mã"), max_length=16, unique=True, help_text=_("Ví dụ: 2022."))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    decision = models.CharField(_("văn bản ban hành"), max_length=200, blank=True)
    starts_on = models.DateField(_("bắt đầu"))
    ends_on = models.DateField(_("kết thúc"))

    class Meta:
        verbose_name = _("kế hoạch (năm)")
        verbose_name_plural = _("kế hoạch (năm)")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="plan_range")
        ]

    def __str__(self):
        return self.title


class Unit(models.TextChoices):
    COUNT = "count", _("Số lượng")
    PERCENTAGE = "percentage", _("Tỷ lệ phần trăm")
    VND = "vnd", _("Đồng")
    RATIO = "ratio", _("Tỷ lệ giữa hai số")


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("Tối thiểu (càng nhiều càng tốt)")
    AT_MOST = "at_most", _("Tối đa")
    TRACK = "track", _("Theo dõi (không có mức)")


class Period(models.TextChoices):
    WEEK = "week", _("Tuần")
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("Nửa năm")
    YEAR = "year", _("Năm")
    PLAN = "plan", _("Cả kế hoạch")


class Scope(models.TextChoices):
    NATIONAL = "national", _("Toàn quốc")
    PROVINCE = "province", _("Tỉnh/thành")
    ORGANISATION = "organisation", _("Tổ chức")
    COOPERATIVE = "cooperative", _("Hợp tác xã")


class Source(models.TextChoices):
    FIGURE_SUM = "figure_sum", _("Tổng một số liệu của báo cáo tuần")
    FIGURE_LATEST = "figure_latest", _("Số luỹ kế mới nhất của báo cáo tuần")
    PUBLICATIONS = "publications", _("Đếm tin, bài đã đăng phát")
    WAVES = "waves", _("Đếm đợt truyền thông, chương trình")
    RATIO = "ratio", _("Tỷ lệ giữa hai số liệu")
    FLAGSHIP = "flagship", _("Đếm sản phẩm chủ lực của tỉnh")
    READING = "reading", _("Số liệu nhập theo kỳ")


class Indicator(models.Model):
    """One quantified goal of a plan edition, with where it is written and how its actual is computed."""

    edition = models.ForeignKey(
        PlanEdition, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("mã"), max_length=48)
    name = models.CharField(_("tên"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    annex = models.CharField(_("phụ lục/mục"), max_length=120)
    line = models.CharField(_("dòng trích"), max_length=400, help_text=_("Câu của kế hoạch đặt ra chỉ số."))
    unit = models.CharField(_("đơn vị"), max_length=12, choices=Unit.choices)
    direction = models.CharField(
        _("chiều"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST
    )
    target_value = models.DecimalField(
        _("mức mục tiêu"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    target_max = models.DecimalField(
        _("mức trên (nếu là khoảng)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    period = models.CharField(_("kỳ"), max_length=10, choices=Period.choices)
    scope = models.CharField(_("phạm vi"), max_length=14, choices=Scope.choices)
    source = models.CharField(_("nguồn số liệu thực tế"), max_length=14, choices=Source.choices)
    figure = models.CharField(_("số liệu (tử số)"), max_length=40, blank=True)
    denominator = models.CharField(_("số liệu (mẫu số)"), max_length=40, blank=True)
    theme = models.SlugField(_("chủ đề nội dung"), max_length=48, blank=True)
    wave_kind = models.CharField(_("loại đợt được đếm"), max_length=24, blank=True)
    responsible = models.CharField(_("đơn vị chủ trì"), max_length=200, blank=True)
    active_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    active_until = models.DateField(_("áp dụng đến"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ số kế hoạch")
        verbose_name_plural = _("chỉ số kế hoạch")
        ordering = ["edition", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="indicator_unique_code"),
            models.CheckConstraint(
                condition=~Q(source="ratio") | (~Q(figure="") & ~Q(denominator="")),
                name="indicator_ratio_figures",
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.name}"


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa bắt đầu")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    LATE = "late", _("Chậm")


class Milestone(models.Model):
    """A dated task of the plan: who owns it, the ISO week it is due, its status and the evidence."""

    edition = models.ForeignKey(
        PlanEdition, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="milestones"
    )
    code = models.SlugField(_("mã"), max_length=48)
    title = models.CharField(_("nhiệm vụ"), max_length=400)
    annex = models.CharField(_("phụ lục/mục"), max_length=120, blank=True)
    note = models.CharField(
        _("ghi chú nguồn"),
        max_length=300,
        blank=True,
        help_text=_("Câu chữ nào là của kế hoạch, câu chữ nào diễn giải, chưa đối chiếu nguyên văn."),
    )
    owner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("tổ chức chủ trì"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
    )
    owner_kind = models.CharField(
        _("loại tổ chức chủ trì"), max_length=32, blank=True, help_text=_("Ví dụ: mọi Sở TTTT.")
    )
    owner_label = models.CharField(_("đơn vị chủ trì (theo kế hoạch)"), max_length=200)
    start_week = models.CharField(_("từ tuần"), max_length=8, blank=True)
    due_week = models.CharField(_("hạn (tuần ISO)"), max_length=8)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.NOT_STARTED
    )
    evidence = models.TextField(_("minh chứng"), blank=True)
    done_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mốc nhiệm vụ")
        verbose_name_plural = _("mốc nhiệm vụ")
        ordering = ["edition", "due_week", "code"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="milestone_unique_code")]

    def __str__(self):
        return f"{self.due_week} {self.title}"


class IndicatorReading(models.Model):
    """A value entered for an indicator with no figure in Mùa (e.g. % of OCOP products with full quality
    information), for one period end and scope."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ số"), on_delete=models.CASCADE, related_name="readings"
    )
    province = models.ForeignKey(
        "calendars.Province", verbose_name=_("tỉnh/thành"), on_delete=models.PROTECT, null=True, blank=True
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("tổ chức"), on_delete=models.PROTECT, null=True, blank=True
    )
    as_of = models.DateField(_("số liệu đến ngày"))
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=2)
    note = models.CharField(_("ghi chú, nguồn"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("số liệu chỉ số")
        verbose_name_plural = _("số liệu chỉ số")
        ordering = ["indicator", "-as_of"]

    def __str__(self):
        return f"{self.indicator.code} {self.as_of}: {self.value}"


class FlagshipProduct(models.Model):
    """One of a province's 3–10 flagship products chosen for a plan (the 2022 plan's week-09 task)."""

    edition = models.ForeignKey(
        PlanEdition, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="flagship_products"
    )
    province = models.ForeignKey(
        "calendars.Province", verbose_name=_("tỉnh/thành"), on_delete=models.PROTECT, related_name="+"
    )
    product = models.ForeignKey(
        "calendars.Product", verbose_name=_("sản phẩm"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("ghi chú (OCOP, chỉ dẫn địa lý)"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("tổ chức ghi nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("sản phẩm chủ lực")
        verbose_name_plural = _("sản phẩm chủ lực")
        ordering = ["edition", "province__code", "product__name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "province", "product"], name="flagship_unique"),
        ]

    def __str__(self):
        return f"{self.province.name}: {self.product}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xác minh")
    ACCEPTED = "accepted", _("Đã xác minh, đưa vào lịch")
    REJECTED = "rejected", _("Không chấp nhận")


class SeasonProposal(models.Model):
    """A DIC's proposed season for its province, or a correction of one; the working group verifies it."""

    province = models.ForeignKey(
        "calendars.Province", verbose_name=_("tỉnh/thành"), on_delete=models.PROTECT, related_name="+"
    )
    season = models.ForeignKey(
        "calendars.Season",
        verbose_name=_("mùa vụ được sửa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    product_name = models.CharField(_("sản phẩm"), max_length=200)
    product_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    category = models.CharField(_("nhóm"), max_length=16, default="other")
    start_month = models.PositiveSmallIntegerField(_("tháng bắt đầu"))
    end_month = models.PositiveSmallIntegerField(_("tháng kết thúc"))
    calendar_note = models.CharField(_("ghi chú lịch"), max_length=100, blank=True)
    peak = models.CharField(_("cao điểm"), max_length=100, blank=True)
    source = models.CharField(_("nguồn"), max_length=300)
    proposed_by = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("tổ chức đề xuất"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    comment = models.TextField(_("ý kiến xác minh"), blank=True)
    decided_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("đề xuất lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đề xuất mùa vụ")
        verbose_name_plural = _("đề xuất mùa vụ")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_month__gte=1, start_month__lte=12, end_month__gte=1, end_month__lte=12),
                name="proposal_months_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.product_name} – {self.province.name}"
