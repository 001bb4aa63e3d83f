from django.core.management import call_command

from komunitas.lib.uploads import detect_document
from komunitas.pustaka.models import Collection, Resource, ResourceVersion


def test_the_demo_library_has_several_types_subjects_and_versions(demo):
    resources = Resource.objects.all()
    assert len({r.kind for r in resources}) >= 5
    assert len({r.subject_id for r in resources if r.subject_id}) >= 3
    assert ResourceVersion.objects.filter(number=3).exists()
    assert resources.filter(community__isnull=True).exists()
    assert resources.filter(community__visibility="private").exists()
    collection = Collection.objects.get(title="Asesmen formatif Fase B")
    assert collection.community.slug == "pembelajaran-berdiferensiasi"
    assert collection.items.count() == 3
    assert Collection.objects.filter(community__isnull=True, owner__email="guru@demo.test")


def test_the_demo_has_a_resource_saved_from_a_solution(demo):
    saved = Resource.objects.get(source_post__isnull=False)
    assert saved.source_reply == saved.source_post.solution
    assert saved.credited_to == saved.source_reply.author
    assert saved.current_version.filename.endswith(".pdf")
    answers = Collection.objects.get(title="Jawaban terbaik dari diskusi kita")
    assert answers.items.filter(resource=saved).exists()


def test_the_demo_files_are_real_documents_that_pass_the_upload_check(demo):
    for version in ResourceVersion.objects.exclude(file=""):
        with version.file.open("rb") as stored:
            if version.content_type == "application/pdf":
                assert detect_document(stored) == "pdf", version


def test_the_demo_library_is_idempotent(demo):
    before = (Resource.objects.count(), ResourceVersion.objects.count())
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Resource.objects.count(), ResourceVersion.objects.count()) == before


def test_guru_downloads_a_demo_file(demo, client):
    from komunitas.accounts.models import User

    client.force_login(User.objects.get(email="guru@demo.test"))
    resource = Resource.objects.get(title="Modul Ajar Pecahan Senilai dengan Stasiun Belajar")
    response = client.get(f"/pustaka/{resource.pk}/unduh/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    private = Resource.objects.get(title="Panduan Supervisi Akademik yang Memberdayakan")
    assert client.get(f"/pustaka/{private.pk}/").status_code == 404
