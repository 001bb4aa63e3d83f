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
    rendered = _demote_headings(_parser().render(str(text)))
    return mark_safe(sanitise_html(rendered))  # noqa: S308  (sanitised just above)


def plain_text(text: str | None) -> str:
    """The words of a member's Markdown without any markup (for snippets, e-mail subjects, PDFs)."""
    if not text:
        return ""
    return html.unescape(nh3.clean(_parser().render(str(text)), tags=set())).strip()
