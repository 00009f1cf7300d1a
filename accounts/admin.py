from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Unit, UnitMembership, UnitSuccession, User


class SuccessorInline(admin.TabularInline):
    """The unit's successors; with several, mark the one that takes its open work."""

    model = UnitSuccession
    fk_name = "from_unit"
    autocomplete_fields = ["to_unit"]
    extra = 0
    verbose_name = _("successor")
    verbose_name_plural = _("successors (from the day after this unit ends, its open work goes to the only "
                            "successor, or to the one marked)")


class MembershipInline(admin.TabularInline):
    model = UnitMembership
    autocomplete_fields = ["user", "unit"]
    extra = 0


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_vi", "name_en", "kind", "region", "valid_from", "valid_to", "report_grace_days"]
    list_filter = ["kind", "region"]
    search_fields = ["code", "name_vi", "name_en", "search_text"]
    autocomplete_fields = ["parent"]
    inlines = [SuccessorInline, MembershipInline]


@admin.register(UnitMembership)
class UnitMembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "unit", "valid_from", "valid_to", "is_focal"]
    list_filter = ["is_focal", "unit__kind"]
    list_select_related = ["user", "unit"]
    search_fields = ["user__username", "user__last_name", "unit__code", "unit__name_vi"]
    autocomplete_fields = ["user", "unit"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "unit", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Organisation"), {"fields": ("unit", "position", "phone")}),
    )
    search_fields = [*DjangoUserAdmin.search_fields, "unit__code"]

    def get_inlines(self, request, obj):
        # A new user's first membership follows from their unit (accounts/signals.py).
        return [MembershipInline] if obj is not None else []
