"""Who hears about the site's own problems and findings: its administrators."""

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q

from newsdesk.core.roles import ADMINISTRATOR


def administrator_emails():
    """Active superusers and members of the Administrator role, with an email address."""
    users = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=ADMINISTRATOR), is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def mail_administrators(subject, body):
    """Send a plain email to the administrators; False when none has an address."""
    recipients = administrator_emails()
    if not recipients:
        return False
    EmailMessage(" ".join(subject.split()), body, to=recipients,
                 headers={"Auto-Submitted": "auto-generated"}).send()
    return True
