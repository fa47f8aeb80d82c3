"""The Admin API: drafts, images and review, with a staff member's token.

The token acts as its staff member with their permissions as they are at each
request, and the same rules as the back office: Authors write and change their
own drafts and submit them; nobody publishes through this API. Every use is
recorded in the audit trail (security.audit), refused ones too.
"""

import functools

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status, UploadedFile
from ninja.errors import HttpError

from newsdesk.api import drafts, schemas
from newsdesk.api.admin_schemas import AdminStory, DraftIn, DraftPatch, ImageOut, Me, SubmitIn
from newsdesk.api.errors import BadRequest, Conflict
from newsdesk.api.tokens import TokenAuth

router = Router(tags=["Admin"], auth=TokenAuth())
REFUSALS = {400: schemas.Error, 401: schemas.Error, 403: schemas.Error, 404: schemas.Error}


def audited(action):
    """Record every use of the token in the audit trail, with its outcome."""
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            from newsdesk.security import audit

            token = request.auth
            details = {"token": token.prefix, "method": request.method, "path": request.path}
            request.audit_object = None
            try:
                result = view(request, *args, **kwargs)
            except (HttpError, BadRequest, Conflict, Http404) as error:
                status = getattr(error, "status_code", None) or {
                    BadRequest: 400, Conflict: 409, Http404: 404}[type(error)]
                audit.record(token.user, f"api.{action}", request.audit_object,
                             {**details, "status": status, "refused": str(error)[:200]})
                raise
            status = getattr(result, "status_code", 200)
            audit.record(token.user, f"api.{action}", request.audit_object,
                         {**details, "status": status})
            return result
        return wrapper
    return decorator


def forbid(message):
    raise HttpError(403, message)


@router.get("/me", response={200: Me, 401: schemas.Error}, summary="Who this token acts for")
@audited("me")
def me(request):
    user = request.auth.user
    return {
        "username": user.get_username(),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "can_publish": drafts.can_publish(user),
        "token_expires_at": request.auth.expires_at,
    }


@router.get("/stories/{story_id}", response={200: AdminStory, **REFUSALS},
            summary="One story as its editors see it")
@audited("story.read")
def get_story(request, story_id: int):
    article = drafts.visible(request, story_id)
    return drafts.as_admin(article)


@router.post("/stories", response={201: AdminStory, **REFUSALS}, summary="Create a draft")
@audited("story.create")
def create_story(request, payload: DraftIn):
    user = request.auth.user
    if not user.has_perm("publishing.add_article"):
        forbid(_("This account may not write stories."))
    article = request.audit_object = drafts.create(user, payload.model_dump(exclude_unset=True))
    return Status(201, drafts.as_admin(article))


@router.patch("/stories/{story_id}", response={200: AdminStory, 409: schemas.Error, **REFUSALS},
              summary="Change a draft")
@audited("story.update")
def update_story(request, story_id: int, payload: DraftPatch):
    """Send the `version` you read; if the story changed since, nothing is saved (409)."""
    user = request.auth.user
    article = drafts.changeable(request, story_id)
    changes = payload.model_dump(exclude_unset=True)
    article = drafts.update(user, article, changes.pop("version"), changes)
    return drafts.as_admin(article)


@router.post("/stories/{story_id}/submit",
             response={200: AdminStory, 409: schemas.Error, **REFUSALS},
             summary="Submit a draft for review")
@audited("story.submit")
def submit_story(request, story_id: int, payload: SubmitIn = None):
    user = request.auth.user
    article = drafts.changeable(request, story_id)
    article = drafts.submit(user, article, payload.note if payload else "")
    return drafts.as_admin(article)


@router.post("/images", response={201: ImageOut, 413: schemas.Error, **REFUSALS},
             summary="Upload an image")
@audited("image.upload")
def upload_image(request, file: File[UploadedFile], alt: Form[str] = ""):
    """Checked and re-encoded without camera data and GPS position, as back-office uploads.
    Put the answer's `markdown` into a story's body."""
    user = request.auth.user
    if not (user.has_perm("publishing.add_article") or user.has_perm("publishing.change_article")):
        forbid(_("This account may not add images."))
    return Status(201, drafts.store_image(user, file, alt))


@router.post("/stories/{story_id}/image", response={200: AdminStory, 409: schemas.Error,
                                                    413: schemas.Error, **REFUSALS},
            summary="Set a draft's featured image")
@audited("story.image")
def set_featured_image(request, story_id: int, file: File[UploadedFile], version: Form[str],
                       alt: Form[str] = ""):
    user = request.auth.user
    article = drafts.changeable(request, story_id)
    article = drafts.set_featured_image(user, article, version, file, alt)
    return drafts.as_admin(article)

