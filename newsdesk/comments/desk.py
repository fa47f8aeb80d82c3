"""The moderation desk in the back office: queues with counts, one card per comment.

Each card shows the comment in its thread (the comments it answers, the story's
title), the commenter's history, why it is here (the rule, the readers'
reports), the word-list matches highlighted, and buttons to approve, reject,
mark as spam or feature it; the keyboard does the same (moderation.js: j/k to
move, a/r/s/f to act, x to select). Bulk actions act on the selected cards.
Every act goes through moderation.py, so it is in the audit trail.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsdesk.comments import moderation, reports, trust, wordlists
from newsdesk.comments.models import Comment, Commenter, Report

Status = Comment.Status
QUEUE_LABELS = {
    "pending": _("Pending"),
    "reported": _("Reported"),
    "held": _("Held by rules"),
    "approved": _("Approved"),
    "rejected": _("Rejected / Spam"),
}
QUEUE_HELP = {
    "pending": _("New commenters' comments, waiting for a first approval."),
    "reported": _("Comments readers reported. Approve keeps the comment and closes the "
                  "reports; reject removes it."),
    "held": _("Held by a rule: suspect words, too many links, a commenter's history."),
    "approved": _("Published comments, newest first."),
    "rejected": _("Rejected comments and spam, newest first. Spam is deleted after the "
                  "retention period; rejected comments are kept."),
}
# action -> (what it does, label, keyboard key)
ACTS = {
    "approve": (Status.APPROVED, _("Approve"), "a"),
    "reject": (Status.REJECTED, _("Reject"), "r"),
    "spam": (Status.SPAM, _("Spam"), "s"),
    "feature": (None, _("Feature"), "f"),
    "unfeature": (None, _("Stop featuring"), ""),
}
REASONS = {
    "first-time": _("First comment from this address"),
    "hold-all": _("Every comment waits for a moderator"),
    "links": _("Too many links"),
    "history": _("The commenter's rejection rate"),
    "honeypot": _("Filled in the hidden field (a bot)"),
    reports.HIDDEN_REASON: _("Hidden after readers' reports"),
}
PER_PAGE = 25
ANCESTORS = 3


def reason_label(code):
    if not code:
        return ""
    for prefix, label in (("suspect:", _("Suspect words")), ("banned:", _("Banned words")),
                          ("blocklist:", _("Blocklist"))):
        if code.startswith(prefix):
            return f"{label}: {code[len(prefix):].strip()}"
    return REASONS.get(code, code)


def highlighted(text, found):
    """The comment's text escaped, word-list matches in <mark>, line breaks kept."""
    pieces, position = [], 0
    for match in found:
        if match.start < position:
            continue
        pieces.append(escape(text[position:match.start]))
        pieces.append(f'<mark class="mod-match mod-match--{match.kind}" '
                      f'title="{escape(match.word)}">{escape(text[match.start:match.end])}</mark>')
        position = match.end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces).replace("\n", "<br>"))


def _ancestors(comment):
    chain, parent, seen = [], comment.parent, set()
    while parent is not None and len(chain) < ANCESTORS and parent.pk not in seen:
        seen.add(parent.pk)
        chain.insert(0, parent)
        parent = parent.parent
    return chain


def cards(comments, matcher=None):
    """What the template shows for each comment of a page of the queue.

    `matcher`: the word lists to highlight (the saved ones by default; the
    word-list preview passes the list being edited)."""
    comments = list(comments)
    histories = {row.email_hash: row for row in Commenter.objects.filter(
        email_hash__in={comment.email_hash for comment in comments if comment.email_hash})}
    open_reports = {}
    for report in Report.objects.filter(comment__in=comments, decision=Report.Decision.OPEN):
        open_reports.setdefault(report.comment_id, []).append(report)
    matcher = matcher or wordlists.current_matcher()
    found = []
    for comment in comments:
        matches = matcher.find(comment.text)
        found.append({
            "comment": comment,
            "text": highlighted(comment.text, matches),
            "matches": list(dict.fromkeys((match.kind, match.word) for match in matches)),
            "ancestors": _ancestors(comment),
            "history": histories.get(comment.email_hash),
            "reason": reason_label(comment.spam_reason),
            "reports": open_reports.get(comment.pk, []),
            "ban": trust.ban_in_force(comment.email, comment.ip_address),
        })
    return found


def _check(request):
    if not request.user.has_perm("comments.moderate_comment"):
        raise PermissionDenied


