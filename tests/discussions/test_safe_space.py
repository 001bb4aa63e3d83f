"""A safe space (issue #22): members-only posts and anonymous questions.

The matrix: each person (Siti the anggota who writes, Joko another anggota, Ratna the
fasilitator, the three kinds of partner: kepala sekolah, pengawas and Dinas, Budi the outsider,
the operator and an anonymous visitor) against what they meet of a members-only concern (the
list, the thread, its reply, its attachment, the search, the notifications and mail, the
portfolio and the story links) in a public and in a private community; then the same people
against the authorship of an anonymous question.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import LogEntry, Membership
from komunitas.discussions.actions import (
    do_change_discussion_settings,
    do_create_post,
    do_reply,
)
from komunitas.discussions.limits import RateLimited
from komunitas.discussions.models import DiscussionError, ModerationLog, Post
from komunitas.insights.links import link_choices
from komunitas.journeys.portfolio import sources
from komunitas.lib.uploads import clean_image
from komunitas.notifications.models import Notification
from komunitas.permissions import can
from komunitas.search.index import reindex
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PEOPLE = [
    "anggota",
    "fasilitator",
    "kepsek",
    "pengawas",
    "dinas",
    "outsider",
    "operator",
    "anonymous",
]
# Who reads a members-only post, in a public and in a private community alike.
READS_MEMBERS_ONLY = {"anggota", "fasilitator", "operator"}
# Who reads an ordinary post (to read an anonymous one, and not learn who wrote it).
READS_PUBLIC = {"anggota", "fasilitator", "kepsek", "pengawas", "dinas", "outsider", "operator"}
READS_PRIVATE = {"anggota", "fasilitator", "kepsek", "pengawas", "dinas", "operator"}


def picture():
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "JPEG")
    return ("image", clean_image(SimpleUploadedFile("kelas.jpg", out.getvalue(), "image/jpeg")))


@pytest.fixture
def people(member, fasilitator, partner, outsider, operator, public_community, private_community):
    joko = make_user("joko@contoh.test", full_name="Joko Widodo")
    pengawas = make_user("pengawas@contoh.test", full_name="Hadi Pengawas", role=User.Role.PENGAWAS)
    dinas = make_user("dinas@contoh.test", full_name="Wati Dinas", role=User.Role.DINAS)
    for community in (public_community, private_community):
        do_add_member(community=community, user=joko, role=Membership.Role.ANGGOTA)
        for someone in (pengawas, dinas):
            do_add_member(community=community, user=someone, role=Membership.Role.MITRA)
        community.forget_membership_cache()
    return {
        "author": member,
        "anggota": joko,
        "fasilitator": fasilitator,
        "kepsek": partner,
        "pengawas": pengawas,
        "dinas": dinas,
        "outsider": outsider,
        "operator": operator,
        "anonymous": AnonymousUser(),
    }


def community_of(request, which):
    return request.getfixturevalue(f"{which}_community")


def client_as(client, user):
    client.logout()
    if user.is_authenticated:
        client.force_login(user)
    return client


# --- members only ------------------------------------------------------------------------------


@pytest.fixture
def concern_world(request, people, commit):
    """Siti's concern (members only by default) with Ratna's reply and a photo, in the
    community of the test's ``which``; committed, so the notifications and the index ran."""

    def build(which):
        community = community_of(request, which)
        with commit():
            concern = do_create_post(
                author=people["author"],
                community=community,
                kind=Post.Kind.CONCERN,
                title="Khawatir dinilai zulufrasa",
                body="Saya mencoba metode baru, kelas sempat gaduh.",
                attachments=[picture()],
            )
            reply = do_reply(
                post=concern, author=people["fasilitator"], body="Wajar sekali, kilobetaxi."
            )
        reindex()
        return concern, reply

    return build


def test_a_concern_starts_members_only_and_a_question_does_not(people, public_community):
    concern = do_create_post(
        author=people["author"], community=public_community, kind="concern", title="A"
    )
    question = do_create_post(
        author=people["author"], community=public_community, kind="question", title="B"
    )
    reflection = do_create_post(
        author=people["author"], community=public_community, kind="reflection", title="C"
    )
    assert concern.members_only and reflection.members_only and not question.members_only
    chosen = do_create_post(
        author=people["author"],
        community=public_community,
        kind="concern",
        title="D",
        members_only=False,
    )
    assert not chosen.members_only


