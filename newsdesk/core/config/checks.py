"""`newsdesk check`: every declared setting's value against its declaration."""

from django.core.checks import Error, Warning, register

from newsdesk.core.config.table import deprecated_in_use, tables


@register()
def settings_match_their_declarations(app_configs, **kwargs):
    """<app>.E001 wrong kind, E002 not among the allowed values, E003 below the minimum."""
    return [
        Error(sentence, hint=f"See docs/configuration.md ({table.label}).", id=check_id)
        for table in tables() for check_id, sentence in table.problems()
    ]


@register()
def no_deprecated_variables(app_configs, **kwargs):
    return [
        Warning(f"{old} is deprecated.", hint=f"Rename it to {new}: the old name will go.",
                id="core.W002")
        for old, new in dict.fromkeys(deprecated_in_use)
    ]
