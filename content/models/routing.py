"""Approval routes: which organisation's approvers decide an item, by channel and scope, with an optional
second step; delegation for absences; every route change audited.

Seeded (migration): grassroots/loudspeaker and local-portal items of a province go to that province's DIC;
everything else to the Postal Department, as before. The Postal Department edits the routes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RouteScope(models.TextChoices):
    PROVINCE = "province", _("Nội dung của một tỉnh (Sở TTTT hoặc đợt của tỉnh)")
    NATIONAL = "national", _("Nội dung toàn quốc")


class ApproverKind(models.TextChoices):
    DIC = "dic", _("Người phê duyệt của Sở TTTT tỉnh")
    POSTAL_DEPARTMENT = "postal_department", _("Người phê duyệt của Vụ Bưu chính")


class ApprovalRoute(models.Model):
    channel = models.CharField(_("kênh"), max_length=20)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=RouteScope.choices)
    province = models.ForeignKey(
        "calendars.Province",
        verbose_name=_("chỉ tỉnh/thành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Trống: mọi tỉnh."),
    )
    first_step = models.CharField(_("bước 1"), max_length=20, choices=ApproverKind.choices)
    second_step = models.CharField(_("bước 2"), max_length=20, choices=ApproverKind.choices, blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("tuyến phê duyệt")
        verbose_name_plural = _("tuyến phê duyệt")
        ordering = ["channel", "scope", "province__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "scope", "province"],
                condition=Q(is_active=True),
                name="route_one_active",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=~Q(first_step=models.F("second_step")), name="route_two_steps"),
        ]

    def __str__(self):
        steps = " → ".join(s for s in (self.first_step, self.second_step) if s)
        return f"{self.channel} / {self.scope}: {steps}"

    def snapshot(self) -> dict:
        fields = ("channel", "scope", "first_step", "second_step", "is_active")
        return {**{f: getattr(self, f) for f in fields}, "province": self.province_id}


class RouteChange(models.Model):
    """The audit of route edits: who changed which route, before and after."""

    route = models.ForeignKey(ApprovalRoute, on_delete=models.SET_NULL, null=True, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_by_label = models.CharField(_("người sửa"), max_length=150)
    changed_at = models.DateTimeField(_("sửa lúc"), default=timezone.now)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)

    class Meta:
        verbose_name = _("lịch sử tuyến phê duyệt")
        verbose_name_plural = _("lịch sử tuyến phê duyệt")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.route_id} @ {self.changed_at:%Y-%m-%d %H:%M}"


class ApprovalDelegation(models.Model):
    """An approver away from/to a date hands their approvals to a colleague of the same organisation."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("tổ chức"), on_delete=models.CASCADE, related_name="+"
    )
    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người uỷ quyền"), on_delete=models.CASCADE, related_name="+"
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được uỷ quyền"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("uỷ quyền phê duyệt")
        verbose_name_plural = _("uỷ quyền phê duyệt")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="delegation_range"),
            models.CheckConstraint(condition=~Q(delegator=models.F("delegate")), name="delegation_not_self"),
        ]

    def __str__(self):
        return f"{self.delegator} → {self.delegate} ({self.starts_on}–{self.ends_on})"

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on
