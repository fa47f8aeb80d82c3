def bcp47(code):
    """Django's language code ('zh-hans') as an HTML lang value ('zh-Hans')."""
    parts = (code or "").split("-")
    tail = [part.title() if len(part) == 4 else part.upper() for part in parts[1:]]
    return "-".join([parts[0].lower(), *tail]) if parts[0] else ""
