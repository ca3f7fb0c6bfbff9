"""Organisations, their members' roles, and API keys."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import display_name


class OrganisationKind(models.TextChoices):
    POSTAL_DEPARTMENT = "postal_department", _("Vụ Bưu chính")
    WORKING_GROUP = "working_group", _("Tổ công tác 1034")
    DIC = "dic", _("Sở Thông tin và Truyền thông")
    POSTAL_FIRM = "postal_firm", _("Doanh nghiệp bưu chính")
    AGENCY = "agency", _("Cơ quan thuộc Bộ")


# What each kind of organisation takes part in: one rule each, for the apps and the navigation alike.
# Organisations that hold SMS contact lists and send blasts (dispatch), so their editors see the SMS pages.
SMS_ORG_KINDS = frozenset(
    {OrganisationKind.POSTAL_DEPARTMENT, OrganisationKind.WORKING_GROUP, OrganisationKind.DIC}
)
# Organisations with a weekly reporting obligation (reports creates one for each), who see the report pages.
REPORTING_ORG_KINDS = frozenset({OrganisationKind.POSTAL_FIRM, OrganisationKind.DIC})


class Role(models.TextChoices):
    VIEWER = "viewer", _("Xem")
    EDITOR = "editor", _("Biên tập")
    APPROVER = "approver", _("Phê duyệt")
    ADMIN = "admin", _("Quản trị")


# Approver sits above editor: an approver may also author. Approving itself is checked separately
# (only approvers of the Postal Department), see accounts.permissions.
ROLE_RANK = {Role.VIEWER: 0, Role.EDITOR: 1, Role.APPROVER: 2, Role.ADMIN: 3}


class Organisation(models.Model):
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    kind = models.CharField(_("loại"), max_length=32, choices=OrganisationKind.choices)
    province = models.ForeignKey(
        "calendars.Province",
        verbose_name=_("tỉnh/thành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["kind", "code"]
        constraints = [
            # A DIC is bound to exactly one province; no other kind is.
            models.CheckConstraint(
                condition=(Q(kind="dic") & Q(province__isnull=False))
                | (~Q(kind="dic") & Q(province__isnull=True)),
                name="organisation_dic_has_province",
            ),
        ]

    def __str__(self):
        return display_name(self)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("tổ chức"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên")
        verbose_name_plural = _("thành viên")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.role})"


class RevocableMixin:
    """A secret that stops working the moment it is revoked (API keys, calendar feed tokens)."""

    revoked_at = None  # declared as a field by each model

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class ApiKey(RevocableMixin, models.Model):
    """An organisation's key for machine access. Only a SHA-256 of the secret is stored."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("tổ chức"), on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(_("băm khoá"), max_length=64, editable=False)
    role = models.CharField(
        _("vai trò"),
        max_length=16,
        choices=[(Role.VIEWER, Role.VIEWER.label), (Role.EDITOR, Role.EDITOR.label)],
        default=Role.EDITOR,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
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
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khoá API")
        verbose_name_plural = _("khoá API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… ({self.organisation.code})"


class Notification(models.Model):
    """An in-app message to one user (also sent by email); unread until read_at is set.

    Generic on purpose: content, campaigns and dispatch all notify people through this one list.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    verb = models.CharField(_("loại"), max_length=40)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    link = models.CharField(_("liên kết"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    # Set by the sender when the notice is about one thing that must never be announced twice
    # (e.g. "campaign:12:prep_due"); a retried job then finds the existing row instead of adding one.
    key = models.CharField(_("khoá chống trùng"), max_length=200, blank=True, default="")
    emailed_at = models.DateTimeField(_("đã gửi email lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_unique_key"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.title}"

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])


class Language(models.TextChoices):
    """The languages of Mùa's interface: Vietnamese first, English second (settings.LANGUAGES)."""

    VI = "vi", _("Tiếng Việt")
    EN = "en", _("Tiếng Anh")


class Profile(models.Model):
    """What a person chose for themselves, kept across devices and sign-ins (the interface language)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profile",
    )
    language = models.CharField(_("ngôn ngữ"), max_length=8, choices=Language.choices, blank=True)

    class Meta:
        verbose_name = _("hồ sơ cá nhân")
        verbose_name_plural = _("hồ sơ cá nhân")

    def __str__(self):
        return str(self.user)
