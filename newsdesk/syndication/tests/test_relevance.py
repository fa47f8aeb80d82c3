"""The team's search relevance checks on the demo newsroom (publishing/demo/search_queries.toml)."""

import tomllib
from pathlib import Path

import pytest

from newsdesk.publishing.demo_loader import DEMO_DIR
from newsdesk.syndication import search

pytestmark = pytest.mark.django_db

QUERIES = tomllib.loads(Path(DEMO_DIR / "search_queries.toml").read_text())["queries"]


def test_the_team_wrote_ten_english_and_ten_chinese_queries():
    chinese = [entry for entry in QUERIES if search.text.is_cjk(entry["query"])]
    assert len(QUERIES) == 20 and len(chinese) == 10


@pytest.mark.usefixtures("demo")
class TestRelevanceOnTheDemoNewsroom:
    @pytest.mark.parametrize("entry", QUERIES, ids=[entry["query"] for entry in QUERIES])
    def test_expected_article_ranks_first(self, entry):
        _query, results = search.search(entry["query"])
        top = [hit.article.slug for hit in results[0:3]]
        assert top and top[0] == entry["expected"], top

    @pytest.mark.parametrize("entry", QUERIES, ids=[entry["query"] for entry in QUERIES])
    def test_expected_article_ranks_first_on_the_search_page(self, client, entry):
        response = client.get("/zh-hans/search/", {"q": entry["query"]})
        assert response.status_code == 200
        html = response.content.decode()
        first = html.index('class="search-hit"')
        assert f"/{entry['expected']}/" in html[first:html.index("</article>", first)]
