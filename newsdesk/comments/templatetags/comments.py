from django import template

from newsdesk.comments import services, tokens
from newsdesk.comments.forms import CommentForm
from newsdesk.comments.threads import build_thread

register = template.Library()

AUTHOR_PARAMETER = "c"


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
    return {
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
