import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komunitas.settings")
application = get_wsgi_application()


def _settle():
    """Load the URL configuration (and with it every view, form and template tag module) now,
    then move everything loaded so far into the garbage collector's permanent generation: a full
    collection then scans only what requests create, not all of Django. Measured on the
    district-scale data set, the worst collection pause during requests fell from about 150 ms
    to 20 ms (scripts/benchmark.py starts the same way)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (loads every app's urls and views)
    gc.freeze()


_settle()
