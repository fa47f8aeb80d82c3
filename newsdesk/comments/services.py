"""The rules of commenting, called by the views, the admin and the commands alike."""

import datetime
import logging

from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from newsdesk.comments import antispam, conf, notifications, trust, wordlists
from newsdesk.comments.models import Comment, Discussion
from newsdesk.comments.text import clean_name
from newsdesk.publishing.models import Article
from newsdesk.publishing.signals import article_changed

logger = logging.getLogger(__name__)

Status = Comment.Status
VISIBILITY = {Status.APPROVED: 2, Status.PENDING: 1, Status.SPAM: 0, Status.TRASH: 0}


class CommentRefused(Exception):
    """A comment not taken: code is 'closed', 'rate-limited', 'duplicate' or 'banned'."""

    MESSAGES = {
        "closed": _("Comments on this article are closed."),
        "rate-limited": _("You are sending comments too quickly. Please wait a minute and try "
                          "again; your text is kept below."),
        "duplicate": _("It looks as though you have already said that."),
    }

    def __init__(self, code, ban=None):
        super().__init__(code)
        self.code = code
        self.ban = ban
        self.message = ban_message(ban) if code == "banned" else self.MESSAGES[code]


def ban_message(ban):
    """What a banned commenter is told: that they are banned, why, and until when."""
    reason = " ".join(ban.reason.split())
    if ban.expires_at is None:
        return gettext_now("You cannot comment on this site: a moderator has banned you. "
                           "Reason: %(reason)s") % {"reason": reason}
    until = formats.date_format(timezone.localtime(ban.expires_at), "DATETIME_FORMAT")
    return gettext_now("You cannot comment on this site until %(until)s: a moderator has "
                       "banned you. Reason: %(reason)s") % {"until": until, "reason": reason}


# -- Open or closed ----------------------------------------------------------------------------

def discussion_mode(article):
    mode = Discussion.objects.filter(article=article).values_list("mode", flat=True).first()
    return mode or Discussion.Mode.AUTOMATIC


def comments_open(article, now=None):
    """True when readers may comment: the article is live and its discussion not closed."""
    if not article.is_live:
        return False
    mode = discussion_mode(article)
    if mode != Discussion.Mode.AUTOMATIC:
        return mode == Discussion.Mode.OPEN
    seconds = conf.get("CLOSE_AFTER_SECONDS")
    if not seconds:
        return True
    closes = article.published_at + datetime.timedelta(seconds=seconds)
    return (now or timezone.now()) < closes


def set_discussion_mode(articles, mode):
    """Open or close the discussion of articles by hand; returns how many changed."""
    changed = 0
    for article in articles:
        discussion, _created = Discussion.objects.get_or_create(article=article)
        if discussion.mode != mode:
            discussion.mode = mode
            discussion.save(update_fields=["mode"])
            changed += 1
            announce_change(article.pk)
    return changed


# -- Posting ----------------------------------------------------------------------------------

def thread_parent(parent):
    """Replies deeper than the thread depth attach to the deepest allowed ancestor."""
    if parent is None:
        return None
    max_depth = conf.get("THREAD_DEPTH")
    if max_depth <= 1:
        return None
    chain = [parent]
    while chain[-1].parent_id is not None and len(chain) < max_depth + 1:
        chain.append(chain[-1].parent)
    depth = len(chain) - 1  # of the parent; top-level comments have depth 0
    while depth > max_depth - 2:
        chain.pop(0)
        depth -= 1
    return chain[0]


def decide_status(*, email, text, name, website, ip_address, user_agent, bot=False, user=None):
    """The status a new comment gets, and why it is held, rejected or filed as spam."""
    if user is not None:
        return Status.APPROVED, ""
    if bot:
        return Status.SPAM, "honeypot"
    entry = antispam.blocklist_match(
        text=text, name=name, email=email, website=website, ip_address=ip_address,
        user_agent=user_agent,
    )
    if entry is not None:
        return Status.SPAM, f"blocklist: {entry}"[:200]
    found = wordlists.matches(text, name)
    banned = wordlists.words_of(found, "banned")
    if banned:
        return Status.REJECTED, f"banned: {', '.join(banned)}"[:200]
    standing = trust.standing(email)
    if standing == trust.HELD:
        return Status.PENDING, "history"
    if standing == trust.TRUSTED:
        return Status.APPROVED, ""
    suspect = wordlists.words_of(found, "suspect")
    if suspect:
        return Status.PENDING, f"suspect: {', '.join(suspect)}"[:200]
    if antispam.too_many_links(text):
        return Status.PENDING, "links"
    policy = conf.get("MODERATION")
    if policy == conf.APPROVE_ALL:
        return Status.APPROVED, ""
    if policy == conf.FIRST_TIME and Comment.objects.approved().for_email(email).exists():
        return Status.APPROVED, ""
    return Status.PENDING, "first-time" if policy == conf.FIRST_TIME else "hold-all"


