from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plan"
    verbose_name = _("Kế hoạch: chỉ số và mốc thời gian")

    def ready(self):
        # plan sits above campaigns: it hands its milestones to the feeds, campaigns never imports plan.
        from campaigns.ical import register_event_provider

        from .ical import milestone_events

        register_event_provider(milestone_events)
