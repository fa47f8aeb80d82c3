from django import template
from django.utils.translation import get_language

from newsdesk.newsletter import services

register = template.Library()


@register.inclusion_tag("newsletter/_signup.html", takes_context=True)
def newsletter_signup(context):
    """The sign-up box of every page: the default lists of the page's language (not on the
    newsletter's own pages, which are about a subscription already)."""
    if context.get("newsletter_page"):
        return {"signup_lists": []}
    language = get_language()
    lists = services.default_lists(language) or services.public_lists()
    return {"signup_lists": lists, "consent_text": services.consent_text(lists, language),
            "form": None, "suffix": "", "request": context.get("request")}
