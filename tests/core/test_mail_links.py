"""Every link in every kind of mail starts with SITE_URL and opens a page of this site.

A mail with a dead link (the verification link on another port, a password reset built from the
request's host) is the first thing a new teacher meets: each mail kind on disk is sent here by
its real flow, and every address in its text, its HTML and its headers is checked.
"""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import resolve, reverse
from django.utils import timezone

import komunitas
from komunitas.accounts.actions import do_send_verification
from komunitas.communities.actions import do_invite_by_email
from komunitas.communities.models import Membership
from komunitas.notifications.digests import create_digests
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.mail import enqueue
from komunitas.notifications.models import Mail, Preference
from komunitas.notifications.services import announce
from tests.fixtures_communities import *  # noqa: F403

pytestmark = pytest.mark.django_db

SITE = "https://kp.contoh.id"
URL = re.compile(r"""(?:https?|webcal)://[^\s"'<>]+""")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def _verify(ctx):
    with ctx.commit():
        do_send_verification(user=ctx.member)
    ctx.run_worker()  # the outbox's worker sends it


def _confirm_change(ctx):
    with ctx.commit():
        do_send_verification(user=ctx.member, email="baru@contoh.test")
    ctx.run_worker()


def _password_reset(ctx):
    # The request comes to another host name than the public one: the link must not follow it.
    with ctx.commit():
        ctx.client.post(
            reverse("accounts:password_reset"), {"email": ctx.member.email}, HTTP_HOST="testserver"
        )
    ctx.run_worker()


def _login_code(ctx):
    with ctx.commit():
        ctx.client.post(
            reverse("accounts:login_code_request"),
            {"email": ctx.member.email},
            HTTP_HOST="testserver",
        )
    ctx.run_worker()


def _invitation(ctx):
    with ctx.commit():
        do_invite_by_email(
            community=ctx.community,
            by=ctx.fasilitator,
            email="tamu@contoh.test",
            role=Membership.Role.ANGGOTA,
        )
    ctx.run_worker()  # invitations go through the outbox too


def _onboarding_invitation(ctx):
    from komunitas.accounts.models import User
    from komunitas.onboarding.actions import do_check_batch, do_import_batch
    from tests.factories import make_school, make_user

    operator = make_user(role=User.Role.OPERATOR, is_staff=True)
    school = make_school()
    data = f"nama,email,npsn\nIbu Baru,baru@contoh.test,{school.npsn}\n".encode()
    with ctx.commit():
        batch = do_check_batch(data=data, file_name="guru.csv", by=operator)
        do_import_batch(batch=batch, by=operator)
    with ctx.commit():
        ctx.run_worker()  # the worker queues the invitations in the outbox
    ctx.run_worker()  # and sends them


def _announce(ctx, kind="discussions.announcement"):
    post = ctx.community.posts.create(
        author=ctx.fasilitator, kind="announcement", title="Rapat", body="Besok."
    )
    with ctx.commit():
        announce(
            kind, actor=ctx.fasilitator, target=post, title=post.title, url=post.get_absolute_url()
        )
    ctx.run_worker()


def _notification(ctx):
    _announce(ctx)


def _digest(ctx):
    Preference.objects.create(
        user=ctx.member, kind="discussions.announcement", delivery=Delivery.DAILY
    )
    _announce(ctx)
    later = timezone.now() + timedelta(days=1, hours=1)
    with time_machine.travel(later, tick=False):
        enqueue(create_digests(Mail.Kind.DAILY, later, ctx.member.time_zone))
        ctx.run_worker()


FLOWS = {
    "verify-email": _verify,
    "confirm-email-change": _confirm_change,
    "password-reset": _password_reset,
    "login-code": _login_code,
    "community-invitation": _invitation,
    "onboarding-invitation": _onboarding_invitation,
    "notification": _notification,
    "digest": _digest,
}


def test_the_sweep_covers_every_mail_on_disk():
    root = Path(komunitas.__file__).parent
    on_disk = {
        path.name.removesuffix("-subject.txt")
        for path in root.glob("*/templates/emails/*-subject.txt")
    }
    assert on_disk == set(FLOWS)


class Ctx:
    pass


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_every_link_of_the_mail_starts_with_site_url_and_opens_a_page(
    name, client, public_community, fasilitator, member, commit, run_worker, mailoutbox
):
    ctx = Ctx()
    ctx.client, ctx.community, ctx.fasilitator, ctx.member = (
        client,
        public_community,
        fasilitator,
        member,
    )
    ctx.commit, ctx.run_worker = commit, run_worker
    Membership.objects.filter(user=member, community=public_community).update(
        role=Membership.Role.ANGGOTA
    )
    FLOWS[name](ctx)
    assert mailoutbox, f"the {name} flow sent no mail"
    message = mailoutbox[-1]
    texts = [message.body, *(content for content, _type in message.alternatives)]
    texts += [str(value) for value in message.extra_headers.values()]
    links = {link.rstrip(".,)") for text in texts for link in URL.findall(text)}
    assert links, f"the {name} mail has no link"
    for link in links:
        assert link.startswith(SITE + "/"), f"{name}: {link} does not start with SITE_URL"
        path = urlsplit(link).path
        resolve(path)  # raises Resolver404 for a link that points nowhere
