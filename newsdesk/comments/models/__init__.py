"""The comments app's models, one module per topic."""

from newsdesk.comments.models.comment import (
    AntispamCacheEntry,
    BlocklistEntry,
    Comment,
    CommentQuerySet,
    Discussion,
    normalize_email,
)
from newsdesk.comments.models.reactions import ImportedComment, RespectMark
from newsdesk.comments.models.reports import Report
from newsdesk.comments.models.trust import Ban, Commenter
from newsdesk.comments.models.words import WordList, entries_of

__all__ = [
    "AntispamCacheEntry", "Ban", "BlocklistEntry", "Comment", "CommentQuerySet", "Commenter",
    "Discussion", "ImportedComment", "Report", "RespectMark", "WordList", "entries_of",
    "normalize_email",
]
