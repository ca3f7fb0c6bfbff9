from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import actor_for_user
from core.admin import RecordAdmin
from core.errors import DomainError

from .contacts.suppression import suppression_remove
from .models import (
    Audience,
    Blast,
    Contact,
    ContactImport,
    ImportRejection,
    Message,
    PersonalDataAccess,
    Suppression,
    SuppressionRemoval,
)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["phone", "name", "province", "kind", "consent_source", "organisation", "updated_at"]
    list_filter = ["kind", "consent_source", "organisation__kind"]
    search_fields = ["phone", "name"]
    autocomplete_fields = ["province", "organisation"]
    list_select_related = ["province", "organisation"]
    show_full_result_count = False  # a count(*) over millions of rows on every page view is wasted work

    def save_model(self, request, obj, form, change):
        obj.updated_at = timezone.now()  # not auto_now: imports set it only when a merge changed something
        super().save_model(request, obj, form, change)


class ImportRejectionInline(admin.TabularInline):
    model = ImportRejection
    extra = 0
    max_num = 0
    readonly_fields = ["line", "reason", "message", "raw"]
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("line")


@admin.register(ContactImport)
class ContactImportAdmin(admin.ModelAdmin):
    list_display = [
        "filename",
        "kind",
        "organisation",
        "status",
        "progress",
        "accepted",
        "merged",
        "rejected",
    ]
    list_filter = ["kind", "status"]
    readonly_fields = [
        "status",
        "rows_done",
        "accepted",
        "merged",
        "rejected",
        "progress",
        "error",
        "file_size",
        "started_at",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False  # uploads go through the page, the API or `manage.py import_contacts`


@admin.register(ImportRejection)
class ImportRejectionAdmin(admin.ModelAdmin):
    list_display = ["contact_import", "line", "reason", "message"]
    list_filter = ["reason"]
    readonly_fields = ["contact_import", "line", "reason", "message", "raw"]


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["phone", "reason", "note", "created_at", "created_by"]
    list_filter = ["reason"]
    search_fields = ["phone"]
    readonly_fields = ["created_by", "created_at"]

    actions = ["lift_selected"]

    def has_delete_permission(self, request, obj=None):
        return False  # lifting needs a reason and leaves an audit row: the "lift" action asks for both

    def has_change_permission(self, request, obj=None):
        return obj is None

    @admin.action(description=_("Gỡ chặn các số đã chọn (cần lý do, được ghi lại)"))
    def lift_selected(self, request, queryset):
        """Ask for a reason on an intermediate page, then lift each number through the audited service."""
        reason = request.POST.get("lift_reason", "").strip()
        if "confirm" in request.POST:
            actor = actor_for_user(request.user)
            try:
                for suppression in queryset:
                    suppression_remove(actor=actor, phone=suppression.phone, reason=reason)
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, _("Đã gỡ chặn %(n)d số.") % {"n": queryset.count()})
                return None
        return TemplateResponse(
            request,
            "admin/dispatch/suppression/lift.html",
            {
                **self.admin_site.each_context(request),
                "queryset": queryset,
                "opts": self.model._meta,
                "reason": reason,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(SuppressionRemoval)
class SuppressionRemovalAdmin(RecordAdmin):
    list_display = ["phone", "suppression_reason", "suppressed_at", "reason", "removed_by", "removed_at"]
    search_fields = ["phone"]


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "consent_required", "updated_at"]
    search_fields = ["name"]
    filter_horizontal = ["provinces"]


@admin.register(Blast)
class BlastAdmin(admin.ModelAdmin):
    """Blasts are changed through their page (start/pause/resume/cancel check permissions); read-only here."""

    list_display = [
        "id",
        "name",
        "organisation",
        "category",
        "sender",
        "status",
        "scheduled_at",
        "created_at",
    ]
    list_filter = ["status", "category"]
    search_fields = ["name"]
    list_select_related = ["organisation"]
    readonly_fields = [f.name for f in Blast._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["id", "blast", "phone", "status", "reason", "error_code", "attempts", "sent_at"]
    list_filter = ["status", "reason"]
    search_fields = ["phone", "provider_id"]
    raw_id_fields = ["blast", "contact"]
    readonly_fields = [f.name for f in Message._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(RecordAdmin):
    """Decree 13's question "who saw whose data": read-only, for the operators who reach the admin."""

    list_display = ["at", "actor_label", "action", "organisation", "subject", "rows"]
    list_filter = ["action", "organisation"]
    search_fields = ["actor_label", "subject"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in PersonalDataAccess._meta.fields]
