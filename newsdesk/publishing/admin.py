from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from newsdesk.core.translation_forms import (
    translated_form,
    translation_columns,
    translation_field_names,
)
from newsdesk.publishing.models import Article, Author, Category, Reference, Tag


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 1
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["position", "title", "publisher", "date", "url"]


def can_publish(user):
    return user.has_perm("publishing.publish_article")


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    list_display = ["title", "status_label", "published_at", "language", "category", "byline"]
    list_filter = ["status", "pinned", "language", "category", "authors", "tags"]
    search_fields = ["title", "summary", "body", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags", "category"]
    filter_horizontal = ["authors"]
    inlines = [ReferenceInline]
    readonly_fields = ["preview_link", "updated_at"]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "language", "summary", "body"]}),
        (_("Publication"), {
            "fields": ["status", "published_at", "pinned", "preview_link", "updated_at"],
        }),
        (_("Classification"), {"fields": ["authors", "category", "tags"]}),
        (_("Image and corrections"), {
            "fields": ["featured_image", "featured_image_alt", "correction"],
        }),
    ]

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            return _("Scheduled")
        return article.get_status_display()

    @admin.display(description=_("authors"))
    def byline(self, article):
        return ", ".join(author.name for author in article.authors.all())

    @admin.display(description=_("preview"))
    def preview_link(self, article):
        if not article.pk:
            return _("Save the article to preview it.")
        url = reverse("publishing:preview", kwargs={"pk": article.pk})
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Preview"))

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("authors")
        if can_publish(request.user):
            return queryset
        # Authors see only what they write.
        return queryset.filter(authors__user=request.user).distinct()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields += ["status", "published_at", "pinned"]
        return fields

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        is_own = obj.authors.filter(user=request.user).exists()
        return is_own and obj.status == Article.Status.DRAFT

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_publish(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request.user):
            actions.pop("publish_now", None)
            actions.pop("unpublish", None)
        return actions

    def save_model(self, request, obj, form, change):
        if not can_publish(request.user):
            obj.status = Article.Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        profile = getattr(request.user, "author_profile", None)
        if profile is not None and not article.authors.exists():
            article.authors.add(profile)

    @admin.action(description=_("Publish selected articles now"))
    def publish_now(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save()
            count += 1
        self.message_user(
            request,
            ngettext("%d article published.", "%d articles published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Return selected articles to draft"))
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save()
            count += 1
        self.message_user(
            request,
            ngettext("%d article returned to draft.", "%d articles returned to draft.", count)
            % count,
            messages.SUCCESS,
        )


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user"]
    search_fields = ["name", "bio"]
    autocomplete_fields = ["user"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    form = translated_form(Category)
    fields = ["name", *translation_field_names(Category, "name"), "slug", "parent",
              "description", *translation_field_names(Category, "description")]
    list_display = ["__str__", *translation_columns(Category, "name"), "slug"]
    search_fields = ["name", "slug", "translations"]
    autocomplete_fields = ["parent"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
