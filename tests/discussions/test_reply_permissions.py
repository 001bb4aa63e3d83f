"""The thread page asks what each reader may do with every reply once per page
(``reply_permissions``); its answers are the rules' (``can(user, "reply.<action>", reply)``) for
every role, every state of the reply and of the post, in a public and a private community."""

import pytest
from django.contrib.auth.models import AnonymousUser

from komunitas.discussions.actions import do_create_post, do_reply
from komunitas.discussions.models import Post
from komunitas.discussions.rules import REPLY_ACTIONS, reply_permissions
from komunitas.permissions import can

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "colleague", "partner", "fasilitator", "operator"]


def _people(request):
    return {
        role: AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
        for role in ROLES
    }


@pytest.mark.parametrize("where", ["public_community", "private_community"])
@pytest.mark.parametrize("post_state", ["open", "locked", "hidden"])
def test_the_per_page_answers_are_the_rules_answers(request, where, post_state, fasilitator):
    people = _people(request)
    community = request.getfixturevalue(where)
    post = do_create_post(
        author=people["member"], community=community, kind=Post.Kind.QUESTION, title="Tanya"
    )
    replies = [
        do_reply(post=post, author=people[author], body=f"Balasan {i}", check_rate=False)
        for i, author in enumerate(["member", "colleague", "fasilitator", "colleague", "member"])
    ]
    replies[1].hide(by=fasilitator, reason="Uji")
    replies[3].soft_delete(by=people["colleague"])
    replies[4].hide(by=fasilitator, reason="Uji")
    if post_state == "locked":
        Post.objects.filter(pk=post.pk).update(is_locked=True)
    elif post_state == "hidden":
        post.hide(by=fasilitator, reason="Uji")
    post = Post.objects.select_related("community").get(pk=post.pk)
    shown = list(post.replies.in_thread())
    for reply in shown:
        reply.post = post
    for role, user in people.items():
        found = reply_permissions(user, post, shown)
        for reply in shown:
            expected = {action: can(user, f"reply.{action}", reply) for action in REPLY_ACTIONS}
            assert found[reply.pk] == expected, (role, reply.body)
