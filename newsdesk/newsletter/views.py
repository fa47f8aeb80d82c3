"""Readers' newsletter pages: sign up, confirm, preferences, one-click unsubscribe, web version.

None of them sets a cookie. The sign-up form sits on every (cached, shared) page,
which carries no CSRF token: like the comment form, its view is exempt from
Django's cookie-based check and checks instead that the browser sent it from
this site (core/origins.py) and that it carries a signed, timed token. The other
forms are reached through signed links, which are their own proof.
"""

import time

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from newsdesk.core.net import client_ip as client_address
from newsdesk.core.origins import same_origin
from newsdesk.newsletter import services, tokens
from newsdesk.newsletter.forms import PreferencesForm, SubscribeForm
from newsdesk.newsletter.models import Issue, NewsletterList, Subscriber
from newsdesk.newsletter.sending import messages

MAX_BODY = 16_384


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def page(request, template, context, status=200):
    """A page of the newsletter's own: private, and without the footer's sign-up box."""
    return private(render(request, template, {**context, "newsletter_page": True},
                          status=status))


def message_page(request, status, title, message, extra=None):
    return page(request, "newsletter/message.html", {
        "title": title, "message": message, **(extra or {}),
    }, status=status)


def client_ip(request):
    return client_address(request) or ""


def signup_lists(language):
    """What the form offers: the default lists of the language, else every public one."""
    return services.default_lists(language) or services.public_lists()


def form_page(request, form, status):
    form.data = form.data.copy()
    form.data["token"] = tokens.form_token(time.time())
    lists = signup_lists(get_language())
    return page(request, "newsletter/subscribe_page.html", {
        "form": form, "signup_lists": lists,
        "consent_text": services.consent_text(lists, get_language()),
    }, status=status)


@csrf_exempt  # Cached pages carry no CSRF cookie; same_origin() and the signed token stand in.
@require_POST
def subscribe(request):
    if not same_origin(request):
        return message_page(request, 403, _("Your sign-up was not sent"),
                            _("This form was sent from another website. Please sign up on "
                              "this site's own page."))
    try:
        too_large = int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY
        data = None if too_large else request.POST
    except ValueError:
        data = None
    if data is None:
        return message_page(request, 400, _("Your sign-up was not sent"),
                            _("The form could not be read. Please go back and try again."))
    language = get_language()
    offered = NewsletterList.objects.filter(pk__in=[item.pk for item in
                                                    services.public_lists()])
    form = SubscribeForm(data, lists=offered, now=time.time())
    if not form.is_valid():
        return form_page(request, form, 400)
    if form.is_bot:  # answered like a person, so the bot learns nothing
        return check_inbox(request, form.cleaned_data["email"])
    lists = list(form.cleaned_data["lists"]) or signup_lists(language)
    try:
        services.request_subscription(form.cleaned_data["email"], lists, language,
                                      ip=client_ip(request))
    except services.Refused as refused:
        form.add_error(None, refused.message)
        response = form_page(request, form, 429 if refused.code == "rate-limited" else 400)
        response["Retry-After"] = "3600"
        return response
    return check_inbox(request, form.cleaned_data["email"])


def check_inbox(request, email):
    return message_page(request, 200, _("Check your inbox"), _(
        "We have sent an email to %(email)s. Open the link in it to confirm your "
        "subscription. Nothing arrives? Look in the spam folder, or sign up again in a few "
        "minutes.") % {"email": email})


@require_GET
def form_token(request):
    """A fresh time-trap token for the form on a cached page (fetched on first focus)."""
    return private(JsonResponse({"token": tokens.form_token(time.time())}))


def _unknown_link(request):
    return message_page(request, 404, _("Link not recognised"),
                        _("This link is not valid. If you copied it, please check that it is "
                          "complete."))


@csrf_exempt  # The signed link is the proof; no cookie to check against.
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        data = tokens.read_confirm(token)
    except tokens.Expired:
        return page(request, "newsletter/expired.html", {}, status=410)
    subscriber = tokens.subscriber_for(data)
    if subscriber is None:
        return _unknown_link(request)
    lists = list(NewsletterList.objects.filter(pk__in=data.get("l", [])))
    if request.method == "GET":  # a button to press: mail scanners opening links confirm nothing
        return page(request, "newsletter/confirm.html", {
            "token": token, "lists": lists, "email": subscriber.email,
        })
    services.confirm(subscriber, [item.pk for item in lists])
    return message_page(request, 200, _("You are subscribed"), _(
        "Thank you: your subscription is confirmed. A welcome email is on its way, with the "
        "link to your preferences."), {
        "link": reverse("newsletter:preferences",
                        kwargs={"token": tokens.preferences_token(subscriber)}),
        "link_label": _("Your preferences"),
    })


@csrf_exempt  # As confirm(): the signed link is the proof.
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber = tokens.subscriber_for(tokens.read(token, tokens.PREFERENCES_SALT))
    if subscriber is None:
        return _unknown_link(request)
    offered = NewsletterList.objects.filter(pk__in={
        *[item.pk for item in services.public_lists()],
        *subscriber.subscriptions.values_list("newsletter_list_id", flat=True)})
    current = list(subscriber.subscriptions.filter(confirmed_at__isnull=False)
                   .values_list("newsletter_list_id", flat=True))
    saved = False
    if request.method == "POST" and "leave" in request.POST:
        services.leave(subscriber)
        return message_page(request, 200, _("You have left"), _(
            "You will get no more newsletters from us. Changed your mind? Your preferences "
            "stay at this link."), {"link": request.path, "link_label": _("Your preferences")})
    form = PreferencesForm(request.POST if request.method == "POST" else None, lists=offered,
                           initial={"lists": current, "language": subscriber.language,
                                    "paused": subscriber.status == Subscriber.Status.PAUSED})
    if request.method == "POST" and form.is_valid():
        services.update_preferences(subscriber, list(form.cleaned_data["lists"]),
                                    form.cleaned_data["language"], form.cleaned_data["paused"])
        saved = True
    return page(request, "newsletter/preferences.html", {
        "form": form, "subscriber": subscriber, "saved": saved, "token": token,
    }, status=400 if form.is_bound and not form.is_valid() else 200)


@csrf_exempt  # Mail programs post here themselves (RFC 8058); the signed token is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    data = tokens.read(token, tokens.UNSUBSCRIBE_SALT)
    subscriber = tokens.subscriber_for(data)
    if subscriber is None:
        return _unknown_link(request)
    newsletter_list = NewsletterList.objects.filter(pk=data.get("l")).first()
    if request.method == "POST":
        services.leave(subscriber, newsletter_list, source="unsubscribe link")
        return message_page(request, 200, _("You are unsubscribed"), _(
            "You will get no more emails from this newsletter."), {
            "link": reverse("newsletter:preferences",
                            kwargs={"token": tokens.preferences_token(subscriber)}),
            "link_label": _("Your preferences"),
        })
    return page(request, "newsletter/unsubscribe.html", {
        "token": token, "newsletter_list": newsletter_list,
    })


@require_GET
def issue(request, pk):
    """The web version of a digest (a story's web version is its article page)."""
    found = get_object_or_404(Issue.objects.select_related("digest_list"), pk=pk,
                              kind=Issue.Kind.DIGEST)
    if found.status not in (Issue.Status.SENDING, Issue.Status.SENT):
        raise Http404
    return render(request, "newsletter/issue.html", {
        "issue": found, "articles": messages.issue_articles(found),
    })
