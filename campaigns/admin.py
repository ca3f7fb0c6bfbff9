from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import CalendarToken, Campaign


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "province", "organisation", "harvest_start", "harvest_end", "prep_due", "status"]
    list_filter = ["status", "kind", "origin", "year", "province__map"]
    search_fields = ["title", "product__name", "province__name", "organisation__code"]
    autocomplete_fields = ["season", "product", "province", "organisation"]
    readonly_fields = ["prep_due", "status", "status_changed_at", "created_by", "created_at", "updated_at"]
    date_hierarchy = "harvest_start"

    def save_model(self, request, obj, form, change):
        # prep_due always follows the harvest start and lead time, also when edited here.
        obj.schedule(harvest_start=obj.harvest_start, harvest_end=obj.harvest_end)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "created_by", "created_at", "revoked_at"]
    list_filter = ["organisation__kind"]
    search_fields = ["name", "organisation__code"]
    readonly_fields = ["created_by", "created_at", "revoked_at"]
    fields = ["organisation", "name", "created_by", "created_at", "revoked_at"]
    actions = ["revoke_selected"]

    def has_add_permission(self, request):
        # Tokens are issued through the API, which shows the secret once.
        return False

    @admin.action(description=_("Thu hồi các mã đã chọn"))
    def revoke_selected(self, request, queryset):
        for calendar_token in queryset:
            calendar_token.revoke()