def post_comment(article, *, text, name, email, website="", parent=None, notify=False,
                 ip_address=None, user_agent="", language="en", bot=False, user=None):
    """Take a reader's comment through the rules and save it; raise CommentRefused if refused."""
    if user is None and not comments_open(article):
        raise CommentRefused("closed")
    if user is None and antispam.rate_limited(ip_address):
        raise CommentRefused("rate-limited")
    if user is None and antispam.is_duplicate(article, text, email, ip_address):
        raise CommentRefused("duplicate")
    ban = trust.ban_in_force(email, ip_address) if user is None else None
    if ban is not None:
        raise CommentRefused("banned", ban)
    status, reason = decide_status(
        email=email, text=text, name=name, website=website, ip_address=ip_address,
        user_agent=user_agent, bot=bot, user=user,
    )
    with transaction.atomic():
        comment = Comment.objects.create(
            article=article, parent=thread_parent(parent), name=clean_name(name), email=email,
            website=website, text=text, status=status, spam_reason=reason,
            notify_replies=notify, ip_address=ip_address, user_agent=user_agent[:300],
            language=language, user=user,
        )
        trust.count(comment)
        if status == Status.APPROVED:
            announce_change(article.pk)
            transaction.on_commit(lambda: notifications.notify_reply(comment.pk))
        elif status == Status.PENDING:
            transaction.on_commit(lambda: notifications.notify_moderators(comment.pk))
    # IP truncation and the removal of old spam run hourly on the job queue (comments/jobs.py).
    return comment


def editor_reply(parent, user, text):
    """An editor answers from the back office: published at once, under their name."""
    profile = getattr(user, "author_profile", None)
    name = profile.name if profile else (user.get_full_name() or user.get_username())
    if parent.status != Status.APPROVED:
        moderate([parent], Status.APPROVED, by=user)
    return post_comment(
        parent.article, text=text, name=name, email=user.email or "", parent=parent,
        user=user, language=parent.language,
    )


# -- Moderation -------------------------------------------------------------------------------

def moderate(comments, status, by=None, reason=""):
    """Give comments a new status (moderation.moderate: audited); returns how many changed."""
    from newsdesk.comments import moderation

    return moderation.moderate(comments, status, by=by, reason=reason)


def can_edit(comment, now=None):
    if comment.status == Status.TRASH or comment.user_id is not None:
        return False
    window = datetime.timedelta(seconds=conf.get("EDIT_SECONDS"))
    return (now or timezone.now()) < comment.created_at + window


def edit_until(comment):
    return comment.created_at + datetime.timedelta(seconds=conf.get("EDIT_SECONDS"))


def edit_comment(comment, text):
    """The author's correction: checked again for blocklisted words and links."""
    status, reason = decide_status(
        email=comment.email, text=text, name=comment.name, website=comment.website,
        ip_address=comment.ip_address, user_agent=comment.user_agent,
    )
    was_visible = comment.status == Status.APPROVED
    with transaction.atomic():
        comment.text = text
        comment.edited_at = timezone.now()
        fields = ["text", "edited_at"]
        # An edit never promotes a comment; blocklisted, banned or suspect words, or too
        # many links, demote it.
        demoted = status in (Status.SPAM, Status.REJECTED) or (
            status == Status.PENDING and reason.startswith(("links", "suspect")))
        if demoted and VISIBILITY[status] < VISIBILITY[comment.status]:
            comment.status, comment.spam_reason = status, reason
            fields += ["status", "spam_reason"]
            if status == Status.PENDING:
                transaction.on_commit(lambda: notifications.notify_moderators(comment.pk))
        comment.save(update_fields=fields)
        trust.count(comment)
        if was_visible:
            announce_change(comment.article_id)
    return comment


