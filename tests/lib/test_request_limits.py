"""A request larger than its view takes is refused from its Content-Length, before it is read.

The audit sent 200 MB to a form that takes "at most 20 MB": it was read in full first.
"""

import inspect

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from komunitas.lib.request_limits import RequestLimitMiddleware, default_limit
from tests.factories import make_user

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def _post(client, url, length):
    return client.generic(
        "POST", url, b"x", content_type="multipart/form-data; boundary=zzz",
        CONTENT_LENGTH=str(length), **{"wsgi.input": Unreadable()},
    )  # fmt: skip


def test_a_200_mb_upload_is_refused_unread_with_the_limit_in_indonesian(client):
    client.force_login(make_user(language="id"))
    response = _post(client, "/pustaka/baru/", 200 * MB)
    assert response.status_code == 413
    text = response.content.decode()
    assert "200,0" in text and "21,0" in text  # the size sent and the form's limit (MB)
    assert "Tidak ada yang disimpan" in text


def test_the_refusal_speaks_the_members_language(client):
    client.force_login(make_user(language="en"))
    response = _post(client, "/pustaka/baru/", 200 * MB)
    assert response.status_code == 413
    assert "The files are too large" in response.content.decode()


def test_a_page_without_uploads_takes_only_the_form_room(client):
    response = _post(client, "/akun/masuk/", default_limit() + 1)
    assert response.status_code == 413


def test_a_request_within_the_limit_goes_through(client):
    client.force_login(make_user())
    response = client.post("/pustaka/baru/", {"title": ""})
    assert response.status_code == 400  # the form, with what is missing


def _views(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _views(entry)
        elif isinstance(entry, URLPattern):
            yield entry


def test_every_view_that_reads_files_declares_its_upload_limit():
    missing = []
    for pattern in _views():
        view = pattern.callback
        if not view.__module__.startswith("komunitas."):
            continue
        try:
            source = inspect.getsource(inspect.unwrap(view))
        except (OSError, TypeError):
            continue
        if "request.FILES" in source and not hasattr(view, "request_limit"):
            missing.append(pattern.pattern.describe())
    assert missing == []


def test_the_middleware_comes_before_anything_that_reads_the_body(settings):
    # It checks in the request phase; CSRF reads the body only in process_view, after it.
    path = f"{RequestLimitMiddleware.__module__}.{RequestLimitMiddleware.__name__}"
    assert path in settings.MIDDLEWARE
