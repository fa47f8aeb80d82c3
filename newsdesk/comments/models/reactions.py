from django.db import models


class RespectMark(models.Model):
    """One reader's respect for one comment on one day (a daily visitor hash, no cookie).

    Marks of past days are deleted: they only stop a reader counting twice a day.
    """

    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    visitor = models.CharField(max_length=32)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["comment", "day", "visitor"],
                                    name="respect_once_a_day"),
        ]

    def __str__(self):
        return f"{self.comment_id} {self.day}"


class ImportedComment(models.Model):
    """Which comment an imported post became, so an import can run again (Disqus)."""

    source = models.CharField(max_length=20)
    source_id = models.CharField(max_length=64)
    comment = models.ForeignKey("comments.Comment", on_delete=models.CASCADE, related_name="+")

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="imported_comment_once"),
        ]

    def __str__(self):
        return f"{self.source}:{self.source_id}"
