from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, AgreementDocument, AgreementLink, CoverageAccessLog


class AgreementLinkInline(admin.TabularInline):
    model = AgreementLink
    fk_name = "source"
    autocomplete_fields = ["target"]
    extra = 0


class AgreementDocumentInline(admin.TabularInline):
    model = AgreementDocument
    fields = ["title", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "kind", "counterpart", "signed_on", "in_force_on", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["counterpart"]
    search_fields = ["number", "title", "search_text"]
    autocomplete_fields = ["counterpart"]
    filter_horizontal = ["parties", "liaison_institutions", "implementation_plans"]
    inlines = [AgreementLinkInline, AgreementDocumentInline]


# Certificates of coverage are not in the admin: their personal data is only shown by the portal's
# pages, which record every view. The access log is read-only evidence for administrators.
@admin.register(CoverageAccessLog)
class CoverageAccessLogAdmin(admin.ModelAdmin):
    list_display = ["accessed_at", "user", "certificate", "channel", "path"]
    list_filter = ["channel", ("accessed_at", admin.DateFieldListFilter)]
    list_select_related = ["user", "certificate"]
    search_fields = ["user__username", "user__last_name", "certificate__number", "path"]
    date_hierarchy = "accessed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
