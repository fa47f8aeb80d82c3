"""Files crawlers expect at the root of the site, outside the language prefixes."""

from django.urls import path

from newsdesk.syndication import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-news.xml", views.sitemap_news, name="sitemap_news"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
]
