"""The ground's reference data in the Django admin: every save goes through core.services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import PortalSettings, WorkingDayException


@admin.register(WorkingDayException)
class WorkingDayExceptionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        services.working_day_exception_save(exception=obj, by=request.user)

    def delete_model(self, request, obj):
        services.working_day_exception_delete(exception=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for exception in queryset:
            services.working_day_exception_delete(exception=exception, by=request.user)


@admin.register(PortalSettings)
class PortalSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "shift_deadlines"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PortalSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.portal_settings_save(portal_settings=obj, by=request.user)
