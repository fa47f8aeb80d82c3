"""The project's CSRF_FAILURE_VIEW: a page that says what happened and offers a way back.

Every form of the site (the back office, comments, sign-in) ends here when
Django's CSRF check refuses it; apps that check the origin themselves (the
comment form) answer with the same page.
"""

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control

from newsdesk.core.origins import allowed_origins, origin_of

# The reader's home page, by URL name: core names it without importing the app serving it.
HOME_URL_NAME = "publishing:home"


def home_url():
    try:
        return reverse(HOME_URL_NAME)
    except NoReverseMatch:
        return "/"


def csrf_failure(request, reason="", template_name="core/csrf_failure.html"):
    """403 with the way back: the page the form came from when it is this site's, else home."""
    referer = request.headers.get("Referer", "")
    back = referer if referer and origin_of(referer) in allowed_origins(request) else None
    response = render(request, template_name, {"back_url": back or home_url()}, status=403)
    patch_cache_control(response, private=True, no_store=True)
    return response
