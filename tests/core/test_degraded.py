"""Pages degrade instead of failing: Redis gone, a database that cannot write.

Reading a page records bookkeeping (a member's read of the community, a resource's view count,
the session); none of it may turn the page into an error. Redis only accelerates: when it is
gone, sessions come from the database and the cache answers as if empty.
"""

import socket

import pytest
from django.db import connection
from django.urls import reverse

from komunitas.discussions.actions import do_create_post
from komunitas.discussions.models import Post
from komunitas.pustaka import actions
from komunitas.pustaka.models import Resource
from komunitas.reads import recorder
from komunitas.reads.models import ReadActivity
from tests.factories import PASSWORD
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nobody listens


@pytest.fixture
def question(public_community, fasilitator):
    return do_create_post(
        author=fasilitator,
        community=public_community,
        kind=Post.Kind.QUESTION,
        title="Pertanyaan tentang asesmen",
        body="Bagaimana caranya?",
    )


@pytest.fixture
def resource(public_community, fasilitator):
    return actions.do_add_resource(
        resource=Resource(community=public_community, title="Modul ajar", description="Contoh."),
        by=fasilitator,
        link="https://contoh.test/modul",
    )


def _pages(community, post, resource) -> list[str]:
    return [
        reverse("core:home"),
        reverse("communities:detail", args=[community.slug]),
        reverse("discussions:community", args=[community.slug]),
        post.get_absolute_url(),
        reverse("pustaka:detail", args=[resource.pk]),
        reverse("notifications:list"),
    ]


@pytest.fixture
def redis_gone(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "komunitas.lib.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def test_with_redis_gone_members_sign_in_and_read_pages(
    redis_gone, client, member, public_community, question, resource
):
    response = client.post(reverse("accounts:login"), {"email": member.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    for path in _pages(public_community, question, resource):
        assert client.get(path).status_code == 200, path
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:home")).status_code == 302  # signed out for real


def test_the_cache_answers_as_a_miss_while_redis_is_gone(redis_gone):
    from django.core.cache import cache

    assert cache.get("anything", "default") == "default"
    assert cache.add("key", 1) is False
    cache.set("key", 1)
    assert cache.get_many(["a", "b"]) == {}
    assert cache.is_down


@pytest.fixture
def read_only_database():
    """Make the connection unable to write, as a read-only or full disk does."""

    def on():
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = ON")
            else:
                cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")

    yield on
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = OFF")
        else:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")


@pytest.mark.django_db(transaction=True)  # pages run in autocommit, as behind a real server
def test_a_database_that_cannot_write_still_serves_pages(
    reference_data,
    client,
    member,
    public_community,
    question,
    resource,
    read_only_database,
    settings,
):
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 60  # keep the read-only connection
    client.force_login(member)
    read_only_database()
    for path in _pages(public_community, question, resource):
        assert client.get(path).status_code == 200, path
    # Reads are remembered, not written by the page; a flush that cannot write keeps them.
    assert recorder.pending() and recorder.flush() == 0 and recorder.pending()
    assert not ReadActivity.objects.exists()
