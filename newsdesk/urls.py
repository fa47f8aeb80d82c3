from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve as serve_media

from newsdesk.api.api import mount as mount_api
from newsdesk.publishing import views as publishing_views

admin.site.site_header = admin.site.site_title = settings.NEWSDESK_SITE_NAME
admin.site.index_title = "newsdesk"

urlpatterns = [
    path("", include("newsdesk.security.urls")),
    path("admin/", admin.site.urls),
    path("api/audience/", include("newsdesk.audience.urls")),
    path("api/consent/", include("newsdesk.consent.api_urls")),
    # The Content and Admin API, /api/openapi.json and /api/reference/ (docs/api.md).
    path("api/", mount_api().urls),
    # Uploaded media; at scale nginx serves this directory itself (docs/operations.md).
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve_media,
         {"document_root": settings.MEDIA_ROOT}),
    path("", include("newsdesk.syndication.urls_root")),
    # WebFinger, NodeInfo, actors and inboxes (docs/fediverse.md).
    path("", include("newsdesk.fediverse.urls")),
]

urlpatterns += i18n_patterns(
    path("comments/", include("newsdesk.comments.urls")),
    path("newsletter/", include("newsdesk.newsletter.urls")),
    path("", include("newsdesk.publishing.urls")),
    path("", include("newsdesk.syndication.urls")),
    path("", include("newsdesk.consent.urls")),
    prefix_default_language=True,
)

handler404 = publishing_views.page_not_found
handler500 = publishing_views.server_error
