"""The privacy page's promises, checked as a matrix: who (every demo account) × what (other
people's e-mail address, WhatsApp number, NUPTK, and learning plans and reflections kept to
oneself) × where (every page, export and download a member reaches by following links).

The pilot found the attendance CSV giving a fasilitator every member's e-mail address while the
privacy page said only the member and the operators see it. Operators are allowed by the page
(they run the installation); everyone else must never meet another person's private data.
"""

import datetime
import io
import re
import zipfile
from collections import Counter, deque
from urllib.parse import urlsplit

from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.journeys.models import LearningPlan, Reflection
from komunitas.journeys.models.visibility import Visibility

# The demo tests take the ``demo`` fixture (tests/conftest.py), not the django_db marker.
ACCOUNTS = ["guru", "penggerak", "kepsek", "pengawas", "dinas"]
MAX_PAGES = 600  # per account, a bound; the demo has fewer distinct kinds of page
PER_SHAPE = 2  # pages of each kind (see _shape)
HREF = re.compile(r"""href="([^"#]+)""")
# Not pages: leaving, switching the language, the operators' admin (operators only anyway).
DASHBOARD = re.compile(r"^/wawasan/(komunitas|sekolah|binaan|daerah)/[^/]+/$")
SKIP = ("/akun/keluar", "/bahasa", "/admin/", "/static/", "/healthz")


def _secrets_of_others(me):
    """What the privacy page says ``me`` never sees: (label, text) pairs."""
    secrets = []
    for user in User.objects.exclude(pk=me.pk):
        secrets.append((f"e-mail of {user.full_name}", user.email))
        if user.whatsapp:
            secrets += [(f"WhatsApp of {user.full_name}", user.whatsapp)]
            secrets += [(f"WhatsApp of {user.full_name}", "0" + user.whatsapp.removeprefix("+62"))]
        if user.nuptk:
            secrets.append((f"NUPTK of {user.full_name}", user.nuptk))
    private = {Visibility.PRIVATE}
    for plan in LearningPlan.objects.exclude(owner=me).filter(visibility__in=private):
        secrets.append((f"private plan of {plan.owner.full_name}", plan.title))
    for reflection in Reflection.objects.exclude(author=me).filter(visibility__in=private):
        secrets.append((f"private reflection of {reflection.author.full_name}", reflection.title))
    return [(label, text) for label, text in secrets if text and len(text) >= 6]


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind or content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    return content.decode("utf-8", "replace")


def _shape(url: str) -> str:
    """Pages of one kind (every post, every profile) look alike: a few of each are enough."""
    return re.sub(r"\d+", "N", urlsplit(url).path)


def _crawl(client, start):
    seen, queue, pages, shapes = set(start), deque(start), {}, Counter()
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _text(response)
        pages[url] = text
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(text):
            href = href.replace("&amp;", "&")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIP):
                continue
            if href not in seen and shapes[_shape(href)] < PER_SHAPE:
                seen.add(href)
                shapes[_shape(href)] += 1
                queue.append(href)
    return pages


def test_no_page_or_export_shows_another_persons_private_data(demo, client):
    leaks = []
    for account in ACCOUNTS:
        leaks += _leaks_seen_by(client, account)
    assert leaks == [], "pages show what the privacy page keeps from these accounts"


def _leaks_seen_by(client, account):
    me = User.objects.get(email=f"{account}@demo.test")
    client.force_login(me)
    start = ["/", "/k/", "/diskusi/", "/pertemuan/", "/pustaka/", "/belajar/", "/wawasan/"]
    start += [f"/akun/anggota/{pk}/" for pk in User.objects.values_list("pk", flat=True)[:10]]
    pages = _crawl(client, start)
    assert len(pages) > 40, "the crawl reached too few pages to mean anything"
    # Reports (CSV, XLSX; the PDF's text is compressed) are made on request: ask for one from
    # each dashboard the account reached and read what it links to.
    today = timezone.localdate()
    period = {"start": today - datetime.timedelta(days=90), "end": today}
    reports = []
    for url in [u for u in pages if DASHBOARD.match(u)][:3]:
        response = client.post(url + "laporan/", period)
        if response.status_code == 302:
            reports.append(response["Location"])
    pages |= _crawl(client, reports)
    if account in ("penggerak", "dinas"):
        assert any("presensi.csv" in u for u in pages) or account == "dinas"
        assert any("/unduh." in u for u in pages), "no report was read"
    secrets = _secrets_of_others(me)
    return [
        f"{account} on {url}: {label}"
        for url, text in pages.items()
        for label, secret in secrets
        if secret in text
    ]
