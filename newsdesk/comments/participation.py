"""Readers' views beyond posting: report a comment, respect it, ask for new comments.

All of them work from cached pages: no cookie, no session, no CSRF token (see
views.py's module docstring); the POSTs check the form came from this site.
Each answers JSON to the page's script (Accept: application/json) and a page
to a browser without it.
"""

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from newsdesk.comments import reactions, reports
from newsdesk.comments.forms import ReportForm
from newsdesk.comments.models import Comment
from newsdesk.comments.requests import BadForm, form_data, same_origin
from newsdesk.comments.threads import newer_than, public_node
from newsdesk.comments.views import message_page, private
from newsdesk.core.csrf import csrf_failure
from newsdesk.core.net import client_ip
from newsdesk.publishing.models import Article

LIVE_LIMIT = 20


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _answer(request, status, title, message, back_url=None, **extra):
    if wants_json(request):
        return private(JsonResponse({"ok": status < 400, "title": title, "message": message,
                                     **extra}, status=status))
    return message_page(request, status, title, message, back_url,
                        _("Back to the article") if back_url else None)


def _gone(request):
    return _answer(request, 404, _("This comment is no longer in the discussion"),
                   _("It may have been removed by a moderator or by its author already. "
                     "Thank you for wanting to report it."))


REFUSALS = {
    "already": (200, lambda: _("You have reported this comment already"),
                lambda: _("Thank you: your report is with the moderators.")),
    "rate-limited": (429, lambda: _("Too many reports"),
                     lambda: _("You have sent many reports in a short time. Please try again "
                               "in an hour.")),
}


@csrf_exempt  # Cached pages carry no CSRF cookie; same_origin() stands in (see views.py).
@require_http_methods(["GET", "POST"])
def report(request, comment_id):
    comment = reports.reportable(comment_id)
    if comment is None:
        return _gone(request)
    back = comment.get_absolute_url()
    form = ReportForm()
    if request.method == "POST":
        if not same_origin(request):
            return csrf_failure(request, reason="origin")
        try:
            data = form_data(request)
        except BadForm:
            return _answer(request, 400, _("Your report was not sent"),
                           _("Your report could not be read. Please go back and send it again."),
                           back)
        form = ReportForm(data)
        if form.is_valid():
            values = form.cleaned_data
            try:
                reports.report_comment(
                    comment.pk, reason=values["reason"], explanation=values["explanation"],
                    email=values["email"], ip_address=client_ip(request),
                    language=get_language(),
                )
            except reports.ReportRefused as refused:
                if refused.code == "gone":
                    return _gone(request)
                status, title, message = REFUSALS[refused.code]
                response = _answer(request, status, title(), message(), back)
                if refused.code == "rate-limited":
                    response["Retry-After"] = "3600"
                return response
            return _answer(request, 200, _("Thank you for your report"),
                           _("The comment is with the moderators now. If you gave your email "
                             "address, we will tell you what they decide."), back)
        if wants_json(request):
            errors = {name: [str(error) for error in errors]
                      for name, errors in form.errors.items()}
            return private(JsonResponse({"ok": False, "errors": errors,
                                         "message": _("Please check the report.")}, status=400))
    return private(render(request, "comments/report.html", {
        "comment": public_node(comment), "article": comment.article, "form": form,
    }, status=400 if form.is_bound else 200))


@csrf_exempt  # As report().
@require_POST
def respect(request, comment_id):
    if not same_origin(request):
        return csrf_failure(request, reason="origin")
    user_agent = request.headers.get("User-Agent", "")
    if not user_agent.strip():
        return private(JsonResponse({"error": _("Automated clients cannot react.")}, status=403))
    result = reactions.respect(comment_id, address=client_ip(request), user_agent=user_agent)
    if result is None:
        return _gone(request)
    counted, total = result
    if wants_json(request):
        return private(JsonResponse({"comment": comment_id, "counted": counted,
                                     "respect": total}))
    comment = Comment.objects.select_related("article").get(pk=comment_id)
    response = redirect(comment.get_absolute_url())
    response.status_code = 303  # see the page again, as a GET
    return response


@require_GET
def live(request, article_id, after):
    """New approved comments after `after`, rendered: a small JSON the page cache keeps.

    It depends on the page cache's `listings` tag (every response that is not an
    article page does), which every approved comment bumps, so it is exact.
    """
    article = Article.objects.published().filter(pk=article_id).first()
    if article is None:
        return JsonResponse({"error": _("There is no published article with this id.")},
                            status=404)
    nodes, total = newer_than(article, after, LIVE_LIMIT)
    return JsonResponse({
        "article": article.pk,
        "after": after,
        "count": total,
        "latest": max([after, *(node.id for node in nodes)]),
        "comments": [{
            "id": node.id, "parent": node.parent_id,
            "html": render_to_string("comments/_comment.html", {
                "node": node, "article": article, "live": True}, request=request),
        } for node in nodes],
    }, json_dumps_params={"ensure_ascii": False})
