"""A large export is streamed: memory stays flat however big the file is."""

import os
import subprocess
import sys

import pytest

from newsdesk.wordpress.tests.conftest import FIXTURES

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Big</title><link>https://big.example</link><language>en-US</language>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://big.example</wp:base_site_url>
<wp:base_blog_url>https://big.example</wp:base_blog_url>
"""
COMMENT = """<wp:comment><wp:comment_id>{id}</wp:comment_id>
<wp:comment_author><![CDATA[Reader {id}]]></wp:comment_author>
<wp:comment_author_email>r{id}@example.org</wp:comment_author_email>
<wp:comment_author_IP>192.0.2.1</wp:comment_author_IP>
<wp:comment_date_gmt>2024-01-01 10:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{text}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
"""
ITEM = """<item><title>Story {id}</title><link>https://big.example/story-{id}/</link>
<dc:creator>reporter</dc:creator><guid isPermaLink="false">https://big.example/?p={id}</guid>
<content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id><wp:post_date_gmt>2024-01-01 09:00:00</wp:post_date_gmt>
<wp:post_name>story-{id}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="news"><![CDATA[News]]></category>
<wp:postmeta><wp:meta_key>views</wp:meta_key><wp:meta_value>{id}</wp:meta_value></wp:postmeta>
{comments}</item>
"""


def write_big_export(path, posts, paragraphs, comments):
    """An export of `posts` posts, each with long content and many comments."""
    paragraph = "The harbour committee met again to discuss the ferry timetable. " * 8
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for number in range(1, posts + 1):
            body = "\n\n".join(f"{paragraph}({number}.{p})" for p in range(paragraphs))
            thread = "".join(COMMENT.format(id=number * 1000 + c, text=paragraph * 40)
                             for c in range(comments))
            handle.write(ITEM.format(id=number, body=body, comments=thread))
        handle.write("</channel></rss>\n")
    return path.stat().st_size


def peak_memory_of_import(export, data_dir):
    """Peak resident memory (bytes) of `newsdesk import-wordpress` run in its own process."""
    env = {**os.environ, "NEWSDESK_DATA_DIR": str(data_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # Its own SQLite database: never the shared DATABASE_URL of the second CI pass.
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "newsdesk", "migrate", "-v0"], env=env, check=True,
                   timeout=120)
    process = subprocess.Popen([sys.executable, "-m", "newsdesk", "import-wordpress", str(export)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    output = process.stdout.read().decode()
    assert os.waitstatus_to_exitcode(status) == 0, process.stderr.read().decode()
    process.stdout.close()
    process.stderr.close()
    return usage.ru_maxrss * 1024, output


@pytest.mark.skipif(not hasattr(os, "wait4"), reason="needs os.wait4 for a child's peak memory")
def test_a_large_export_is_imported_in_flat_memory(tmp_path):
    size = write_big_export(tmp_path / "big.xml", posts=100, paragraphs=70, comments=10)
    assert size > 20_000_000
    baseline, _output = peak_memory_of_import(FIXTURES / "wxr-1.0.xml", tmp_path / "small")
    peak, output = peak_memory_of_import(tmp_path / "big.xml", tmp_path / "big")
    assert "posts        created 100" in output
    assert "comments     created 1000" in output
    # Holding the parsed document would take more than the file's size; streaming does not.
    print(f"file {size / 1e6:.1f} MB, peak growth {(peak - baseline) / 1e6:.1f} MB")
    assert peak - baseline < size * 0.6, (peak - baseline, size)
