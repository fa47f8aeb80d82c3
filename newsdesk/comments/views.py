"""Readers' comment views: post, reply (without JavaScript), edit, delete, unsubscribe.

None of them sets a cookie. The form sits on cached, shared pages that carry
no CSRF token, so Django's cookie-based CSRF check cannot apply to it; the
views that take a form are exempt from it and check instead that the browser
sent the form from this site (Origin / Sec-Fetch-Site / Referer) and that it
carries a signed token (the form's time trap, or the author's token).
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from newsdesk.comments import services, tokens
from newsdesk.comments.forms import CommentForm, EditForm
from newsdesk.comments.models import Comment
from newsdesk.comments.requests import BadForm, form_data, same_origin
from newsdesk.comments.threads import public_node
from newsdesk.core.csrf import csrf_failure
from newsdesk.core.net import client_ip
from newsdesk.publishing.models import Article

BAD_FORM_MESSAGES = {
    "too-large": gettext_lazy("Your comment is too long to send. Please shorten it and try "
                              "again."),
    "unreadable": gettext_lazy("Your comment could not be read. Please go back and send it "
                               "again."),
}


def private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


def message_page(request, status, title, message, back_url=None, back_label=None):
    return private(render(request, "comments/message.html", {
        "title": title, "message": message, "back_url": back_url or reverse("publishing:home"),
        "back_label": back_label or _("Go to the latest news"),
    }, status=status))


def _article_or_none(article_id):
    return Article.objects.published().filter(pk=article_id).first()


def _unknown_article(request):
    return message_page(
        request, 404, _("Article not found"),
        _("This article does not exist or is not published, so it cannot be commented on."),
    )


def _closed(request, article):
    return message_page(
        request, 403, _("Comments are closed"),
        _("Comments on this article are closed. Thank you for wanting to take part."),
        article.get_absolute_url(), _("Back to the article"),
    )


def form_page(request, article, form, status=200, parent=None):
    """The comment form on a page of its own: errors to fix, or a reply without JavaScript."""
    if form.is_bound:
        form.data = form.data.copy()
        form.data["token"] = tokens.form_token(article.pk)
    response = render(request, "comments/form_page.html", {
        "article": article, "form": form, "parent": parent,
    }, status=status)
    return private(response)


def own_comment_url(comment):
    query = urlencode({"c": tokens.author_token(comment)})
    return f"{comment.article.get_absolute_url()}?{query}#comment-{comment.pk}"


@csrf_exempt  # Cached pages carry no CSRF cookie; same_origin() and the signed token stand in.
@require_POST
def post_comment(request, article_id):
    article = _article_or_none(article_id)
    if article is None:
        return _unknown_article(request)
    if not same_origin(request):
        return csrf_failure(request, reason="origin")
    try:
        data = form_data(request)
    except BadForm as bad:
        return message_page(request, 400, _("Your comment was not sent"),
                            BAD_FORM_MESSAGES[bad.code], article.get_absolute_url(),
                            _("Back to the article"))
    if not services.comments_open(article):
        return _closed(request, article)
    form = CommentForm(data, article=article)
    if not form.is_valid():
        return form_page(request, article, form, status=400)
    values = form.cleaned_data
    try:
        comment = services.post_comment(
            article, text=values["comment"], name=values["name"], email=values["email"],
            website=values["website"], parent=values["parent"], notify=values["notify"],
            ip_address=client_ip(request), user_agent=request.headers.get("User-Agent", ""),
            language=get_language(), bot=form.is_bot,
        )
    except services.CommentRefused as refused:
        if refused.code == "closed":
            return _closed(request, article)
        form.add_error(None, refused.message)
        response = form_page(request, article, form,
                             status=429 if refused.code == "rate-limited" else 400)
        if refused.code == "rate-limited":
            response["Retry-After"] = "60"
        return response
    return redirect(own_comment_url(comment))


@require_GET
def reply(request, article_id, comment_id):
    """The reply form for readers without JavaScript (the Reply link's target)."""
    article = _article_or_none(article_id)
    if article is None:
        return _unknown_article(request)
    if not services.comments_open(article):
        return _closed(request, article)
    parent = get_object_or_404(Comment.objects.approved(), pk=comment_id, article=article)
    form = CommentForm(article=article, initial={
        "token": tokens.form_token(article.pk), "parent": parent.pk,
    })
    return form_page(request, article, form, parent=public_node(parent))


@require_GET
def form_token(request, article_id):
    """A fresh time-trap token for a form shown on a cached page (fetched on first focus)."""
    article = _article_or_none(article_id)
    if article is None:
        return private(JsonResponse({"error": _("This article is not open for comments.")},
                                    status=404))
    return private(JsonResponse({"token": tokens.form_token(article.pk)}))


def _own_comment(request, comment_id):
    """The comment the author token in the request names, if still editable."""
    token = request.POST.get("c") if request.method == "POST" else request.GET.get("c")
    if tokens.comment_id_from_author_token(token) != comment_id:
        return None, token
    comment = Comment.objects.select_related("article").filter(pk=comment_id).first()
    if comment is None or not services.can_edit(comment):
        return None, token
    return comment, token


def _too_late(request):
    return message_page(
        request, 403, _("This comment can no longer be changed"),
        _("Comments can be edited or deleted for a short time after posting, with the link "
          "shown then. That time has passed, or the link is not valid."),
    )


@csrf_exempt  # No cookie to check against; the author token is the secret (see module doc).
@require_http_methods(["GET", "POST"])
def edit(request, comment_id):
    if request.method == "POST" and not same_origin(request):
        return csrf_failure(request, reason="origin")
    comment, token = _own_comment(request, comment_id)
    if comment is None:
        return _too_late(request)
    form = EditForm(request.POST if request.method == "POST" else None,
                    initial={"comment": comment.text})
    if request.method == "POST" and form.is_valid():
        services.edit_comment(comment, form.cleaned_data["comment"])
        return redirect(own_comment_url(comment))
    return private(render(request, "comments/edit.html", {
        "comment": public_node(comment), "article": comment.article, "form": form,
        "token": token, "until": services.edit_until(comment),
    }, status=400 if form.is_bound else 200))


@csrf_exempt  # As edit(): the author token in the form is the proof.
@require_POST
def delete(request, comment_id):
    if not same_origin(request):
        return csrf_failure(request, reason="origin")
    comment, _token = _own_comment(request, comment_id)
    if comment is None:
        return _too_late(request)
    article = comment.article
    services.remove_comment(comment)
    return message_page(request, 200, _("Your comment was deleted"),
                        _("Your comment has been removed from the discussion."),
                        f"{article.get_absolute_url()}#comments", _("Back to the article"))


@csrf_exempt  # Mail programs post here themselves (RFC 8058); the signed token is the proof.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    comment_id = tokens.comment_id_from_unsubscribe_token(token)
    comment = Comment.objects.filter(pk=comment_id).first() if comment_id else None
    if comment is None:
        return message_page(request, 404, _("Link not recognised"),
                            _("This unsubscribe link is not valid. If you copied it, please "
                              "check that it is complete."))
    if request.method == "POST":
        services.unsubscribe(comment)
        return message_page(request, 200, _("You are unsubscribed"),
                            _("You will get no more emails about replies to your comments."))
    return private(render(request, "comments/unsubscribe.html", {"token": token}))
