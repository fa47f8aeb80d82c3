"""Mail to the administrators about webhook endpoints."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsdesk.core.roles import ADMINISTRATOR


def administrators():
    users = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=ADMINISTRATOR), is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def endpoint_switched_off(endpoint_id):
    from newsdesk.api.models import Endpoint

    endpoint = Endpoint.objects.filter(pk=endpoint_id).first()
    recipients = administrators()
    if endpoint is None or not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "endpoint": endpoint, "site_name": settings.NEWSDESK_SITE_NAME,
            "url": settings.NEWSDESK_BASE_URL.rstrip("/")
            + reverse("admin:api_endpoint_change", args=[endpoint.pk]),
        }
        subject = render_to_string("api/email/switched_off_subject.txt", context).strip()
        body = render_to_string("api/email/switched_off_body.txt", context)
    return send_mail(subject, body, None, recipients)
