from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsdesk.core.translation import Translated, TranslationsField
from newsdesk.publishing.markdown import render_markdown
from newsdesk.publishing.slugs import unique_slug


class Author(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, blank=True, allow_unicode=False,
        help_text=_("Part of the author's page address. Leave empty to generate it from the name."),
    )
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="author_profile",
        help_text=_("The back-office account that writes as this author."),
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, instance=self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publishing:author", kwargs={"slug": self.slug})


class Category(Translated, models.Model):
    translated_fields = ("name", "description")

    name = models.CharField(
        _("name"), max_length=100,
        help_text=_("In the site's default language; each other language's name is shown in "
                    "its interface, and an empty one means this name."),
    )
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True, blank=True,
        help_text=_("Leave empty to generate it from the name."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent category"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    translations = TranslationsField()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self):
        return " › ".join(category.name for category in self.lineage())

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Category, self.name, instance=self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publishing:category", kwargs={"slug": self.slug})

    def lineage(self):
        """This category and its ancestors, outermost first."""
        chain, seen, node = [], set(), self
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def descendant_ids(self):
        """Primary keys of this category and every category below it."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(
                Category.objects.filter(parent_id__in=frontier)
                .exclude(pk__in=ids)
                .values_list("pk", flat=True)
            )
            ids.update(frontier)
        return ids


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, blank=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Tag, self.name, instance=self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publishing:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see: published, with a publication time that has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        return self.select_related("category").prefetch_related("authors")


def published_sql(now):
    """`published()` as an SQL condition on the article table, for code that writes its own
    statements (audience's batch writer): (condition, params). `now` as the database takes it.

    The table is `Article._meta.db_table`; a test keeps this in step with published().
    """
    return "status = %s AND published_at <= %s", [Article.Status.PUBLISHED.value, now]


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, blank=True,
        help_text=_("Part of the article's address. Leave empty to generate it from the title."),
    )
    summary = models.TextField(
        _("summary"), max_length=600, blank=True,
        help_text=_("One or two sentences shown in listings, feeds and search results."),
    )
    body = models.TextField(_("body"), help_text=_("Markdown. Raw HTML is sanitised."))
    body_html = models.TextField(editable=False, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True,
    )
    published_at = models.DateTimeField(
        _("publication time"), null=True, blank=True, db_index=True,
        help_text=_(
            "A time in the future schedules the article: it appears then by itself. "
            "Empty means now, when published."
        ),
    )
    pinned = models.BooleanField(
        _("pinned to the home page"), default=False,
        help_text=_("Shown first on the home page, above newer articles, while published."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), blank=True, related_name="articles",
        help_text=_("Empty: the author profile of whoever saves the article."),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    featured_image = models.ImageField(
        _("featured image"), upload_to="articles/%Y/%m/", blank=True,
        width_field="featured_image_width", height_field="featured_image_height",
    )
    featured_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_alt = models.CharField(
        _("featured image description"), max_length=300, blank=True,
        help_text=_("Alternative text for readers who cannot see the image."),
    )
    correction = models.TextField(
        _("correction or update note"), blank=True,
        help_text=_("Shown above the body when filled in, e.g. what was corrected and when."),
    )
    # Totals kept by the audience and comments apps, so listings need no joins.
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    like_count = models.PositiveIntegerField(_("likes"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", _("Can publish articles and edit published ones"))]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_listing")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title, instance=self)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.body_html = render_markdown(self.body)
        if kwargs.get("update_fields") is None:
            self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        moment = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return reverse(
            "publishing:article",
            kwargs={"year": f"{moment.year:04d}", "month": f"{moment.month:02d}",
                    "slug": self.slug},
        )

    @property
    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_live

    @property
    def was_updated(self):
        """True when the article changed noticeably after publication."""
        if not self.published_at:
            return False
        return (self.updated_at - self.published_at).total_seconds() > 600

    @property
    def language_tag(self):
        from newsdesk.core.languages import bcp47

        return bcp47(self.language)


class Reference(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="references",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title
