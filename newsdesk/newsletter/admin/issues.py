from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms import CheckboxSelectMultiple
from django.forms.models import BaseInlineFormSet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from newsdesk.newsletter import test_send
from newsdesk.newsletter.models import Issue
from newsdesk.newsletter.sending import planning
from newsdesk.publishing.admin import ArticleAdmin


def progress_json(issue):
    done = planning.progress(issue)
    return {"status": issue.status, "status_label": str(issue.get_status_display()),
            "total": done.total, "sent": done.sent, "failed": done.failed,
            "skipped": done.skipped, "left": done.left, "percent": done.percent,
            "problem": issue.problem}


class ListCheckboxes:
    """A handful of lists: checkboxes with their names in the editor's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "newsletter_lists":
            kwargs["widget"] = CheckboxSelectMultiple
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.label_from_instance = lambda item: item.local_name
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Issue)
class IssueAdmin(ListCheckboxes, admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "progress_bar", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "article__title"]
    autocomplete_fields = ["article"]
    fields = ["article", "subject", "newsletter_lists"]
    change_form_template = "admin/newsletter/issue/change_form.html"

    @admin.display(description=_("progress"))
    def progress_bar(self, issue):
        if issue.status in (Issue.Status.DRAFT, Issue.Status.SCHEDULED):
            return "—"
        done = planning.progress(issue)
        return format_html('<progress max="{}" value="{}" title="{} %">{} %</progress> {} / {}',
                           done.total or 1, done.done, done.percent, done.percent, done.done,
                           done.total)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Issue.Status.DRAFT:
            return self.fields
        return []

    def has_delete_permission(self, request, obj=None):
        # An issue that went out is the record of who got it: never deleted.
        if obj is not None and obj.status != Issue.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def has_send_permission(self, request):
        return request.user.has_perm("newsletter.send_issue")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, object_id)
        extra = {}
        if issue is not None:
            extra = {"progress": progress_json(issue), "recipients": planning.recipients_count(
                issue) if issue.status == Issue.Status.DRAFT else None,
                "can_send": self.has_send_permission(request), "issue": issue}
        return super().change_view(request, object_id, form_url, {**extra,
                                                                   **(extra_context or {})})

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/send/", wrap(self.send_view), name="newsletter_issue_send"),
            path("<int:pk>/test/", wrap(require_POST(self.test_view)),
                 name="newsletter_issue_test"),
            path("<int:pk>/stop/", wrap(require_POST(self.stop_view)),
                 name="newsletter_issue_stop"),
            path("<int:pk>/progress/", wrap(self.progress_view),
                 name="newsletter_issue_progress"),
            *super().get_urls(),
        ]

    def _issue(self, request, pk, send=False):
        issue = get_object_or_404(Issue.objects.select_related("article"), pk=pk)
        if not self.has_view_permission(request, issue) or (
                send and not self.has_send_permission(request)):
            raise PermissionDenied
        return issue

    def send_view(self, request, pk):
        """Step 2 of sending: the count of recipients and one button."""
        issue = self._issue(request, pk, send=True)
        change_url = reverse("admin:newsletter_issue_change", args=[issue.pk])
        if issue.article_id and not issue.article.is_live:
            self.message_user(request, _("The story is not published yet: tick “send to "
                                         "subscribers” and it goes out when it is."),
                              messages.WARNING)
            return redirect(change_url)
        if request.method == "POST":
            if planning.start(issue):
                self.message_user(request, _("Sending started."), messages.SUCCESS)
            return redirect(change_url)
        return TemplateResponse(request, "admin/newsletter/issue/send_confirm.html", {
            **self.admin_site.each_context(request), "title": _("Send to subscribers"),
            "issue": issue, "opts": self.model._meta,
            "recipients": planning.recipients_count(issue),
            "lists": planning.lists_for(issue),
        })

    def test_view(self, request, pk):
        issue = self._issue(request, pk)
        if not request.user.email:
            self.message_user(request, _("Your account has no email address: add one to "
                                         "receive test sends."), messages.ERROR)
        else:
            test_send.send(issue, request.user.email, request.LANGUAGE_CODE)
            self.message_user(request, _("A test copy is on its way to %(email)s.")
                              % {"email": request.user.email}, messages.SUCCESS)
        return redirect("admin:newsletter_issue_change", issue.pk)

    def stop_view(self, request, pk):
        issue = self._issue(request, pk, send=True)
        Issue.objects.filter(pk=issue.pk, status__in=[Issue.Status.SENDING,
                                                     Issue.Status.SCHEDULED]).update(
            status=Issue.Status.CANCELLED)
        self.message_user(request, _("Sending stopped. Those not sent yet can still get it: "
                                     "press Send again."), messages.WARNING)
        return redirect("admin:newsletter_issue_change", issue.pk)

    def progress_view(self, request, pk):
        return JsonResponse(progress_json(self._issue(request, pk)))


class OptionalFormSet(BaseInlineFormSet):
    """A post of the article form without the newsletter's part (another editing screen, a
    script) changes nothing about the newsletter, instead of failing the whole save."""

    def __init__(self, data=None, *args, **kwargs):
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        super().__init__(data, *args, **kwargs)


class StoryIssueInline(ListCheckboxes, admin.StackedInline):
    """“Send to subscribers” on the article form."""

    model = Issue
    formset = OptionalFormSet
    fk_name = "article"
    fields = ["send_on_publish", "newsletter_lists", "subject"]
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = _("newsletter")
    verbose_name_plural = _("newsletter")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=Issue.Kind.STORY)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.newsletter_issues.exclude(status=Issue.Status.DRAFT).exists():
            return self.fields
        return []

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("newsletter.send_issue")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("newsletter.send_issue")


# The article form is publishing's; this adds the newsletter's part to it (publishing
# itself knows nothing of newsletters).
ArticleAdmin.inlines = [*ArticleAdmin.inlines, StoryIssueInline]
