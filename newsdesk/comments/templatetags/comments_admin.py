from django import template

from newsdesk.comments import moderation

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_queues(context):
    """[(queue, label, count)] for the back-office home, for those who may moderate."""
    from newsdesk.comments.desk import QUEUE_LABELS

    request = context.get("request")
    if request is None or not request.user.has_perm("comments.moderate_comment"):
        return []
    return [(key, QUEUE_LABELS[key], count) for key, count in moderation.queue_counts().items()]
