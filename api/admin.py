from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import PersonalAccessToken


@admin.register(PersonalAccessToken)
class PersonalAccessTokenAdmin(admin.ModelAdmin):
    """Administrators see every token (never its secret) and revoke any of them."""

    list_display = ["name", "user", "scope", "key_prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "key_prefix", "user__username", "user__last_name"]
    readonly_fields = [
        "user", "name", "scope", "key_prefix", "created_at", "expires_at", "last_used_at", "revoked_at", "revoked_by",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # a token is created by its owner, on their own tokens page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            services.token_revoke(token=token, by=request.user)
        count = queryset.count()
        self.message_user(
            request, ngettext("%(count)d token is revoked.", "%(count)d tokens are revoked.", count) % {"count": count},
            messages.SUCCESS,
        )

    def has_revoke_permission(self, request):
        return request.user.has_perm("api.revoke_any_token")
