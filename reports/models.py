"""Targets, reporting obligations, weekly reports (with every previous version) and monthly roll-ups."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from calendars.weeks import LOCAL_TZ, IsoWeek, parse_week
from core.errors import Conflict, DomainError

from .metrics import TargetMetric, metric_label  # noqa: F401 - TargetMetric re-exported

# The figures of a weekly report, in form order: (field name, Vietnamese label).
COMMUNICATION_FIGURES = [
    ("press_articles", _("Tin, bài báo chí")),
    ("tv_spots", _("Phóng sự, tin truyền hình")),
    ("radio_spots", _("Tin phát thanh")),
    ("grassroots_bulletins", _("Bản tin thông tin cơ sở")),
    ("foreign_items", _("Tin thông tin đối ngoại")),
    ("social_posts", _("Bài mạng xã hội")),
    ("portal_posts", _("Bài trên cổng 1034 / sàn TMĐT")),
    ("sms_sent", _("SMS đã gửi")),
    ("events", _("Sự kiện")),
    ("sales_programmes", _("Chương trình bán hàng")),
    ("supplier_campaigns", _("Chiến dịch tiếp thị cho nhà cung cấp")),
]
PLAN_FIGURES = [
    ("households_onboarded", _("Hộ SXNN đã lên sàn (luỹ kế)")),
    ("active_accounts", _("Tài khoản hoạt động (luỹ kế)")),
    ("households_trained_basic", _("Hộ được tập huấn cơ bản")),
    ("households_trained_advanced", _("Hộ được tập huấn nâng cao")),
    ("products_listed", _("Sản phẩm đưa lên sàn")),
    ("ocop_products_listed", _("Sản phẩm OCOP 3 sao trở lên đưa lên sàn")),
    ("orders", _("Đơn hàng")),
    ("transaction_value_vnd", _("Giá trị giao dịch (đồng)")),
]
FIGURES = [name for name, _label in COMMUNICATION_FIGURES + PLAN_FIGURES]
FIGURE_LABELS = dict(COMMUNICATION_FIGURES + PLAN_FIGURES)
# Running totals: a later week may not report less without an explanation.
CUMULATIVE_FIGURES = ["households_onboarded", "active_accounts"]


class TargetScope(models.TextChoices):
    NATIONAL = "national", _("Toàn quốc")
    ORGANISATION = "organisation", _("Tổ chức")
    PROVINCE = "province", _("Tỉnh/thành")
    CAMPAIGN = "campaign", _("Đợt truyền thông")


class TargetPeriod(models.TextChoices):
    WEEK = "week", _("Tuần")
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("Nửa năm")
    YEAR = "year", _("Năm")


class Target(models.Model):
    """A minimum for one metric over each period of a date range, for one scope.

    An organisation-scoped target names either one organisation or a kind (every postal firm).
    """

    metric = models.CharField(
        _("chỉ số"), max_length=48, help_text=_("Mã chỉ số của kế hoạch, ví dụ news_items, active_accounts.")
    )
    scope = models.CharField(_("phạm vi"), max_length=16, choices=TargetScope.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("tổ chức"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    organisation_kind = models.CharField(
        _("mọi tổ chức loại"), max_length=32, blank=True, help_text=_("Ví dụ: mọi doanh nghiệp bưu chính.")
    )
    province = models.ForeignKey(
        "calendars.Province", verbose_name=_("tỉnh/thành"), on_delete=models.CASCADE, null=True, blank=True
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("đợt truyền thông"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    period = models.CharField(_("kỳ"), max_length=10, choices=TargetPeriod.choices)
    minimum = models.PositiveIntegerField(_("tối thiểu"))
    active_from = models.DateField(_("áp dụng từ"))
    active_until = models.DateField(_("áp dụng đến"))
    label = models.CharField(_("tên chỉ tiêu"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        db_table = "campaigns_target"  # its table from campaigns days: data stays put
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["metric", "active_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__gte=models.F("active_from")), name="target_range"
            ),
        ]

    def __str__(self):
        return f"{self.label or self.get_metric_display()} ≥ {self.minimum}/{self.get_period_display()}"

    def get_metric_display(self) -> str:
        return metric_label(self.metric)

    def snapshot(self) -> dict:
        return {
            "metric": self.metric,
            "scope": self.scope,
            "organisation": self.organisation_id,
            "organisation_kind": self.organisation_kind,
            "province": self.province_id,
            "campaign": self.campaign_id,
            "period": self.period,
            "minimum": self.minimum,
            "active_from": self.active_from.isoformat(),
            "active_until": self.active_until.isoformat(),
            "label": self.label,
        }


class TargetChange(models.Model):
    """The audit of target edits: who changed what, before and after."""

    target = models.ForeignKey(
        Target, verbose_name=_("chỉ tiêu"), on_delete=models.SET_NULL, null=True, related_name="changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)

    class Meta:
        db_table = "campaigns_targetchange"  # its table from campaigns days: data stays put
        verbose_name = _("lịch sử chỉ tiêu")
        verbose_name_plural = _("lịch sử chỉ tiêu")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.target_id} @ {self.changed_at:%Y-%m-%d %H:%M}"


class ReportingObligation(models.Model):
    """Which organisation reports weekly, when the report is due, and how long it stays on time / open."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("tổ chức"),
        on_delete=models.CASCADE,
        related_name="reporting_obligation",
    )
    due_weekday = models.PositiveSmallIntegerField(
        _("hạn nộp: thứ (0 = thứ Hai tuần sau)"),
        default=0,
        help_text=_("Số ngày sau Chủ nhật cuối tuần báo cáo, trừ 1: 0 là thứ Hai tuần sau."),
    )
    due_time = models.TimeField(_("hạn nộp: giờ (giờ Việt Nam)"), default=dt.time(17, 0))
    timely_days = models.PositiveSmallIntegerField(
        _("số ngày vẫn tính là đúng hạn"),
        default=0,
        help_text=_("Báo cáo nộp trong số ngày này sau hạn nộp vẫn được tính là đúng hạn."),
    )
    lock_days = models.PositiveSmallIntegerField(
        _("số ngày sau hạn thì khoá báo cáo"),
        default=14,
        help_text=_("Sau số ngày này kể từ hạn nộp, báo cáo không sửa được nữa nếu quản trị không mở khoá."),
    )
    active_from = models.DateField(_("bắt đầu báo cáo từ"), default=dt.date(2022, 1, 1))
    active_until = models.DateField(_("báo cáo đến"), null=True, blank=True)

    class Meta:
        db_table = "campaigns_reportingobligation"  # its table from campaigns days: data stays put
        verbose_name = _("nghĩa vụ báo cáo tuần")
        verbose_name_plural = _("nghĩa vụ báo cáo tuần")
        constraints = [
            models.CheckConstraint(condition=Q(due_weekday__lte=6), name="obligation_due_weekday"),
            models.CheckConstraint(
                condition=Q(lock_days__gte=models.F("timely_days")), name="obligation_lock"
            ),
        ]

    def __str__(self):
        return str(self.organisation)

    def due_at(self, week: IsoWeek) -> dt.datetime:
        day = week.sunday + dt.timedelta(days=1 + self.due_weekday)
        return dt.datetime.combine(day, self.due_time, tzinfo=LOCAL_TZ)

    def timely_until(self, week: IsoWeek) -> dt.datetime:
        return self.due_at(week) + dt.timedelta(days=self.timely_days)

    def locked_from(self, week: IsoWeek) -> dt.datetime:
        return self.due_at(week) + dt.timedelta(days=self.lock_days)

    def is_locked(self, week: IsoWeek, *, report: "WeeklyReport | None", now: dt.datetime) -> bool:
        """Past lock_days after the due moment, unless an admin's exception for the report still runs."""
        unlocked = report is not None and report.is_unlocked(now)
        return now >= self.locked_from(week) and not unlocked

    def expects(self, week: IsoWeek) -> bool:
        return self.active_from <= week.sunday and (
            self.active_until is None or week.monday <= self.active_until
        )


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    RETURNED = "returned", _("Trả lại để sửa")


