from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def memory_map_sqlite(sender, connection, **kwargs):
    """Let SQLite read the database file through a memory map (``SEARCH_SQLITE_MMAP_SIZE`` bytes,
    0 turns it off). A connection's page cache starts empty on every request; reading the
    full-text index through the map instead of copying its pages costs ~10% of a search."""
    size = int(getattr(settings, "SEARCH_SQLITE_MMAP_SIZE", 256 * 1024 * 1024))
    if connection.vendor == "sqlite" and size > 0:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA mmap_size = {size}")


class SearchConfig(AppConfig):
    name = "komunitas.search"
    verbose_name = _("Search")

    def ready(self):
        from komunitas.search import signals, sources  # noqa: F401  (signals; built-in sources)

        connection_created.connect(memory_map_sqlite, dispatch_uid="search_sqlite_mmap")
