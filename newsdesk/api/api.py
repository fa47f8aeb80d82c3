"""The one NinjaAPI: Content API and Admin API under /api/v1/, its OpenAPI document at
/api/openapi.json and the browsable reference at /api/reference/.

Why django-ninja rather than Django REST framework: the OpenAPI 3.1 document is
made from the same type-annotated schemas that validate requests and shape
answers (DRF needs drf-spectacular beside it, and its schemas drift from the
serializers unless each is annotated again); it is a maintained, widely used
library; its Swagger UI is shipped inside the package, so the reference page
loads nothing from another host and passes the site's strict CSP.
"""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Swagger

from newsdesk.api import errors

DESCRIPTION = _(
    "The newsroom's published stories, authors, sections and tags as JSON, and an Admin API "
    "for drafts.\n\n"
    "**Content API** (`/api/v1/stories`, `/authors`, `/sections`, `/tags`): public, "
    "read-only, no key. Lists take `limit` and `cursor` (pass back `next_cursor`); stories "
    "filter by `language`, `section`, `tag`, `author` and `updated_since`. An unknown "
    "parameter or a malformed cursor is answered 400 with the reason. Answers carry an ETag: "
    "send it back in If-None-Match and an unchanged answer is a 304.\n\n"
    "**Admin API** (`/api/v1/admin/...`): `Authorization: Bearer <token>`, a token an "
    "administrator made for a staff member in the back office. It may do what that person "
    "may do, and no more; every use is in the audit trail."
)

api = NinjaAPI(
    title="newsdesk API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/reference/",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0, "tryItOutEnabled": True}),
)
errors.install(api)


def mount():
    from newsdesk.api import admin_api, content

    api.add_router("/v1/", content.router)
    api.add_router("/v1/admin/", admin_api.router)
    return api
