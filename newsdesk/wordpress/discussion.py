"""Step 6: comments, threaded, handed to the comments app through the adapter."""

from newsdesk.wordpress import comments as adapter
from newsdesk.wordpress import mapping
from newsdesk.wordpress.models import ImportedObject

KIND = ImportedObject.Kind.COMMENT


def import_comments(state, item, article):
    """Save the post's comments, parents before replies; count them by status."""
    report, counts = state.report, state.report["comments"]
    ordered = sorted(item.comments, key=lambda comment: comment.wp_id)
    for comment in ordered:
        report.comments_parsed[comment.status] += 1
    if not ordered:
        return
    if not state.comments_enabled:
        report.comments_not_imported += len(ordered)
        counts.skipped += len(ordered)
        return
    saved = {}
    for comment in ordered:
        record = mapping.find(KIND, comment.wp_id)
        existing = record.target if record else None
        digest = mapping.checksum(comment)
        if record is not None and existing is None:
            counts.skipped += 1  # deleted in newsdesk since: respected
            continue
        if record is not None and record.checksum == digest:
            saved[comment.wp_id] = existing
            counts.skipped += 1
            continue
        parent = saved.get(comment.parent_id)
        if comment.parent_id and parent is None:
            report.warn(f"Comment {comment.wp_id} answers comment {comment.parent_id}, which is "
                        "not in the export: imported as a top-level comment.")
        saved[comment.wp_id] = adapter.save_comment(article, comment, parent, existing)
        mapping.remember(KIND, comment.wp_id, saved[comment.wp_id], record=record,
                         checksum=digest, data={"post": item.wp_id})
        if existing is None:
            counts.created += 1
        else:
            counts.updated += 1
    adapter.comments_saved(article)
