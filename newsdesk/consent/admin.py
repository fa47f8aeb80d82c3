import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsdesk.consent import chain, export, knowledge, texts
from newsdesk.consent.lifetimes import format_for_input, format_lifetime, parse_lifetime
from newsdesk.consent.models import (
    ConsentPolicy,
    ConsentRecord,
    CookieCategory,
    CookieDeclaration,
    Snippet,
)
from newsdesk.core.translation_forms import (
    translated_form,
    translation_columns,
    translation_field_names,
)


def with_translations(model, *fields):
    """Each field followed by its other languages' form fields (name, name_zh_hans, ...)."""
    return [name for field in fields for name in (field, *translation_field_names(model, field))]


@admin.register(CookieCategory)
class CookieCategoryAdmin(admin.ModelAdmin):
    # Every language is required: readers choose by these names and descriptions.
    form = translated_form(CookieCategory, required=CookieCategory.translated_fields)
    list_display = ["name", *translation_columns(CookieCategory, "name"), "key"]
    fields = with_translations(CookieCategory, "name", "description")

    def has_add_permission(self, request):
        return False  # the five categories are fixed; their texts are editable

    def has_delete_permission(self, request, obj=None):
        return False


class PolicyRevisionForm(forms.ModelForm):
    class Meta:
        model = ConsentPolicy
        fields = [*ConsentPolicy.translated_fields, "revision"]

    def clean_revision(self):
        revision = self.cleaned_data["revision"]
        if self.instance.pk and revision < self.instance.revision:
            raise forms.ValidationError(
                _("The revision can only go up: choices made under a later revision cannot "
                  "be undone."), code="revision_lowered",
            )
        return revision


PolicyForm = translated_form(ConsentPolicy, base=PolicyRevisionForm,
                             required=ConsentPolicy.translated_fields)


@admin.register(ConsentPolicy)
class ConsentPolicyAdmin(admin.ModelAdmin):
    form = PolicyForm
    fieldsets = [
        (_("Banner"), {"fields": with_translations(ConsentPolicy, "banner_title", "banner_text",
                                                   "opt_out_text")}),
        (_("Preferences centre"), {"fields": with_translations(ConsentPolicy, "centre_intro")}),
        (_("Cookie policy"), {"fields": [*with_translations(ConsentPolicy, "policy_intro"),
                                         "revision", "revised_at"]}),
    ]
    readonly_fields = ["revised_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ConsentPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        policy = ConsentPolicy.objects.first()
        if policy is None:
            return HttpResponseRedirect(reverse("admin:consent_consentpolicy_add"))
        return HttpResponseRedirect(reverse("admin:consent_consentpolicy_change", args=[policy.pk]))



class LifetimeField(forms.CharField):
    """Seconds in the database, "13 months" in the form."""

    def prepare_value(self, value):
        return format_for_input(value) if value is None or isinstance(value, int) else value

    def to_python(self, value):
        try:
            return parse_lifetime(value)
        except ValueError:
            raise forms.ValidationError(
                _("Write a duration such as “30 minutes”, “13 months” or “session”."),
                code="invalid_duration",
            ) from None


class DeclarationFields(forms.ModelForm):
    lifetime = LifetimeField(
        label=_("Duration"), required=False,
        help_text=CookieDeclaration._meta.get_field("lifetime").help_text,
    )

    class Meta:
        model = CookieDeclaration
        fields = ["name", "storage", "domain", "category", "provider", "lifetime",
                  "description"]


DeclarationForm = translated_form(CookieDeclaration, base=DeclarationFields)


def fill_from_knowledge(declaration):
    """Fill a declaration's empty fields from the knowledge base; True when it knew the name."""
    known = knowledge.match_cookie(declaration.name, declaration.domain, declaration.storage)
    if known is None:
        return False
    if declaration.category_id is None:
        declaration.category = CookieCategory.objects.filter(key=known.category).first()
    for field, value in known.declaration_fields().items():
        if field != "storage" and not getattr(declaration, field):
            setattr(declaration, field, value)
    return True


@admin.register(CookieDeclaration)
class CookieDeclarationAdmin(admin.ModelAdmin):
    form = DeclarationForm
    fields = [*DeclarationFields.Meta.fields, *translation_field_names(CookieDeclaration)]
    list_display = ["name", "category", "provider", "domain_shown", "duration", "storage",
                    "last_seen", "source"]
    list_filter = ["category", "source", "storage", "provider"]
    search_fields = ["name", "provider", "domain", "description", "translations"]
    actions = ["fill_from_knowledge_base"]
    change_list_template = "consent/admin/declaration_change_list.html"

    @admin.display(description=_("domain"), ordering="domain")
    def domain_shown(self, declaration):
        return declaration.domain or _("this site")

    @admin.display(description=_("duration"), ordering="lifetime")
    def duration(self, declaration):
        return format_lifetime(declaration.lifetime)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        known = next((k for k in knowledge.cookies() if k.name == request.GET.get("kb")), None)
        if known:
            category = CookieCategory.objects.filter(key=known.category).first()
            initial.update(known.form_initial(), name=known.name,
                           category=category.pk if category else None)
        return initial

    def save_model(self, request, obj, form, change):
        if not change and not obj.description and fill_from_knowledge(obj):
            self.message_user(request, _("Filled in from the knowledge base: %(provider)s.")
                              % {"provider": obj.provider}, messages.INFO)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Fill empty fields from the knowledge base"))
    def fill_from_knowledge_base(self, request, queryset):
        count = 0
        for declaration in queryset:
            if fill_from_knowledge(declaration):
                declaration.save()
                count += 1
        self.message_user(request, ngettext(
            "%d declaration filled in.", "%d declarations filled in.", count) % count)

    def get_urls(self):
        view = self.admin_site.admin_view(self.knowledge_base_view)
        return [path("knowledge-base/", view, name="consent_knowledge_base")] + super().get_urls()

    def knowledge_base_view(self, request):
        declared = set(CookieDeclaration.objects.values_list("name", flat=True))
        names = texts.category_names()
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "title": _("Knowledge base of common cookies"),
            "entries": [(known, names[known.category], format_lifetime(known.lifetime),
                         known.name in declared) for known in knowledge.cookies()],
        }
        return TemplateResponse(request, "consent/admin/knowledge_base.html", context)


