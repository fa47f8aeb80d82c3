"""Step 1: WordPress users who wrote posts become author profiles."""

from newsdesk.publishing.models import Author
from newsdesk.wordpress import mapping
from newsdesk.wordpress.models import ImportedObject
from newsdesk.wordpress.slugs import choose_slug
from newsdesk.wordpress.wxr import WPAuthor

KIND = ImportedObject.Kind.AUTHOR


def display_name(wp_author):
    full = f"{wp_author.first_name} {wp_author.last_name}".strip()
    return wp_author.display_name or full or wp_author.login


def import_author(wp_author: WPAuthor, report, links):
    """Create or update the Author for a WordPress login; returns it (None if deleted)."""
    counts = report["authors"]
    record = mapping.find(KIND, wp_author.login)
    author = mapping.target_of(record, Author)
    digest = mapping.checksum(wp_author)
    if record is not None and author is None:
        report.warn(f"Author {wp_author.login!r} was deleted in newsdesk after an earlier "
                    "import: not created again.")
        counts.skipped += 1
        return None
    name = display_name(wp_author)[:200]
    if author is None:
        author = Author(name=name)
        author.slug = choose_slug(Author, "", name, max_length=200)
        author.save()
        counts.created += 1
    elif record.checksum != digest:
        author.name = name
        author.save()
        counts.updated += 1
    else:
        counts.skipped += 1
        return author
    data = {"login": wp_author.login, "email": wp_author.email, "wp_user_id": wp_author.wp_id}
    mapping.remember(KIND, wp_author.login, author, record=record, checksum=digest,
                     slug=wp_author.login.lower(), data=data)
    links.for_author(wp_author.login.lower(), author)
    return author
