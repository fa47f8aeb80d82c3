"""The site's languages: settings.LANGUAGES is the one list, and these helpers read it."""

from django.conf import settings


def bcp47(code):
    """Django's language code ('zh-hans') as an HTML lang value ('zh-Hans')."""
    parts = (code or "").split("-")
    tail = [part.title() if len(part) == 4 else part.upper() for part in parts[1:]]
    return "-".join([parts[0].lower(), *tail]) if parts[0] else ""


def codes():
    """Every UI language code, the default one first as settings.LANGUAGES orders them."""
    return [code for code, _name in settings.LANGUAGES]


def url_prefixes():
    """The path prefixes of the reader's site, one per language: ('/en/', '/zh-hans/')."""
    return tuple(f"/{code}/" for code in codes())


def negotiate(accept_language):
    """Django's choice of language from an Accept-Language header alone (no cookie, no path)."""
    from django.utils.translation import trans_real

    for code, _quality in trans_real.parse_accept_lang_header(accept_language):
        if code == "*":
            break
        if not trans_real.language_code_re.search(code):
            continue
        try:
            return trans_real.get_supported_language_variant(code)
        except LookupError:
            continue
    try:
        return trans_real.get_supported_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE
