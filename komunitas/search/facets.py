"""Filters as words of the index: on SQLite the full-text table narrows a search by itself.

Each entry's FTS5 row has a fourth column ``facets`` holding one token per filterable value:
its source, its source and kind, its community, its author, solved or not, and each tag. A
filtered search adds the tokens of its filters to the MATCH expression, so FTS5 intersects the
word lists with the filter lists (a common word with "questions only" reads the questions, not
every match). The column weighs nothing in ``bm25`` and the words of a query are matched only in
the other columns, so a word typed by a member never matches a facet.

Tokens are letters and digits only (``unicode61`` keeps them whole): a one-letter prefix naming
the filter, then the value (ids as digits, text as UTF-8 hex, so any value makes one token).
"""

SOURCE, KIND, COMMUNITY, AUTHOR, SOLVED, TAG = "s", "k", "c", "a", "v", "t"


def _hex(value: str) -> str:
    return str(value).encode("utf-8").hex()


def token(name: str, value) -> str:
    """One facet token: ``token(COMMUNITY, 12)`` is ``c12``."""
    if name in (COMMUNITY, AUTHOR):
        return f"{name}{int(value)}"
    if name == SOLVED:
        return f"{name}{int(bool(value))}"
    return f"{name}{_hex(value)}"


def kind_value(source: str, kind: str) -> str:
    return f"{source}:{kind}"


def entry_tokens(
    *, source: str, kind: str, community_id, author_id, solved, tags: list[str]
) -> list[str]:
    """The facet tokens an entry is written with (``tags`` as ``SearchEntry.tag_list``)."""
    tokens = [token(SOURCE, source)]
    if kind:
        tokens.append(token(KIND, kind_value(source, kind)))
    if community_id is not None:
        tokens.append(token(COMMUNITY, community_id))
    if author_id is not None:
        tokens.append(token(AUTHOR, author_id))
    if solved is not None:
        tokens.append(token(SOLVED, solved))
    tokens += [token(TAG, tag) for tag in tags]
    return tokens
