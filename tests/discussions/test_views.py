"""The pages of discussions: writing each kind, replying, solving, reacting, moderating."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from komunitas.discussions.actions import do_create_post, do_mark_solution, do_reply
from komunitas.discussions.models import (
    ClassroomApplication,
    Draft,
    ModerationLog,
    Post,
    PostFollow,
    Reaction,
    Reply,
    Report,
)
from komunitas.notifications.models import Event

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"discussions:{name}", args=args)


@pytest.mark.parametrize("kind", [k for k in Post.Kind if k != Post.Kind.ANNOUNCEMENT])
def test_a_member_writes_every_kind_of_post(kind, login, member, public_community):
    client = login(member)
    page = client.get(_url("create", public_community.slug, kind))
    assert page.status_code == 200
    data = {"title": f"Tulisan {kind}", "body": "Isi **tebal**", "tags": "literasi, numerasi"}
    if kind == Post.Kind.GOOD_PRACTICE:
        data.update(context="Kelas 2", what_i_did="Pojok baca", evidence="Foto karya")
    response = client.post(_url("create", public_community.slug, kind), data)
    post = Post.objects.get(title=f"Tulisan {kind}")
    assert response.status_code == 302 and response.url == post.get_absolute_url()
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<strong>tebal</strong>" in page
    if kind == Post.Kind.GOOD_PRACTICE:
        assert "Pojok baca" in page and post.what_i_did == "Pojok baca"


def test_a_good_practice_needs_its_context_and_what_was_done(login, member, public_community):
    client = login(member)
    response = client.post(
        _url("create", public_community.slug, "good_practice"), {"title": "Pojok baca"}
    )
    assert response.status_code == 400
    assert 'value="Pojok baca"' in response.content.decode()  # what was typed comes back
    assert not Post.objects.exists()
    assert Draft.objects.get(user=member).title == "Pojok baca"  # and is kept on the server


def test_only_a_fasilitator_writes_an_announcement(login, member, fasilitator, public_community):
    url = _url("create", public_community.slug, "announcement")
    assert login(member).get(url).status_code == 403
    client = login(fasilitator)
    response = client.post(url, {"title": "Pertemuan Kamis", "body": "Jam 14.00 di SDN 1"})
    assert response.status_code == 302
    assert Event.objects.filter(kind="discussions.announcement").count() == 1


def test_an_unknown_kind_is_404(login, member, public_community):
    assert login(member).get(_url("create", public_community.slug, "gosip")).status_code == 404


def test_a_reply_quotes_and_mentions(login, question, colleague, fasilitator):
    first = do_reply(post=question, author=fasilitator, body="Pakai asesmen awal.")
    client = login(colleague)
    page = client.get(question.get_absolute_url() + f"?kutip={first.pk}").content.decode()
    assert f'name="quoted" value="{first.pk}"' in page
    response = client.post(
        _url("reply", question.pk),
        {"body": "Setuju @Ratna Kusuma, ditambah tiket keluar.", "quoted": first.pk},
    )
    reply = Reply.objects.get(author=colleague)
    assert response.status_code == 302 and reply.quoted == first
    assert reply.mentions.get().user == fasilitator
    page = client.get(question.get_absolute_url()).content.decode()
    with translation.override("en"):
        page = client.get(question.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Ratna Kusuma" in page


def test_an_empty_reply_returns_400_with_the_thread(login, question, colleague):
    response = login(colleague).post(_url("reply", question.pk), {"body": "  "})
    assert response.status_code == 400
    assert question.title in response.content.decode()


def test_editing_keeps_a_visible_history(login, answer, colleague):
    client = login(colleague)
    response = client.post(_url("reply_edit", answer.pk), {"body": "Versi baru"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.body == "Versi baru" and answer.edited_at
    history = client.get(_url("reply_history", answer.pk)).content.decode()
    assert "Coba tiket keluar 3 pertanyaan." in history


def test_others_cannot_edit_a_reply(login, answer, member):
    assert login(member).get(_url("reply_edit", answer.pk)).status_code == 403


def test_a_deleted_reply_keeps_its_place(login, answer, question, colleague, member):
    client = login(colleague)
    assert client.post(_url("reply_delete", answer.pk), {}).status_code == 302
    with translation.override("en"):
        page = login(member).get(question.get_absolute_url()).content.decode()
    assert f'id="balasan-{answer.pk}"' in page
    assert "Coba tiket keluar" not in page


def test_a_fasilitator_deleting_a_reply_must_say_why_and_it_is_logged(login, answer, fasilitator):
    client = login(fasilitator)
    assert client.post(_url("reply_delete", answer.pk), {}).status_code == 400
    client.post(_url("reply_delete", answer.pk), {"reason": "Iklan"})
    entry = ModerationLog.objects.get()
    assert (entry.action, entry.reply, entry.reason) == ("delete", answer, "Iklan")


def test_the_asker_marks_the_solution_and_it_shows_first(login, question, answer, member):
    later = do_reply(post=question, author=member, body="Terima kasih!")
    client = login(member)
    assert client.post(_url("solution", question.pk), {"reply": answer.pk}).status_code == 302
    question.refresh_from_db()
    assert question.solution == answer
    page = client.get(question.get_absolute_url()).content.decode()
    assert page.index(f'id="balasan-{answer.pk}"') < page.index(f'id="balasan-{later.pk}"')
    assert "dz-solution" in page


def test_a_colleague_cannot_mark_the_solution(login, question, answer, colleague):
    response = login(colleague).post(_url("solution", question.pk), {"reply": answer.pk})
    assert response.status_code == 403


def test_reactions_toggle_once_per_person(login, question, colleague):
    client = login(colleague)
    for _ in range(2):
        client.post(_url("react", question.pk), {"kind": "thanks"})
    assert not Reaction.objects.exists()
    response = client.post(_url("react", question.pk), {"kind": "thanks"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    assert Reaction.objects.count() == 1
    assert client.post(_url("react", question.pk), {"kind": "love"}).status_code == 400


def test_a_partner_reacts_and_replies_but_an_outsider_does_not(login, question, partner, outsider):
    assert login(partner).post(_url("react", question.pk), {"kind": "useful"}).status_code == 302
    client = login(outsider)
    assert client.post(_url("react", question.pk), {"kind": "useful"}).status_code == 403
    assert client.post(_url("reply", question.pk), {"body": "Halo"}).status_code == 403
    assert Reaction.objects.count() == 1


def test_feeds_filter_unanswered_unsolved_and_solved(login, member, public_community, colleague):
    solved = do_create_post(author=member, community=public_community, kind="question", title="A")
    do_mark_solution(
        post=solved, reply=do_reply(post=solved, author=colleague, body="x"), by=member
    )
    answered = do_create_post(author=member, community=public_community, kind="question", title="B")
    do_reply(post=answered, author=colleague, body="y")
    waiting = do_create_post(author=member, community=public_community, kind="question", title="C")
    client = login(member)
    url = _url("community", public_community.slug)

    def titles(**params):
        page = client.get(url, params)
        return [p.title for p in page.context["page"].object_list]

    assert titles(status="unanswered") == [waiting.title]
    assert sorted(titles(status="unsolved")) == ["B", "C"]
    assert titles(status="solved") == ["A"]
    assert titles(urut="help")[0] == "C"
    assert client.get(url, {"status": "<script>", "page": "x"}).status_code == 200


def test_the_personal_feed_shows_only_my_communities(
    login, question, private_question, outsider, member, fasilitator
):
    other = do_create_post(
        author=fasilitator, community=question.community, kind="reflection", title="Refleksi"
    )
    page = login(member).get(_url("feed"))
    assert {p.pk for p in page.context["page"].object_list} == {
        question.pk,
        private_question.pk,
        other.pk,
    }
    page = login(outsider).get(_url("feed"))
    assert list(page.context["page"].object_list) == []


def test_following_a_topic_brings_its_posts(login, question, outsider, colleague):
    client = login(colleague)
    tag = question.tags.get()
    client.post(_url("tag_follow", tag.slug))
    page = client.get(_url("feed"), {"lihat": "diikuti"})
    assert [p.pk for p in page.context["page"].object_list] == [question.pk]


def test_bookmarks(login, question, colleague):
    client = login(colleague)
    client.post(_url("post_bookmark", question.pk))
    page = client.get(_url("bookmarks"))
    assert [p.pk for p in page.context["page"].object_list] == [question.pk]
    client.post(_url("post_bookmark", question.pk))
    assert not client.get(_url("bookmarks")).context["page"].object_list


def test_following_a_post(login, question, colleague):
    client = login(colleague)
    client.post(_url("post_follow", question.pk))
    assert PostFollow.objects.filter(user=colleague, post=question).exists()


def test_report_then_the_fasilitator_hides(login, answer, member, fasilitator, question):
    client = login(member)
    response = client.post(_url("reply_report", answer.pk), {"reason": "rude", "note": "kasar"})
    assert response.status_code == 302
    assert client.post(_url("reply_report", answer.pk), {"reason": "rude"}).status_code == 400
    report = Report.objects.get()
    moderator = login(fasilitator)
    page = moderator.get(_url("moderation", question.community.slug))
    assert page.status_code == 200 and "kasar" in page.content.decode()
    assert login(member).get(_url("moderation", question.community.slug)).status_code == 403
    moderator = login(fasilitator)
    url = _url("report_hide", question.community.slug, report.pk)
    moderator.post(url, {"reason": "Tidak sopan"})
    answer.refresh_from_db()
    report.refresh_from_db()
    assert answer.hidden_at and report.status == "resolved"
    assert set(ModerationLog.objects.values_list("action", flat=True)) == {
        "hide",
        "resolve_report",
    }


def test_lock_pin_feature_and_hide_a_post(login, fasilitator, member, public_community):
    post = do_create_post(
        author=member,
        community=public_community,
        kind="good_practice",
        title="Pojok baca",
        sections={"context": "Kelas 2", "what_i_did": "Pojok"},
    )
    client = login(fasilitator)
    for action in ("lock", "pin", "feature"):
        assert client.post(_url("moderate", post.pk, action), {}).status_code == 302
    post.refresh_from_db()
    assert post.is_locked and post.is_pinned and post.is_featured
    assert client.post(_url("moderate", post.pk, "hide"), {}).status_code == 400  # no reason
    client.post(_url("moderate", post.pk, "hide"), {"reason": "Ada nama murid"})
    post.refresh_from_db()
    assert post.hidden_at
    assert ModerationLog.objects.filter(post=post).count() == 4
    assert login(member).post(_url("reply", post.pk), {"body": "x"}).status_code == 403
    assert Event.objects.filter(kind="discussions.featured").count() == 1


def test_moving_a_post_between_communities_i_facilitate(
    login, fasilitator, question, private_community
):
    client = login(fasilitator)
    response = client.post(
        _url("move", question.pk), {"community": private_community.pk, "reason": "Salah tempat"}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.community == private_community
    assert ModerationLog.objects.filter(action="move").count() == 2


def test_sharing_a_good_practice_into_another_community(
    login, member, public_community, private_community, outsider
):
    source = do_create_post(
        author=member,
        community=private_community,
        kind="good_practice",
        title="Pojok baca",
        sections={"context": "Kelas 2", "what_i_did": "Pojok"},
    )
    client = login(member)
    response = client.post(_url("share", source.pk), {"community": public_community.pk})
    copy = Post.objects.get(shared_from=source)
    assert response.status_code == 302 and copy.community == public_community
    page = login(outsider).get(copy.get_absolute_url()).content.decode()
    assert private_community.name not in page  # the private source is not exposed
    assert source.get_absolute_url() not in page


def test_the_share_page_gives_a_link_for_public_posts_only(
    login, question, private_question, colleague
):
    client = login(colleague)
    page = client.get(_url("share", question.pk)).content.decode()
    assert "wa.me" in page
    assert client.get(_url("share", private_question.pk)).status_code == 403


def test_apply_in_class_through_the_shared_form(login, question, answer, member, fasilitator):
    do_mark_solution(post=question, reply=answer, by=member)
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Post)
    client = login(fasilitator)
    url = _url("apply", content_type.pk, question.pk)
    assert client.get(url).status_code == 200
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    bad = client.post(url, {"applied_on": tomorrow, "class_name": "4B"})
    assert bad.status_code == 400
    response = client.post(
        url,
        {
            "applied_on": timezone.localdate().isoformat(),
            "class_name": "4B",
            "what_happened": "Tiket keluar tiga pertanyaan",
            "outcome": "better",
        },
    )
    assert response.status_code == 302
    application = ClassroomApplication.objects.get()
    assert application.reply == answer and application.member == fasilitator
    page = client.get(question.get_absolute_url()).content.decode()
    assert "4B" in page
    listing = client.get(_url("applications", content_type.pk, question.pk))
    assert listing.status_code == 200


def test_drafts_are_saved_and_restored(login, member, question, public_community):
    client = login(member)
    response = client.post(
        _url("draft_save"), {"draft_key": f"reply:{question.pk}", "body": "Setengah jadi"}
    )
    assert response.status_code == 200
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Setengah jadi" in page
    key = f"post:{public_community.pk}:question"
    client.post(_url("draft_save"), {"draft_key": key, "title": "Judul", "body": "Isi"})
    page = client.get(_url("create", public_community.slug, "question")).content.decode()
    assert 'value="Judul"' in page and "Isi" in page
    client.post(_url("draft_discard"), {"draft_key": key, "next": "//evil.example"})
    assert not Draft.objects.filter(key=key).exists()
    assert client.post(_url("draft_save"), {"draft_key": "../x"}).status_code == 400


def test_the_home_page_shows_who_needs_help(login, question, colleague):
    page = login(colleague).get("/").content.decode()
    assert question.title in page


def test_editing_a_good_practice_keeps_its_sections_in_the_history(login, member, public_community):
    post = do_create_post(
        author=member,
        community=public_community,
        kind="good_practice",
        title="Pojok baca",
        sections={"context": "Kelas 2", "what_i_did": "Pojok baca lama"},
    )
    client = login(member)
    page = client.get(_url("post_edit", post.pk)).content.decode()
    assert "Pojok baca lama" in page
    response = client.post(
        _url("post_edit", post.pk),
        {"title": "Pojok baca", "context": "Kelas 2", "what_i_did": "Pojok baca baru"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.what_i_did == "Pojok baca baru" and post.edited_at
    assert post.revisions.get().sections["what_i_did"] == "Pojok baca lama"
    assert "Pojok baca lama" in client.get(_url("post_history", post.pk)).content.decode()


def test_an_author_deletes_their_post_softly(login, question, member):
    client = login(member)
    assert client.post(_url("post_delete", question.pk), {}).status_code == 302
    assert Post.objects.get(pk=question.pk).deleted_at
    assert client.get(question.get_absolute_url()).status_code == 404
    assert not ModerationLog.objects.exists()  # one's own deletion is no moderation


def test_too_many_posts_get_a_clear_429_and_keep_the_text(
    login, member, public_community, settings
):
    settings.DISCUSSIONS_POSTS_PER_HOUR = 1
    client = login(member)
    url = _url("create", public_community.slug, "concern")
    client.post(url, {"title": "Satu", "body": "a"})
    response = client.post(url, {"title": "Dua", "body": "teks panjang saya"})
    assert response.status_code == 429
    assert 59 * 60 < int(response["Retry-After"]) <= 60 * 60
    page = response.content.decode()
    assert "teks panjang saya" in page and "60" in page  # wait about an hour
    assert Draft.objects.get(user=member).body == "teks panjang saya"


def test_too_many_replies_get_a_429(login, question, colleague, settings):
    settings.DISCUSSIONS_REPLIES_PER_HOUR = 1
    client = login(colleague)
    client.post(_url("reply", question.pk), {"body": "satu"})
    response = client.post(_url("reply", question.pk), {"body": "dua"})
    assert response.status_code == 429 and "dua" in response.content.decode()
    assert int(response["Retry-After"]) > 59 * 60


def test_too_many_reports_get_a_429_with_retry_after(login, question, colleague, settings):
    settings.DISCUSSIONS_REPORTS_PER_DAY = 1
    client = login(colleague)
    url = f"/diskusi/{question.pk}/laporkan/"
    assert client.post(url, {"reason": "spam", "note": ""}).status_code == 302
    response = client.post(url, {"reason": "spam", "note": ""})
    assert response.status_code == 429
    assert 23 * 3600 < int(response["Retry-After"]) <= 24 * 3600


def test_featured_good_practices_show_first_and_on_the_home_page(
    login, member, fasilitator, colleague, public_community
):
    practice = do_create_post(
        author=member,
        community=public_community,
        kind="good_practice",
        title="Stasiun belajar pecahan",
        sections={"context": "Kelas 4", "what_i_did": "Stasiun"},
    )
    login(fasilitator).post(_url("moderate", practice.pk, "feature"), {})
    client = login(colleague)
    feed = client.get(_url("community", public_community.slug))
    assert feed.context["featured"] == [practice]
    assert "Stasiun belajar pecahan" in client.get("/").content.decode()


def test_a_late_autosave_never_brings_a_published_text_back(login, member, question):
    """On a slow connection the autosave of the form may arrive after the reply was sent."""
    client = login(member)
    page = client.get(question.get_absolute_url()).content.decode()
    opened = re.search(r'name="draft_opened" value="([^"]+)"', page).group(1)
    key = f"reply:{question.pk}"
    client.post(_url("reply", question.pk), {"body": "Terkirim"})
    client.post(_url("draft_save"), {"draft_key": key, "body": "Terkirim", "draft_opened": opened})
    assert Draft.find(member, key) is None
    assert (
        "Terkirim"
        not in client.get(question.get_absolute_url()).context["reply_form"]["body"].value()
    )
    # A form opened after that saves drafts again.
    page = client.get(question.get_absolute_url()).content.decode()
    opened = re.search(r'name="draft_opened" value="([^"]+)"', page).group(1)
    client.post(_url("draft_save"), {"draft_key": key, "body": "Baru", "draft_opened": opened})
    assert Draft.find(member, key).body == "Baru"


def test_an_answer_within_the_minute_reads_less_than_a_minute(login, member, question, answer):
    # The fixture answered within the same second: Django's timesince says "0 minutes".
    page = login(member).get(question.get_absolute_url()).content.decode()
    assert "Jawaban pertama setelah kurang dari semenit." in page
    assert "0 menit" not in page
