"""Reporting periods are set up here or on the plan's periods page; reports are read-only here:
they change only through the workflow (reports.services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ProgressReport, ReportAttachment, ReportEvent, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["label", "plan", "kind", "start", "end", "due_date"]
    list_filter = ["kind", "plan__year"]
    list_select_related = ["plan"]
    search_fields = ["label", "plan__number", "plan__title"]
    raw_id_fields = ["plan"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    fields = ["at", "action", "actor", "comment", "notified_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "period", "unit", "status", "progress", "first_submitted_at", "reviewed_at"]
    list_filter = ["status", "period__plan__year", "period__kind"]
    list_select_related = ["assignment__task", "assignment__unit", "period", "unit"]
    search_fields = ["search_text"]
    inlines = [ReportEventInline]


@admin.register(ReportAttachment)
class ReportAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "report", "content_type", "size", "uploaded_by", "uploaded_at", "removed_at"]
    list_select_related = ["report__assignment__task", "report__unit", "report__period", "uploaded_by"]