def test_a_facilitator_chooses_the_kinds_that_start_members_only(login, people, public_community):
    url = reverse("discussions:settings", args=[public_community.slug])
    assert login(people["kepsek"]).get(url).status_code == 403
    assert login(people["anggota"]).get(url).status_code == 403
    client = login(people["fasilitator"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"members_only_kinds": ["question"], "anonymous_allowed": ""})
    assert response.status_code == 302
    question = do_create_post(
        author=people["author"], community=public_community, kind="question", title="Q"
    )
    concern = do_create_post(
        author=people["author"], community=public_community, kind="concern", title="K"
    )
    assert question.members_only and not concern.members_only
    assert not can(people["author"], "post.create_anonymous", public_community)
    bad = client.post(url, {"members_only_kinds": ["nonsense"]})
    assert bad.status_code == 400


def test_the_form_offers_who_sees_it_and_keeps_the_choice(login, people, public_community):
    client = login(people["author"])
    url = reverse("discussions:create", args=[public_community.slug, "concern"])
    page = client.get(url).content.decode()
    assert "Members only (no partners)" in page or "Anggota saja (tanpa mitra)" in page
    response = client.post(url, {"title": "Terbuka saja", "body": "x", "members_only": "0"})
    assert response.status_code == 302
    assert not Post.objects.get(title="Terbuka saja").members_only
    client.post(url, {"title": "Tertutup", "body": "x", "members_only": "1"})
    assert Post.objects.get(title="Tertutup").members_only


@pytest.mark.parametrize("which", ["public", "private"])
@pytest.mark.parametrize("person", PEOPLE)
def test_members_only_matrix(client, people, concern_world, which, person):
    concern, reply = concern_world(which)
    user = people[person]
    sees = person in READS_MEMBERS_ONLY
    # the rules
    assert can(user, "post.view", concern) is sees
    assert can(user, "reply.view", reply) is sees
    attachment = concern.attachments.get()
    assert can(user, "attachment.view", attachment) is sees
    assert (concern in Post.objects.visible_to(user)) is sees
    # the pages
    c = client_as(client, user)
    thread = c.get(concern.get_absolute_url())
    assert thread.status_code == (200 if sees else 404 if user.is_authenticated else 302)
    listing = c.get(reverse("discussions:community", args=[concern.community.slug]))
    assert ("zulufrasa" in listing.content.decode()) is sees
    community_page = c.get(concern.community.get_absolute_url()).content.decode()
    assert "zulufrasa" not in community_page or sees
    download = c.get(reverse("discussions:attachment", args=[attachment.pk]))
    assert (download.status_code == 200) is sees
    if user.is_authenticated:
        for word in ("zulufrasa", "kilobetaxi"):
            found = c.get("/cari/", {"q": word})
            assert (found.context["page"].paginator.count > 0) is sees, word
        feed = c.get(reverse("discussions:feed")).content.decode()
        assert "zulufrasa" not in feed or sees
    # notifications: nobody who may not read it hears of it
    heard = Notification.objects.filter(recipient__pk=user.pk).exists()
    assert not heard or sees
    # the figures still count it
    assert Post.objects.filter(community=concern.community, kind="concern").count() == 1


def test_partners_get_no_mail_of_a_members_only_post(mailed, people, public_community, mailoutbox):
    with mailed():
        concern = do_create_post(
            author=people["author"],
            community=public_community,
            kind="concern",
            title="Khawatir surat",
            tags=["kelas"],
        )
        do_reply(post=concern, author=people["anggota"], body="Saya juga")
    partners = {people[p].email for p in ("kepsek", "pengawas", "dinas", "outsider")}
    assert not [m for m in mailoutbox if set(m.to) & partners]
    assert not Notification.objects.filter(recipient__email__in=partners).exists()


def test_an_operator_reading_a_members_only_post_is_logged(
    login, people, public_community, concern_world
):
    concern, _reply = concern_world("public")
    before = LogEntry.objects.filter(kind=LogEntry.Kind.OPERATOR_ACCESS).count()
    assert login(people["operator"]).get(concern.get_absolute_url()).status_code == 200
    assert LogEntry.objects.filter(kind=LogEntry.Kind.OPERATOR_ACCESS).count() == before + 1


