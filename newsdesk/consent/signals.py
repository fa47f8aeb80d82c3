"""Consent settings are on every page: any change tells the page cache to refresh them all."""

from django.db.models.signals import post_delete, post_save

from newsdesk.core.signals import site_changed


def announce_site_change(sender, **kwargs):
    if not kwargs.get("raw"):
        site_changed.send(sender=sender)


def connect():
    """Connect the receivers (from ConsentConfig.ready)."""
    from newsdesk.consent.models import ConsentPolicy, CookieCategory, CookieDeclaration, Snippet

    for model in (ConsentPolicy, CookieCategory, CookieDeclaration, Snippet):
        post_save.connect(announce_site_change, sender=model,
                          dispatch_uid=f"consent-{model.__name__}")
        post_delete.connect(announce_site_change, sender=model,
                            dispatch_uid=f"consent-del-{model.__name__}")
