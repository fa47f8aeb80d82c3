import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsdesk.comments import desk, moderation, personal_data, services, trust
from newsdesk.comments.models import (
    Ban,
    BlocklistEntry,
    Comment,
    Commenter,
    Discussion,
    Report,
    WordList,
)
from newsdesk.comments.text import find_links
from newsdesk.publishing.models import Article

Status = Comment.Status
MODERATE_ACTIONS = {
    "approve": (Status.APPROVED, _("Approve")),
    "spam": (Status.SPAM, _("Mark as spam")),
    "reject": (Status.REJECTED, _("Reject")),
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
    actions = ["approve", "reject", "mark_spam", "move_to_trash", "block_senders",
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
        wanted = obj.status
        if previous is not None and previous != wanted:
            obj.status = previous  # the status change itself goes through moderation (audited)
        super().save_model(request, obj, form, change)
        if previous is not None and previous != wanted:
            moderation.moderate([obj], wanted, by=request.user)
            return
        if obj.status == Status.APPROVED and form.changed_data:
            services.announce_change(obj.article_id)

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

    @admin.action(description=_("Reject selected comments"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, Status.REJECTED,
                       "%d comment rejected.", "%d comments rejected.")

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

        def view(function):
            return self.admin_site.admin_view(
                lambda request, *args, **kwargs: function(self, request, *args, **kwargs))

        return [
            path("<int:pk>/moderate/", moderate, name="comments_comment_moderate"),
            path("queue/", view(desk.queue_view), name="comments_comment_queue"),
            path("queue/<slug:name>/", view(desk.queue_view), name="comments_comment_queue"),
            path("act/", view(desk.act_view), name="comments_comment_act"),
            path("<int:pk>/ban/", view(desk.ban_view), name="comments_comment_ban"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "queue_counts": moderation.queue_counts()}
        return super().changelist_view(request, extra_context)

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


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Readers' reports, kept with their decisions; decided from the moderation queue."""

    list_display = ["created_at", "reason", "excerpt", "article", "decision", "decided_at",
                    "decided_by"]
    list_filter = ["decision", "reason", "created_at"]
    search_fields = ["comment_text", "explanation", "decision_reason", "email"]
    date_hierarchy = "created_at"
    list_select_related = ["article", "decided_by"]
    readonly_fields = ["comment_link", "article", "comment_text", "comment_author", "reason",
                       "explanation", "email", "language", "created_at", "decision",
                       "decision_reason", "decided_by", "decided_at", "outcome_sent_at"]
    exclude = ["comment", "reporter"]

    @admin.display(description=_("reported text"))
    def excerpt(self, report):
        text = " ".join(report.comment_text.split())
        return text[:80] + ("…" if len(text) > 80 else "")

    @admin.display(description=_("comment"))
    def comment_link(self, report):
        if report.comment_id is None:
            return _("(deleted)")
        url = reverse("admin:comments_comment_change", args=[report.comment_id])
        return format_html('<a href="{}">#{}</a>', url, report.comment_id)

    def has_add_permission(self, request):
        return False  # reports come from readers

    def has_change_permission(self, request, obj=None):
        return False  # decided in the queue, so the decision is audited

    def get_urls(self):
        export = self.admin_site.admin_view(
            lambda request: desk.export_reports_view(self, request))
        return [path("export/", export, name="comments_report_export"), *super().get_urls()]


class WordListForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Or replace the words with a file"), required=False,
        help_text=_("A UTF-8 text file, one word or phrase per line (up to 200,000 lines)."),
    )

    class Meta:
        model = WordList
        fields = ["kind", "language", "words"]
        widgets = {"words": forms.Textarea(attrs={"rows": 20, "class": "vLargeTextField",
                                                  "spellcheck": "false"})}

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload:
            try:
                cleaned["words"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("upload", forms.ValidationError(
                    _("This file is not UTF-8 text. Save it as UTF-8 and upload it again."),
                    code="encoding"))
        lines = (cleaned.get("words") or "").count("\n") + 1
        if lines > MAX_WORD_LINES:
            self.add_error("words" if not upload else "upload", forms.ValidationError(
                _("A list may have up to %(limit)d lines; this one has %(lines)d."),
                code="too_long", params={"limit": MAX_WORD_LINES, "lines": lines}))
        return cleaned


MAX_WORD_LINES = 200_000


@admin.register(WordList)
class WordListAdmin(admin.ModelAdmin):
    form = WordListForm
    list_display = ["__str__", "size", "updated_at"]
    list_filter = ["kind", "language"]
    change_form_template = "admin/comments/wordlist/change_form.html"

    @admin.display(description=_("words"))
    def size(self, word_list):
        return len(word_list.entries())

    def save_model(self, request, obj, form, change):
        obj.words = form.cleaned_data["words"]
        super().save_model(request, obj, form, change)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [path("preview/", preview, name="comments_wordlist_preview"),
                *super().get_urls()]

    def preview_view(self, request):
        """What a list (as typed, not yet saved) would have caught in the last 30 days."""
        from newsdesk.comments import wordlists

        if not request.user.has_perm("comments.change_wordlist") and not request.user.has_perm(
                "comments.add_wordlist"):
            raise PermissionDenied
        kind = request.POST.get("kind")
        kind = kind if kind in WordList.Kind.values else WordList.Kind.SUSPECT
        language = request.POST.get("language") or "en"
        words = request.POST.get("words", "")
        result = wordlists.preview(kind, language, words)
        return TemplateResponse(request, "admin/comments/wordlist/preview.html", {
            **self.admin_site.each_context(request),
            "title": _("What this list would have caught"),
            "opts": self.model._meta,
            "result": result,
            "cards": desk.cards([item.comment for item in result.caught[:50]],
                                matcher=wordlists.preview_matcher(kind, language, words)),
        })


@admin.register(Commenter)
class CommenterAdmin(admin.ModelAdmin):
    """Commenters' histories, by keyed email hash; moderators set trust by hand here."""

    list_display = ["__str__", "approved_count", "rejected_count", "trust", "updated_at"]
    list_filter = ["trust"]
    list_editable = ["trust"]
    search_fields = ["name"]
    readonly_fields = ["name", "approved_count", "rejected_count", "updated_at"]
    fields = ["name", "approved_count", "rejected_count", "trust", "updated_at"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "trust" in form.changed_data:
            moderation.audit(request.user, "comment.trust", obj, {"trust": obj.trust})


class BanAdminForm(forms.ModelForm):
    class Meta:
        model = Ban
        fields = ["kind", "value", "label", "reason", "expires_at"]

    def clean(self):
        from newsdesk.comments.identity import email_hash

        cleaned = super().clean()
        kind, value = cleaned.get("kind"), (cleaned.get("value") or "").strip()
        if kind == Ban.Kind.EMAIL and "@" in value:
            cleaned["value"] = email_hash(value)
        elif kind == Ban.Kind.EMAIL and len(value) != 64:
            self.add_error("value", forms.ValidationError(
                _("Type the email address to ban."), code="email"))
        elif kind == Ban.Kind.NETWORK:
            address, _slash, prefix = value.partition("/")
            try:
                cleaned["value"] = trust.network_of(address, int(prefix) if prefix else None)
            except ValueError:
                self.add_error("value", forms.ValidationError(
                    _("Enter an address or a range such as 203.0.113.0/24."), code="network"))
        return cleaned


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    form = BanAdminForm
    list_display = ["__str__", "kind", "expires_at", "in_force", "created_by", "created_at",
                    "lifted_at"]
    list_filter = ["kind", "lifted_at"]
    search_fields = ["label", "reason", "value"]
    readonly_fields = ["created_by", "created_at", "lifted_at"]
    fields = ["kind", "value", "label", "reason", "expires_at", "created_by", "created_at",
              "lifted_at"]
    actions = ["lift"]

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, ban):
        return ban.in_force

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.base_fields["value"].help_text = _(
            "By email: type the address, it is stored only as its keyed hash. By address "
            "prefix: a network such as 203.0.113.0/24.")
        return form

    def save_model(self, request, obj, form, change):
        obj.value = form.cleaned_data["value"]
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            moderation.audit(request.user, "comment.ban", obj, {"kind": obj.kind})

    @admin.action(description=_("Lift the selected bans"), permissions=["change"])
    def lift(self, request, queryset):
        count = moderation.lift_bans(queryset, by=request.user)
        self.message_user(request, ngettext("%d ban lifted.", "%d bans lifted.", count) % count,
                          messages.SUCCESS)


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
