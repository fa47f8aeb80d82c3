from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsdesk.wordpress.models import ImportedObject


@admin.register(ImportedObject)
class ImportedObjectAdmin(admin.ModelAdmin):
    """What the import brought in, for looking up; the import itself is a command."""

    list_display = ["__str__", "kind", "slug", "item", "imported_at"]
    list_filter = ["kind"]
    search_fields = ["wp_id", "slug", "guid", "old_url"]
    readonly_fields = ["kind", "wp_id", "guid", "slug", "old_url", "item", "checksum", "data",
                       "imported_at"]
    fields = readonly_fields

    @admin.display(description=_("newsdesk item"))
    def item(self, record):
        target = record.target
        if target is None:
            return "—"
        url = getattr(target, "get_absolute_url", None)
        return format_html('<a href="{}">{}</a>', url(), target) if url else str(target)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("target")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
