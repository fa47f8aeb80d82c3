"""Signals that concern the whole site, whichever app sends them.

site_changed: something shown on every page changed (the consent texts, a
restored backup), with no arguments. The page cache connects to it. Other apps
send it; none needs to know who listens.
"""

from django.dispatch import Signal

site_changed = Signal()
