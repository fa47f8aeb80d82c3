from django.conf import settings


def site(request):
    """Expose the site's name and base URL to every template."""
    return {
        "site_name": settings.NEWSDESK_SITE_NAME,
        "base_url": settings.NEWSDESK_BASE_URL,
    }
