from newsdesk.publishing.markdown import render_markdown
from newsdesk.wordpress.autop import wpautop
from newsdesk.wordpress.content import convert
from newsdesk.wordpress.report import ConversionNotes
from newsdesk.wordpress.shortcodes import Context

IMAGES = {21: "/media/market.jpg", 22: "/media/market-2.jpg"}


def converted(text, **context):
    notes = ConversionNotes()
    context.setdefault("attachment_url", IMAGES.get)
    context.setdefault("attachments_of", lambda post_id: [21, 22] if post_id == 5 else [])
    html = convert(text, Context(unknown=notes.unknown_shortcodes, **context), notes)
    return html, notes


def test_wpautop_makes_paragraphs_from_blank_lines_and_breaks_from_single_ones():
    assert wpautop("One\ntwo\n\nThree") == "<p>One<br />\ntwo</p>\n<p>Three</p>\n"
    assert wpautop("<ul>\n<li>a</li>\n</ul>\nText") == "<ul>\n<li>a</li>\n</ul>\n<p>Text</p>\n"


def test_wpautop_leaves_preformatted_text_alone():
    assert "<pre>a\n\nb</pre>" in wpautop("Intro\n\n<pre>a\n\nb</pre>\n\nEnd")


def test_block_comments_are_removed_and_dynamic_blocks_reported():
    html, notes = converted(
        "<!-- wp:paragraph -->\n<p>Hello</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:latest-posts {"postsToShow":3} /-->\n'
        "<!-- wp:group -->\n<div class=\"wp-block-group\"><p>In a group</p></div>\n"
        "<!-- /wp:group -->"
    )
    assert "wp:" not in html and "<!--" not in html
    assert html == "<p>Hello</p>\n<p>In a group</p>"
    assert notes.dropped_blocks == {"wp:latest-posts": 1}


def test_block_content_is_not_given_extra_paragraphs():
    html, _notes = converted(
        "<!-- wp:paragraph -->\n<p>Line one\nline two</p>\n<!-- /wp:paragraph -->")
    assert html == "<p>Line one\nline two</p>"


def test_caption_becomes_a_figure_with_its_caption():
    html, _notes = converted(
        '[caption id="attachment_1" align="alignleft" width="300"]'
        '<img src="https://x.example/a.jpg"'
        ' alt="A boat" width="300" height="200" /> A boat at dawn.[/caption]'
    )
    assert html.startswith('<figure><img src="https://x.example/a.jpg" alt="A boat"')
    assert html.endswith("<figcaption>A boat at dawn.</figcaption></figure>")
    assert "<p><figure>" not in html


def test_caption_attribute_form_is_understood():
    html, _notes = converted(
        '[caption caption="From the air"]<img src="https://x.example/b.jpg" alt="">[/caption]')
    assert "<figcaption>From the air</figcaption>" in html


def test_gallery_becomes_a_figure_with_a_list_of_images():
    html, _notes = converted('[gallery ids="22,21" columns="2"]')
    assert html.startswith("<figure><ul><li><img ") and html.endswith("</li></ul></figure>")
    assert html.index('src="/media/market-2.jpg"') < html.index('src="/media/market.jpg"')
    assert html.count("<li>") == 2


def test_gallery_without_ids_shows_the_images_attached_to_the_post():
    html, _notes = converted("[gallery]", post_id=5)
    assert html.count("<li><img") == 2


def test_media_and_embed_shortcodes_become_links():
    html, _notes = converted(
        "[embed]https://vimeo.com/1[/embed]\n\n[youtube=https://youtu.be/abc]\n\n"
        '[video mp4="https://x.example/v.mp4"][/video]\n\n[audio src="https://x.example/a.mp3"]'
        "\n\n[vimeo 42]\n\nhttps://twitter.com/someone/status/1"
    )
    for url in ["https://vimeo.com/1", "https://youtu.be/abc", "https://x.example/v.mp4",
                "https://x.example/a.mp3", "https://vimeo.com/42",
                "https://twitter.com/someone/status/1"]:
        assert f'<a href="{url}" rel="noopener noreferrer">{url}</a>' in html


def test_unknown_shortcodes_stay_visible_and_are_counted_but_prose_brackets_are_not():
    html, notes = converted(
        'Say [sic] and [1]. [contact-form-7 id="5"]\n\n'
        "[vc_row][vc_column]Inside[/vc_column][/vc_row]"
    )
    assert '[contact-form-7 id="5"]' in html
    assert "[vc_row][vc_column]Inside[/vc_column][/vc_row]" in html
    assert "[sic]" in html and "[1]" in html
    assert notes.unknown_shortcodes == {"contact-form-7": 1, "vc_row": 1, "vc_column": 1}


def test_known_shortcodes_inside_unknown_ones_are_still_converted():
    html, _notes = converted('[vc_column_text][caption]<img src="https://x.example/c.jpg" alt="">'
                             " C[/caption][/vc_column_text]")
    assert "[vc_column_text]" in html and "[/vc_column_text]" in html
    assert "<figcaption>C</figcaption></figure>" in html


def test_escaped_shortcodes_are_shown_as_text():
    html, notes = converted("Type [[caption]] to caption.")
    assert html == "<p>Type [caption] to caption.</p>" and not notes.unknown_shortcodes


def test_iframes_become_links_and_scripts_disappear():
    html, notes = converted('<iframe src="https://maps.example/embed?x=1"></iframe>\n\n'
                            '<script>alert(1)</script><p onclick="x()">Hi</p>')
    assert '<a href="https://maps.example/embed?x=1"' in html
    assert "script" not in html and "alert" not in html and "onclick" not in html
    assert notes.embeds == {"iframe": 1}


def test_the_body_renders_through_markdown_unchanged():
    """Blank lines are folded so Markdown treats the HTML as HTML, not as code or text."""
    source = "First *para*\n\n    indented line\n\n<pre>code\n\n    kept</pre>\n\nLast_para_"
    html, _notes = converted(source)
    assert render_markdown(html).replace("\n", "") == html.replace("\n", "")
    assert "<pre>code\n\n    kept</pre>" in render_markdown(html) and "*para*" in html
