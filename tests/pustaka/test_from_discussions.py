"""From discussion to library: "Simpan ke pustaka" on a solution or a good practice, and
"Saya terapkan di kelas" on a resource through discussions' one ClassroomApplication model."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.test import RequestFactory

from komunitas.communities.actions import do_add_member
from komunitas.discussions.actions import do_create_post, do_mark_solution, do_reply
from komunitas.discussions.models import ClassroomApplication, Post
from komunitas.notifications.models import Event
from komunitas.permissions import can
from komunitas.pustaka.models import Resource
from tests.factories import make_user
from tests.pustaka.conftest import make_resource, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def solved(fasilitator, member, partner, public_community, matematika, fase_b):
    """Siti asks; Dewi, another anggota, answers; Siti marks Dewi's answer the solution."""
    question = do_create_post(
        author=member,
        community=public_community,
        kind=Post.Kind.QUESTION,
        title="Bagaimana mengenalkan pecahan senilai?",
        body="Murid kelas 3 bingung dengan 1/2 dan 2/4.",
        subjects=[matematika],
        phases=[fase_b],
    )
    answerer = make_user(full_name="Dewi Lestari")
    do_add_member(community=public_community, user=answerer)
    reply = do_reply(
        post=question, author=answerer, body="Pakai **kertas lipat**: lipat dua, lalu empat."
    )
    do_mark_solution(post=question, reply=reply, by=member)
    question.refresh_from_db()
    return question


def _form(**fields):
    return {
        "title": "Pecahan senilai dengan kertas lipat",
        "kind": "artikel",
        "description": "Pakai kertas lipat.",
        "subject": "matematika",
        "phase": "B",
        "language": "id",
        "licence": "cc-by",
        "audience": "everyone",
        **fields,
    }


def test_a_fasilitator_saves_a_solution_crediting_its_author(
    login, fasilitator, solved, public_community, commit
):
    client = login(fasilitator)
    page = client.get(f"/pustaka/simpan/{solved.pk}/")
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["title"] == solved.title
    assert "kertas lipat" in form.initial["description"]
    assert form.initial["author_name"] == "Dewi Lestari"
    assert form.initial["subject"].code == "matematika" and form.initial["phase"].code == "B"
    with commit():
        response = client.post(f"/pustaka/simpan/{solved.pk}/", {**_form(), "file": pdf()})
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.source_post == solved and resource.source_reply == solved.solution
    assert resource.credited_to == solved.solution.author
    assert resource.community == public_community and resource.added_by == fasilitator
    assert resource.current_version.filename == "modul.pdf"
    event = Event.objects.get(kind="pustaka.saved_from_discussion")
    assert event.target == resource
    detail = client.get(response["Location"]).content.decode()
    assert solved.get_absolute_url() in detail and "Dewi Lestari" in detail
    # Saving again leads to what is already there.
    again = client.get(f"/pustaka/simpan/{solved.pk}/")
    assert again.status_code == 302 and again["Location"] == resource.get_absolute_url()


def test_a_text_only_save_needs_no_file(login, fasilitator, solved):
    response = login(fasilitator).post(f"/pustaka/simpan/{solved.pk}/", _form())
    assert response.status_code == 302
    assert Resource.objects.get().current_version is None


def test_a_good_practice_is_saved_by_its_author(login, member, public_community):
    practice = do_create_post(
        author=member,
        community=public_community,
        kind=Post.Kind.GOOD_PRACTICE,
        title="Pojok baca kelas 1",
        sections={"context": "Kelas 1 dengan 28 murid.", "what_i_did": "Pojok baca bergilir."},
    )
    client = login(member)
    page = client.get(f"/pustaka/simpan/{practice.pk}/")
    assert "Pojok baca bergilir." in page.context["form"].initial["description"]
    response = client.post(f"/pustaka/simpan/{practice.pk}/", _form(title="Pojok baca"))
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.source_post == practice and resource.source_reply is None
    assert resource.credited_to == member
    assert not Event.objects.filter(kind="pustaka.saved_from_discussion").exists()  # own work


