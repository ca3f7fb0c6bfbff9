from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content"
    verbose_name = _("Nội dung và phê duyệt")

    def ready(self):
        # campaigns marks waves "at risk" when they lack approved content; the rule is content's to give.
        from campaigns.sections import register_wave_section
        from campaigns.selectors import approved_content_rule_set

        from .selectors import wave_has_approved_content
        from .waves import wave_section

        approved_content_rule_set(wave_has_approved_content)
        # The wave page shows the wave's content items and its publications per week (content's data).
        register_wave_section(wave_section)
