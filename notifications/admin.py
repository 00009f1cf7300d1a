from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import NotificationPreference, ReminderDispatch, ReminderRule


@admin.register(ReminderRule)
class ReminderRuleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "enabled", "offsets", "threshold", "repeat_days", "on_non_working_days"]
    list_editable = ["enabled", "offsets", "threshold", "repeat_days", "on_non_working_days"]
    readonly_fields = ["code"]

    def has_add_permission(self, request):
        return False  # one row per rule, created by a migration

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(SimpleHistoryAdmin):
    list_display = ["user", "is_unit_head", "language", "digest"]
    list_filter = ["is_unit_head", "language", "digest"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(ReminderDispatch)
class ReminderDispatchAdmin(admin.ModelAdmin):
    """Read-only: what was recorded and sent, for support."""

    list_display = ["rule", "recipient", "occurrence", "created_at", "sent_at", "outcome", "attempts"]
    list_filter = ["rule", "outcome", "occurrence"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username"]
    date_hierarchy = "occurrence"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
