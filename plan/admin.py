from django import forms
from django.contrib import admin

from core.errors import DomainError

from .models import FlagshipProduct, Indicator, IndicatorReading, Milestone, PlanEdition
from .services import INDICATOR_FIELDS, refuse_target_beside_history


class IndicatorForm(forms.ModelForm):
    """The admin keeps the one source of truth too: a target with dated rows changes there."""

    class Meta:
        model = Indicator
        fields = ["edition", "code", *INDICATOR_FIELDS]

    def clean(self):
        data = super().clean()
        if self.instance.pk and "target_value" in self.changed_data:
            try:
                refuse_target_beside_history(self.instance, {"target_value": data.get("target_value")})
            except DomainError as exc:
                self.add_error("target_value", exc.message)
        return data


class IndicatorInline(admin.StackedInline):
    model = Indicator
    form = IndicatorForm
    extra = 0


@admin.register(PlanEdition)
class PlanEditionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "decision", "starts_on", "ends_on"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorForm
    list_display = ["code", "name", "edition", "unit", "target_value", "period", "scope", "source", "annex"]
    list_filter = ["edition", "period", "scope", "source"]
    search_fields = ["code", "name", "annex"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["due_week", "title", "owner_label", "status", "edition"]
    search_fields = ["code", "title", "note"]
    list_filter = ["edition", "status", "owner_kind"]


@admin.register(IndicatorReading)
class IndicatorReadingAdmin(admin.ModelAdmin):
    list_display = ["indicator", "province", "organisation", "as_of", "value"]
    list_filter = ["indicator__edition"]


@admin.register(FlagshipProduct)
class FlagshipProductAdmin(admin.ModelAdmin):
    list_display = ["province", "product", "edition", "recorded_by"]
    list_filter = ["edition"]
