"""The demo's index: everything the builders before made, written at once (idempotent)."""

from komunitas.core.demo import demo_builder
from komunitas.search.index import reindex


@demo_builder(order=70)
def build_search_index(demo):
    reindex()