def test_a_private_communitys_thread_is_kept_to_its_members_by_default(
    login, fasilitator, member, private_community
):
    practice = do_create_post(
        author=member,
        community=private_community,
        kind=Post.Kind.GOOD_PRACTICE,
        title="Supervisi berbasis refleksi",
        sections={"what_i_did": "Mulai dari refleksi guru."},
    )
    page = login(fasilitator).get(f"/pustaka/simpan/{practice.pk}/")
    assert page.context["form"].initial["audience"] == "community"
    assert private_community.name not in page.context["form"].initial["source"]


# fmt: off
SAVE = {
    # who:          solved question   unsolved question   good practice   reflection
    "fasilitator": ("Y",              ".",                "Y",            "."),
    "asker":       (".",              ".",                ".",            "."),
    "answerer":    ("Y",              ".",                ".",            "."),
    "mitra":       (".",              ".",                ".",            "."),
    "outsider":    (".",              ".",                ".",            "."),
    "anonymous":   (".",              ".",                ".",            "."),
}
# fmt: on


@pytest.mark.parametrize(
    ("person", "what", "expected"),
    [
        pytest.param(person, what, cell == "Y", id=f"{person}-{what}")
        for person, row in SAVE.items()
        for what, cell in zip(("solved", "unsolved", "practice", "reflection"), row, strict=True)
    ],
)
def test_who_may_save_what(
    solved, fasilitator, member, partner, outsider, public_community, person, what, expected
):
    posts = {
        "solved": solved,
        "unsolved": do_create_post(
            author=member, community=public_community, kind="question", title="Belum terjawab"
        ),
        "practice": do_create_post(
            author=fasilitator,
            community=public_community,
            kind="good_practice",
            title="Praktik baik",
            sections={"what_i_did": "Sesuatu."},
            check_rate=False,
        ),
        "reflection": do_create_post(
            author=member, community=public_community, kind="reflection", title="Refleksi"
        ),
    }
    people = {
        "fasilitator": fasilitator,
        "asker": member,
        "answerer": solved.solution.author,
        "mitra": partner,
        "outsider": outsider,
        "anonymous": AnonymousUser(),
    }
    assert can(people[person], "resource.save_from_post", posts[what]) is expected


def test_outsiders_cannot_open_the_save_page_of_a_private_thread(
    login, outsider, member, private_community
):
    practice = do_create_post(
        author=member,
        community=private_community,
        kind=Post.Kind.GOOD_PRACTICE,
        title="Rahasia",
        sections={"what_i_did": "x"},
    )
    assert login(outsider).get(f"/pustaka/simpan/{practice.pk}/").status_code == 404
    assert login(member).get(f"/pustaka/simpan/{practice.pk + 99}/").status_code == 404


def test_the_button_shows_to_those_who_may_save(fasilitator, outsider, solved):
    template = Template("{% load pustaka %}{% save_to_pustaka post %}")

    def render(user):
        request = RequestFactory().get("/")
        request.user = user
        return template.render(Context({"request": request, "post": solved}))

    assert f"/pustaka/simpan/{solved.pk}/" in render(fasilitator)
    assert render(outsider).strip() == ""


def test_the_thread_page_shows_the_button(login, fasilitator, member, solved):
    assert (
        f"/pustaka/simpan/{solved.pk}/"
        in login(fasilitator).get(solved.get_absolute_url()).content.decode()
    )
    assert (
        f"/pustaka/simpan/{solved.pk}/"
        not in login(member).get(solved.get_absolute_url()).content.decode()
    )  # the asker did not write the answer


def test_applied_in_class_uses_the_one_model_and_counts_in_most_applied(
    login, member, fasilitator, partner, public_community
):
    popular = make_resource(fasilitator, title="Sering diterapkan")
    quiet = make_resource(fasilitator, title="Belum diterapkan")
    for who, outcome in ((member, "better"), (partner, "better"), (fasilitator, "same")):
        ClassroomApplication.objects.create(
            member=who,
            community=public_community,
            target_type=ContentType.objects.get_for_model(Resource),
            target_id=popular.pk,
            applied_on=datetime.date(2026, 11, 2),
            class_name="3A",
            what_happened="Murid berdiskusi di stasiun.",
            outcome=outcome,
        )
    assert can(member, "application.create", popular)
    client = login(member)
    page = client.get("/pustaka/?sort=most_applied").content.decode()
    assert page.index("Sering diterapkan") < page.index("Belum diterapkan")
    assert "applied in 3 classes" in page
    detail = client.get(f"/pustaka/{popular.pk}/")
    assert detail.context["applied"] == {"total": 3, "better": 2, "same": 1, "worse": 0}
    assert "Murid berdiskusi di stasiun." in detail.content.decode()
    assert client.get(f"/pustaka/{quiet.pk}/").context["applied"]["total"] == 0


