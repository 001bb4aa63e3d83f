import pytest
from django.utils import translation

from komunitas.insights.models import Story
from tests.budget import ok

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Kartu pilihan",
    "activity": "Pertemuan tentang diferensiasi proses",
    "gained": "Contoh kartu pilihan dari Bu Ratna",
    "applied": "Saya buat kartu untuk kelas 3",
    "changed": "Murid yang jarang bicara memilih tugas dan menjelaskannya",
    "shared_with_partners": "on",
}


def test_a_member_writes_a_story_and_shares_it(login, member, public_community):
    response = login(member).post(f"/wawasan/k/{public_community.slug}/cerita/baru/", VALID)
    story = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == story.get_absolute_url()
    assert (story.author, story.community, story.shared_with_partners) == (
        member,
        public_community,
        True,
    )
    page = login(member).get(story.get_absolute_url()).content.decode()
    assert "Murid yang jarang bicara" in page


def test_a_story_with_a_missing_step_is_given_back_with_a_message(login, member, public_community):
    data = {**VALID, "changed": ""}
    with translation.override("en"):
        response = login(member).post(f"/wawasan/k/{public_community.slug}/cerita/baru/", data)
    assert response.status_code == 400
    assert "Contoh kartu pilihan dari Bu Ratna" in response.content.decode()
    assert not Story.objects.exists()


def test_an_empty_post_is_a_400_not_a_500(login, member, public_community):
    response = login(member).post(f"/wawasan/k/{public_community.slug}/cerita/baru/", {})
    assert response.status_code == 400


def test_a_partner_cannot_write_a_story_in_the_community(login, partner, public_community):
    response = login(partner).get(f"/wawasan/k/{public_community.slug}/cerita/baru/")
    assert response.status_code == 403


def test_an_outsider_cannot_write_in_a_private_community(login, outsider, private_community):
    response = login(outsider).get(f"/wawasan/k/{private_community.slug}/cerita/baru/")
    assert response.status_code == 404


