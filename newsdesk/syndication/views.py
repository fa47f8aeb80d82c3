from django.contrib.sitemaps.views import sitemap as sitemap_section_view
from django.contrib.sitemaps.views import x_robots_tag
from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from newsdesk.core import languages
from newsdesk.syndication import links
from newsdesk.syndication.forms import SearchForm
from newsdesk.syndication.sitemaps import SECTIONS, NewsSitemap


@require_safe
def robots_txt(request):
    """robots.txt: keep crawlers out of the back office, previews and search results."""
    return render(request, "syndication/robots.txt", {
        "language_prefixes": languages.url_prefixes(),
        "sitemap_url": links.absolute_url(reverse("sitemap")),
        "news_sitemap_url": links.absolute_url(reverse("sitemap_news")),
    }, content_type="text/plain; charset=utf-8")


@require_safe
@x_robots_tag
def sitemap_index(request):
    """The sitemap index: one entry per non-empty section page, dated by its newest change."""
    entries, latest = [], None
    for section, sitemap_class in SECTIONS.items():
        sitemap = sitemap_class()
        pages = sitemap.paginator.num_pages if sitemap.paginator.count else 0
        lastmod = sitemap.get_latest_lastmod()
        location = links.absolute_url(reverse("sitemap_section", kwargs={"section": section}))
        for page in range(1, pages + 1):
            entries.append({"location": location + (f"?p={page}" if page > 1 else ""),
                            "lastmod": lastmod})
        if lastmod and (latest is None or lastmod > latest):
            latest = lastmod
    news = NewsSitemap()
    if news.paginator.count:
        entries.append({"location": links.absolute_url(reverse("sitemap_news")),
                        "lastmod": news.get_latest_lastmod()})
    headers = {"Last-Modified": http_date(latest.timestamp())} if latest else None
    return TemplateResponse(request, "syndication/sitemap_index.xml", {"sitemaps": entries},
                            content_type="application/xml", headers=headers)


@require_safe
def sitemap_section(request, section):
    if section not in SECTIONS:
        raise Http404("No such sitemap.")
    return sitemap_section_view(
        request, sitemaps={section: SECTIONS[section]}, section=section,
        template_name="syndication/sitemap.xml",
    )


@require_safe
def sitemap_news(request):
    return sitemap_section_view(
        request, sitemaps={"news": NewsSitemap}, section="news",
        template_name="syndication/sitemap_news.xml",
    )


@require_safe
def search(request):
    """The search page: a form, ranked and highlighted results, filters, pages."""
    form = SearchForm(request.GET)
    context = {"form": form, "noindex": True, "query": None, "page_obj": None}
    if form.is_valid() and form.cleaned_data["q"]:
        query, results = form.search()
        context["query"] = query
        if not query:
            return render(request, "syndication/search.html", context)
        page = context["page_obj"] = form.paginate(results)
        if page.has_previous():
            context["previous_query"] = form.page_query(page.previous_page_number())
        if page.has_next():
            context["next_query"] = form.page_query(page.next_page_number())
    return render(request, "syndication/search.html", context)
