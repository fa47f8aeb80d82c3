"""Steps 2 and 3: categories (with their hierarchy) and tags."""

from newsdesk.publishing.models import Category, Tag
from newsdesk.wordpress import mapping
from newsdesk.wordpress.models import ImportedObject
from newsdesk.wordpress.slugs import choose_slug
from newsdesk.wordpress.wxr import WPTerm

CATEGORY, TAG = ImportedObject.Kind.CATEGORY, ImportedObject.Kind.TAG


def import_categories(terms, report, links):
    """Create or update categories, then link each to its parent; returns {slug: Category}."""
    counts = report["categories"]
    found, records, adopted = {}, {}, set()
    for term in terms:
        record = mapping.find(CATEGORY, term.slug)
        category = mapping.target_of(record, Category)
        digest = mapping.checksum(term)
        if record is not None and category is None:
            report.warn(f"Category {term.slug!r} was deleted in newsdesk after an earlier "
                        "import: not created again.")
            counts.skipped += 1
            continue
        if category is None and record is None:
            category = same_category(term)
            if category is not None:
                adopted.add(term.slug)
                counts.skipped += 1
        if category is None:
            category = Category(name=(term.name or term.slug)[:100])
            category.slug = choose_slug(Category, term.slug, term.name)
            category.description = term.description
            category.save()
            counts.created += 1
        elif record is not None and record.checksum != digest:
            category.name, category.description = (term.name or term.slug)[:100], term.description
            category.save()
            counts.updated += 1
        elif record is not None:
            counts.skipped += 1
        found[term.slug] = category
        records[term.slug] = (record, digest, term)
    for slug, (record, digest, term) in records.items():
        category = found[slug]
        parent = found.get(term.parent_slug)
        if parent is not None and category.pk in parent_chain_ids(parent):
            report.warn(f"Category {slug!r} would be its own ancestor: parent left empty.")
            parent = None
        keep_own = slug in adopted and category.parent_id is not None
        if not keep_own and category.parent_id != (parent.pk if parent else None):
            category.parent = parent
            category.save(update_fields=["parent"])
        if record is None or record.checksum != digest:
            mapping.remember(CATEGORY, slug, category, record=record, checksum=digest,
                             slug=slug, data={"term_id": term.term_id})
            links.for_term(CATEGORY, slug_path(slug, records), category, term.term_id)
    return found


def same_category(term):
    """A category the newsroom already has under the same slug and name: adopted, not doubled."""
    return Category.objects.filter(slug=term.slug, name__iexact=term.name.strip()).first()


def parent_chain_ids(category):
    return {node.pk for node in category.lineage()}


def slug_path(slug, records):
    """WordPress's category address: the slugs of the ancestors, then its own."""
    chain, seen = [], set()
    while slug and slug not in seen and slug in records:
        seen.add(slug)
        chain.append(slug)
        slug = records[slug][2].parent_slug
    return list(reversed(chain))


def import_tag(term: WPTerm, report, links):
    """Create or update one tag (an existing tag of the same name is adopted)."""
    counts = report["tags"]
    record = mapping.find(TAG, term.slug)
    tag = mapping.target_of(record, Tag)
    digest = mapping.checksum(term)
    name = (term.name or term.slug)[:100]
    if record is not None and tag is None:
        counts.skipped += 1
        return None
    if tag is None:
        tag = Tag.objects.filter(name=name).first()
        if tag is None:
            tag = Tag(name=name, slug=choose_slug(Tag, term.slug, name))
            tag.save()
            counts.created += 1
        else:
            counts.skipped += 1
    elif record.checksum != digest:
        if not Tag.objects.filter(name=name).exclude(pk=tag.pk).exists():
            tag.name = name
            tag.save()
        counts.updated += 1
    else:
        counts.skipped += 1
        return tag
    mapping.remember(TAG, term.slug, tag, record=record, checksum=digest, slug=term.slug,
                     data={"term_id": term.term_id})
    links.for_term(TAG, [term.slug], tag)
    return tag
