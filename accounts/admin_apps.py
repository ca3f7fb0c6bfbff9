"""The admin app config, apart from accounts.operators: INSTALLED_APPS imports it before models load."""

from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    """Installed instead of django.contrib.admin so `admin.site` is the operators-only site."""

    default_site = "accounts.operators.OperatorAdminSite"
