from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.safestring import SafeString

from komunitas.search.forms import SearchForm
from komunitas.search.models import SearchEntry
from komunitas.search.query import is_windowed, ranked_window, search
from komunitas.search.registry import get_source
from komunitas.search.text import highlight, snippet

PER_PAGE = 20


@dataclass
class Hit:
    """One result as the page shows it: the entry, its title and snippet with the words marked."""

    entry: SearchEntry
    title: SafeString
    snippet: SafeString
    label: str
    kind: str


def _hits(entries, terms) -> list[Hit]:
    hits = []
    for entry in entries:
        source = get_source(entry.source)
        hits.append(
            Hit(
                entry,
                title=highlight(entry.title, terms),
                snippet=snippet(entry.body, terms),
                label=str(source.label) if source else "",
                kind=str(source.kind_label(entry.kind)) if source else "",
            )
        )
    return hits


def results(request):
    """The search page: a GET form, and the results the member may see, best first."""
    form = SearchForm(request.GET or None, user=request.user)
    context = {"form": form, "page": None, "hits": []}
    if not form.is_bound:
        return render(request, "search/results.html", context)
    if not form.is_valid():
        return render(request, "search/results.html", context, status=400)
    query = form.query()
    if not query.is_empty():
        page = Paginator(search(request.user, query), PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            hits=_hits(page.object_list, query.terms),
            query=query,
            windowed=is_windowed(query),
            window=ranked_window(),
        )
    return render(request, "search/results.html", context)
