"""The search box under random and adversarial queries, in both languages.

Whatever a reader (or a scanner) types: a results page, never a 500; the query
comes back in the search field escaped; nothing in the page runs or loads
anything that the empty search page does not.
"""

import pytest
from django.utils.html import escape
from hypothesis import event, given
from hypothesis import strategies as st

from newsdesk.core.testing import (
    ATTACKS,
    assert_no_new_unsafe_html,
    assert_no_server_error,
    client,
    hostile_text,
    http_settings,
)
from newsdesk.publishing.models import Category
from newsdesk.publishing.tests.factories import make_article
from newsdesk.syndication.search.text import strip_control

pytestmark = pytest.mark.django_db

WORDS = ["harbour", "ferry", "script", "alert", "onerror", "javascript", "港口", "渡轮", "青川"]


@pytest.fixture
def newsroom():
    """Articles whose own text carries attacks, so results highlight hostile text too."""
    category = Category.objects.create(name='<b onmouseover="x">Harbour</b>', slug="harbour")
    for number, attack in enumerate(ATTACKS[:12]):
        make_article(f"Harbour ferry {attack}", body=f"The ferry {attack} runs again.",
                     summary=f"Ferry {attack}", category=category)
        make_article(f"青川港口 {attack} 渡轮", body=f"渡轮 {attack} 恢复运行。",
                     language="zh-hans", days_ago=number + 2)


def queries():
    """Random text, attacks, and the newsroom's words mixed with attacks and operators."""
    pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(ATTACKS),
                       st.sampled_from(['"', "-", "OR", "NOT", "*", "(", ")", ":", "^", "NEAR"]),
                       st.text(max_size=10))
    return st.one_of(hostile_text(max_size=400),
                     st.lists(pieces, min_size=1, max_size=8).map(" ".join))


@http_settings
@given(q=queries(), language=st.sampled_from(["en", "zh-hans"]),
       filters=st.fixed_dictionaries({}, optional={
           "category": st.one_of(st.just("harbour"), hostile_text(max_size=40)),
           "language": st.one_of(st.sampled_from(["en", "zh-hans"]), hostile_text(max_size=20)),
           "order": st.one_of(st.sampled_from(["relevance", "newest"]),
                              hostile_text(max_size=20)),
           "page": st.one_of(st.integers(-5, 10**20).map(str), hostile_text(max_size=20)),
       }))
def test_any_query_gives_a_results_page_with_the_query_escaped(newsroom, q, language, filters):
    """Status 200; the query is in the search field escaped; no new script, handler or form."""
    browser = client()
    url = f"/{language}/search/"
    baseline = browser.get(url).content.decode()
    response = browser.get(url, {"q": q, **filters})
    assert_no_server_error(response)
    assert response.status_code == 200
    html = response.content.decode()
    shown = strip_control(q).strip()
    assert f'name="q" value="{escape(shown)}"' in html
    assert_no_new_unsafe_html(html, baseline)
    event("results" if 'class="search-hit"' in html else "no results")
