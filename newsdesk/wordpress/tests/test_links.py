"""Old WordPress addresses answer with a 301 to the new ones, over HTTP."""

from urllib.parse import quote

import pytest

from newsdesk.wordpress.tests.conftest import HARBOUR_TIMES, run_import

pytestmark = pytest.mark.django_db

FERRY = "/en/2024/03/harbour-ferry-returns/"
CHINESE = "/zh-hans/2024/03/qing-chuan-gang-kou-xin-du-lun-qi-hang/"
OLD_FERRY_ADDRESSES = [
    "/?p=101",
    "/2024/03/05/harbour-ferry-returns/",
    "/2024/03/05/harbour-ferry-returns",
    "/2024/03/harbour-ferry-returns/",  # another permalink structure, guessed from the slug
    "/harbour-ferry-returns/",
    "/2023/01/01/harbour-ferry-returns/feed/",
    "/harbour-ferry-returns/amp/",
    "/2024/03/05/harbour-ferry-returns/comment-page-2/",
    "/?p=101&replytocom=502",
]
OLD_ARCHIVE_ADDRESSES = [
    ("/category/news/city/harbour/", "/en/category/harbour/"),
    ("/category/harbour/", "/en/category/harbour/"),
    ("/category/news/city/feed/", "/en/category/city/feed/"),
    ("/category/" + quote("社区") + "/", "/en/category/she-qu/"),
    ("/?cat=3", "/en/category/city/"),
    ("/tag/ferries/", "/en/tag/ferries/"),
    ("/tag/ferries/feed/", "/en/tag/ferries/feed/"),
    ("/?tag=council", "/en/tag/council/"),
    ("/author/editor/", "/en/author/mara-lindqvist/"),
    ("/feed/", "/en/feed/"),
    ("/feed/atom/", "/en/feed/atom/"),
    ("/comments/feed/", "/en/feed/"),
    ("/?feed=rss2", "/en/feed/"),
]


@pytest.fixture
def imported(media_root, uploads_dir):
    run_import(HARBOUR_TIMES, "--uploads-dir", str(uploads_dir))


def assert_moved(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, (old, response.status_code)
    assert response["Location"] == new, old
    assert not response.cookies
    return response


def test_every_old_form_of_a_post_address_moves_to_the_article(client, imported):
    for old in OLD_FERRY_ADDRESSES:
        assert_moved(client, old, FERRY)
    response = client.get(FERRY)
    assert response.status_code == 200
    assert "Harbour ferry returns after winter refit" in response.content.decode()


def test_a_chinese_post_moves_to_its_article_under_the_chinese_prefix(client, imported):
    assert_moved(client, "/2024/03/07/" + quote("青川港口新渡轮") + "/", CHINESE)
    assert_moved(client, "/?p=103", CHINESE)
    page = client.get(CHINESE)
    assert page.status_code == 200 and "青川港口新渡轮启航" in page.content.decode()


def test_archive_and_feed_addresses_move_to_their_new_pages(client, imported):
    for old, new in OLD_ARCHIVE_ADDRESSES:
        assert_moved(client, old, new)
        assert client.get(new).status_code == 200


def test_old_upload_urls_move_to_the_copied_media_files(client, imported):
    assert_moved(client, "/wp-content/uploads/2024/03/market.jpg",
                 "/media/wordpress/uploads/2024/03/market.jpg")
    assert client.get("/wp-content/uploads/2024/03/never-copied.jpg").status_code == 404


def test_drafts_scheduled_and_private_posts_do_not_reveal_their_new_address(client, imported):
    for old in ["/sea-wall-vote/", "/2024/03/01/staff-note-holiday-rota/"]:
        assert client.get(old).status_code == 404, old
    for old in ["/?p=104", "/?p=105", "/?p=107"]:
        response = client.get(old)  # the home page's own language redirect, nothing more
        assert response.status_code == 302 and response["Location"] == f"/en{old}", old


def test_unknown_old_addresses_and_the_home_page_behave_as_before(client, imported):
    assert client.get("/no-such-post/").status_code == 404
    assert client.get("/?p=99999")["Location"] == "/en/?p=99999"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert response.status_code == 302 and response["Location"] == "/zh-hans/"
