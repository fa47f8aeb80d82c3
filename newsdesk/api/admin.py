"""Back office: API tokens (each staff member their own; Administrators everyone's),
webhook endpoints and their delivery log (Administrators)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsdesk.api import tokens, webhooks
from newsdesk.api.models import Attempt, Delivery, Endpoint, Event, Token
from newsdesk.core import outbound


def manages_all(user):
    return user.has_perm("api.manage_all_tokens")


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("Active")), ("expired", _("Expired")), ("revoked", _("Revoked"))]

    def queryset(self, request, queryset):
        from django.db.models import Q
        from django.utils import timezone

        now = timezone.now()
        if self.value() == "active":
            return queryset.filter(Q(expires_at=None) | Q(expires_at__gt=now), revoked_at=None)
        if self.value() == "expired":
            return queryset.filter(expires_at__lte=now, revoked_at=None)
        if self.value() == "revoked":
            return queryset.exclude(revoked_at=None)
        return queryset


class TokenForm(forms.ModelForm):
    class Meta:
        model = Token
        fields = ["user", "name", "expires_at"]


@admin.register(Token)
class TokenAdmin(admin.ModelAdmin):
    form = TokenForm
    list_display = ["name", "user", "prefix_shown", "state", "created_at", "expires_at",
                    "last_used_at"]
    list_filter = [StateFilter]
    search_fields = ["name", "prefix", "user__username"]
    actions = ["revoke"]
    readonly_fields = ["prefix_shown", "created_at", "last_used_at", "revoked_at"]

    @admin.display(description=_("token"))
    def prefix_shown(self, token):
        return f"{token.prefix}…"

    @admin.display(description=_("state"))
    def state(self, token):
        if token.revoked_at:
            return _("Revoked")
        if not token.is_active:
            return _("Expired")
        return _("Active")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        return queryset if manages_all(request.user) else queryset.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if obj is not None:
            return ["name", "user", "prefix_shown", "created_at", "expires_at", "last_used_at",
                    "revoked_at"]
        return ["user", "name", "expires_at"] if manages_all(request.user) \
            else ["name", "expires_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["name", "user", "prefix_shown", "created_at", "expires_at", "last_used_at",
                "revoked_at"]

    def get_changeform_initial_data(self, request):
        return {"user": request.user.pk, "expires_at": tokens.default_expiry()}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # kept, revoked, so the audit trail can name the token of every use

    def save_model(self, request, obj, form, change):
        if change:
            return
        user = obj.user if manages_all(request.user) and obj.user_id else request.user
        _token, request._new_token = tokens.issue(user, obj.name, obj.expires_at, token=obj)

    def response_add(self, request, obj, post_url_continue=None):
        # Shown once, in this answer only: never put into a message (a cookie) or the log.
        context = {**self.admin_site.each_context(request), "token": obj,
                   "raw": request._new_token, "opts": self.model._meta,
                   "title": _("Copy the new token now")}
        response = TemplateResponse(request, "api/token_created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at=None):
            tokens.revoke(token)
            count += 1
        self.message_user(request, ngettext("%d token revoked.", "%d tokens revoked.", count)
                          % count, messages.SUCCESS)


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("address"), max_length=1000, assume_scheme="https",
                         help_text=Endpoint._meta.get_field("url").help_text)
    events = forms.MultipleChoiceField(label=_("events"), choices=Event.choices,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Endpoint
        fields = ["url", "description", "events", "active"]


    def clean_url(self):
        from urllib.parse import urlsplit

        url = self.cleaned_data["url"]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise ValidationError(_("Give an http or https address."), code="scheme")
        try:
            outbound.check_host(parts.hostname or "")
        except outbound.Refused:
            raise ValidationError(
                _("This address is on a private or local network, or cannot be found. newsdesk "
                  "sends webhooks there only if NEWSDESK_OUTBOUND_ALLOWED_NETWORKS names its "
                  "network."), code="private") from None
        return url


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "status_code", "response_ms", "error"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "description", "active", "failures_in_a_row", "last_delivery"]
    list_filter = ["active"]
    readonly_fields = ["secret_shown", "disabled_reason", "failures_in_a_row", "created_at"]
    actions = ["send_test"]

    def get_fields(self, request, obj=None):
        fields = ["url", "description", "events", "active"]
        return fields + (["secret_shown", "disabled_reason", "failures_in_a_row"] if obj else [])

    @admin.display(description=_("signing secret"))
    def secret_shown(self, endpoint):
        return format_html("<code>{}</code>", endpoint.secret)

    @admin.display(description=_("last delivery"))
    def last_delivery(self, endpoint):
        last = endpoint.deliveries.order_by("-created_at").first()
        return f"{last.get_status_display()} ({last.status_code or last.error or '…'})" \
            if last else "—"

    def save_model(self, request, obj, form, change):
        if not obj.secret:
            obj.secret = webhooks.new_secret()
        if obj.created_by_id is None:
            obj.created_by = request.user
        if change and "active" in form.changed_data and obj.active:
            obj.failures_in_a_row, obj.disabled_reason = 0, ""
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Send a test event to selected endpoints"))
    def send_test(self, request, queryset):
        for endpoint in queryset:
            webhooks.send_test(endpoint)
        self.message_user(request, _("Test events queued: see the delivery log."),
                          messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "endpoint", "status", "attempts", "status_code", "response_ms",
                    "created_at", "delivered_at"]
    list_filter = ["status", "event", "endpoint"]
    search_fields = ["message_id", "endpoint__url"]
    inlines = [AttemptInline]
    actions = ["redeliver"]
    fields = readonly_fields = ["endpoint", "event", "message_id", "status", "attempts",
                                "status_code", "response_ms", "error", "created_at",
                                "delivered_at", "next_attempt_at", "payload_shown"]

    @admin.display(description=_("payload"))
    def payload_shown(self, delivery):
        import json

        # Indented: the body as sent is one long line that would run off the page.
        return format_html("<pre>{}</pre>", json.dumps(delivery.payload, indent=2,
                                                       ensure_ascii=False))

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Redeliver selected deliveries"), permissions=["change"])
    def redeliver(self, request, queryset):
        count = 0
        for delivery in queryset.select_related("endpoint"):
            if delivery.endpoint.active:
                webhooks.redeliver(delivery)
                count += 1
        self.message_user(request, ngettext(
            "%d delivery queued again.", "%d deliveries queued again.", count) % count,
            messages.SUCCESS)


