"""Helper run as a subprocess by the drill test, with its own DATA_DIR (and DATABASE_URL):

python -m tests.ops.drill_site setup          a member, a community, a post with a file
python -m tests.ops.drill_site write STOPFILE replies until STOPFILE appears; prints the count
python -m tests.ops.drill_site serve          logs in and reads pages of the restored site
"""

import json
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "komunitas.settings")
django.setup()

EMAIL, PASSWORD = "drill@contoh.test", "kata-sandi-drill-123"


def setup():
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from komunitas.discussions.actions import do_create_post
    from tests.factories import make_community, make_user

    author = make_user(EMAIL, password=PASSWORD, full_name="Bu Drill")
    community = make_community(fasilitator=author, name="Komunitas Latihan Pemulihan")
    post = do_create_post(
        author=author, community=community, kind="question", title="Latihan pemulihan data",
        body="Apakah cadangan bisa dipulihkan?", check_rate=False,
    )  # fmt: skip
    default_storage.save("drill/lampiran.txt", ContentFile(b"isi lampiran " * 1000))
    print(json.dumps({"post": post.pk}))


def write(stop_file):
    from django.db import OperationalError, transaction

    from komunitas.accounts.models import User
    from komunitas.discussions.actions import do_reply
    from komunitas.discussions.models import Post

    author = User.objects.get(email=EMAIL)
    post = Post.objects.get(title="Latihan pemulihan data")
    n = 0
    deadline = time.monotonic() + 120
    while not os.path.exists(stop_file) and time.monotonic() < deadline:
        try:
            with transaction.atomic():
                do_reply(post=post, author=author, body=f"Balasan nomor {n}", check_rate=False)
        except OperationalError:  # the other writer held the lock past busy_timeout (a busy
            continue  # machine): that request failed, as a site's would; the next one goes on
        n += 1
    print(n)


def serve():
    from django.test import Client

    from komunitas.discussions.models import Post, Reply

    client = Client()
    assert client.get("/akun/masuk/").status_code == 200
    response = client.post("/akun/masuk/", {"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    post = Post.objects.get(title="Latihan pemulihan data")
    home = client.get("/")
    page = client.get(f"/diskusi/{post.pk}/")
    print(json.dumps({
        "home": home.status_code, "post": page.status_code,
        "title_shown": "Latihan pemulihan data" in page.content.decode(),
        "replies": Reply.objects.filter(post=post).count(),
    }))  # fmt: skip


if __name__ == "__main__":
    command = sys.argv[1]
    {"setup": setup, "write": lambda: write(sys.argv[2]), "serve": serve}[command]()
