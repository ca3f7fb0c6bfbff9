"""Operators: the few people who run Mùa itself (the Django admin, the queue dashboard).

An operator is an active staff user who is a superuser or a member of the "operators" group. Staff alone is
not enough: ordinary roles (DIC editors, approvers, postal-firm reporters) sign in at Mùa's own sign-in
page and are never staff, and a stray staff flag must not open the admin or the rq dashboard.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

OPERATORS_GROUP = "operators"


def is_operator(user) -> bool:
    """True for an active staff user who is a superuser or in the operators group."""
    if user is None or not user.is_active or not user.is_staff:
        return False
    return user.is_superuser or user.groups.filter(name=OPERATORS_GROUP).exists()


class OperatorAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing staff who are not operators."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "not_operator": _(
            "Chỉ người vận hành hệ thống được vào trang quản trị. Hãy đăng nhập ở trang chính."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not is_operator(user):
            raise ValidationError(self.error_messages["not_operator"], code="not_operator")


class OperatorAdminSite(admin.AdminSite):
    """The Django admin, open only to operators (every admin page and everything wrapped in admin_view)."""

    site_header = "Mùa – quản trị"
    site_title = "Mùa"
    index_title = "Dữ liệu nền"
    login_form = OperatorAuthenticationForm

    def has_permission(self, request):
        return is_operator(request.user)
