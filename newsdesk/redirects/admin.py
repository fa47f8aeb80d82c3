from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsdesk.redirects.models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "destination_link", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["old_path", "new_path"]
    readonly_fields = ["target_item", "source", "created_at"]
    fields = ["old_path", "new_path", "language", "target_item", "source", "created_at"]

    @admin.display(description=_("redirects to"))
    def destination_link(self, redirect):
        url = redirect.destination()
        if url:
            return format_html('<a href="{}">{}</a>', url, url)
        if redirect.content_type_id:
            return _("(item not public)")
        return _("410 Gone")

    @admin.display(description=_("item"))
    def target_item(self, redirect):
        return redirect.target or "—"

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("content_type")
        return queryset.prefetch_related("target")
