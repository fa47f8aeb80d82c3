from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsdesk.security.audit import ACTIONS
from newsdesk.security.models import AuditEntry


class ActionFilter(admin.SimpleListFilter):
    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        used = AuditEntry.objects.values_list("action", flat=True).distinct().order_by("action")
        return [(action, ACTIONS.get(action, action)) for action in used]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, read-only: nobody adds, edits or deletes entries, not even a superuser."""

    list_display = ["created_at", "who", "action_label", "object_link", "content_type"]
    list_filter = [ActionFilter, ("content_type", admin.RelatedOnlyFieldListFilter), "created_at",
                   "username"]
    search_fields = ["username", "object_repr", "object_id", "action"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    fields = ["created_at", "user", "username", "action", "content_type", "object_id",
              "object_repr", "details"]

    @admin.display(description=_("who"), ordering="username")
    def who(self, entry):
        return entry.username or _("system")

    @admin.display(description=_("action"), ordering="action")
    def action_label(self, entry):
        return entry.action_label

    @admin.display(description=_("object"), ordering="object_repr")
    def object_link(self, entry):
        if entry.content_type_id and entry.object_id and entry.action != "delete":
            try:
                url = reverse(
                    f"admin:{entry.content_type.app_label}_{entry.content_type.model}_change",
                    args=[entry.object_id],
                )
            except NoReverseMatch:
                url = None
            if url:
                return format_html('<a href="{}">{}</a>', url, entry.object_repr)
        return entry.object_repr

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
