"""RSS 2.0 and Atom 1.0 writers with what Django's lack for news: full content,
several authors per item, the item's own language, and a channel image."""

from django.utils import feedgenerator

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"


class NewsRssFeed(feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:dc": DC_NS}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("image"):
            handler.startElement("image", {})
            handler.addQuickElement("url", self.feed["image"])
            handler.addQuickElement("title", self.feed["title"])
            handler.addQuickElement("link", self.feed["link"])
            handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])


class NewsAtomFeed(feedgenerator.Atom1Feed):
    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        if self.feed.get("image"):
            handler.addQuickElement("logo", self.feed["image"])

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if url:
                handler.addQuickElement("uri", url)
            handler.endElement("author")
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})
