from django.core.checks import Warning, register

from newsdesk.consent import conf

# 395 days: the 13 months most European regulators accept for remembering a choice.
LONGEST_COOKIE_DAYS = 395


@register()
def check_consent_settings(app_configs, **kwargs):
    found = []
    days = conf.get("COOKIE_SECONDS") / 86400
    if days > LONGEST_COOKIE_DAYS:
        found.append(Warning(
            f"NEWSDESK_CONSENT_COOKIE_SECONDS={conf.get('COOKIE_SECONDS')} keeps a reader's "
            "choice for more than 13 months.",
            hint="Most European regulators expect readers to be asked again within 13 months.",
            id="consent.W001",
        ))
    months = conf.get("RETENTION_MONTHS")
    if months * 365.25 / 12 < days:
        found.append(Warning(
            f"NEWSDESK_CONSENT_RETENTION_MONTHS={months} deletes consent records before the "
            f"choices they prove expire ({days:g} days).",
            hint="Keep records at least as long as NEWSDESK_CONSENT_COOKIE_SECONDS.",
            id="consent.W002",
        ))
    return found
