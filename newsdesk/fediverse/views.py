"""WebFinger, NodeInfo, actors, stories as objects, and the inboxes."""

import json

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from newsdesk.fediverse import actors, conf, inbox, objects
from newsdesk.fediverse.models import Follower
from newsdesk.publishing.models import Article, Author

ACTIVITY_JSON = "application/activity+json"


def activity_response(data, status=200):
    return HttpResponse(json.dumps(data, ensure_ascii=False), status=status,
                        content_type=ACTIVITY_JSON)


def enabled():
    if not conf.get("ENABLED"):
        raise Http404


@require_GET
def webfinger(request):
    enabled()
    resource = request.GET.get("resource", "")
    if not resource:
        return JsonResponse({"error": "give ?resource=acct:user@host"}, status=400)
    if resource.startswith("acct:"):
        user, _, host = resource[5:].lstrip("@").partition("@")
        if host.lower() not in {actors.host().lower(), actors.host().split(":")[0].lower()}:
            raise Http404
    elif resource.startswith(actors.base() + "/fediverse/users/"):
        user = resource.rstrip("/").rsplit("/", 1)[-1]
    else:
        raise Http404
    found = actors.resolve(user)
    if found is None:
        raise Http404
    local, author = found
    page = author.get_absolute_url() if author else "/"
    data = {
        "subject": f"acct:{actors.username(local, author)}@{actors.host().split(':')[0]}",
        "aliases": [actors.uri(local, author)],
        "links": [
            {"rel": "self", "type": ACTIVITY_JSON, "href": actors.uri(local, author)},
            {"rel": "http://webfinger.net/rel/profile-page", "type": "text/html",
             "href": actors.absolute(page)},
        ],
    }
    return JsonResponse(data, content_type="application/jrd+json")


@require_GET
def nodeinfo_index(request):
    enabled()
    return JsonResponse({"links": [{
        "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
        "href": actors.absolute(reverse("fediverse:nodeinfo")),
    }]})


@require_GET
def nodeinfo(request):
    enabled()
    return JsonResponse({
        "version": "2.1",
        "software": {"name": "newsdesk", "version": "0.1.0",
                     "homepage": actors.absolute("/")},
        "protocols": ["activitypub"],
        "services": {"inbound": [], "outbound": ["rss2.0", "atom1.0"]},
        "openRegistrations": False,
        "usage": {"users": {"total": Author.objects.count() + 1},
                  "localPosts": Article.objects.published().count()},
        "metadata": {"nodeName": settings.NEWSDESK_SITE_NAME},
    }, content_type='application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"')


def local_or_404(username):
    enabled()
    found = actors.resolve(username)
    if found is None:
        raise Http404
    return found


@require_GET
def actor(request, username):
    local, author = local_or_404(username)
    return activity_response(actors.document(local, author))


@require_GET
def followers(request, username):
    local, author = local_or_404(username)
    # The count only: who reads the newsroom is nobody else's business.
    return activity_response({
        "@context": actors.CONTEXT[0], "id": actors.uri(local, author) + "/followers",
        "type": "OrderedCollection", "totalItems": Follower.objects.filter(local=local).count(),
    })


def stories_by(local, author):
    stories = Article.objects.published()
    if author is not None:
        stories = stories.filter(authors=author)
    else:
        stories = stories.filter(authors=None)
    return stories


@require_GET
def outbox(request, username):
    local, author = local_or_404(username)
    stories = stories_by(local, author)
    items = [objects.activity("Create", local, author, objects.article_object(story), "create")
             for story in stories.prefetch_related("tags", "authors")[:20]]
    return activity_response({
        "@context": actors.CONTEXT[0], "id": actors.uri(local, author) + "/outbox",
        "type": "OrderedCollection", "totalItems": stories.count(), "orderedItems": items,
    })


@require_GET
def story(request, pk):
    enabled()
    article = Article.objects.published().filter(pk=pk).first()
    if article is None:
        raise Http404
    data = {"@context": actors.CONTEXT[0], **objects.article_object(article)}
    return activity_response(data)


def answer(status, reason):
    return JsonResponse({"status": status, "detail": reason}, status=status)


@csrf_exempt
@require_POST
def actor_inbox(request, username):
    local, _author = local_or_404(username)
    return answer(*inbox.receive(request, local))


@csrf_exempt
@require_POST
def shared_inbox(request):
    enabled()
    return answer(*inbox.receive(request))