def test_a_member_reports_applying_a_resource_through_the_shared_form(
    login, member, outsider, fasilitator, public_community, private_community
):
    resource = make_resource(fasilitator, community=public_community, title="Stasiun pecahan")
    content_type = ContentType.objects.get_for_model(Resource)
    client = login(member)
    page = client.get(f"/pustaka/{resource.pk}/").content.decode()
    url = f"/diskusi/terapkan/{content_type.pk}/{resource.pk}/"
    assert url in page  # the "I applied this in my class" button
    response = client.post(
        url,
        {
            "applied_on": "2026-11-02",
            "class_name": "3A",
            "phase": "B",
            "what_happened": "Tiga stasiun, murid bergiliran.",
            "outcome": "better",
        },
    )
    assert response.status_code == 302 and response["Location"] == resource.get_absolute_url()
    report = ClassroomApplication.objects.get()
    assert report.target == resource and report.community == public_community
    assert report.member == member
    secret = make_resource(fasilitator, community=private_community)
    assert (
        login(outsider).get(f"/diskusi/terapkan/{content_type.pk}/{secret.pk}/").status_code == 404
    )


def _applied(member, target, what="Murid paham dengan kertas lipat."):
    from komunitas.discussions.actions import do_record_application

    return do_record_application(
        member=member,
        target=target,
        applied_on=datetime.date.today(),
        class_name="3A",
        what_happened=what,
        outcome=ClassroomApplication.Outcome.BETTER,
    )


def test_saving_a_solution_keeps_its_evidence_its_question_and_plain_names(
    login, fasilitator, member, solved
):
    """Pilot: the saved resource said nobody had applied it although the thread had an
    "applied in class" report; it dropped the question and copied "@Name" verbatim."""
    solved.solution.body = "Seperti kata @Siti Rahayu, pakai **kertas lipat**."
    solved.solution.save(update_fields=["body"])
    _applied(member, solved)
    client = login(fasilitator)
    initial = client.get(f"/pustaka/simpan/{solved.pk}/").context["form"].initial
    assert "Murid kelas 3 bingung" in initial["description"]  # the question's context
    assert "kertas lipat" in initial["description"]
    assert "@" not in initial["description"] and "Siti Rahayu" in initial["description"]
    response = client.post(f"/pustaka/simpan/{solved.pk}/", _form())
    resource = Resource.objects.get()
    detail = client.get(response["Location"]).content.decode()
    assert "Murid paham dengan kertas lipat." in detail
    listed = Resource.objects.with_applied_count().get(pk=resource.pk)
    assert listed.applied_count == 1
    _applied(member, resource, what="Di kelas 3B juga berhasil.")
    assert Resource.objects.with_applied_count().get(pk=resource.pk).applied_count == 2


def test_a_private_threads_evidence_stays_out_of_a_resource_shown_to_everyone(
    login, fasilitator, member, private_community, outsider
):
    question = do_create_post(
        author=member, community=private_community, kind=Post.Kind.QUESTION, title="Rahasia?"
    )
    reply = do_reply(post=question, author=fasilitator, body="Begini caranya.")
    do_mark_solution(post=question, reply=reply, by=member)
    _applied(member, question, what="Catatan kelas yang privat.")
    client = login(fasilitator)
    client.post(f"/pustaka/simpan/{question.pk}/", _form(audience="everyone"))
    resource = Resource.objects.get()
    assert Resource.objects.with_applied_count().get(pk=resource.pk).applied_count == 0
    page = login(outsider).get(resource.get_absolute_url()).content.decode()
    assert "Catatan kelas yang privat." not in page
    page = login(fasilitator).get(resource.get_absolute_url()).content.decode()
    assert "Catatan kelas yang privat." in page  # a member of the community sees it