class SnippetForm(forms.ModelForm):
    class Meta:
        model = Snippet
        fields = ["name", "category", "placement", "code", "enabled", "position"]

    def clean(self):
        cleaned = super().clean()
        category, code = cleaned.get("category"), cleaned.get("code") or ""
        found = knowledge.domains_regex().search(code)
        known = found and knowledge.match_host(found.group(0))
        if category and category.is_necessary and known:
            raise forms.ValidationError(
                _("This code loads %(provider)s, which belongs to %(category)s: choose that "
                  "category so it waits for the reader's consent.")
                % {"provider": known.provider,
                   "category": texts.category_names()[known.category]},
                code="not_necessary",
            )
        return cleaned


@admin.register(Snippet)
class SnippetAdmin(admin.ModelAdmin):
    form = SnippetForm
    list_display = ["name", "category", "placement", "enabled", "position"]
    list_filter = ["category", "placement", "enabled"]
    list_editable = ["enabled", "position"]
    readonly_fields = ["as_served"]

    @admin.display(description=_("as it appears in pages"))
    def as_served(self, snippet):
        if not snippet.pk:
            return _("Save the snippet to see it.")
        return format_html("<pre>{}</pre>", snippet.gated_html())


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "consent_id", "action", "source", "granted", "regime",
                    "language", "gpc", "browser"]
    list_filter = ["action", "source", "regime", "language", "gpc", "revision"]
    date_hierarchy = "created_at"
    search_fields = ["=consent_id", "page", "ip"]
    actions = ["export_csv", "export_json"]
    change_list_template = "consent/admin/record_change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # append-only: proof of consent is never edited

    def has_delete_permission(self, request, obj=None):
        return False

    def _export(self, queryset, fmt, content_type):
        stream = io.StringIO()
        export.write(queryset.order_by("pk"), stream, fmt)
        response = HttpResponse(stream.getvalue(), content_type=content_type)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="consent-records-{stamp}.{fmt}"'
        return response

    @admin.action(description=_("Export selected records as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(queryset, "csv", "text/csv; charset=utf-8")

    @admin.action(description=_("Export selected records as JSON"), permissions=["view"])
    def export_json(self, request, queryset):
        return self._export(queryset, "json", "application/json")

    def get_urls(self):
        view = self.admin_site.admin_view(self.verify_view)
        return [path("verify/", view, name="consent_verify_log")] + super().get_urls()

    def verify_view(self, request):
        if not self.has_view_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        result = chain.verify()
        if result.ok:
            self.message_user(request, _("The log is intact: %(count)d records verified; head "
                                         "hash %(hash)s.") % {"count": result.checked,
                                                              "hash": result.head_hash},
                              messages.SUCCESS)
        for problem in result.problems[:20]:
            self.message_user(request, problem, messages.ERROR)
        return HttpResponseRedirect(reverse("admin:consent_consentrecord_changelist"))
