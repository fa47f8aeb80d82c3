"""What an import did, step by step, for the command's final report."""

from collections import Counter
from dataclasses import dataclass, field

STEPS = ["authors", "categories", "tags", "attachments", "posts", "comments", "view counts",
         "redirects"]


@dataclass
class StepCounts:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.skipped + self.errors

    def __str__(self):
        return (f"created {self.created}, updated {self.updated}, skipped {self.skipped}, "
                f"errors {self.errors}")


@dataclass
class ConversionNotes:
    dropped_blocks: Counter = field(default_factory=Counter)
    unknown_shortcodes: Counter = field(default_factory=Counter)
    embeds: Counter = field(default_factory=Counter)


@dataclass
class ImportReport:
    steps: dict = field(default_factory=lambda: {name: StepCounts() for name in STEPS})
    warnings: list = field(default_factory=list)
    notes: ConversionNotes = field(default_factory=ConversionNotes)
    skipped_types: Counter = field(default_factory=Counter)  # post types newsdesk has no place for
    private_posts: int = 0
    several_categories: int = 0
    sticky_posts: int = 0
    comments_parsed: Counter = field(default_factory=Counter)  # by status
    comments_not_imported: int = 0
    images_not_copied: int = 0
    dry_run: bool = False

    def __getitem__(self, step):
        return self.steps[step]

    def warn(self, message):
        self.warnings.append(message)

    @property
    def totals(self):
        total = StepCounts()
        for counts in self.steps.values():
            total.created += counts.created
            total.updated += counts.updated
            total.skipped += counts.skipped
            total.errors += counts.errors
        return total

    def summary_line(self):
        total = self.totals
        line = (f"Created {total.created}, updated {total.updated}, skipped {total.skipped}, "
                f"errors {total.errors}")
        return line + (" (dry run: nothing was saved)" if self.dry_run else "")

    def closing_warnings(self):
        """Warnings raised along the way, then one sentence per thing worth knowing."""
        lines = list(self.warnings)
        if self.private_posts:
            lines.append(f"{counted(self.private_posts, 'private post')} imported as drafts: "
                         "newsdesk has no private articles.")
        if self.several_categories:
            lines.append(f"{counted(self.several_categories, 'post')} had several categories: "
                         "each article has the primary one (Yoast's, else the first).")
        if self.sticky_posts:
            lines.append(f"{counted(self.sticky_posts, 'sticky post')} pinned to the top of "
                         "the home page, as in WordPress.")
        for post_type, count in sorted(self.skipped_types.items()):
            lines.append(f"{counted(count, 'item')} of type '{post_type}' skipped: "
                         "newsdesk imports posts.")
        if self.comments_not_imported:
            lines.append(f"{counted(self.comments_not_imported, 'comment')} parsed, not "
                         "imported: the comments app is not installed.")
        if self.images_not_copied:
            lines.append(f"{counted(self.images_not_copied, 'featured image')} not copied (no "
                         "--uploads-dir): their original URLs are kept in the import records.")
        for name, count in self.notes.unknown_shortcodes.most_common():
            lines.append(f"Unknown shortcode [{name}] kept as text ({counted(count, 'time')}).")
        for name, count in self.notes.dropped_blocks.most_common():
            lines.append(f"Dynamic block {name} has no saved content: dropped "
                         f"({counted(count, 'time')}).")
        for name, count in self.notes.embeds.most_common():
            lines.append(f"<{name}> embeds turned into links: {count}.")
        return lines


def counted(number, noun):
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