def remove_comment(comment):
    """Delete a comment; one with replies stays as an empty 'deleted' marker in the thread."""
    from newsdesk.comments import reports
    from newsdesk.comments.models import Report

    with transaction.atomic():
        article_id = comment.article_id
        if comment.open_reports:
            reports.settle(comment, Report.Decision.REMOVED, "Deleted by its author.", None)
        if comment.replies.exists():
            Comment.objects.filter(pk=comment.pk).update(
                status=Status.TRASH, text="", name="", email="", website="", ip_address=None,
                user_agent="", notify_replies=False,
            )
        else:
            comment.delete()
        announce_change(article_id)


def unsubscribe(comment):
    """Stop reply notifications for every comment by this commenter's email."""
    if comment.email:
        return Comment.objects.filter(email=comment.email, notify_replies=True).update(
            notify_replies=False
        )
    return Comment.objects.filter(pk=comment.pk, notify_replies=True).update(notify_replies=False)


# -- Counts and the page cache ----------------------------------------------------------------

def announce_change(article_id):
    """After commit: recount the article's approved comments and tell page caches."""
    transaction.on_commit(lambda: refresh_article(article_id))


def refresh_article(article_id):
    approved = (
        Comment.objects.filter(article=OuterRef("pk"), status=Status.APPROVED)
        .order_by().values("article").annotate(total=Count("pk")).values("total")
    )
    # One statement, so two workers recounting at once cannot write a stale total last.
    Article.objects.filter(pk=article_id).update(comment_count=Coalesce(Subquery(approved), 0))
    article = Article.objects.filter(pk=article_id).first()
    if article is not None:
        article_changed.send(sender=Article, article=article)


def recount_all():
    """Recount every article's approved comments (after imports or manual database edits)."""
    for article_id in Article.objects.filter(
        Q(comment_count__gt=0) | Q(comments__status=Status.APPROVED)
    ).values_list("pk", flat=True).distinct():
        refresh_article(article_id)


# -- Imports (newsdesk import-wordpress) ----------------------------------------------------

def import_comment(*, article, parent, instance, author_name, author_email, author_url,
                   author_ip, date, content, status, kind, meta=None):
    """Create or update one imported comment, keeping its original time and status.

    Imported text becomes plain text like every comment here: WordPress stores
    comments as HTML, so tags are dropped and entities decoded.
    """
    import html
    import ipaddress

    from django.utils.html import strip_tags

    comment = instance or Comment(article=article)
    comment.parent = parent
    comment.name = clean_name(author_name)[:100]
    comment.email = (author_email or "")[:254]
    comment.website = author_url if author_url.startswith(("http://", "https://")) else ""
    comment.website = comment.website[:200]
    comment.text = html.unescape(strip_tags(content or "")).strip() or "…"
    comment.status = status if status in Status.values else Status.PENDING
    try:
        comment.ip_address = str(ipaddress.ip_address(author_ip)) if author_ip else None
    except ValueError:
        comment.ip_address = None
    comment.spam_reason = imported_reason(status, kind, meta or {})
    comment.save()
    if date is not None:
        Comment.objects.filter(pk=comment.pk).update(created_at=date)
        comment.created_at = date
    trust.count(comment)
    return comment


def imported_reason(status, kind, meta):
    """Why an imported comment has its state, from WordPress's comment meta.

    `_wp_trash_meta_status` is what a trashed comment was before (1 approved, 0
    pending, spam); `akismet_result` true means Akismet filed it as spam.
    """
    source = str(meta.get("source", "WordPress"))
    reasons = [] if kind == "comment" else [str(kind)]
    before = {"1": "approved", "0": "pending", "spam": "spam"}.get(
        str(meta.get("_wp_trash_meta_status", "")))
    if status == Status.TRASH:
        reasons.append(f"{source} trash (was {before})" if before else f"{source} trash")
    if status == Status.SPAM:
        caught = str(meta.get("akismet_result", "")).lower() == "true"
        reasons.append(f"{source} spam (Akismet)" if caught else f"{source} spam")
    return "; ".join(reasons)[:200]


def refresh_comment_count(article):
    """After an import: recount the article's approved comments (no signal per comment)."""
    refresh_article(article.pk)
