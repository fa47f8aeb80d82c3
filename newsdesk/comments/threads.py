"""The discussion as readers see it: approved comments as a tree of plain nodes.

Templates get `Node`s, never Comment rows, so no template can reach an email
or IP address. A comment that is no longer visible but has visible replies
stays as an empty "deleted" node so the replies keep their place.
"""

from dataclasses import dataclass, field

from newsdesk.comments import conf, services
from newsdesk.comments.models import Comment
from newsdesk.comments.text import avatar_colour, initials, render_text

PUBLIC_FIELDS = [
    "pk", "parent_id", "status", "name", "website", "text", "created_at", "edited_at",
    "user_id", "featured_at", "respect_count",
]
Status = Comment.Status


@dataclass
class Node:
    id: int
    parent_id: int | None
    name: str = ""
    website: str = ""
    text_html: str = ""
    created_at: object = None
    edited_at: object = None
    by_editor: bool = False
    visible: bool = True
    own: bool = False
    awaiting_moderation: bool = False
    editable_until: object = None
    depth: int = 0
    can_reply: bool = False
    initials: str = ""
    colour: int = 0
    featured_at: object = None
    respect: int = 0
    under_review: bool = False  # hidden after readers' reports, replies still shown
    children: list = field(default_factory=list)

    @property
    def anchor(self):
        return f"comment-{self.id}"


def _node(comment, own_id):
    own = comment.pk == own_id
    node = Node(id=comment.pk, parent_id=comment.parent_id)
    if comment.status != Status.APPROVED and not own:
        node.visible = False
        node.created_at = comment.created_at
        return node
    node.name = comment.name
    # Only web addresses become links, whatever an import or a database edit stored.
    if comment.website.lower().startswith(("https://", "http://")):
        node.website = comment.website
    node.text_html = render_text(comment.text)
    node.created_at = comment.created_at
    node.edited_at = comment.edited_at
    node.by_editor = comment.user_id is not None
    node.initials = initials(comment.name)
    node.colour = avatar_colour(comment.name)
    node.own = own
    node.awaiting_moderation = own and comment.status != Status.APPROVED
    if not node.awaiting_moderation:
        node.featured_at = comment.featured_at
        node.respect = comment.respect_count
    if own and services.can_edit(comment):
        node.editable_until = services.edit_until(comment)
    return node


def public_node(comment):
    """One comment as readers may see it (the reply page's quote, the edit page)."""
    return _node(comment, comment.pk)


def build_thread(article, own_comment_id=None, accepting=True):
    """Top-level nodes with their replies, and the number of approved comments.

    own_comment_id: the comment the author token names; shown to its author even
    while pending (spam is shown as pending too: a spammer learns nothing).
    """
    rows = Comment.objects.filter(article=article, status=Status.APPROVED)
    if own_comment_id:
        rows = rows | Comment.objects.filter(
            article=article, pk=own_comment_id, status__in=[
                Status.PENDING, Status.SPAM, Status.APPROVED]
        )
    rows = list(rows.only(*[name for name in PUBLIC_FIELDS if name != "pk"]))
    nodes = {comment.pk: _node(comment, own_comment_id) for comment in rows}
    approved = sum(1 for comment in rows if comment.status == Status.APPROVED)
    # Ancestors that are no longer visible, kept as markers for their replies.
    missing = {node.parent_id for node in nodes.values()} - set(nodes) - {None}
    while missing:
        found = list(Comment.objects.filter(pk__in=missing).only(
            "parent_id", "status", "created_at", "spam_reason"))
        for comment in found:
            nodes[comment.pk] = _node(comment, None)
            nodes[comment.pk].visible = False
            nodes[comment.pk].under_review = (comment.status == Status.PENDING
                                              and comment.spam_reason == "reports")
        missing = {comment.parent_id for comment in found} - set(nodes) - {None}
    return _tree(nodes, accepting), approved


def _tree(nodes, accepting):
    max_depth = conf.get("THREAD_DEPTH")
    roots, ordered = [], sorted(nodes.values(), key=lambda node: (node.created_at, node.id))
    for node in ordered:
        parent = nodes.get(node.parent_id)
        if parent is None or max_depth <= 1:
            roots.append(node)
            continue
        # Replies below the deepest level sit beside their parent (as WordPress does).
        while parent.depth >= max_depth - 1 and nodes.get(parent.parent_id):
            parent = nodes[parent.parent_id]
        node.depth = parent.depth + 1
        parent.children.append(node)
    for node in ordered:
        node.can_reply = (
            accepting and node.visible and not node.awaiting_moderation
            and node.depth < max_depth - 1
        )
    _prune(roots)
    if conf.get("ORDER") == conf.NEWEST:
        roots.reverse()
    return roots


def featured(roots):
    """The featured comments of a thread, most recently featured first."""
    found, stack = [], list(roots)
    while stack:
        node = stack.pop()
        if node.visible and node.featured_at is not None:
            found.append(node)
        stack.extend(node.children)
    return sorted(found, key=lambda node: node.featured_at, reverse=True)


def newer_than(article, after_id, limit):
    """Approved comments of an article with an id above `after_id`, as nodes with their depth.

    For live updates: each node is rendered alone and placed under its parent by
    the page's script. Returns (nodes, total).
    """
    rows = Comment.objects.filter(article=article, status=Status.APPROVED, pk__gt=after_id)
    total = rows.count()
    comments = list(rows.order_by("pk")[:limit])
    max_depth = conf.get("THREAD_DEPTH")
    nodes = []
    for comment in comments:
        node = _node(comment, None)
        depth, parent_id, seen = 0, comment.parent_id, set()
        while parent_id is not None and parent_id not in seen and depth < max_depth:
            seen.add(parent_id)
            depth += 1
            parent_id = Comment.objects.filter(pk=parent_id).values_list(
                "parent_id", flat=True).first()
        node.depth = min(depth, max_depth - 1)
        node.can_reply = services.comments_open(article) and node.depth < max_depth - 1
        nodes.append(node)
    return nodes, total


def _prune(nodes):
    """Drop invisible nodes that have nothing visible below them."""
    nodes[:] = [node for node in nodes if _prune(node.children) or node.visible]
    return bool(nodes)
