from dataclasses import dataclass

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.safestring import SafeString

from komunitas.search.forms import SearchForm
from komunitas.search.models import SearchEntry
from komunitas.search.query import find, ranked_window
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
    solved_label: str


def _hits(entries, terms) -> list[Hit]:
    hits = []
    for entry in entries:
        source = get_source(entry.source)
        hits.append(
            Hit(
                entry,
                title=highlight(entry.title or entry.context, terms),
                snippet=snippet(entry.body, terms),
                label=str(source.label) if source else "",
                kind=str(source.kind_label(entry.kind)) if source else "",
                solved_label=str(source.solved_label) if source and source.solved_label else "",
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
        found = find(request.user, query)
        page = _page(found.entries, bool(query.terms), request.GET.get("page"))
        context.update(
            page=page,
            hits=_hits(page.object_list, query.terms),
            query=query,
            windowed=found.windowed,
            window=ranked_window(),
        )
    return render(request, "search/results.html", context)


def _page(entries, ranked: bool, number):
    """One page of ``entries``. A search with words reads at most ``ranked_window()`` matches:
    their ids, in order, come in one query (no separate count), then the page's entries."""
    if not ranked:
        return Paginator(entries, PER_PAGE).get_page(number)
    page = Paginator(list(entries.values_list("pk", flat=True)), PER_PAGE).get_page(number)
    found = entries.model.objects.select_related("community", "author").in_bulk(page.object_list)
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    return page
