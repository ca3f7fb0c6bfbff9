from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import ApiKey, Membership, Notification, Organisation
from .permissions import Actor, system_actor
from .services import apikey_create, apikey_revoke


def _admin(request) -> Actor:
    """The admin site is trusted (staff only); its writes are attributed to the signed-in admin by name."""
    return system_actor(f"admin:{request.user.get_username()}")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "name_en"]
    inlines = [MembershipInline]
    autocomplete_fields = ["province"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "organisation__code", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "organisation", "role", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["prefix", "name", "organisation__code"]
    readonly_fields = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
    fields = [
        "organisation",
        "name",
        "role",
        "prefix",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke_selected"]

    def has_change_permission(self, request, obj=None):
        # A key is issued and revoked, never edited.
        return obj is None

    def save_model(self, request, obj, form, change):
        new = apikey_create(
            actor=_admin(request), organisation=obj.organisation, name=obj.name, role=obj.role
        )
        obj.pk = new.api_key.pk
        obj.__dict__.update(new.api_key.__dict__)
        obj.created_by = request.user
        obj.save(update_fields=["created_by"])
        messages.warning(
            request, _("Khoá API mới (chỉ hiện một lần, hãy lưu lại ngay): %(key)s") % {"key": new.plaintext}
        )

    @admin.action(description=_("Thu hồi các khoá đã chọn"))
    def revoke_selected(self, request, queryset):
        for api_key in queryset:
            apikey_revoke(actor=_admin(request), api_key=api_key)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "verb", "title", "created_at", "emailed_at", "read_at"]
    list_filter = ["verb"]
    search_fields = ["user__username", "title", "key"]
    raw_id_fields = ["user"]
