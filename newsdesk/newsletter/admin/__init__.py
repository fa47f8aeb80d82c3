"""The newsletter's back office: lists, subscribers (import, export, personal data),
issues with their sending screen, and "send to subscribers" on the article form."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsdesk.core.translation_forms import (
    translated_form,
    translation_columns,
    translation_field_names,
)
from newsdesk.newsletter.admin import issues, subscribers  # noqa: F401  (registers them)
from newsdesk.newsletter.models import NewsletterList, SubscriptionRecord


@admin.register(NewsletterList)
class NewsletterListAdmin(admin.ModelAdmin):
    form = translated_form(NewsletterList)
    list_display = ["name", *translation_columns(NewsletterList, "name"), "language",
                    "category", "is_default", "digest", "subscriber_count"]
    list_filter = ["language", "digest", "is_default"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", *translation_field_names(NewsletterList, "name"), "slug",
                           "description",
                           *translation_field_names(NewsletterList, "description"),
                           "position"]}),
        (_("Who it is for"), {"fields": ["language", "category", "is_default", "is_public"]}),
        (_("Digest"), {"fields": ["digest", "digest_time", "digest_weekday"]}),
    ]

    @admin.display(description=_("subscribers"))
    def subscriber_count(self, newsletter_list):
        return newsletter_list.subscriptions.filter(
            confirmed_at__isnull=False, subscriber__status="active").count()


@admin.register(SubscriptionRecord)
class SubscriptionRecordAdmin(admin.ModelAdmin):
    """The log is read-only: nobody, not even an administrator, edits or deletes a record."""

    list_display = ["created_at", "action", "address", "lists", "language", "source", "ip"]
    list_filter = ["action", "language"]
    search_fields = ["address", "lists"]
    readonly_fields = [field.name for field in SubscriptionRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
