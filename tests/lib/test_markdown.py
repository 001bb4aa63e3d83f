from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from komunitas.lib.markdown import plain_text, render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](vbscript:msgbox(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    "<iframe src=https://evil.example></iframe>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '[a](https://ok.example "x onmouseover=alert(1)")',
    "<details open ontoggle=alert(1)>",
    "`<script>` and ```\n<script>alert(1)</script>\n```",
    "<<script>script>alert(1)<</script>/script>",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
]


class Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


SAFE_TAGS = {"p", "a", "code", "pre", "br", "strong", "em", "h3", "blockquote", "ul", "li"}


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_input_never_becomes_active_html(payload):
    for tag, attrs in Elements(str(render_markdown(payload))).found:
        assert tag in SAFE_TAGS, tag
        assert set(attrs) <= {"href", "title", "rel"}, attrs
        href = (attrs.get("href") or "https:").lower().strip()
        assert href.startswith(("https:", "http:", "mailto:")), href


def test_markdown_keeps_the_useful_formatting():
    text = "# Judul\n\n**tebal** _miring_ ~~coret~~\n\n- satu\n- dua\n\n> kutip"
    html = str(render_markdown(text))
    assert "<h3>Judul</h3>" in html  # demoted below the page's own headings
    assert "<strong>tebal</strong>" in html and "<em>miring</em>" in html
    assert "<s>coret</s>" in html
    assert "<li>satu</li>" in html and "<blockquote>" in html


def test_links_are_marked_as_user_content():
    html = str(render_markdown("[modul](https://guru.kemdikbud.go.id/)"))
    assert 'href="https://guru.kemdikbud.go.id/"' in html
    assert 'rel="nofollow noopener ugc"' in html


def test_tables_and_line_breaks():
    html = str(render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\nbaris satu\nbaris dua"))
    assert "<table>" in html and "<td>1</td>" in html
    assert "baris satu<br>" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == "" and render_markdown(None) == ""


def test_plain_text_drops_markup_but_keeps_words():
    assert plain_text("**Asesmen** <b>formatif</b> & umpan balik") == (
        "Asesmen <b>formatif</b> & umpan balik"
    )


def test_template_filter_renders_sanitised_markdown():
    out = Template("{% load markdown %}{{ text|markdown }}").render(
        Context({"text": "**ya** <script>x</script>"})
    )
    assert "<strong>ya</strong>" in out and "<script>" not in out


def test_each_text_is_parsed_once_and_then_served_from_the_worker_cache():
    from komunitas.lib import markdown

    text = "Sekali **saja** diurai, lalu diambil dari ingatan: 7f3c"
    first = render_markdown(text)
    hits = markdown._render_cached.cache_info().hits
    again = render_markdown(text)
    assert (
        again
        == first
        == "<p>Sekali <strong>saja</strong> diurai, lalu diambil dari ingatan: 7f3c</p>\n"
    )
    assert markdown._render_cached.cache_info().hits == hits + 1


def test_long_texts_are_rendered_the_same_without_filling_the_cache():
    from komunitas.lib import markdown

    long = "kata " * 2000 + "**akhir**"
    size = markdown._render_cached.cache_info().currsize
    rendered = render_markdown(long)
    assert rendered.endswith("<strong>akhir</strong></p>\n")
    assert markdown._render_cached.cache_info().currsize == size
