"""Feeds and search, under each language prefix (/en/feed/, /zh-hans/search/)."""

from django.urls import path

from newsdesk.syndication import feeds, views

app_name = "syndication"

urlpatterns = [
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("feed/atom/", feeds.ArticleAtomFeed(), name="feed_atom"),
    path("category/<slug:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("category/<slug:slug>/feed/atom/", feeds.CategoryAtomFeed(), name="category_feed_atom"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tag/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("author/<slug:slug>/feed/", feeds.AuthorFeed(), name="author_feed"),
    path("author/<slug:slug>/feed/atom/", feeds.AuthorAtomFeed(), name="author_feed_atom"),
    path("search/", views.search, name="search"),
]
