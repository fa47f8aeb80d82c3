import json

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from newsdesk.comments import conf, services, structured_data, tokens
from newsdesk.comments.forms import CommentForm
from newsdesk.comments.models import Comment
from newsdesk.comments.threads import build_thread, featured

register = template.Library()

AUTHOR_PARAMETER = "c"
# Inside <script>, "<", ">" and "&" written as JSON escapes cannot end the element.
JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.inclusion_tag("comments/section.html", takes_context=True)
def comments_section(context):
    """The discussion under an article: approved comments, then the reply form.

    The page is cached and shared, so everything here is the same for every
    reader, except with an author token (`?c=`) in the address: then the
    author's own pending comment is shown, and the response is private
    (middleware.AuthorLinkMiddleware).
    """
    article = context["article"]
    request = context.get("request")
    preview = bool(context.get("preview"))
    own_token = request.GET.get(AUTHOR_PARAMETER, "") if request else ""
    own_id = tokens.comment_id_from_author_token(own_token)
    accepting = not preview and services.comments_open(article)
    thread, count = build_thread(article, own_id, accepting=accepting)
    own = _find(thread, own_id)
    form = CommentForm(article=article, initial={"token": tokens.form_token(article.pk)})
    live_seconds = conf.get("LIVE_POLL_SECONDS") if not preview and not own_id else 0
    latest = _latest(article) if live_seconds else 0
    return {
        "featured": featured(thread),
        "live_url": reverse("comments:live", args=[article.pk, 0])[:-2] if live_seconds else "",
        "latest": latest,
        "live_seconds": live_seconds,
        "article": article,
        "thread": thread,
        "count": count,
        "accepting": accepting,
        "preview": preview,
        "form": form,
        "own": own,
        "own_token": own_token if own else "",
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }


def _latest(article):
    return Comment.objects.filter(article=article, status=Comment.Status.APPROVED).order_by(
        "-pk").values_list("pk", flat=True).first() or 0


@register.simple_tag(takes_context=True)
def comments_structured_data(context):
    """JSON-LD adding the article's comment count and featured comments (slot article_head)."""
    article = context.get("article")
    if article is None or context.get("preview"):
        return ""
    data = structured_data.article_comments(article, settings.NEWSDESK_BASE_URL)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _find(nodes, wanted):
    if not wanted:
        return None
    for node in nodes:
        if node.id == wanted and node.own:
            return node
        found = _find(node.children, wanted)
        if found:
            return found
    return None
