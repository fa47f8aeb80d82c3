"""Signals that concern the whole site, whichever app sends them.

site_changed: something shown on every page changed (the consent texts, a
restored backup), with no arguments. The page cache connects to it. Other apps
send it; none needs to know who listens.
"""

from django.dispatch import Signal

site_changed = Signal()

# A reply to a story arrived from another site (the fediverse app sends it) with
# `article`, `name` (@user@server), `profile_url`, `text` (plain), `url` (the remote
# post) and `language`. A receiver (the comments app's) files it for moderation and
# returns the id of the comment it made, which the sender keeps beside the reply.
remote_reply = Signal()
