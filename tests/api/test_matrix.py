"""For every role and both kinds of community, the API shows exactly what the pages show and
allows exactly what they allow; each list asks a fixed number of queries."""

import pytest
from django.test import Client
from django.urls import reverse

from komunitas.communities.models import Community
from komunitas.discussions.actions import do_create_post
from komunitas.discussions.models import Post

ROLES = ["member", "fasilitator", "partner", "outsider", "operator", "anonymous"]
KINDS = ["public", "private"]


@pytest.fixture
def people(member, fasilitator, partner, outsider, operator):
    return {"member": member, "fasilitator": fasilitator, "partner": partner,
            "outsider": outsider, "operator": operator, "anonymous": None}  # fmt: skip


@pytest.fixture
def place(public_community, private_community, public_post, private_post):
    return {
        "public": (public_community, public_post),
        "private": (private_community, private_post),
    }


def page(user, path, method="get", data=None):
    browser = Client()
    if user is not None:
        browser.force_login(user)
    return getattr(browser, method)(path, data or {})


def shown(status):
    """What a page's status means: shown, hidden (404), refused (403) or sign in first."""
    if status in (200, 201, 302):
        return "yes"
    return {404: "hidden", 403: "refused", 401: "sign in"}.get(status, status)


def page_shown(response):
    if response.status_code == 302 and "/akun/masuk/" in response["Location"]:
        return "sign in"
    return shown(response.status_code)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
def test_reading_matches_the_pages(role, kind, people, place, call):
    user = people[role]
    community, post = place[kind]
    pairs = [
        (f"/api/v1/communities/{community.slug}", community.get_absolute_url()),
        (f"/api/v1/communities/{community.slug}/members",
         reverse("communities:members", args=[community.slug])),
        (f"/api/v1/communities/{community.slug}/posts",
         reverse("discussions:community", args=[community.slug])),
        (f"/api/v1/posts/{post.pk}", post.get_absolute_url()),
    ]  # fmt: skip
    for api_path, page_path in pairs:
        answer = call(user, "get", api_path)
        assert shown(answer.status_code) == page_shown(page(user, page_path)), (api_path, role)


@pytest.mark.parametrize("role", ROLES)
def test_lists_hold_what_the_pages_list(role, people, place, call):
    user = people[role]
    if user is None:
        assert call(None, "get", "/api/v1/communities").status_code == 401
        return
    listed = {
        item["slug"] for item in call(user, "get", "/api/v1/communities?limit=50").json()["items"]
    }
    assert listed == set(Community.objects.visible_to(user).values_list("slug", flat=True))
    html = page(user, reverse("communities:list")).content.decode()
    for community, _post in place.values():
        assert (community.name in html) == (community.slug in listed), role
    for community, post in place.values():
        answer = call(user, "get", f"/api/v1/communities/{community.slug}/posts")
        if answer.status_code != 200:
            continue
        titles = {item["title"] for item in answer.json()["items"]}
        feed = page(user, reverse("discussions:community", args=[community.slug]))
        assert (post.title in titles) == (post.title in feed.content.decode()), role


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
def test_replying_is_allowed_exactly_as_on_the_page(role, kind, people, place, call):
    user = people[role]
    _community, post = place[kind]
    answer = call(user, "post", f"/api/v1/posts/{post.pk}/replies", {"body": "Lewat API."})
    form = page(
        user, reverse("discussions:reply", args=[post.pk]), "post", {"body": "Lewat laman."}
    )
    assert shown(answer.status_code) == page_shown(form), role
    written = set(post.replies.values_list("body", flat=True))
    assert ("Lewat API." in written) == ("Lewat laman." in written)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
def test_writing_a_post_is_allowed_exactly_as_the_rule_says(role, kind, people, place, call):
    from komunitas.permissions import can

    user = people[role]
    community, _post = place[kind]
    answer = call(user, "post", f"/api/v1/communities/{community.slug}/posts",
                  {"kind": "question", "title": "Dari API"})  # fmt: skip
    made = Post.objects.filter(title="Dari API").exists()
    assert made == (user is not None and can(user, "post.create", community)), role
    assert answer.status_code == (201 if made else answer.status_code)
    assert answer.status_code in (201, 401, 403, 404)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/communities",
        "/api/v1/communities/{slug}/posts",
        "/api/v1/communities/{slug}/members",
        "/api/v1/posts/{post}/replies",
        "/api/v1/meetings",
        "/api/v1/notifications",
        "/api/v1/me",
    ],
)
def test_lists_ask_a_fixed_number_of_queries(
    path, call, member, public_community, public_post, fasilitator
):
    from komunitas.discussions.actions import do_reply

    path = path.format(slug=public_community.slug, post=public_post.pk)
    call(member, "get", path)  # the token is made, the first use noted

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as seen:
            assert call(member, "get", path).status_code == 200
        return len(seen)

    before = queries()
    for n in range(6):
        do_create_post(author=fasilitator, community=public_community, kind="question",
                              title=f"Soal {n}", check_rate=False)  # fmt: skip
        do_reply(post=public_post, author=fasilitator, body=f"Jawaban {n}", check_rate=False)
    assert queries() == before
