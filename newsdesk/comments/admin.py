import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsdesk.comments import notifications, personal_data, services
from newsdesk.comments.models import BlocklistEntry, Comment, Discussion
from newsdesk.comments.text import find_links
from newsdesk.publishing.models import Article

Status = Comment.Status
MODERATE_ACTIONS = {
    "approve": (Status.APPROVED, _("Approve")),
    "spam": (Status.SPAM, _("Mark as spam")),
    "trash": (Status.TRASH, _("Move to trash")),
}


class StatusFilter(admin.SimpleListFilter):
    """The queue opens on what needs a moderator: pending comments."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Status.choices, (self.ALL, _("All"))]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or Status.PENDING) == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or Status.PENDING
        return queryset if value == self.ALL else queryset.filter(status=value)


class LinksFilter(admin.SimpleListFilter):
    title = _("links")
    parameter_name = "links"

    def lookups(self, request, model_admin):
        return [("yes", _("With links")), ("no", _("Without links"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(text__iregex=r"(https?://|www\.)")
        if self.value() == "no":
            return queryset.exclude(text__iregex=r"(https?://|www\.)")
        return queryset


class CommentAdminForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), max_length=200, required=False,
                             assume_scheme="https")
    reply = forms.CharField(
        label=_("Reply as editor"), required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}),
        help_text=_("Published at once under your name, as a reply to this comment. "
                    "Replying approves the comment if it was waiting."),
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "website", "text", "status", "notify_replies"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    form = CommentAdminForm
    list_display = ["excerpt", "name", "email", "article_link", "status", "created_at",
                    "ip_address", "links"]
    list_display_links = ["excerpt"]
    list_filter = [StatusFilter, LinksFilter, "created_at",
                   ("article", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["text", "name", "email", "website", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["article"]
    list_per_page = 50
    actions = ["approve", "mark_spam", "move_to_trash", "block_senders",
               "export_personal_data", "erase_personal_data"]
    readonly_fields = ["article_link", "parent_link", "created_at", "edited_at", "user",
                       "ip_address", "user_agent", "spam_reason", "language"]
    fieldsets = [
        (None, {"fields": ["article_link", "parent_link", "text", "status", "reply"]}),
        (_("Commenter"), {"fields": ["name", "email", "website", "notify_replies", "user"]}),
        (_("Antispam"), {"fields": ["spam_reason", "ip_address", "user_agent", "language",
                                     "created_at", "edited_at"]}),
    ]

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        text = " ".join(comment.text.split())
        return text[:90] + ("…" if len(text) > 90 else "") or _("(deleted)")

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, comment):
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>',
                           comment.get_absolute_url(), comment.article.title)

    @admin.display(description=_("in reply to"))
    def parent_link(self, comment):
        if comment.parent_id is None:
            return "-"
        url = reverse("admin:comments_comment_change", args=[comment.parent_id])
        return format_html('<a href="{}">{}</a>', url, comment.parent)

    @admin.display(description=_("links"))
    def links(self, comment):
        return len(find_links(comment.text))

    def has_add_permission(self, request):
        return False  # comments come from readers; editors answer with "Reply as editor"

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def has_personal_data_permission(self, request):
        return request.user.has_perm("comments.manage_personal_data")

    def save_model(self, request, obj, form, change):
        previous = Comment.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        super().save_model(request, obj, form, change)
        if previous == obj.status == Status.APPROVED and not form.changed_data:
            return
        if Status.APPROVED in (previous, obj.status):
            services.announce_change(obj.article_id)
        if obj.status == Status.APPROVED and previous != Status.APPROVED:
            transaction.on_commit(lambda: notifications.notify_reply(obj.pk))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        text = form.cleaned_data.get("reply", "").strip()
        if text:
            reply = services.editor_reply(form.instance, request.user, text)
            self.message_user(request, _("Your reply is published: %(url)s")
                              % {"url": reply.get_absolute_url()}, messages.SUCCESS)

    def delete_model(self, request, obj):
        services.remove_comment(obj)

    def delete_queryset(self, request, queryset):
        for comment in queryset:
            services.remove_comment(comment)

    def _moderate(self, request, queryset, status, singular, plural):
        count = services.moderate(queryset, status, by=request.user)
        self.message_user(request, ngettext(singular, plural, count) % count, messages.SUCCESS)

    @admin.action(description=_("Approve selected comments"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, Status.APPROVED,
                       "%d comment approved.", "%d comments approved.")

    @admin.action(description=_("Mark selected comments as spam"), permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, Status.SPAM,
                       "%d comment marked as spam.", "%d comments marked as spam.")

    @admin.action(description=_("Move selected comments to the trash"), permissions=["moderate"])
    def move_to_trash(self, request, queryset):
        self._moderate(request, queryset, Status.TRASH,
                       "%d comment moved to the trash.", "%d comments moved to the trash.")

    @admin.action(description=_("Block the senders' email addresses and mark as spam"),
                  permissions=["moderate"])
    def block_senders(self, request, queryset):
        emails = set(queryset.exclude(email="").values_list("email", flat=True))
        for email in emails:
            BlocklistEntry.objects.get_or_create(
                kind=BlocklistEntry.Kind.EMAIL, value=email,
                defaults={"note": f"Blocked by {request.user}"[:200]},
            )
        services.moderate(queryset, Status.SPAM, by=request.user)
        self.message_user(request, ngettext("%d email address blocked.",
                                            "%d email addresses blocked.", len(emails))
                          % len(emails), messages.SUCCESS)

    @admin.action(description=_("Export the commenters' personal data (JSON)"),
                  permissions=["personal_data"])
    def export_personal_data(self, request, queryset):
        emails = sorted(set(queryset.exclude(email="").values_list("email", flat=True)))
        data = [personal_data.export(email) for email in emails]
        body = json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        return response

    @admin.action(description=_("Erase the commenters' personal data…"),
                  permissions=["personal_data"])
    def erase_personal_data(self, request, queryset):
        emails = sorted(set(queryset.exclude(email="").values_list("email", flat=True)))
        if request.POST.get("confirm") == "yes":
            delete_text = request.POST.get("delete_text") == "yes"
            total = personal_data.ErasureSummary()
            for email in emails:
                summary = personal_data.erase(email, delete_text=delete_text)
                total.comments += summary.comments
                total.texts_deleted += summary.texts_deleted
            self.message_user(request, str(total), messages.SUCCESS)
            return None
        return TemplateResponse(request, "admin/comments/comment/erase_confirm.html", {
            **self.admin_site.each_context(request),
            "title": _("Erase personal data"),
            "emails": emails,
            "queryset": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })

    def get_urls(self):
        moderate = self.admin_site.admin_view(self.moderate_view)
        return [
            path("<int:pk>/moderate/", moderate, name="comments_comment_moderate"),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk):
        """Where the moderators' emails link to: the comment and one button per decision."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        if request.method == "POST" and request.POST.get("action") in MODERATE_ACTIONS:
            status, label = MODERATE_ACTIONS[request.POST["action"]]
            services.moderate([comment], status, by=request.user)
            self.message_user(request, _("“%(comment)s”: %(decision)s.")
                              % {"comment": comment, "decision": comment.get_status_display()},
                              messages.SUCCESS)
            return redirect("admin:comments_comment_changelist")
        return TemplateResponse(request, "admin/comments/comment/moderate.html", {
            **self.admin_site.each_context(request),
            "title": _("Moderate comment"),
            "comment": comment,
            "opts": self.model._meta,
            "actions": [(key, label) for key, (_status, label) in MODERATE_ACTIONS.items()],
            "suggested": request.GET.get("action"),
        })


@admin.register(BlocklistEntry)
class BlocklistEntryAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]


@admin.register(Discussion)
class DiscussionAdmin(admin.ModelAdmin):
    list_display = ["article", "mode"]
    list_editable = ["mode"]
    list_filter = ["mode"]
    search_fields = ["article__title"]
    autocomplete_fields = ["article"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.announce_change(obj.article_id)


def _discussion_action(mode, description):
    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        if not request.user.has_perm("comments.change_discussion"):
            raise PermissionDenied
        count = services.set_discussion_mode(queryset, mode)
        modeladmin.message_user(
            request, ngettext("%d article changed.", "%d articles changed.", count) % count,
            messages.SUCCESS,
        )
    action.__name__ = f"comments_{mode}"
    return action


# Closing comments by hand belongs on the article list too; publishing knows nothing of it.
_article_admin = admin.site.get_model_admin(Article)
_article_admin.actions = [
    *(_article_admin.actions or []),
    _discussion_action(Discussion.Mode.CLOSED, _("Close comments on selected articles")),
    _discussion_action(Discussion.Mode.OPEN, _("Keep comments open on selected articles")),
    _discussion_action(Discussion.Mode.AUTOMATIC,
                       _("Let selected articles' comments follow the site's rules")),
]
