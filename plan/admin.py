from django.contrib import admin

from .models import FlagshipProduct, Indicator, IndicatorReading, Milestone, PlanEdition


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0


@admin.register(PlanEdition)
class PlanEditionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "decision", "starts_on", "ends_on"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "edition", "unit", "target_value", "period", "scope", "source", "annex"]
    list_filter = ["edition", "period", "scope", "source"]
    search_fields = ["code", "name", "annex"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["due_week", "title", "owner_label", "status", "edition"]
    list_filter = ["edition", "status", "owner_kind"]


@admin.register(IndicatorReading)
class IndicatorReadingAdmin(admin.ModelAdmin):
    list_display = ["indicator", "province", "organisation", "as_of", "value"]
    list_filter = ["indicator__edition"]


@admin.register(FlagshipProduct)
class FlagshipProductAdmin(admin.ModelAdmin):
    list_display = ["province", "product", "edition", "recorded_by"]
    list_filter = ["edition"]
