"""Random and adversarial input: nothing crashes, nothing unsafe comes out."""

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsdesk.core.testing import (
    ATTACKS,
    assert_no_server_error,
    assert_safe_html,
    client,
    hostile_json,
    hostile_text,
    http_settings,
    url_path_segments,
)
from newsdesk.publishing.markdown import render_markdown
from newsdesk.publishing.tests.factories import make_article


@settings(max_examples=400, deadline=None)
@given(hostile_text(max_size=5000))
@example("<scr<script>ipt>alert(1)</script>")
@example("[a](javascript&#58;alert(1))")
@example('<a href="&#106;avascript:alert(1)">x</a>')
@example("<img src=x onerror=alert(1)//")
@example("```\n<script>alert(1)</script>\n```")
def test_markdown_renderer_never_lets_script_through_and_never_raises(text):
    """Whatever the body, the rendered HTML has no script, handler, script URL or embed."""
    assert_safe_html(render_markdown(text))


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_known_attack_is_neutralised_by_the_markdown_renderer(attack):
    """Each attack of the shared list, alone, renders harmless."""
    assert_safe_html(render_markdown(attack))


def test_the_safety_check_itself_catches_unsafe_html():
    """The checker fails on each kind of unsafe markup, so the tests above can fail."""
    for unsafe in ["<script>x</script>", '<p onclick="x">', '<a href=" javascript:x">',
                   '<img src="data:text/html,x">', '<iframe src="x">', '<b style="x">']:
        with pytest.raises(AssertionError):
            assert_safe_html(unsafe)


@pytest.mark.django_db
@http_settings
@given(segments=st.lists(url_path_segments(), min_size=1, max_size=5),
       query=st.one_of(st.just(""), hostile_text(max_size=200)))
def test_random_paths_never_give_a_server_error(segments, query):
    """Any path, under any prefix, with any query string: a page, a redirect or a 4xx."""
    from urllib.parse import quote

    browser = client()
    path = "/" + "/".join(segments)
    for candidate in (path, path + "/", "/en" + path + "/"):
        assert_no_server_error(browser.get(candidate, {"q": query, "page": query} if query
                                           else None))
    assert_no_server_error(browser.post(path + "/", {"x": quote(query)}))


@pytest.mark.django_db
@settings(max_examples=30, deadline=None)
@given(slug=hostile_text(max_size=100), year=st.integers(-10, 100000),
       month=st.integers(-5, 200))
def test_archive_and_article_addresses_with_wild_values_never_fail(slug, year, month):
    """Month and article routes with out-of-range numbers and odd slugs answer 404, not 500."""
    from urllib.parse import quote

    make_article("Harbour")
    browser = client()
    assert_no_server_error(browser.get(f"/en/{year:04d}/{month:02d}/"))
    assert_no_server_error(browser.get(f"/en/{year:04d}/{month:02d}/{quote(slug, safe='')}/"))


@settings(max_examples=50, deadline=None)
@given(document=hostile_json())
def test_hostile_json_documents_are_always_serialisable(document):
    """The JSON strategy makes documents an endpoint test can post as they are."""
    assert json.loads(json.dumps(document)) == document


@pytest.mark.django_db
def test_an_article_dated_before_the_year_1000_still_has_an_address(client):
    """A typo such as 0202 for 2025 must not break the home page (it lists the article)."""
    import datetime

    article = make_article("Typo", published_at=datetime.datetime(202, 5, 1, tzinfo=datetime.UTC))
    assert article.get_absolute_url().startswith("/en/0202/05/")
    assert client.get("/en/").status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/old/%2500/", "/wp-content/uploads/%2500.jpg", "/a%2500b/"])
def test_an_encoded_nul_in_an_old_address_is_not_found(client, path):
    """Old WordPress addresses are decoded once more to be guessed: NUL must not reach the
    database (PostgreSQL refuses it)."""
    assert client.get(path).status_code == 404
