from django import template
from django.utils.safestring import mark_safe

from newsdesk.consent import conf, page, texts

register = template.Library()


@register.inclusion_tag("consent/_ui.html")
def consent_ui():
    """The banner, the preferences centre and consent.js's configuration (every page)."""
    policy = texts.policy()
    tables, _uncategorised = texts.cookie_tables()
    return {
        "policy": policy, "intro": policy.intro_paragraphs(), "tables": tables,
        "config": page.script_config(policy.revision),
    }


@register.simple_tag
def consent_snippets(placement):
    """Enabled third-party snippets for a placement, gated by their categories."""
    return mark_safe("\n".join(page.snippets(placement)))


@register.simple_tag
def consent_regime():
    return conf.get("REGIME")
