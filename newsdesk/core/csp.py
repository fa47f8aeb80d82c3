"""Content-Security-Policy source expressions, shared by whoever builds a policy."""

import base64
import hashlib


def sha256_source(text):
    """The CSP source expression allowing exactly this inline script or style text."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
