"""Admin pieces every app's admin may use."""

from django.contrib import admin


class RecordAdmin(admin.ModelAdmin):
    """A record only the application writes (an audit trail, a log of who saw or lifted what): the admin
    shows it and can never add, change or delete one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
