"""The article's comments in its schema.org structured data: the count and the editors' picks.

schema.org has no property for a featured comment, so the article's `comment`
lists the featured comments and only those: what a newsroom wants search
engines to show as its highlighted discussion. The node has the same `@id` as
the syndication app's NewsArticle and no type of its own, so JSON-LD consumers
merge it into that article.
"""

from newsdesk.comments.models import Comment


def _date(moment):
    return moment.replace(microsecond=0).isoformat()


def article_comments(article, base_url):
    url = f"{base_url}{article.get_absolute_url()}"
    picks = Comment.objects.filter(article=article, status=Comment.Status.APPROVED,
                                   featured_at__isnull=False).order_by("-featured_at")[:10]
    data = {
        "@context": "https://schema.org",
        # No @type: this is more about the syndication app's NewsArticle (same @id), not a
        # second article that validators would list beside it.
        "@id": url + "#article",
        "commentCount": article.comment_count,
    }
    comments = [{
        "@type": "Comment",
        "@id": f"{url}#comment-{comment.pk}",
        "url": f"{url}#comment-{comment.pk}",
        "text": comment.text,
        "dateCreated": _date(comment.created_at),
        "author": {"@type": "Person", "name": comment.name or "Anonymous"},
        "interactionStatistic": {
            "@type": "InteractionCounter",
            "interactionType": "https://schema.org/LikeAction",
            "userInteractionCount": comment.respect_count,
        },
    } for comment in picks]
    if comments:
        data["comment"] = comments
    return data
