import gc
import importlib


def test_the_server_start_loads_the_urls_and_freezes_what_is_loaded():
    from django.urls import get_resolver

    import komunitas.wsgi

    gc.unfreeze()
    try:
        importlib.reload(komunitas.wsgi)
        assert gc.get_freeze_count() > 10_000  # Django, the apps, their views and forms
        assert "url_patterns" in get_resolver().__dict__  # the URLs were loaded at start
    finally:
        gc.unfreeze()
