"""Hostile values in every form of the demo, as every demo role: never a 5xx.

The audit found 500s from ``99999999999999999999999`` in a model choice (SQLite
``OverflowError``), from a non-numeric ``member`` on the attendance list, and the like. This test
builds the demo, walks the main pages of each demo account and the pages they link to, finds every
form (and where it posts), and sends each one values no browser would: huge and negative numbers,
words where ids belong, "²" (a digit to ``str.isdigit``, not to ``int``), NUL bytes, very long
text and several values where one is expected. Any 5xx, or an exception, fails it.
"""

import re
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from komunitas.accounts.models import User
from tests.demo_pages import ACCOUNTS
from tests.demo_pages import main_pages as _pages

# The demo tests take the ``demo`` fixture (tests/conftest.py), not the django_db marker.

HUGE = "99999999999999999999999"
HOSTILE = {
    "huge": HUGE,
    "negative": "-1",
    "word": "abc",
    "superscript": "²",
    "nul": "a\x00b",
    "long": "x" * 20_000,
    "list": ["1", HUGE],
}
# Not followed or posted: leaving the session, files (their bytes are other tests' subject) and
# Django's admin for operators (its relation fields are Django's own: docs/security.md).
SKIP = re.compile(
    r"^/operator/|/akun/keluar/|\.(csv|ics|pdf|xlsx)$|/unduh/|/berkas/|/foto/\d+/$|/bukti/|/lampiran/"
)
PAGES_PER_ACCOUNT = 36


class Forms(HTMLParser):
    """The forms of a page (action, method, fields with their default values) and its links."""

    def __init__(self):
        super().__init__()
        self.forms, self.links, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {
                "action": attrs.get("action") or "",
                "method": (attrs.get("method") or "get").lower(),
                "fields": {},
                "ids": set(),  # fields that carry an id: hidden, choices, or a number by default
            }
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea", "button"):
            name = attrs.get("name")
            kind = attrs.get("type", "")
            if not name or kind == "file" or name == "csrfmiddlewaretoken":
                return
            if tag == "button" and name in self._form["fields"]:
                return
            value = attrs.get("value") or ""
            self._form["fields"].setdefault(name, value)
            if tag == "select" or kind in ("hidden", "checkbox", "radio") or value.isdigit():
                self._form["ids"].add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _shape(path: str) -> str:
    return re.sub(r"\d+", "#", path)


def _walk(client, start: list[str], seen_shapes: set[str]):
    """The pages to look at: the main ones, then those they link to (one of each shape)."""
    queue, pages = list(start), []
    while queue and len(pages) < PAGES_PER_ACCOUNT:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = Forms()
        page.feed(response.content.decode())
        pages.append((url, page))
        for href in page.links:
            target = urlsplit(urljoin(url, href))
            if target.netloc or not target.path.startswith("/") or SKIP.search(target.path):
                continue
            if _shape(target.path) not in seen_shapes:
                seen_shapes.add(_shape(target.path))
                queue.append(target.path)
    return pages


def _payloads(form: dict):
    fields = form["fields"]
    for name, value in HOSTILE.items():
        yield name, dict.fromkeys(fields, value)
    # One id at a time amid the page's own values: reaches code that runs once a form is valid.
    for field in sorted(form["ids"]):
        yield f"{field}={HUGE}", {**fields, field: HUGE}


def _own_pages(user) -> list[str]:
    """Forms the audit named, where this person may use them: their own post and reply to edit
    (with ``remove_attachments``), the meetings they run, the stakeholders of their district."""
    from komunitas.discussions.models import Post, Reply
    from komunitas.meetings.models import Meeting

    pages = []
    post = Post.objects.filter(author=user, deleted_at=None, attachments__isnull=False).first()
    post = post or Post.objects.filter(author=user, deleted_at=None).first()
    if post:
        pages.append(f"/diskusi/{post.pk}/ubah/")
    reply = Reply.objects.filter(author=user, deleted_at=None).first()
    if reply:
        pages.append(f"/diskusi/balasan/{reply.pk}/ubah/")
    meeting = Meeting.objects.filter(community__memberships__user=user).order_by("-pk").first()
    if meeting:
        pages += [f"/pertemuan/{meeting.pk}/ubah/", f"/pertemuan/{meeting.pk}/presensi/",
                  f"/k/{meeting.community.slug}/pertemuan/baru/"]  # fmt: skip
    if user.regency_id:
        pages.append(f"/k/wilayah/{user.regency.code}/pemangku/baru/")
    return pages


# The audit's 500s: each of these must have been posted to by some role.
MUST_REACH = ["/pertemuan/#/presensi/", "/pertemuan/#/ubah/", "/diskusi/#/ubah/",
              "/diskusi/balasan/#/ubah/", "/k/wilayah/#.#/pemangku/baru/"]  # fmt: skip


def test_hostile_values_in_every_form_of_every_role_are_never_a_server_error(demo, client):
    started = time.monotonic()
    built = time.monotonic()
    failures, sent, seen_forms, seen_shapes = [], 0, set(), set()
    for account in ACCOUNTS:
        user = User.objects.get(email=f"{account}@demo.test")
        client.force_login(user)
        for url, page in _walk(client, _own_pages(user) + _pages(), seen_shapes):
            for form in page.forms:
                action = urlsplit(urljoin(url, form["action"] or url)).path
                key = (_shape(action), form["method"], tuple(sorted(form["fields"])))
                if SKIP.search(action) or key in seen_forms:
                    continue
                seen_forms.add(key)
                for label, data in _payloads(form):
                    client.force_login(user)  # a form may have signed the person out
                    try:
                        if form["method"] == "post":
                            response = client.post(action, data)
                        else:
                            response = client.get(action, data)
                        status = response.status_code
                    except Exception as error:  # noqa: BLE001  (report every one, not the first)
                        status = f"{type(error).__name__}: {str(error)[:120]}"
                    sent += 1
                    if not isinstance(status, int) or status >= 500:
                        failures.append(f"{account} {form['method']} {action} [{label}]: {status}")
    print(f"demo {built - started:.1f} s; {sent} requests to {len(seen_forms)} forms "
          f"in {time.monotonic() - built:.1f} s")  # fmt: skip
    assert sent > 300  # the walk found the forms (a broken walk would pass for nothing)
    reached = {key[0] for key in seen_forms}
    assert [shape for shape in MUST_REACH if shape not in reached] == []
    assert failures == [], "\n".join(failures)
