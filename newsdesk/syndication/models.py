from django.db import models
from django.utils.translation import gettext_lazy as _

from newsdesk.publishing.models import Article


class SearchDocument(models.Model):
    """The searchable text of one published article, prepared for the full-text index.

    Chinese and Japanese characters are stored separated by a zero-width space, so
    the index can match any run of them as a phrase (see search/text.py). On SQLite an
    FTS5 table mirrors these rows through triggers (migration 0002); on PostgreSQL the
    search runs over them with to_tsvector.
    """

    article = models.OneToOneField(
        Article, verbose_name=_("article"), primary_key=True, on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.TextField(_("title"))
    keywords = models.TextField(_("keywords"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return str(self.article_id)
