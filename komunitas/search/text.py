"""Words: splitting text, Indonesian stems, the terms of a query, and highlighted snippets.

Indonesian builds words with affixes: *belajar*, *pembelajaran*, *mengajar*, *pelajaran* share
the root *ajar*. PostgreSQL's ``indonesian`` text search configuration stems them with the
Snowball Indonesian algorithm; SQLite has no Indonesian stemmer, so on SQLite the index holds the
stems computed here with the same algorithm (the ``snowballstemmer`` package, pure Python).

Snowball strips ``di-`` as a prefix, so *diferensiasi* becomes *ferensiasi* while
*berdiferensiasi* becomes *diferensiasi*. Each word of a query therefore matches its stem, itself
as a stem, or its stem stemmed again, on both databases, so either word finds the other.

Snippets are built here for both databases from the stored plain text: every piece of the
member's text is escaped, and only our own ``<mark>`` tags are added around matching words.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Letters and digits; "_" and "-" separate words as SQLite's unicode61 tokenizer does.
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 8
SNIPPET_CHARS = 240
SCAN_CHARS = 20_000  # the part of a long body a snippet is looked for in

# Words too common to narrow a search, dropped from queries (never from the index). A query of
# nothing but these keeps them.
# fmt: off
STOPWORDS = frozenset([
    "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "pada", "ini", "itu", "atau", "juga",
    "dalam", "akan", "adalah", "ada", "saya", "kami", "kita", "para", "oleh", "sebagai", "bagi",
    "agar", "karena", "tersebut", "the", "a", "an", "and", "of", "to", "in", "for", "is", "on",
])
# fmt: on

_stemmer = snowballstemmer.stemmer("indonesian")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Snowball Indonesian stem of one lower-case word."""
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def stemmed(text: str) -> str:
    """The text as the SQLite index holds it: each word replaced by its stem."""
    return " ".join(stem(word) for word in words(text))


@dataclass(frozen=True)
class Term:
    """One word of a query: it matches any word of the text whose stem is one of ``forms``."""

    word: str
    forms: frozenset[str]


def parse_query(query: str) -> list[Term]:
    """The terms of what a member typed: every one must match (in any of its forms)."""
    found = list(dict.fromkeys(words(query)))
    meaningful = [word for word in found if word not in STOPWORDS] or found
    return [Term(word, _forms(word)) for word in meaningful[:MAX_QUERY_WORDS]]


def _forms(word: str) -> frozenset[str]:
    """The word, its stem, and the stem of that: *berdiferensiasi* gives *diferensiasi* and
    *ferensiasi*, which is how Snowball stores *diferensiasi*."""
    once = stem(word)
    return frozenset({word, once, stem(once)})


def _matches(text: str, terms: list[Term]) -> list[re.Match]:
    forms = set().union(*(term.forms for term in terms)) if terms else set()
    return [m for m in WORD.finditer(text) if stem(m.group().lower()) in forms]


def _marked(text: str, matches: list[re.Match], start: int, end: int) -> str:
    out, position = [], start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        out.append(escape(text[position : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, terms: list[Term]) -> SafeString:
    """The whole (short) text escaped, with the words that match the query marked."""
    return mark_safe(_marked(text, _matches(text, terms), 0, len(text)))  # noqa: S308


def snippet(text: str, terms: list[Term], length: int = SNIPPET_CHARS) -> SafeString:
    """The passage of ``text`` where the query's words are densest, escaped and marked."""
    text = " ".join(text[:SCAN_CHARS].split())
    matches = _matches(text, terms)
    start = 0
    if matches:
        best = max(
            matches,
            key=lambda m: sum(1 for other in matches if 0 <= other.start() - m.start() < length),
        )
        start = max(0, best.start() - length // 4)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < best.start() else best.start()
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    marked = _marked(text, matches, start, end)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + marked + suffix)  # noqa: S308  (escaped piece by piece above)
