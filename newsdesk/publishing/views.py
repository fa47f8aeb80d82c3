import calendar
import datetime

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from newsdesk.core.pages import article_tag, depends_on
from newsdesk.publishing.models import Article, Author, Category, Tag

ARTICLES_PER_PAGE = 10


class ArticleListView(ListView):
    """A paginated list of live articles, newest first."""

    template_name = "publishing/article_list.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE
    heading = ""

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.get_heading()
        return context

    def get_heading(self):
        return self.heading


class HomeView(ArticleListView):
    template_name = "publishing/home.html"

    def get_queryset(self):
        # Pinned articles (WordPress's sticky posts) lead the first page, newest first.
        return super().get_queryset().order_by("-pinned", "-published_at", "-pk")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "pinned_first": True}

    def get_heading(self):
        return _("Latest news")


class CategoryView(ArticleListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        ids = self.category.descendant_ids()
        return super().get_queryset().filter(category_id__in=ids)

    def get_heading(self):
        return _("Category: %(name)s") % {"name": self.category.localised("name")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["description"] = self.category.localised("description")
        context["breadcrumbs"] = self.category.lineage()[:-1]
        return context


class TagView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_heading(self):
        return _("Tag: %(name)s") % {"name": self.tag.name}


class AuthorView(ArticleListView):
    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)

    def get_heading(self):
        return _("Articles by %(name)s") % {"name": self.author.name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["author"] = self.author
        context["description"] = self.author.bio
        return context


def month_bounds(year, month):
    """The aware start and end of a calendar month in the site's time zone."""
    if not (1 <= month <= 12 and 1970 <= year <= 9999):
        raise Http404(_("No such month."))
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=zone)
    days = calendar.monthrange(year, month)[1]
    return start, start + datetime.timedelta(days=days)


class MonthView(ArticleListView):
    def get_queryset(self):
        self.start, end = month_bounds(int(self.kwargs["year"]), int(self.kwargs["month"]))
        return super().get_queryset().filter(published_at__gte=self.start, published_at__lt=end)

    def get_heading(self):
        from django.utils.formats import date_format

        return _("Archive: %(month)s") % {"month": date_format(self.start, "YEAR_MONTH_FORMAT")}


class ArticleDetailView(DetailView):
    template_name = "publishing/article_detail.html"
    context_object_name = "article"
    preview = False

    def get_queryset(self):
        return Article.objects.published().select_related("category").prefetch_related(
            "authors", "tags", "references"
        )

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        canonical = self.object.get_absolute_url()
        if not self.preview and request.path != canonical:
            return redirect(canonical, permanent=True)
        # The page shows this article (listings are refreshed with it anyway).
        depends_on(request, article_tag(self.object.pk))
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.preview
        context["references"] = list(self.object.references.all())
        return context


class ArticlePreviewView(ArticleDetailView):
    """Editors see any article, published or not, as readers will."""

    preview = True

    def get_queryset(self):
        return Article.objects.select_related("category").prefetch_related(
            "authors", "tags", "references"
        )

    def get_object(self, queryset=None):
        article = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        user = self.request.user
        # The admin's rule: authors see only their own articles; editors see all.
        if not user.has_perm("publishing.publish_article") and not article.authors.filter(
            user=user
        ).exists():
            raise Http404(_("No article to preview."))
        return article

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response


article_preview = staff_member_required(ArticlePreviewView.as_view())


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that touch the database: it may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render({}))
