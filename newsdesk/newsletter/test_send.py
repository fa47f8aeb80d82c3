"""A test copy of an issue to one address (an editor's own), outside the recorded sending:
it is not a delivery, and its personal links are marked as test links."""

from django.utils import translation
from django.utils.translation import gettext as _

from newsdesk.newsletter.models import Delivery, NewsletterList, Subscriber
from newsdesk.newsletter.sending import messages, planning


def send(issue, email, language):
    with translation.override(language):
        parts = messages.render(issue, language)
        label = _("Test")  # outside the f-string, where makemessages finds it
        parts.subject = f"[{label}] {parts.subject}"
    stand_in = Subscriber(pk=0, email=email, language=language, secret="test")
    lists = planning.lists_for(issue)
    delivery = Delivery(pk=0, issue=issue, email=email, language=language)
    message = messages.personal(parts, delivery, stand_in,
                                lists[0] if lists else NewsletterList(slug="test", name="Test"))
    message.django_message.send()
    return message