class ReportStatusError(Conflict):
    """An illegal report status change (409)."""


def _figure_field(label):
    # null = not reported; 0 is a real value.
    return models.PositiveBigIntegerField(label, null=True, blank=True)


class WeeklyReport(models.Model):
    """One organisation's report for one ISO week; each amendment keeps the previous version."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("tổ chức"),
        on_delete=models.PROTECT,
        related_name="weekly_reports",
    )
    week = models.CharField(_("tuần ISO"), max_length=8)
    week_start = models.DateField(_("thứ Hai của tuần"), db_index=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    press_articles = _figure_field(FIGURE_LABELS["press_articles"])
    tv_spots = _figure_field(FIGURE_LABELS["tv_spots"])
    radio_spots = _figure_field(FIGURE_LABELS["radio_spots"])
    grassroots_bulletins = _figure_field(FIGURE_LABELS["grassroots_bulletins"])
    foreign_items = _figure_field(FIGURE_LABELS["foreign_items"])
    social_posts = _figure_field(FIGURE_LABELS["social_posts"])
    portal_posts = _figure_field(FIGURE_LABELS["portal_posts"])
    sms_sent = _figure_field(FIGURE_LABELS["sms_sent"])
    events = _figure_field(FIGURE_LABELS["events"])
    sales_programmes = _figure_field(FIGURE_LABELS["sales_programmes"])
    supplier_campaigns = _figure_field(FIGURE_LABELS["supplier_campaigns"])
    households_onboarded = _figure_field(FIGURE_LABELS["households_onboarded"])
    active_accounts = _figure_field(FIGURE_LABELS["active_accounts"])
    households_trained_basic = _figure_field(FIGURE_LABELS["households_trained_basic"])
    households_trained_advanced = _figure_field(FIGURE_LABELS["households_trained_advanced"])
    products_listed = _figure_field(FIGURE_LABELS["products_listed"])
    ocop_products_listed = _figure_field(FIGURE_LABELS["ocop_products_listed"])
    orders = _figure_field(FIGURE_LABELS["orders"])
    transaction_value_vnd = _figure_field(FIGURE_LABELS["transaction_value_vnd"])
    narrative = models.TextField(_("thuyết minh"), blank=True)
    evidence_links = models.JSONField(_("đường dẫn minh chứng"), default=list, blank=True)
    decline_explanation = models.TextField(
        _("giải trình số luỹ kế giảm"), blank=True, help_text=_("Bắt buộc khi số luỹ kế thấp hơn tuần trước.")
    )
    return_comment = models.TextField(_("lý do trả lại"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unlocked_until = models.DateTimeField(
        _("mở khoá đến"),
        null=True,
        blank=True,
        help_text=_("Ngoại lệ do quản trị cấp để sửa báo cáo đã khoá."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        db_table = "campaigns_weeklyreport"  # its table from campaigns days: data stays put
        verbose_name = _("báo cáo tuần")
        verbose_name_plural = _("báo cáo tuần")
        ordering = ["-week_start", "organisation_id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "week"], name="weekly_report_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.week}"

    @property
    def iso_week(self) -> IsoWeek:
        return parse_week(self.week)

    def is_unlocked(self, now: dt.datetime) -> bool:
        """An admin's exception (`unlocked_until`) lets a locked report be amended until then."""
        return self.unlocked_until is not None and now < self.unlocked_until

    def figures(self) -> dict:
        return {name: getattr(self, name) for name in FIGURES}

    def snapshot(self) -> dict:
        return {
            **self.figures(),
            "narrative": self.narrative,
            "evidence_links": list(self.evidence_links),
            "decline_explanation": self.decline_explanation,
        }

    def _move(self, new: str, allowed: set[str], **fields) -> None:
        if self.status not in allowed:
            raise ReportStatusError(
                gettext("Báo cáo %(week)s đang ở trạng thái '%(from)s', không thể chuyển sang '%(to)s'.")
                % {"week": self.week, "from": ReportStatus(self.status).label, "to": ReportStatus(new).label},
                field="status",
            )
        self.status = new
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=["status", "updated_at", *fields])

    def submit(self, *, now: dt.datetime) -> None:
        first = self.first_submitted_at or now
        allowed = {ReportStatus.DRAFT, ReportStatus.RETURNED, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED}
        self._move(ReportStatus.SUBMITTED, allowed, submitted_at=now, first_submitted_at=first)

    def accept(self, *, user, now: dt.datetime) -> None:
        self._move(ReportStatus.ACCEPTED, {ReportStatus.SUBMITTED}, decided_at=now, decided_by=user)

    def return_with(self, *, comment: str, user, now: dt.datetime) -> None:
        comment = (comment or "").strip()
        if not comment:
            raise DomainError(gettext("Cần nêu lý do trả lại báo cáo."), field="comment")
        self._move(
            ReportStatus.RETURNED,
            {ReportStatus.SUBMITTED, ReportStatus.ACCEPTED},
            return_comment=comment,
            decided_at=now,
            decided_by=user,
        )


