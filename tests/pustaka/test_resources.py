"""Adding, finding, reading and downloading resources; versions; "bermanfaat" votes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from komunitas.pustaka import actions
from komunitas.pustaka.models import HelpfulVote, Resource, ResourceVersion
from komunitas.reads import recorder
from tests.factories import make_user
from tests.files import pdf_bytes
from tests.pustaka.conftest import PDF, make_resource, pdf

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _form(**fields):
    return {
        "title": "Lembar kerja pecahan senilai",
        "kind": "lembar_kerja",
        "description": "Untuk **diskusi kelompok**.",
        "language": "id",
        "licence": "cc-by-sa",
        "audience": "everyone",
        **fields,
    }


# --- adding


def test_a_member_adds_a_pdf_to_her_community(login, member, public_community, matematika, fase_b):
    client = login(member)
    data = _form(community=public_community.pk, subject="matematika", phase="B", grade="3")
    response = client.post("/pustaka/baru/", {**data, "file": pdf("Pecahan Senilai.pdf")})
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.community, resource.subject, resource.phase, resource.grade) == (
        public_community,
        matematika,
        fase_b,
        3,
    )
    version = resource.current_version
    assert version.number == 1 and version.filename == "Pecahan Senilai.pdf"
    assert version.content_type == "application/pdf" and version.size == len(PDF)
    assert version.file.name.startswith(f"pustaka/{resource.pk}/")
    assert "Pecahan" not in version.file.name  # the stored name is random, not guessable
    page = client.get(response["Location"]).content.decode()
    assert "<strong>diskusi kelompok</strong>" in page


def test_a_link_resource_is_kept_without_being_fetched(login, member):
    response = login(member).post(
        "/pustaka/baru/", _form(kind="video", link="https://www.youtube.com/watch?v=abc")
    )
    assert response.status_code == 302
    version = Resource.objects.get().current_version
    assert version.link == "https://www.youtube.com/watch?v=abc" and not version.has_file


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "ftp://files.example.id/modul.pdf",
        "http://localhost:8000/admin/",
        "http://127.0.0.1/",
        "http://10.1.2.3/berkas",
        "http://192.168.1.1/",
        "http://[::1]/",
        "http://intranet/",
        "http://sekolah.local/",
        "https://guru:rahasia@drive.example.id/",
        "https://example.id/" + "a" * 500,
        "bukan sebuah tautan",
    ],
)
def test_bad_links_are_refused_with_what_was_typed(login, member, link):
    response = login(member).post("/pustaka/baru/", _form(kind="tautan", link=link))
    assert response.status_code == 400
    assert not Resource.objects.exists()
    assert "Lembar kerja pecahan senilai" in response.content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"), "is not a document"),
        (SimpleUploadedFile("modul.docx", PDF), "is named like another kind"),
        (
            SimpleUploadedFile("aktif.pdf", pdf_bytes(b"/OpenAction << /S /JavaScript /JS (1) >>")),
            "contains scripts",
        ),
        (SimpleUploadedFile("halaman.html", b"<script>alert(1)</script>"), "is not a document"),
        (SimpleUploadedFile("foto.jpg", b"<script>alert(1)</script>"), "is not a picture"),
    ],
)
def test_uploads_are_checked_on_their_content(login, member, upload, message):
    response = login(member).post("/pustaka/baru/", {**_form(), "file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Resource.objects.exists()


def test_a_picture_is_accepted_as_teaching_media(login, member):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (30, 20), "blue").save(out, "PNG")
    upload = SimpleUploadedFile("poster.png", out.getvalue(), content_type="image/png")
    response = login(member).post("/pustaka/baru/", {**_form(kind="media_ajar"), "file": upload})
    assert response.status_code == 302
    assert Resource.objects.get().current_version.content_type in ("image/jpeg", "image/png")


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, "Upload a file or give a link."),
        ({"link": "https://example.id/x", "file": "pdf"}, "Give a file or a link, not both."),
        ({"link": "https://example.id/x", "phase": "B", "grade": "7"}, "Grade 7 is not in"),
        ({"link": "https://example.id/x", "audience": "community"}, "Only a resource of a"),
    ],
)
def test_the_form_says_what_is_missing(login, member, extra, expected):
    data = _form(**extra)
    if data.get("file") == "pdf":
        data["file"] = pdf()
    response = login(member).post("/pustaka/baru/", data)
    assert response.status_code == 400
    assert expected in response.content.decode()


def test_nobody_adds_to_a_community_they_cannot_post_in(login, outsider, partner, public_community):
    for person in (outsider, partner):
        response = login(person).post(
            "/pustaka/baru/", _form(community=public_community.pk, link="https://example.id/")
        )
        assert response.status_code == 400  # the community is not among the choices
    assert not Resource.objects.exists()


def test_an_empty_post_is_a_400_not_a_500(login, member):
    assert login(member).post("/pustaka/baru/", {}).status_code == 400


# --- finding


def test_the_list_shows_only_what_the_reader_may_see(
    login, fasilitator, outsider, member, public_community, private_community
):
    make_resource(fasilitator, title="Asesmen diagnostik umum")
    make_resource(fasilitator, community=private_community, title="Catatan lingkar rahasia")
    make_resource(
        fasilitator, community=private_community, audience="everyone", title="Modul terbuka"
    )
    page = login(outsider).get("/pustaka/").content.decode()
    assert "Asesmen diagnostik umum" in page and "Modul terbuka" in page
    assert "Catatan lingkar rahasia" not in page
    assert "Lingkar Rahasia" not in page  # not even the private community's name
    assert "Catatan lingkar rahasia" in login(member).get("/pustaka/").content.decode()


def test_members_find_by_subject_phase_type_and_community(
    login, member, fasilitator, public_community, matematika, fase_b, commit
):
    with commit():  # the search index is written after the commit
        make_resource(fasilitator, title="Pecahan B", subject=matematika, phase=fase_b)
        make_resource(fasilitator, title="Pecahan D", subject=matematika, phase_id="D")
        make_resource(
            fasilitator,
            title="Puisi B",
            subject_id="bahasa-indonesia",
            phase=fase_b,
            description="Membacakan puisi di depan kelas.",
        )
        make_resource(
            fasilitator,
            title="Kuis B komunitas",
            subject=matematika,
            phase=fase_b,
            kind="asesmen",
            community=public_community,
        )
    client = login(member)
    page = client.get("/pustaka/?subject=matematika&phase=B").content.decode()
    assert "Pecahan B" in page and "Kuis B komunitas" in page
    assert "Pecahan D" not in page and "Puisi B" not in page
    page = client.get("/pustaka/?kind=asesmen").content.decode()
    assert "Kuis B komunitas" in page and "Pecahan B" not in page
    page = client.get(f"/pustaka/?community={public_community.slug}").content.decode()
    assert "Kuis B komunitas" in page and "Pecahan B" not in page
    page = client.get("/pustaka/?q=puisi").content.decode()
    assert "Puisi B" in page and "Pecahan B" not in page
    page = client.get("/pustaka/?q=pembacaan&phase=B").content.decode()  # same stem: baca
    assert "Puisi B" in page and "Pecahan B" not in page


def test_nonsense_filters_show_the_list(login, member):
    response = login(member).get("/pustaka/?subject=zzz&phase=Q&kind=x&sort=y&page=abc")
    assert response.status_code == 200


def test_the_orders(login, member, fasilitator):
    old = make_resource(fasilitator, title="Lama tapi laris")
    new = make_resource(fasilitator, title="Baru")
    Resource.objects.filter(pk=old.pk).update(download_count=50, helpful_count=1)
    Resource.objects.filter(pk=new.pk).update(helpful_count=9)
    client = login(member)

    def order(sort):
        page = client.get(f"/pustaka/?sort={sort}").content.decode()
        return page.index("Lama tapi laris") < page.index("Baru")

    assert not order("newest")
    assert order("most_used")
    assert not order("most_helpful")


def test_the_list_of_1000_resources_runs_the_same_queries_as_of_one(
    login, member, fasilitator, public_community, private_community, django_assert_max_num_queries
):
    client = login(member)
    make_resource(fasilitator, community=public_community, subject_id="matematika", phase_id="B")
    urls = ["/pustaka/", "/pustaka/?sort=most_used&subject=matematika&phase=B&page=3"]
    few = {}
    for url in urls:
        with django_assert_max_num_queries(15) as few[url]:
            assert client.get(url).status_code == 200
    resources = Resource.objects.bulk_create(
        Resource(
            title=f"Modul {n}",
            added_by=fasilitator,
            community=[None, public_community, private_community][n % 3],
            audience="community" if n % 3 else "everyone",
            subject_id="matematika",
            phase_id="ABCDEF"[n % 6],
        )
        for n in range(1000)
    )
    versions = ResourceVersion.objects.bulk_create(
        ResourceVersion(resource=r, number=1, link="https://example.id/", created_by=fasilitator)
        for r in resources
    )
    for resource, version in zip(resources, versions, strict=True):
        resource.current_version = version
    Resource.objects.bulk_update(resources, ["current_version"])
    for url in urls:
        with django_assert_max_num_queries(15) as many:
            assert client.get(url).status_code == 200
        assert len(many.captured_queries) == len(few[url].captured_queries), url


# --- reading and downloading


def test_a_member_downloads_the_file_as_an_attachment(login, member, fasilitator, public_community):
    resource = make_resource(fasilitator, community=public_community)
    response = login(member).get(f"/pustaka/{resource.pk}/unduh/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="modul.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == PDF
    resource.refresh_from_db()
    assert resource.download_count == 1 and resource.current_version.download_count == 1


def test_a_private_file_cannot_be_fetched_by_guessing_its_address(
    login, outsider, fasilitator, private_community, client
):
    resource = make_resource(fasilitator, community=private_community)
    version = resource.current_version
    guesser = login(outsider)
    for url in (
        f"/pustaka/{resource.pk}/",
        f"/pustaka/{resource.pk}/unduh/",
        f"/pustaka/{resource.pk}/versi/1/unduh/",
        f"/media/{version.file.name}",
        f"/pustaka/{resource.pk + 1}/unduh/",
    ):
        assert guesser.get(url).status_code == 404, url
    client.logout()
    response = client.get(f"/pustaka/{resource.pk}/unduh/")
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    resource.refresh_from_db()
    assert resource.download_count == 0


def test_views_are_counted_once_per_member_and_not_for_the_adder(
    login, member, fasilitator, client
):
    resource = make_resource(fasilitator)
    login(fasilitator).get(f"/pustaka/{resource.pk}/")
    reader = login(member)
    reader.get(f"/pustaka/{resource.pk}/")
    reader.get(f"/pustaka/{resource.pk}/")
    resource.refresh_from_db()
    assert resource.view_count == 0  # remembered by the process, added by the next flush
    recorder.flush()
    resource.refresh_from_db()
    assert resource.view_count == 1


def test_the_detail_page_runs_a_bounded_number_of_queries(
    login, member, fasilitator, public_community, django_assert_max_num_queries
):
    resource = make_resource(fasilitator, community=public_community)
    client = login(member)
    with django_assert_max_num_queries(15) as few:
        client.get(f"/pustaka/{resource.pk}/")
    for n in range(10):
        actions.do_add_version(
            resource=resource,
            by=fasilitator,
            link=f"https://example.id/{n}",
            change_note=f"n{n}",
        )
    with django_assert_max_num_queries(15) as many:
        assert client.get(f"/pustaka/{resource.pk}/").status_code == 200
    assert len(many.captured_queries) <= len(few.captured_queries) + 1  # the session write


# --- versions


def test_a_new_version_keeps_the_old_one_and_its_downloads(
    login, member, fasilitator, public_community
):
    resource = make_resource(fasilitator, community=public_community)
    reader = login(member)
    reader.get(f"/pustaka/{resource.pk}/unduh/")
    new_pdf = pdf_bytes(b"/Lang (id)")
    response = login(fasilitator).post(
        f"/pustaka/{resource.pk}/versi/baru/",
        {"file": pdf("modul-v2.pdf", new_pdf), "change_note": "Kunci jawaban nomor 4 dibetulkan."},
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.current_version.number == 2
    assert [(v.number, v.download_count) for v in resource.versions.order_by("number")] == [
        (1, 1),
        (2, 0),
    ]
    reader = login(member)
    assert _body(reader.get(f"/pustaka/{resource.pk}/unduh/")) == new_pdf
    assert _body(reader.get(f"/pustaka/{resource.pk}/versi/1/unduh/")) == PDF
    page = reader.get(f"/pustaka/{resource.pk}/").content.decode()
    assert "Kunci jawaban nomor 4 dibetulkan." in page and "modul-v2.pdf" in page
    assert reader.get(f"/pustaka/{resource.pk}/versi/9/unduh/").status_code == 404


def test_a_new_version_needs_a_note_and_an_editor(login, member, fasilitator, public_community):
    resource = make_resource(fasilitator, community=public_community)
    url = f"/pustaka/{resource.pk}/versi/baru/"
    assert login(member).post(url, {"link": "https://example.id/"}).status_code == 403
    response = login(fasilitator).post(url, {"link": "https://example.id/"})
    assert response.status_code == 400
    assert resource.versions.count() == 1


def test_the_adder_changes_the_description(login, member):
    resource = make_resource(member)
    data = _form(title="Judul baru", audience="everyone")
    assert login(member).post(f"/pustaka/{resource.pk}/ubah/", data).status_code == 302
    resource.refresh_from_db()
    assert resource.title == "Judul baru"
    other = make_user()
    assert login(other).post(f"/pustaka/{resource.pk}/ubah/", data).status_code == 403


def test_removing_is_soft(login, member):
    resource = make_resource(member)
    client = login(member)
    assert client.post(f"/pustaka/{resource.pk}/hapus/").status_code == 302
    resource.refresh_from_db()
    assert resource.deleted_at is not None
    assert client.get(f"/pustaka/{resource.pk}/").status_code == 404


# --- bermanfaat


def test_a_member_marks_a_resource_useful_once(login, member, fasilitator):
    resource = make_resource(fasilitator)
    client = login(member)
    client.post(f"/pustaka/{resource.pk}/bermanfaat/")
    client.post(f"/pustaka/{resource.pk}/bermanfaat/")
    resource.refresh_from_db()
    assert resource.helpful_count == 1 and HelpfulVote.objects.count() == 1
    client.post(f"/pustaka/{resource.pk}/bermanfaat/", {"undo": "1"})
    resource.refresh_from_db()
    assert resource.helpful_count == 0
    assert login(fasilitator).post(f"/pustaka/{resource.pk}/bermanfaat/").status_code == 403


# --- home page


def test_the_home_page_shows_what_is_new_in_the_library(
    login, member, outsider, fasilitator, private_community
):
    make_resource(fasilitator, title="Modul untuk semua")
    make_resource(fasilitator, community=private_community, title="Catatan lingkar")
    page = login(member).get("/").content.decode()
    assert "Modul untuk semua" in page and "Catatan lingkar" in page
    page = login(outsider).get("/").content.decode()
    assert "Modul untuk semua" in page and "Catatan lingkar" not in page


def test_a_shared_resource_of_a_private_community_does_not_name_it(
    login, outsider, member, fasilitator, private_community
):
    resource = make_resource(
        fasilitator, community=private_community, audience="everyone", title="Modul terbuka"
    )
    page = login(outsider).get(f"/pustaka/{resource.pk}/").content.decode()
    assert "Modul terbuka" in page and "Lingkar Rahasia" not in page
    assert "Lingkar Rahasia" in login(member).get(f"/pustaka/{resource.pk}/").content.decode()


def test_a_link_opens_in_a_new_tab_without_referrer(login, member, fasilitator):
    resource = make_resource(fasilitator, link="https://www.youtube.com/watch?v=abc")
    page = login(member).get(f"/pustaka/{resource.pk}/").content.decode()
    link = 'href="https://www.youtube.com/watch?v=abc" rel="nofollow noopener noreferrer ugc"'
    assert link in page
    assert login(member).get(f"/pustaka/{resource.pk}/unduh/").status_code == 404  # no file


def test_a_bad_edit_gives_the_text_back(login, member):
    resource = make_resource(member)
    response = login(member).post(
        f"/pustaka/{resource.pk}/ubah/", _form(title="", description="Teks saya yang panjang")
    )
    assert response.status_code == 400
    assert "Teks saya yang panjang" in response.content.decode()
    resource.refresh_from_db()
    assert resource.title == "Modul ajar pecahan"
