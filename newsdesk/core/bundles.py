"""One stylesheet and one script for the whole site: `newsdesk/bundle.css` and `.js`.

Each app keeps its own `static/<label>/<label>.css` and `.js`; this static
files finder joins them, in INSTALLED_APPS order after `newsdesk/site.css`,
into two files that `collectstatic` then hashes and compresses like any other.
A first visit thus costs the page, one stylesheet and one script, whatever the
number of apps. Base.html links them with `{% bundle_links %}` (`{% load bundle %}`).
"""

import functools
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from newsdesk.core.files import write_atomically

BUNDLE_CSS = "newsdesk/bundle.css"
BUNDLE_JS = "newsdesk/bundle.js"
SITE_CSS = "newsdesk/site.css"
# url(...) values that are relative to the stylesheet they were written in.
_RELATIVE_URL = re.compile(r"""url\(\s*(['"]?)(?!data:|https?:|/|#)([^'")]+)\1\s*\)""")


def sources(extension):
    """(static path, file) of every part of a bundle, in order."""
    found = []
    for app_config in apps.get_app_configs():
        static = Path(app_config.path) / "static"
        names = [f"{app_config.label}/{app_config.label}.{extension}"]
        if app_config.name == "newsdesk" and extension == "css":
            names.insert(0, SITE_CSS)
        for name in names:
            if (static / name).is_file():
                found.append((name, static / name))
    if extension == "css":
        found.sort(key=lambda item: item[0] != SITE_CSS)  # the base styles first
    return found


@functools.cache
def has_script():
    """True when some installed app ships a script, so pages need the bundle's <script>."""
    return bool(sources("js"))


def build_css():
    parts = []
    for name, path in sources("css"):
        folder = name.rsplit("/", 1)[0]
        text = path.read_text(encoding="utf-8")
        # The bundle lives in newsdesk/; keep each app's relative url()s pointing home.
        text = _RELATIVE_URL.sub(rf"url(\1../{folder}/\2\1)", text)
        parts.append(f"/* {name} */\n{text.strip()}\n")
    return "\n".join(parts)


def build_js():
    # Each file in its own function scope, so two apps' top-level names never collide.
    return "\n".join(
        f"/* {name} */\n(function () {{\n{path.read_text(encoding='utf-8').strip()}\n}})();\n"
        for name, path in sources("js")
    )


def _write_if_changed(path, text):
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"), mode=0o644)


class BundleFinder(BaseFinder):
    """Builds the bundles under $NEWSDESK_DATA_DIR/bundle/ and offers them to staticfiles."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.location = Path(settings.DATA_DIR) / "bundle"
        self.storage = FileSystemStorage(location=self.location)
        self.built = False

    def build(self):
        if not self.built:
            _write_if_changed(self.location / BUNDLE_CSS, build_css())
            _write_if_changed(self.location / BUNDLE_JS, build_js())
            self.built = True

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path not in (BUNDLE_CSS, BUNDLE_JS):
            return [] if find_all else None
        self.build()
        match = str(self.location / path)
        return [match] if find_all else match

    def list(self, ignore_patterns):
        self.build()
        for path in (BUNDLE_CSS, BUNDLE_JS):
            yield path, self.storage
