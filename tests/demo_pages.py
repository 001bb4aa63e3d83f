"""Every page of the demo as every demo account sees it, for the tests that check all pages.

``main_pages()`` lists the pages each account opens first (the query-budget test counts those);
``crawl(client)`` starts there and follows every link of the site a person could tap, keeping one
page of each kind (a URL pattern with its query keys): one post, one meeting, one district, … per
account. The anonymous visitor starts from the public pages. The HTML validity test and the phone
layout test walk the same list, so a page added anywhere is checked as soon as a link leads to it.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlsplit

from django.urls import Resolver404, resolve

ACCOUNTS = ["guru", "penggerak", "kepsek", "pengawas", "dinas", "admin"]
COMMUNITY = "pembelajaran-berdiferensiasi"
PUBLIC_PAGES = ["/", "/k/", "/akun/masuk/", "/akun/daftar/", "/akun/sandi/lupa/", "/privasi/"]
ERROR_PAGES = ["/tidak-ada-halaman-ini/", "/diskusi/999999999/"]
# Pages no link leads to: the answers of forms that search.
SEARCH_RESULTS = ["/akun/sekolah/?q=SD", "/akun/profil/?npsn=20400101", "/cari/?q=kelas"]
# Not pages: downloads, feeds, actions reached by a link that change state or leave the site's
# pages (logging out, switching language), the operators' Django admin (its own markup), and
# htmx partials.
SKIPPED = re.compile(
    r"^/(operator/|akun/keluar/|bahasa/|healthz|robots\.txt|notifikasi/lencana/|static/|media/"
    r"|k/wilayah/pilihan/|diskusi/draf/)"
    r"|\.(pdf|csv|ics|xlsx|txt|png|jpe?g|svg)$|/unduh|/foto/\d|/lampiran/\d|/kalender/[^/]+\.ics"
)
# Enough to meet every kind of page reachable in the demo, and a stop if links ever multiply.
MAX_PAGES = 250


def main_pages() -> list[str]:
    """The main pages of a signed-in person, on the demo's data."""
    from komunitas.discussions.models import Post
    from komunitas.lessonstudy.models import LessonStudy
    from komunitas.meetings.models import Meeting
    from komunitas.polls.models import Poll
    from komunitas.pustaka.models import Resource

    post = Post.objects.filter(community__slug=COMMUNITY, deleted_at=None).order_by("pk").first()
    meeting = Meeting.objects.filter(community__slug=COMMUNITY).order_by("-starts_at").first()
    resource = Resource.objects.filter(community__slug=COMMUNITY).order_by("pk").first()
    poll = Poll.objects.filter(community__slug=COMMUNITY, deleted_at=None).order_by("pk").first()
    study = LessonStudy.objects.filter(community__slug=COMMUNITY, deleted_at=None).first()
    return [
        "/",
        "/k/",
        f"/k/{COMMUNITY}/",
        f"/k/{COMMUNITY}/anggota/",
        f"/k/{COMMUNITY}/diskusi/",
        "/diskusi/",
        post.get_absolute_url(),
        f"/k/{COMMUNITY}/pertemuan/",
        meeting.get_absolute_url(),
        "/tindak-lanjut/",
        f"/k/{COMMUNITY}/jajak-pendapat/",
        poll.get_absolute_url(),
        f"/k/{COMMUNITY}/lesson-study/",
        study.get_absolute_url(),
        "/pustaka/",
        resource.get_absolute_url(),
        "/belajar/",
        "/jp/",
        f"/jp/k/{COMMUNITY}/",
        "/notifikasi/",
        "/cari/?q=diferensiasi",
        "/wawasan/",
        "/akun/profil/",
    ]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def kind(path: str) -> str | None:
    """The kind of page a path shows (its URL pattern and query keys), None if it isn't ours."""
    url = urlsplit(path)
    try:
        match = resolve(url.path)
    except Resolver404:
        return None
    keys = sorted({key for key, _value in parse_qsl(url.query)} - {"page"})
    return f"{match.route}?{'&'.join(keys)}"


def crawl(client, seeds: list[str]) -> dict[str, tuple[int, str]]:
    """Every kind of page reachable from ``seeds`` by links: ``{path: (status, html)}``.

    Redirects are followed as links. Only HTML pages are kept.
    """
    queue = deque(seeds)
    seen_paths, seen_kinds, pages = set(), set(), {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        if path in seen_paths or SKIPPED.search(urlsplit(path).path):
            continue
        seen_paths.add(path)
        page_kind = kind(path)
        if path not in seeds and (page_kind is None or page_kind in seen_kinds):
            continue
        seen_kinds.add(page_kind)
        response = client.get(path)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        pages[path] = (response.status_code, html)
        for href in links(html):
            href = urldefrag(href).url
            if href.startswith("/") and not href.startswith("//"):
                queue.append(href)
    return pages


def every_page(client) -> dict[tuple[str, str], tuple[int, str]]:
    """``{(account, path): (status, html)}`` for the anonymous visitor and every demo account.

    Builds nothing: call it after the demo is built (``call_command("demo")``).
    """
    from komunitas.accounts.models import User

    out = {}
    client.logout()
    for path, page in crawl(client, PUBLIC_PAGES + ERROR_PAGES).items():
        out["anonymous", path] = page
    for name in ACCOUNTS:
        client.force_login(User.objects.get(email=f"{name}@demo.test"))
        for path, page in crawl(client, main_pages() + SEARCH_RESULTS + ERROR_PAGES).items():
            out[name, path] = page
    client.logout()
    return out
