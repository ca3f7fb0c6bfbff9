from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The kernel every app may use and that imports no app (errors, queues, locks, text, uploads)."""

    name = "core"
    verbose_name = _("Lõi")
