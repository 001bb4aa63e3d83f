"""Hostile text never executes on any page of discussions, and uploads are checked on their real
content (a PNG that is really HTML, an oversized file, an SVG with script)."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from komunitas.discussions.actions import (
    do_create_post,
    do_edit_post,
    do_mark_solution,
    do_record_application,
    do_reply,
    do_report,
)
from komunitas.discussions.models import Attachment, Post, Reply
from tests.files import pdf_bytes
from tests.lib.test_markdown import XSS_PAYLOADS

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """Every element a browser would build, to look for anything active."""

    def __init__(self, html):
        super().__init__()
        self.problems = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("iframe", "object", "embed", "svg", "math", "base"):
            self.problems.append((tag, attrs))
        # The page's own words for the app's script are a data block, which no browser runs.
        data_block = attrs == {"id": "kp-strings", "type": "application/json"}
        if (
            tag == "script"
            and not data_block
            and not (attrs.get("src") or "").startswith("/static/")
        ):
            self.problems.append((tag, attrs))
        if tag == "img" and not (attrs.get("src") or "").startswith("/diskusi/"):
            self.problems.append((tag, attrs))
        for name, value in attrs.items():
            value = (value or "").strip().lower()
            if name.startswith("on") or name in ("style", "srcdoc"):
                self.problems.append((tag, attrs))
            if name in ("href", "src", "action", "formaction") and value.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                self.problems.append((tag, attrs))


def _hostile_everything(payload, member, colleague, fasilitator, community):
    post = do_create_post(
        author=member,
        community=community,
        kind="good_practice",
        title=payload[:200],
        body=payload,
        sections=dict.fromkeys(("context", "what_i_did", "evidence"), payload),
        tags=[payload[:40]],
        check_rate=False,
    )
    first = do_reply(post=post, author=colleague, body=payload, check_rate=False)
    do_reply(post=post, author=fasilitator, body=payload, quoted=first, check_rate=False)
    do_edit_post(post=post, by=member, title=post.title, body=payload + " (diubah)", sections={})
    first.edit(payload + " (diubah)", by=colleague)
    do_report(reporter=fasilitator, post=post, reply=first, reason="other", note=payload)
    do_record_application(
        member=colleague,
        target=post,
        applied_on=timezone.localdate(),
        class_name=payload[:60],
        what_happened=payload,
        outcome="better",
        note=payload,
    )
    return post, first


@pytest.mark.parametrize(
    "payload", XSS_PAYLOADS, ids=[f"payload{i}" for i in range(len(XSS_PAYLOADS))]
)
def test_hostile_text_never_becomes_active_html(
    payload, client, member, colleague, fasilitator, public_community
):
    post, reply = _hostile_everything(payload, member, colleague, fasilitator, public_community)
    content_type = ContentType.objects.get_for_model(Post)
    client.force_login(fasilitator)
    urls = [
        post.get_absolute_url(),
        post.get_absolute_url() + f"?kutip={reply.pk}",
        reverse("discussions:community", args=[public_community.slug]),
        reverse("discussions:feed"),
        reverse("discussions:post_history", args=[post.pk]),
        reverse("discussions:reply_history", args=[reply.pk]),
        reverse("discussions:moderation", args=[public_community.slug]),
        reverse("discussions:applications", args=[content_type.pk, post.pk]),
        reverse("discussions:tag", args=[post.tags.get().slug]),
        reverse("discussions:share", args=[post.pk]),
        "/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert Page(response.content.decode()).problems == [], url


def picture(fmt="PNG", size=(60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def _post_with(client, community, files, title="Foto kelas"):
    return client.post(
        reverse("discussions:create", args=[community.slug, "question"]),
        {"title": title, "body": "Lihat lampiran", "attachments": files},
    )


def test_a_real_picture_is_attached_re_encoded_and_served_safely(
    client, member, outsider, public_community, private_community
):
    client.force_login(member)
    upload = SimpleUploadedFile("kelas.png", picture(), content_type="image/png")
    document = SimpleUploadedFile("rpp.pdf", pdf_bytes(), "text/plain")
    response = _post_with(client, public_community, [upload, document])
    assert response.status_code == 302
    image, pdf = Attachment.objects.order_by("kind")  # "document" < "image"
    image, pdf = (pdf, image) if image.kind == "document" else (image, pdf)
    assert image.kind == "image" and pdf.kind == "document"
    served = client.get(reverse("discussions:attachment", args=[pdf.pk]))
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Type"] == "application/pdf"
    assert "attachment" in served["Content-Disposition"]
    # A file of a private community is not served to an outsider.
    secret = SimpleUploadedFile("rahasia.png", picture(), content_type="image/png")
    _post_with(client, private_community, [secret], title="Rahasia")
    hidden = Attachment.objects.get(post__community=private_community)
    client.force_login(outsider)
    assert client.get(reverse("discussions:attachment", args=[hidden.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("foto.png", b"<html><script>alert(1)</script></html>", "image/png"),
        (
            "gambar.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        ("modul.pdf", b"<html><body>bukan pdf</body></html>", "application/pdf"),
    ],
    ids=["png-that-is-html", "svg-with-script", "pdf-that-is-html"],
)
def test_files_that_lie_about_what_they_are_are_refused(
    name, content, content_type, client, member, public_community
):
    client.force_login(member)
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = _post_with(client, public_community, [upload])
    assert response.status_code == 400
    assert name in response.content.decode()  # the message names the file
    assert 'value="Foto kelas"' in response.content.decode()  # and the text comes back
    assert not Post.objects.exists() and not Attachment.objects.exists()


def test_an_oversized_file_is_refused_with_the_limit(client, member, public_community, settings):
    settings.UPLOAD_MAX_IMAGE_MB = 1
    client.force_login(member)
    big = SimpleUploadedFile("besar.png", b"\x89PNG" + b"0" * (1024 * 1024 + 10), "image/png")
    response = _post_with(client, public_community, [big])
    assert response.status_code == 400
    page = response.content.decode()
    assert "besar.png" in page and re.search(r"1[.,]0\s?MB", page)
    assert not Post.objects.exists()


def test_at_most_five_files(client, member, public_community):
    client.force_login(member)
    files = [SimpleUploadedFile(f"f{i}.png", picture(), "image/png") for i in range(6)]
    assert _post_with(client, public_community, files).status_code == 400


def test_a_reply_with_a_picture(client, question, colleague):
    client.force_login(colleague)
    upload = SimpleUploadedFile("papan.jpg", picture("JPEG"), content_type="image/jpeg")
    response = client.post(
        reverse("discussions:reply", args=[question.pk]), {"body": "Foto", "attachments": [upload]}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.reply == Reply.objects.get() and attachment.kind == "image"
    page = client.get(question.get_absolute_url()).content.decode()
    assert reverse("discussions:attachment", args=[attachment.pk]) in page


def test_the_applied_in_class_photo_is_checked(client, question, answer, member):
    do_mark_solution(post=question, reply=answer, by=member)
    content_type = ContentType.objects.get_for_model(Post)
    url = reverse("discussions:apply", args=[content_type.pk, question.pk])
    client.force_login(member)
    data = {
        "applied_on": timezone.localdate().isoformat(),
        "class_name": "4A",
        "what_happened": "Dicoba",
        "outcome": "better",
    }
    fake = SimpleUploadedFile("foto.png", b"<html>x</html>", content_type="image/png")
    assert client.post(url, {**data, "photo": fake}).status_code == 400
    real = SimpleUploadedFile("foto.png", picture(), content_type="image/png")
    assert client.post(url, {**data, "photo": real}).status_code == 302
