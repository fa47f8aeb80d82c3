import io
import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from newsdesk.core import personal_data
from newsdesk.newsletter import csvio
from newsdesk.newsletter.models import NewsletterList, Subscriber, Subscription

MAX_UPLOAD = 20 * 1024 * 1024


class SubscriptionInline(admin.TabularInline):
    model = Subscription
    extra = 0
    fields = ["newsletter_list", "created_at", "confirmed_at"]
    readonly_fields = ["created_at", "confirmed_at"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_(
        "An export of newsdesk, Ghost (members), or a WordPress newsletter plugin: "
        "an email column is needed; name, language, lists and dates are read when present."))
    newsletter_list = forms.ModelChoiceField(
        NewsletterList.objects.all(), label=_("Into the list"), required=False,
        help_text=_("For rows that name no list. Empty: the sign-up lists of each "
                    "subscriber's language."))
    dry_run = forms.BooleanField(label=_("Only check the file; import nothing"), required=False)


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "language", "list_names", "created_at", "source"]
    list_filter = ["status", "language", "source", "lists"]
    search_fields = ["email", "name"]
    inlines = [SubscriptionInline]
    readonly_fields = ["created_at", "confirmed_at", "status_changed_at", "soft_failures",
                       "last_failure"]
    fields = ["email", "name", "language", "status", "created_at", "confirmed_at",
              "status_changed_at", "soft_failures", "last_failure"]
    actions = ["export_csv", "export_personal_data", "erase_personal_data"]
    change_list_template = "admin/newsletter/subscriber/change_list.html"

    @admin.display(description=_("lists"))
    def list_names(self, subscriber):
        return ", ".join(item.newsletter_list.slug for item in subscriber.subscriptions.all()
                         if item.confirmed_at)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("subscriptions__newsletter_list")

    def has_personal_data_permission(self, request):
        return request.user.has_perm("comments.manage_personal_data") or \
            request.user.is_superuser

    @admin.action(description=_("Export the selected subscribers (CSV)"))
    def export_csv(self, request, queryset):
        handle = io.StringIO()
        csvio.export_csv(queryset.order_by("pk"), handle)
        response = HttpResponse(handle.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        return response

    @admin.action(description=_("Export everything stored about them, in every app (JSON)"),
                  permissions=["personal_data"])
    def export_personal_data(self, request, queryset):
        data = [personal_data.export(email) for email in queryset.values_list("email", flat=True)]
        body = json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
        return response

    @admin.action(description=_("Erase everything stored about them, in every app…"),
                  permissions=["personal_data"])
    def erase_personal_data(self, request, queryset):
        emails = sorted(queryset.values_list("email", flat=True))
        if request.POST.get("confirm") == "yes":
            for email in emails:
                for summary in personal_data.erase(email).values():
                    self.message_user(request, f"{email}: {summary}", messages.SUCCESS)
            return None
        return TemplateResponse(request, "admin/newsletter/subscriber/erase_confirm.html", {
            **self.admin_site.each_context(request), "title": _("Erase personal data"),
            "emails": emails, "queryset": queryset, "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view),
                     name="newsletter_subscriber_import"), *super().get_urls()]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD:
                form.add_error("file", _("The file is larger than 20 MB: split it, or use "
                                         "`newsdesk newsletter import`."))
            else:
                try:
                    text = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    form.add_error("file", _("The file is not UTF-8 text. Save it as CSV "
                                             "(UTF-8) and try again."))
                else:
                    chosen = form.cleaned_data["newsletter_list"]
                    default = [chosen] if chosen else None
                    report = csvio.import_csv(text, default, source_name=upload.name,
                                              dry_run=form.cleaned_data["dry_run"])
        return TemplateResponse(request, "admin/newsletter/subscriber/import.html", {
            **self.admin_site.each_context(request), "title": _("Import subscribers"),
            "form": form, "report": report, "opts": self.model._meta,
            "dry_run": form.is_bound and form.cleaned_data.get("dry_run") if report else False,
        })
