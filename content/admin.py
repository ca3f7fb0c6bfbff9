from django.contrib import admin
from django.db import models

from calendars.weeks import week_of
from core.admin import RecordAdmin

from .models import (
    ApprovalDelegation,
    ApprovalRoute,
    AuditEntry,
    Comment,
    ContentItem,
    ContentTheme,
    Feed,
    FeedEntry,
    Publication,
    Review,
    Revision,
    RouteChange,
)


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    fields = ["number", "title", "author_label", "created_at", "content_hash"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Revisions are made by content_update, which compares hashes and moves the workflow.
        return False


@admin.register(ContentItem)
class ContentItemAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "channel", "status", "planned_at", "updated_at"]
    list_filter = ["status", "channel", "audience", "language", "organisation__kind"]
    search_fields = ["title", "organisation__code", "author__username"]
    date_hierarchy = "planned_at"
    raw_id_fields = ["organisation", "author", "current_revision", "approved_revision"]
    # The workflow lives in the services (audit, notifications, review constraint): status is read-only here.
    readonly_fields = [
        "status",
        "current_revision",
        "approved_revision",
        "submitted_at",
        "created_at",
        "updated_at",
    ]
    inlines = [RevisionInline]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["item", "number", "title", "author_label", "created_at"]
    search_fields = ["title", "body", "item__title"]
    raw_id_fields = ["item", "author"]

    def has_change_permission(self, request, obj=None):
        return False  # frozen once made


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["item", "revision", "requested_at", "reviewer", "decision", "decided_at"]
    list_filter = ["decision"]
    search_fields = ["item__title", "comment"]
    raw_id_fields = ["item", "revision", "requested_by", "reviewer"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["item", "author_label", "created_at", "resolved_at"]
    search_fields = ["body", "item__title"]
    raw_id_fields = ["item", "revision", "parent", "author", "resolved_by"]


@admin.register(AuditEntry)
class AuditEntryAdmin(RecordAdmin):
    list_display = ["item", "at", "actor_label", "action", "from_status", "to_status", "revision"]
    list_filter = ["action"]
    search_fields = ["item__title", "actor_label", "comment"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "item", "campaign", "outlet", "channel", "published_at", "iso_week", "source"]
    list_filter = ["source", "channel"]
    search_fields = ["outlet", "url", "title", "item__title"]
    raw_id_fields = ["item", "revision", "campaign", "feed_entry", "created_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["iso_week"]

    def save_model(self, request, obj, form, change):
        obj.iso_week = str(week_of(obj.published_at))
        super().save_model(request, obj, form, change)


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["outlet", "kind", "active", "error_count", "last_success_at", "next_poll_at"]
    list_filter = ["kind", "active", "language"]
    search_fields = ["outlet", "url"]
    raw_id_fields = ["organisation", "owner"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = [
        "etag",
        "last_modified",
        "last_polled_at",
        "last_success_at",
        "last_status",
        "alerted_at",
    ]


@admin.register(FeedEntry)
class FeedEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "feed", "published_at", "status", "score", "campaign"]
    list_filter = ["status", "undated", "feed"]
    search_fields = ["title", "link", "guid"]
    raw_id_fields = ["feed", "campaign", "decided_by"]
    readonly_fields = ["key_hash", "content_hash", "candidates", "match_reasons", "first_seen_at"]


@admin.register(ContentTheme)
class ContentThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "lead"]


@admin.register(ApprovalRoute)
class ApprovalRouteAdmin(admin.ModelAdmin):
    """Edits here are audited like the API's: a RouteChange with the before and after."""

    list_display = ["channel", "scope", "province", "first_step", "second_step", "is_active"]
    list_filter = ["scope", "first_step", "is_active"]
    raw_id_fields = ["province"]

    def save_model(self, request, obj, form, change):
        before = ApprovalRoute.objects.get(pk=obj.pk).snapshot() if change else None
        super().save_model(request, obj, form, change)
        RouteChange.objects.create(
            route=obj, changed_by=request.user, changed_by_label=request.user.get_username(),
            before=before, after=obj.snapshot(),
        )  # fmt: skip


@admin.register(RouteChange)
class RouteChangeAdmin(admin.ModelAdmin):
    list_display = ["route", "changed_by_label", "changed_at"]
    readonly_fields = ["route", "changed_by", "changed_by_label", "changed_at", "before", "after"]

    def has_add_permission(self, request):
        return False


@admin.register(ApprovalDelegation)
class ApprovalDelegationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "delegator", "delegate", "starts_on", "ends_on"]
    raw_id_fields = ["organisation", "delegator", "delegate"]
