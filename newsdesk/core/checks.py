"""System checks of the shared floor's own settings (ids core.W001 and up).

The settings tables are checked by newsdesk.core.config.checks (E001-E003, W002).
"""

from django.core.checks import Warning, register

from newsdesk.core import conf


@register()
def client_ip_header_has_a_proxy(app_configs, **kwargs):
    """A forwarding header is only believed from a trusted proxy: say so when there is none."""
    header = conf.get("NEWSDESK_CLIENT_IP_HEADER")
    default = conf.SETTINGS.settings["NEWSDESK_CLIENT_IP_HEADER"].default
    if header == default or conf.get("NEWSDESK_TRUSTED_PROXIES") or \
            conf.get("NEWSDESK_PROXY_COUNT"):
        return []
    return [Warning(
        f"NEWSDESK_CLIENT_IP_HEADER={header} is ignored: no proxy is trusted to send it.",
        hint="Set NEWSDESK_TRUSTED_PROXIES to the addresses of your reverse proxies "
             "(e.g. 127.0.0.1/32): the header is then read from the right past each of them.",
        id="core.W001",
    )]
