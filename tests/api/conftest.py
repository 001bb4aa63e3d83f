"""The people and communities of tests/fixtures_communities.py, a post in each community, and
tokens: ``call(user, method, path, ...)`` calls the API with a fresh token of that user."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from komunitas.api.actions import do_create_token
from komunitas.discussions.actions import do_create_post, do_reply
from komunitas.discussions.models import Post
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)


@pytest.fixture(autouse=True)
def _no_calls_counted_yet():
    """The rate limit counts in the cache: each test starts with none counted."""
    cache.clear()


@pytest.fixture
def public_post(member, public_community):
    post = do_create_post(
        author=member, community=public_community, kind=Post.Kind.QUESTION,
        title="Asesmen diagnostik yang cepat?", body="Kelas saya 32 murid.",
    )  # fmt: skip
    return post


@pytest.fixture
def private_post(member, private_community):
    return do_create_post(
        author=member, community=private_community, kind=Post.Kind.QUESTION,
        title="Rahasia kelas kami", body="Hanya untuk anggota.",
    )  # fmt: skip


@pytest.fixture
def public_reply(fasilitator, public_post):
    return do_reply(post=public_post, author=fasilitator, body="Coba kartu keluar.")


def token_for(user, scope="write"):
    return do_create_token(user=user, name="uji", scope=scope, days=30)[1]


@pytest.fixture
def call(db):
    """``call(user or None, "get", "/api/v1/me", data=..., headers=...)`` → the response; with a
    user, through a token of theirs (write scope unless ``scope=`` says otherwise)."""
    secrets: dict = {}

    def do(user, method, path, data=None, *, scope="write", headers=None):
        headers = dict(headers or {})
        if user is not None:
            key = (user.pk, scope)
            if key not in secrets:
                secrets[key] = token_for(user, scope)
            headers["Authorization"] = f"Bearer {secrets[key]}"
        client = Client()
        if data is not None and method != "get":
            return getattr(client, method)(
                path, json.dumps(data), content_type="application/json", headers=headers
            )
        return getattr(client, method)(path, data, headers=headers)

    return do
