from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plan"
    verbose_name = _("Kế hoạch: chỉ số và mốc thời gian")

    def ready(self):
        # plan sits above campaigns and reports: it hands them its milestones (to the iCalendar feeds) and
        # its indicators (as the metrics a Target may name); neither ever imports plan.
        from campaigns.ical import register_event_provider
        from reports.metrics import register_metric_catalogue

        from .ical import milestone_events
        from .selectors import indicator_catalogue

        register_event_provider(milestone_events)
        register_metric_catalogue(indicator_catalogue)
