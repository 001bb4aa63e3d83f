"""Every main page, for each demo account, on the demo's real data: at most 15 queries
(DESIGN.md §4). The per-app tests hold their pages constant in what they list; this one catches
the sum of every app's sections on a page as people really see it."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from komunitas.accounts.models import User

pytestmark = pytest.mark.django_db
BUDGET = 15
ACCOUNTS = ["guru", "penggerak", "kepsek", "pengawas", "dinas", "admin"]
COMMUNITY = "pembelajaran-berdiferensiasi"


def _pages():
    from komunitas.discussions.models import Post
    from komunitas.meetings.models import Meeting
    from komunitas.pustaka.models import Resource

    post = Post.objects.filter(community__slug=COMMUNITY, deleted_at=None).order_by("pk").first()
    meeting = Meeting.objects.filter(community__slug=COMMUNITY).order_by("-starts_at").first()
    resource = Resource.objects.filter(community__slug=COMMUNITY).order_by("pk").first()
    return [
        "/",
        "/k/",
        f"/k/{COMMUNITY}/",
        f"/k/{COMMUNITY}/anggota/",
        f"/k/{COMMUNITY}/diskusi/",
        "/diskusi/",
        post.get_absolute_url(),
        "/pertemuan/",
        meeting.get_absolute_url(),
        "/pustaka/",
        resource.get_absolute_url(),
        "/belajar/",
        "/notifikasi/",
        "/cari/?q=diferensiasi",
        "/wawasan/",
        "/akun/profil/",
    ]


def test_every_main_page_of_every_demo_account_stays_within_15_queries(client):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    over = []
    for name in ACCOUNTS:
        client.force_login(User.objects.get(email=f"{name}@demo.test"))
        for url in _pages():
            client.get(url)  # warm: a first visit may count a dashboard or fill a cache
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code in (200, 302, 403, 404), (name, url)
            if len(queries) > BUDGET:
                over.append(f"{name} {url}: {len(queries)}")
    assert not over, "over 15 queries: " + "; ".join(over)