def queue_view(model_admin, request, name="pending"):
    _check(request)
    if name not in moderation.QUEUES:
        raise Http404
    page = Paginator(moderation.queue(name), PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "admin/comments/queue.html", {
        **model_admin.admin_site.each_context(request),
        "title": _("Moderation"),
        "opts": model_admin.model._meta,
        "queue": name,
        "queue_help": QUEUE_HELP[name],
        "queues": [(key, QUEUE_LABELS[key], count)
                   for key, count in moderation.queue_counts().items()],
        "page": page,
        "cards": cards(page.object_list),
        "acts": [(key, label, shortcut) for key, (_s, label, shortcut) in ACTS.items()],
    })


def act_view(model_admin, request):
    """POST action=approve|reject|spam|feature|unfeature, ids=…: one act on one or more."""
    _check(request)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    action = request.POST.get("action")
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    chosen = list(Comment.objects.filter(pk__in=ids).select_related("article"))
    if action not in ACTS or not chosen:
        message = _("Choose an action and at least one comment.")
        if _wants_json(request):
            return JsonResponse({"error": str(message)}, status=400)
        messages.error(request, message)
        return redirect(_next(request))
    reason = " ".join(request.POST.get("reason", "").split())[:500]
    status = ACTS[action][0]
    if action in ("feature", "unfeature"):
        count = moderation.feature(chosen, by=request.user, featured=action == "feature")
    else:
        count = moderation.moderate(chosen, status, by=request.user, reason=reason)
    message = ngettext("%(count)d comment: %(act)s.", "%(count)d comments: %(act)s.",
                       len(chosen)) % {"count": len(chosen), "act": ACTS[action][1]}
    if _wants_json(request):
        return JsonResponse({"done": [comment.pk for comment in chosen], "changed": count,
                             "message": message, "counts": moderation.queue_counts()})
    messages.success(request, message)
    return redirect(_next(request))


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _next(request):
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("admin:comments_comment_queue")


DURATIONS = [
    ("1", _("1 day")), ("7", _("7 days")), ("30", _("30 days")), ("365", _("1 year")),
    ("", _("Until lifted")),
]


class BanForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
        help_text=_("Shown to the commenter when they try to comment."),
        error_messages={"required": _("Give the reason the commenter will be shown.")},
    )
    duration = forms.ChoiceField(label=_("Ban for"), choices=DURATIONS, required=False,
                                 initial="7")
    by_email = forms.BooleanField(label=_("Ban this email address"), required=False,
                                  initial=True)
    by_network = forms.BooleanField(required=False, label=_("Ban the address prefix"))
    reject_comments = forms.BooleanField(
        label=_("Reject their comments that are waiting or published"), required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("by_email") and not cleaned.get("by_network"):
            raise forms.ValidationError(_("Ban by email address, by address prefix, or both."),
                                        code="nothing")
        return cleaned


def ban_view(model_admin, request, pk):
    _check(request)
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    network = trust.network_of(comment.ip_address) if comment.ip_address else ""
    form = BanForm(request.POST or None)
    if not network:
        form.fields.pop("by_network")
    else:
        form.fields["by_network"].label = _("Ban the address prefix %(network)s") % {
            "network": network}
    if not comment.email_hash:
        form.fields["by_email"].initial = False
        form.fields["by_email"].disabled = True
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        days = values.get("duration")
        expires = timezone.now() + datetime.timedelta(days=int(days)) if days else None
        made = moderation.ban(
            reason=values["reason"], by=request.user, comment=comment,
            email=comment.email if values.get("by_email") else "",
            network=network if values.get("by_network") else "",
            expires_at=expires, reject_comments=values["reject_comments"],
        )
        messages.success(request, ngettext("%(count)d ban made.", "%(count)d bans made.",
                                           len(made)) % {"count": len(made)})
        return redirect(_next(request))
    return TemplateResponse(request, "admin/comments/ban.html", {
        **model_admin.admin_site.each_context(request),
        "title": _("Ban a commenter"),
        "opts": model_admin.model._meta,
        "comment": comment,
        "form": form,
        "next": request.GET.get("next") or request.POST.get("next") or "",
    })


def export_reports_view(model_admin, request):
    if not request.user.has_perm("comments.view_report"):
        raise PermissionDenied
    response = HttpResponse(reports.export_csv(Report.objects.all().order_by("created_at")),
                            content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="comment-reports-{stamp}.csv"'
    return response
