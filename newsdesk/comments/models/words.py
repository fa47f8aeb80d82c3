from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WordList(models.Model):
    """Banned words (rejected) or suspect words (held for a moderator), for one language.

    One word or phrase per line. English lists match whole words, ignoring case;
    Chinese lists match words as jieba segments the text. Every line is taken
    literally: `.*` or `f*ck` mean those characters, never a pattern.
    """

    class Kind(models.TextChoices):
        BANNED = "banned", _("Banned words: the comment is rejected")
        SUSPECT = "suspect", _("Suspect words: the comment waits for a moderator")

    kind = models.CharField(_("list"), max_length=10, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    words = models.TextField(
        _("words"), blank=True,
        help_text=_("One word or phrase per line. Lines starting with # are notes."),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("word list")
        verbose_name_plural = _("word lists")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="wordlist_one_per_language"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_language_display()})"

    def entries(self):
        """The list's words: stripped, without blanks, notes or repeats."""
        return entries_of(self.words)


def entries_of(text):
    seen = {}
    for line in (text or "").splitlines():
        word = " ".join(line.split())
        if word and not word.startswith("#"):
            seen.setdefault(word.casefold(), word)
    return list(seen.values())
