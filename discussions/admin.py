from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Post, PostAttachment


class PostAttachmentInline(admin.TabularInline):
    model = PostAttachment
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at", "removed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    """Read-only: posts are written in the portal and never deleted; the history shows every text,
    a withdrawn one included."""

    list_display = ["task", "author", "created_at", "edited_at", "withdrawn_at"]
    list_filter = ["withdrawn_at"]
    search_fields = ["search_text"]
    readonly_fields = ["task", "author", "text", "mentioned_units", "mentioned_users", "created_at", "edited_at", "withdrawn_at"]
    exclude = ["search_text"]
    inlines = [PostAttachmentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