def test_members_only_posts_stay_out_of_the_portfolio_stories_and_the_library(
    people, public_community
):
    concern = do_create_post(
        author=people["author"], community=public_community, kind="concern", title="Rahasia"
    )
    ids = {obj.pk for queryset in sources(people["author"]).values() for obj in queryset}
    assert concern.pk not in ids
    labels = " ".join(label for _key, label in link_choices(people["author"], public_community))
    assert "Rahasia" not in labels
    assert not can(people["fasilitator"], "resource.save_from_post", concern)
    assert not can(people["author"], "post.share_link", concern)


# --- anonymous ---------------------------------------------------------------------------------


@pytest.fixture
def anonymous_world(request, people, commit):
    def build(which):
        community = community_of(request, which)
        with commit():
            question = do_create_post(
                author=people["author"],
                community=community,
                kind=Post.Kind.QUESTION,
                title="Pertanyaan tanpa nama quixotika",
                body="Bagaimana jika saya belum paham asesmen diagnostik?",
                members_only=False,
                anonymous=True,
            )
            do_reply(post=question, author=people["anggota"], body="Coba mulai dari tiket keluar.")
            own = do_reply(post=question, author=people["author"], body="Terima kasih, saya coba.")
        reindex()
        return question, own

    return build


@pytest.mark.parametrize("which", ["public", "private"])
@pytest.mark.parametrize("person", PEOPLE)
def test_nobody_meets_the_anonymous_author(client, people, anonymous_world, which, person):
    question, _own = anonymous_world(which)
    user = people[person]
    author = people["author"]
    readers = READS_PUBLIC if which == "public" else READS_PRIVATE
    c = client_as(client, user)
    profile = reverse("accounts:profile", args=[author.pk])
    pages = [
        c.get(question.get_absolute_url()),
        c.get(reverse("discussions:community", args=[question.community.slug])),
        c.get(reverse("discussions:feed")),
        c.get("/"),
    ]
    if user.is_authenticated:
        pages.append(c.get("/cari/", {"q": "quixotika"}))
        pages.append(c.get("/cari/", {"q": "Terima kasih saya coba"}))
        pages.append(c.get(reverse("notifications:list")))
    for response in pages:
        html = response.content.decode()
        assert author.full_name not in html, response.request["PATH_INFO"]
        assert profile not in html
        assert author.email not in html
    thread = pages[0]
    assert (thread.status_code == 200) is (person in readers)
    if person in readers:
        html = thread.content.decode()
        assert "A member" in html or "Seorang anggota" in html
    assert not Notification.objects.filter(event__actor=author).exists()


def test_only_facilitators_and_operators_may_look_up_the_author(client, people, anonymous_world):
    question, _own = anonymous_world("public")
    url = reverse("discussions:reveal_author", args=[question.pk])
    for person in ("anggota", "kepsek", "pengawas", "dinas", "outsider"):
        response = client_as(client, people[person]).post(url)
        assert response.status_code in (403, 404), person
        assert people["author"].full_name not in response.content.decode()
    assert not ModerationLog.objects.filter(action=ModerationLog.Action.REVEAL_AUTHOR).exists()
    c = client_as(client, people["fasilitator"])
    page = c.get(question.get_absolute_url()).content.decode()
    assert people["author"].full_name not in page  # not even to her, until she asks
    assert c.get(url).status_code == 405  # a look is a POST, never a link
    revealed = c.post(url)
    assert revealed.status_code == 200
    assert people["author"].full_name in revealed.content.decode()
    entry = ModerationLog.objects.get(action=ModerationLog.Action.REVEAL_AUTHOR)
    assert entry.actor == people["fasilitator"] and entry.post == question
    assert people["author"].full_name not in str(entry.data) + entry.reason
    assert client_as(client, people["operator"]).post(url).status_code == 200


def test_the_anonymous_author_still_edits_follows_solves_and_applies(people, anonymous_world):
    question, _own = anonymous_world("public")
    author = people["author"]
    for action in ("post.edit", "post.follow", "post.mark_solution", "post.delete"):
        assert can(author, action, question), action
    assert not can(author, "post.reveal_author", question)