def test_the_author_edits_and_deletes_softly(login, member, fasilitator, public_community):
    login(member).post(f"/wawasan/k/{public_community.slug}/cerita/baru/", VALID)
    story = Story.objects.get()
    client = login(member)
    response = client.post(f"/wawasan/cerita/{story.pk}/ubah/", {**VALID, "title": "Baru"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Baru"
    assert login(fasilitator).post(f"/wawasan/cerita/{story.pk}/hapus/").status_code == 403
    assert login(member).post(f"/wawasan/cerita/{story.pk}/hapus/").status_code == 302
    story.refresh_from_db()
    assert story.deleted_at is not None
    assert login(member).get(story.get_absolute_url()).status_code == 404


def test_the_story_list_shows_what_each_may_read(
    login, member, public_community, dinas, other_dinas
):
    from tests.insights.helpers import story

    story(member, public_community, title="Cerita bersama", shared_with_partners=True)
    story(member, public_community, title="Cerita di dalam")
    page = login(dinas).get("/wawasan/cerita/").content.decode()
    assert "Cerita bersama" in page and "Cerita di dalam" not in page
    assert "Cerita bersama" not in login(other_dinas).get("/wawasan/cerita/").content.decode()


def test_a_shared_story_of_a_private_community_does_not_name_it(
    login, member, private_community, dinas
):
    from tests.insights.helpers import story

    s = story(member, private_community, title="Dari ruang aman", shared_with_partners=True)
    page = login(dinas).get(s.get_absolute_url()).content.decode()
    assert "Dari ruang aman" in page
    assert "Lingkar Rahasia" not in page


def test_the_story_list_runs_the_same_queries_for_few_and_many(
    login, member, public_community, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.insights.helpers import story

    client = login(member)
    story(member, public_community)
    with CaptureQueriesContext(connection) as few:
        ok(client.get("/wawasan/cerita/"))
    for n in range(25):
        story(member, public_community, title=f"Cerita {n}")
    with CaptureQueriesContext(connection) as many:
        ok(client.get("/wawasan/cerita/"))
    assert len(many) == len(few) <= 15


def test_a_story_links_the_authors_posts_and_partners_never_open_a_private_one(
    login, member, private_community, dinas
):
    import datetime

    from django.contrib.contenttypes.models import ContentType

    from komunitas.discussions.models import Post
    from tests.insights.helpers import applied, post

    question = post(private_community, member, "question", datetime.date(2026, 5, 1),
                    title="Murid 5B sulit fokus")  # fmt: skip
    record = applied(member, question, datetime.date(2026, 5, 3), "better")
    client = login(member)
    form = client.get(f"/wawasan/k/{private_community.slug}/cerita/baru/").context["form"]
    post_ct = ContentType.objects.get_for_model(Post).pk
    assert f"{post_ct}:{question.pk}" in dict(form.fields["links"].choices)
    links = [value for value, _label in form.fields["links"].choices]
    response = client.post(
        f"/wawasan/k/{private_community.slug}/cerita/baru/", {**VALID, "links": links}
    )
    story = Story.objects.get()
    assert response.status_code == 302 and story.links.count() == 2
    assert "Murid 5B sulit fokus" in client.get(story.get_absolute_url()).content.decode()
    page = login(dinas).get(story.get_absolute_url()).content.decode()
    assert "Murid yang jarang bicara" in page  # the shared story...
    assert "Murid 5B sulit fokus" not in page  # ...but not the private post it links
    assert f"/diskusi/{question.pk}/" not in page
    assert record.pk  # the application is linked, not shown to the dinas either


def test_a_link_to_someone_elses_post_is_refused(login, member, fasilitator, public_community):
    import datetime

    from django.contrib.contenttypes.models import ContentType

    from komunitas.discussions.models import Post
    from tests.insights.helpers import post

    post(public_community, member, "question", datetime.date(2026, 5, 2))  # her own
    theirs = post(public_community, fasilitator, "question", datetime.date(2026, 5, 1))
    value = f"{ContentType.objects.get_for_model(Post).pk}:{theirs.pk}"
    response = login(member).post(
        f"/wawasan/k/{public_community.slug}/cerita/baru/", {**VALID, "links": [value]}
    )
    assert response.status_code == 400
    assert not Story.objects.exists()


def test_a_storys_links_are_labelled_by_kind_title_and_day(login, member, public_community):
    import datetime
    import re

    from komunitas.meetings.models import Attendance, Meeting
    from tests.insights.helpers import applied, at, post

    question = post(public_community, member, "question", datetime.date(2026, 5, 1),
                    title="Murid 5B sulit fokus")  # fmt: skip
    applied(member, question, datetime.date(2026, 5, 3), "better")
    meeting = Meeting.objects.create(
        community=public_community, title="Diferensiasi proses",
        starts_at=at(datetime.date(2026, 5, 7), 14), mode=Meeting.Mode.ONLINE,
        online_link="https://meet.contoh.test/x",
    )  # fmt: skip
    Attendance.objects.create(meeting=meeting, member=member)
    client = login(member)
    url = f"/wawasan/k/{public_community.slug}/cerita/baru/"
    labels = [label for _value, label in client.get(url).context["form"].fields["links"].choices]
    assert "Tulisan: Murid 5B sulit fokus" in labels
    assert "Diterapkan di kelas: Murid 5B sulit fokus, 3 Mei 2026" in labels
    assert "Pertemuan: Diferensiasi proses, 7 Mei 2026" in labels
    assert not [label for label in labels if re.search(r"\d+:\d+|applied", label)]
    links = [value for value, _label in client.get(url).context["form"].fields["links"].choices]
    client.post(url, {**VALID, "links": links})
    page = client.get(Story.objects.get().get_absolute_url()).content.decode()
    assert "Murid 5B sulit fokus, 3 Mei 2026" in page and " applied " not in page
