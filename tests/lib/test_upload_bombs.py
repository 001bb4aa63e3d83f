"""Decompression bombs cost a worker no more than DESIGN.md §4 allows: 64 MB over its baseline.

Each file is checked in a fresh process (tests/lib/measure_upload.py) that reports the kernel's
high-water mark of resident memory over its baseline, so Pillow's and zlib's own allocations,
which tracemalloc does not see, are counted. The bombs are built here, small; none is committed.
"""

import subprocess
import sys
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from komunitas.lib import upload_checks, uploads
from tests.files import jpeg_bytes, office_bytes, pdf_with_stream_bomb, png_bytes

BOUND = 64 * 1024 * 1024

CASES = [
    # The audit's PNG: 154 KB, 6300 × 6300, under Pillow's own cap; 160 MB decoded.
    ("image", "bom.png", lambda: png_bytes((6300, 6300)), "too_many_pixels"),
    # The largest kinds of picture we still take, each near the budget.
    ("image", "layar.png", lambda: png_bytes((3000, 2000)), "ok"),
    ("image", "abu.png", lambda: png_bytes((6000, 6000), "L"), "ok"),
    ("image", "foto.jpg", lambda: jpeg_bytes((4032, 3024), progressive=True), "ok"),
    ("image", "besar.jpg", lambda: jpeg_bytes((8000, 6000)), "ok"),  # decoded at 1/4
    # The audit's .docx: XML that inflates to 290 MB.
    ("document", "bom.docx", lambda: office_bytes(290), "too_much_work"),
    # An honest document that inflates to 80 MB, read through in small chunks.
    ("document", "modul.docx", lambda: office_bytes(20, 4, text=True), "ok"),
    # A PDF whose page inflates to 300 MB: we never inflate page content.
    ("document", "bom.pdf", lambda: pdf_with_stream_bomb(300), "ok"),
]


@pytest.mark.parametrize("kind,name,build,outcome", CASES, ids=[c[1] for c in CASES])
def test_checking_a_file_stays_within_64_mb_over_the_baseline(tmp_path, kind, name, build, outcome):
    path = tmp_path / name
    path.write_bytes(build())
    result = subprocess.run(
        [sys.executable, "-m", "tests.lib.measure_upload", kind, str(path)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    code, peak, seconds = result.stdout.split()
    assert code == outcome
    assert int(peak) < BOUND, f"{name}: {int(peak) / 2**20:.1f} MB over the baseline"
    assert float(seconds) < 10


def test_the_files_of_one_request_share_one_budget():
    document = office_bytes(2, 2, text=True)  # 4 MB inflated
    with upload_checks.request_budget(10 * 1024 * 1024):
        for name in ("a.docx", "b.docx"):
            uploads.clean_document(SimpleUploadedFile(name, document))
        with pytest.raises(ValidationError) as error:
            uploads.clean_document(SimpleUploadedFile("c.docx", document))
    assert error.value.code == "too_much_work"


@pytest.mark.django_db
def test_five_bombs_in_one_reply_are_refused_at_once(client):
    from komunitas.discussions.actions import do_create_post
    from tests.factories import make_community, make_user

    member = make_user()
    community = make_community(member)
    post = do_create_post(author=member, community=community, kind="question", title="Tanya",
                       body="Bagaimana?")  # fmt: skip
    client.force_login(member)
    bomb = png_bytes((6300, 6300))
    bombs = [SimpleUploadedFile(f"bom{n}.png", bomb) for n in range(5)]
    started = time.monotonic()
    response = client.post(
        f"/diskusi/{post.pk}/balas/", {"body": "Lihat lampiran", "attachments": bombs}
    )
    assert time.monotonic() - started < 5
    assert response.status_code in (200, 400)
    assert post.replies.count() == 0
