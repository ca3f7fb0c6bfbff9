"""Admin of reports: targets (edits audited), obligations, weekly reports (unlock exceptions), roll-ups."""

from django import forms
from django.contrib import admin

from .metrics import metric_choices
from .models import (
    MonthlyRollup,
    ReportingObligation,
    Target,
    TargetChange,
    WeeklyReport,
    WeeklyReportVersion,
)


class TargetChangeInline(admin.TabularInline):
    model = TargetChange
    extra = 0
    can_delete = False
    readonly_fields = ["changed_at", "changed_by", "before", "after"]

    def has_add_permission(self, request, obj=None):
        return False


def _metric_choices():
    return sorted(metric_choices().items(), key=lambda item: item[1])


class TargetForm(forms.ModelForm):
    # The plan's indicators (any edition) and reports' own metrics, read when the form is drawn.
    metric = forms.ChoiceField(label="Chỉ số", choices=_metric_choices)

    class Meta:
        model = Target
        fields = [
            *("metric", "scope", "organisation", "organisation_kind", "province", "campaign", "period"),
            *("minimum", "active_from", "active_until", "label"),
        ]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    form = TargetForm
    list_display = ["__str__", "metric", "scope", "period", "minimum", "active_from", "active_until"]
    list_filter = ["metric", "scope", "period"]
    raw_id_fields = ["organisation", "province", "campaign"]
    inlines = [TargetChangeInline]

    def save_model(self, request, obj, form, change):
        # Edits here are audited like those through the API.
        before = Target.objects.get(pk=obj.pk).snapshot() if change else None
        super().save_model(request, obj, form, change)
        TargetChange.objects.create(target=obj, changed_by=request.user, before=before, after=obj.snapshot())


@admin.register(TargetChange)
class TargetChangeAdmin(admin.ModelAdmin):
    list_display = ["target", "changed_by", "changed_at"]
    readonly_fields = ["target", "changed_by", "changed_at", "before", "after"]


@admin.register(ReportingObligation)
class ReportingObligationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "due_weekday", "due_time", "timely_days", "lock_days", "active_from"]
    list_filter = ["organisation__kind"]
    search_fields = ["organisation__code", "organisation__name"]
    raw_id_fields = ["organisation"]


class VersionInline(admin.TabularInline):
    model = WeeklyReportVersion
    extra = 0
    can_delete = False
    readonly_fields = ["number", "status", "saved_at", "saved_by", "data"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WeeklyReport)
class WeeklyReportAdmin(admin.ModelAdmin):
    list_display = ["organisation", "week", "status", "version", "first_submitted_at", "unlocked_until"]
    list_filter = ["status", "organisation__kind"]
    search_fields = ["organisation__code", "week"]
    raw_id_fields = ["organisation", "decided_by"]
    # Figures change through the services (versions, locks); here an admin grants an unlock exception.
    readonly_fields = [f.name for f in WeeklyReport._meta.fields if f.name not in ("id", "unlocked_until")]
    inlines = [VersionInline]


@admin.register(WeeklyReportVersion)
class WeeklyReportVersionAdmin(admin.ModelAdmin):
    list_display = ["report", "number", "status", "saved_at", "saved_by"]
    readonly_fields = ["report", "number", "status", "saved_at", "saved_by", "data"]


@admin.register(MonthlyRollup)
class MonthlyRollupAdmin(admin.ModelAdmin):
    list_display = ["organisation", "month", "status", "decided_by", "decided_at"]
    list_filter = ["status", "month"]
    readonly_fields = ["totals", "decided_by", "decided_at"]
    raw_id_fields = ["organisation"]
