"""Related articles: most shared tags first, then the same category, then the same language."""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from newsdesk.publishing.models import Article


def related_articles(article, limit=4):
    tag_ids = [tag.pk for tag in article.tags.all()]
    through = Article.tags.through
    shared = (
        through.objects.filter(article_id=OuterRef("pk"), tag_id__in=tag_ids)
        .values("article_id").annotate(count=Count("tag_id")).values("count")
    )
    candidates = Q(shared_tags__gt=0)
    if article.category_id:
        candidates |= Q(category_id=article.category_id)
    return list(
        Article.objects.published().exclude(pk=article.pk)
        .annotate(
            shared_tags=Coalesce(Subquery(shared, output_field=IntegerField()), Value(0)),
            same_category=Case(When(category_id=article.category_id, then=1), default=0,
                               output_field=IntegerField())
            if article.category_id else Value(0),
            same_language=Case(When(language=article.language, then=1), default=0,
                               output_field=IntegerField()),
        )
        .filter(candidates)
        .for_listing()
        .order_by("-shared_tags", "-same_category", "-same_language", "-published_at", "-pk")
        [:limit]
    )
