"""Members' Markdown, rendered to HTML that is safe to show to everyone.

Two locks, each enough on its own: markdown-it never passes raw HTML through (``html=False``),
and nh3 (a Rust HTML sanitiser) keeps only an allow-list of tags and attributes, only http(s)
and mailto links, and marks every link ``rel="nofollow noopener ugc"`` so a member's link
lends no reputation and can't reach back into the page that opened it.
"""

import html
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6", "hr",
    "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "js-default" is CommonMark with raw HTML off and links checked by markdown-it's own
    # validator (no javascript:, vbscript:, file: or data: URLs other than images).
    return MarkdownIt("js-default", {"breaks": True, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def _demote_headings(rendered: str) -> str:
    """A member's '# Title' must not compete with the page's own h1 and h2."""
    for level in (2, 1):
        rendered = rendered.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return rendered


def sanitise_html(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
    )


def render_markdown(text: str | None) -> SafeString:
    """Markdown written by a member as safe HTML (empty for empty text)."""
    if not text:
        return mark_safe("")
    return mark_safe(_rendered(str(text)))  # noqa: S308  (sanitised in _rendered)


# The HTML depends on the text alone, so each worker keeps the latest texts' HTML: a thread of
# fifty replies is parsed once, not on every visit (markdown-it is pure Python, ~0.5 ms a
# reply). Bounded: at most this many texts of at most RENDERED_MAX_TEXT characters.
RENDERED_CACHE_SIZE = 2048
RENDERED_MAX_TEXT = 4000


def _rendered(text: str) -> str:
    if len(text) > RENDERED_MAX_TEXT:
        return _render(text)
    return _render_cached(text)


def _render(text: str) -> str:
    return sanitise_html(_demote_headings(_parser().render(text)))


_render_cached = lru_cache(maxsize=RENDERED_CACHE_SIZE)(_render)


def plain_text(text: str | None) -> str:
    """The words of a member's Markdown without any markup (for snippets, e-mail subjects, PDFs)."""
    if not text:
        return ""
    return html.unescape(nh3.clean(_parser().render(str(text)), tags=set())).strip()
