import base64

import segno
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from newsdesk.security import audit, twofactor
from newsdesk.security.forms import CodeForm, ThrottledPasswordResetForm


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("admin:index")


def _render(request, template, context, status=200):
    context = {**admin.site.each_context(request), "next": _next_url(request), **context}
    return render(request, template, context, status=status)


@never_cache
@login_required
def verify(request):
    """Second step of signing in: a code from the app, or a backup code."""
    if not twofactor.has_two_factor(request.user):
        return redirect(_next_url(request))
    form = CodeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.matched_device)
        return redirect(_next_url(request))
    return _render(request, "security/two_factor_verify.html", {
        "form": form, "title": _("Two-factor sign-in"),
    })


@never_cache
@login_required
def setup(request):
    """Turn on two-factor sign-in, or see its state and turn it off."""
    user = request.user
    if twofactor.has_two_factor(user):
        if not user.is_verified():
            return redirect(f"{reverse('security:two-factor-verify')}?next={request.path}")
        return _render(request, "security/two_factor_manage.html", {
            "title": _("Two-factor sign-in"),
            "form": CodeForm(user),
            "required": twofactor.is_required(user),
            "backup_codes_left": twofactor.remaining_backup_codes(user),
        })
    device = twofactor.pending_device(user)
    form = CodeForm(user, request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        codes = twofactor.new_backup_codes(user)
        audit.record(user, "two_factor.enable", user)
        return _render(request, "security/two_factor_codes.html", {
            "title": _("Your backup codes"), "codes": codes,
        })
    return _render(request, "security/two_factor_setup.html", {
        "title": _("Turn on two-factor sign-in"),
        "form": form,
        "required": twofactor.is_required(user),
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret": _grouped(base64.b32encode(device.bin_key).decode().rstrip("=")),
    })


def _grouped(secret):
    return " ".join(secret[index:index + 4] for index in range(0, len(secret), 4))


@never_cache
@login_required
@require_POST
def backup_codes(request):
    """New backup codes, after a current code; the old ones stop working."""
    form = CodeForm(request.user, request.POST)
    if not request.user.is_verified() or not form.is_valid():
        messages.error(request, _("Enter a current code to make new backup codes."))
        return redirect("security:two-factor-setup")
    return _render(request, "security/two_factor_codes.html", {
        "title": _("Your backup codes"), "codes": twofactor.new_backup_codes(request.user),
    })


@never_cache
@login_required
@require_POST
def turn_off(request):
    user = request.user
    form = CodeForm(user, request.POST)
    if twofactor.is_required(user):
        messages.error(request, _("Administrators of this site must use two-factor sign-in."))
    elif not user.is_verified() or not form.is_valid():
        messages.error(request, _("Enter a current code to turn two-factor sign-in off."))
    else:
        twofactor.turn_off(user)
        audit.record(user, "two_factor.disable", user)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("security:two-factor-setup")


@never_cache
def lockout(request, original_response=None, credentials=None):
    """django-axes' answer once an address has failed to sign in too often (HTTP 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _render(request, "security/lockout.html", {
        "title": _("Too many attempts"), "minutes": minutes,
    }, status=429)


class AdminContextMixin:
    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class PasswordResetView(AdminContextMixin, auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(AdminContextMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AdminContextMixin, auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        # Whoever proved they own the mailbox may sign in again at once: lift any lockout.
        axes_reset(username=self.user.get_username())
        return super().form_valid(form)


class PasswordResetCompleteView(AdminContextMixin, auth_views.PasswordResetCompleteView):
    pass
