from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import NotificationPreference, ReminderDispatch, ReminderRule
from .services import reminder_emails_retry


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


class EmailProblemFilter(admin.SimpleListFilter):
    title = _("e-mail problems")
    parameter_name = "email_problem"

    def lookups(self, request, model_admin):
        return [("any", _("Failed or waiting for a retry"))]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.filter(email_status__in=[ReminderDispatch.Email.FAILED, ReminderDispatch.Email.RETRY])
        return queryset


@admin.register(ReminderDispatch)
class ReminderDispatchAdmin(admin.ModelAdmin):
    """Read-only: what was recorded and sent, and why an e-mail failed, for support; failed or waiting
    e-mails can be sent again (an action that needs the retry_reminder_email permission)."""

    list_display = [
        "rule", "recipient", "occurrence", "created_at", "sent_at", "outcome", "attempts",
        "email_status", "email_attempts", "email_due_at", "email_error",
    ]
    list_filter = [EmailProblemFilter, "email_status", "rule", "outcome", "occurrence"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__username", "recipient__email"]
    date_hierarchy = "occurrence"
    actions = ["retry_emails"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm("notifications.retry_reminder_email")

    @admin.action(description=_("Send the selected failed or waiting e-mails again now"), permissions=["retry"])
    def retry_emails(self, request, queryset):
        retried = reminder_emails_retry(dispatch_ids=list(queryset.values_list("pk", flat=True)), by=request.user)
        if retried:
            self.message_user(request, ngettext(
                "%(count)d e-mail will be sent again.", "%(count)d e-mails will be sent again.", len(retried),
            ) % {"count": len(retried)}, messages.SUCCESS)
        else:
            self.message_user(request, _("None of the selected e-mails failed or waits for a retry."), messages.WARNING)