def test_anonymous_posting_has_its_own_limit_and_can_be_turned_off(
    settings, people, public_community
):
    settings.DISCUSSIONS_ANONYMOUS_POSTS_PER_DAY = 2
    for n in range(2):
        do_create_post(
            author=people["author"],
            community=public_community,
            kind="question",
            title=f"Anonim {n}",
            anonymous=True,
        )
    with pytest.raises(RateLimited):
        do_create_post(
            author=people["author"],
            community=public_community,
            kind="question",
            title="Anonim 3",
            anonymous=True,
        )
    # with her name she may still post
    do_create_post(author=people["author"], community=public_community, kind="question", title="N")
    with pytest.raises(DiscussionError):
        do_create_post(
            author=people["author"],
            community=public_community,
            kind="good_practice",
            title="Praktik",
            anonymous=True,
        )
    assert can(people["author"], "post.create_anonymous", public_community)
    assert not can(people["kepsek"], "post.create_anonymous", public_community)
    do_change_discussion_settings(
        community=public_community,
        by=people["fasilitator"],
        members_only_kinds=[],
        anonymous_allowed=False,
    )
    assert not can(people["author"], "post.create_anonymous", public_community)


def test_the_anonymous_checkbox_is_offered_only_where_allowed(login, people, public_community):
    client = login(people["author"])
    url = reverse("discussions:create", args=[public_community.slug, "question"])
    assert 'name="anonymous"' in client.get(url).content.decode()
    practice = reverse("discussions:create", args=[public_community.slug, "good_practice"])
    assert 'name="anonymous"' not in client.get(practice).content.decode()
    response = client.post(url, {"title": "Tanya diam-diam", "body": "x", "anonymous": "on"})
    assert response.status_code == 302
    assert Post.objects.get(title="Tanya diam-diam").is_anonymous


def test_an_anonymous_post_is_kept_out_of_the_portfolio_and_stories(people, public_community):
    question = do_create_post(
        author=people["author"],
        community=public_community,
        kind="question",
        title="Anonim portofolio",
        members_only=False,
        anonymous=True,
    )
    labels = " ".join(label for _key, label in link_choices(people["author"], public_community))
    assert question.title not in labels


def test_the_author_acting_in_the_thread_stays_anonymous_on_every_page(
    client, commit, people, anonymous_world
):
    """She edits, marks the solution, records applying it and quotes: the thread, the edit
    history, the reports of applying it and the moderation page still do not name her."""
    from komunitas.discussions.actions import (
        do_edit_post,
        do_mark_solution,
        do_record_application,
    )

    question, own = anonymous_world("public")
    author = people["author"]
    answer = question.replies.exclude(author=author).get()
    with commit():
        do_edit_post(post=question, by=author, title=question.title, body="Sudah lebih jelas.")
        do_mark_solution(post=question, reply=answer, by=author)
        do_record_application(
            member=author,
            target=question,
            applied_on=question.created_at.date(),
            class_name="4A",
            what_happened="Tiket keluar berhasil.",
            outcome="better",
        )
    assert not Notification.objects.filter(event__actor=author).exists()
    urls = [
        question.get_absolute_url(),
        reverse("discussions:post_history", args=[question.pk]),
        reverse("discussions:moderation", args=[question.community.slug]),
        f"{question.get_absolute_url()}?kutip={own.pk}",
    ]
    for person in ("anggota", "fasilitator", "kepsek", "outsider", "operator"):
        c = client_as(client, people[person])
        for url in urls:
            html = c.get(url).content.decode()
            assert author.full_name not in html, (person, url)
            assert reverse("accounts:profile", args=[author.pk]) not in html, (person, url)


def test_a_notification_of_an_anonymous_question_names_a_member_as_readers_see_it(
    client, people, anonymous_world, run_worker
):
    """The fasilitator hears of the new question and of the replies; the one that the author
    wrote anonymously reads "Seorang anggota", as the thread does."""
    question, _own = anonymous_world("public")
    run_worker()
    html = client_as(client, people["fasilitator"]).get(reverse("notifications:list"))
    text = html.content.decode()
    assert "Seorang anggota" in text
    assert people["author"].full_name not in text