class WeeklyReportVersion(models.Model):
    """A report as it stood before an amendment (and each filed version), never changed afterwards."""

    report = models.ForeignKey(
        WeeklyReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    data = models.JSONField(_("số liệu"))
    status = models.CharField(_("trạng thái khi lưu"), max_length=10, choices=ReportStatus.choices)
    saved_at = models.DateTimeField(_("lưu lúc"), default=timezone.now)
    saved_by = models.CharField(_("người lưu"), max_length=150, blank=True)

    class Meta:
        db_table = "campaigns_weeklyreportversion"  # its table from campaigns days: data stays put
        verbose_name = _("phiên bản báo cáo tuần")
        verbose_name_plural = _("phiên bản báo cáo tuần")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]

    def __str__(self):
        return f"{self.report} v{self.number}"


class RollupStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xử lý")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    RETURNED = "returned", _("Trả lại")


class MonthlyRollup(models.Model):
    """The Postal Department's decision on one organisation's month; accepting locks the month's reports."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("tổ chức"), on_delete=models.PROTECT, related_name="rollups"
    )
    month = models.CharField(_("tháng"), max_length=7)  # 2022-06
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RollupStatus.choices, default=RollupStatus.PENDING
    )
    totals = models.JSONField(_("số liệu khi xử lý"), default=dict)
    comment = models.TextField(_("nhận xét"), blank=True)
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        db_table = "campaigns_monthlyrollup"  # its table from campaigns days: data stays put
        verbose_name = _("tổng hợp tháng")
        verbose_name_plural = _("tổng hợp tháng")
        ordering = ["-month", "organisation_id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "month"], name="rollup_unique")]

    def __str__(self):
        return f"{self.organisation} {self.month}"
