import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

from newsdesk.pagecache.wsgi import PageCacheApp  # noqa: E402  (after the settings module is set)

# The page cache answers hits before Django's middleware runs (docs/architecture.md).
application = PageCacheApp(get_wsgi_application())
