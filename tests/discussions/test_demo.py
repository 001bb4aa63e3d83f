"""The demo district has threads of every kind, solved and unsolved, applied in class, with
reactions, a reported reply and a hidden one; building it twice changes nothing.

One test, because building the demo takes most of a minute on a small machine."""

from django.core.management import call_command

from komunitas.accounts.models import User
from komunitas.discussions.models import ClassroomApplication, Post, Reaction, Reply, Report


def _build():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_discussions(demo):
    # every kind of post
    assert set(Post.objects.values_list("kind", flat=True)) == set(Post.Kind.values)
    # solved, unsolved and unanswered questions
    questions = Post.objects.filter(kind=Post.Kind.QUESTION)
    assert questions.solved().exists() and questions.unsolved().exists()
    assert questions.unanswered().exists()
    # a featured good practice applied in class, with every outcome, and reactions
    practice = Post.objects.get(title="Stasiun belajar pecahan untuk kelas 4")
    summary = ClassroomApplication.objects.summary_for([practice])[practice.pk]
    assert summary == {"total": 3, "better": 2, "same": 0, "worse": 1}
    assert practice.is_featured
    assert Reaction.objects.filter(post=practice).count() >= 3
    # a hidden reply (its report closed) and a reported one still waiting
    assert Reply.objects.filter(hidden_at__isnull=False).count() == 1
    assert Report.objects.filter(status=Report.Status.OPEN, reply__isnull=False).count() == 1
    # the private circle stays private for guru@demo.test
    guru = User.objects.get(email="guru@demo.test")
    lingkar = Post.objects.filter(community__slug="lingkar-kepala-sekolah-penggerak")
    assert lingkar.exists()
    assert not Post.objects.visible_to(guru).filter(pk__in=lingkar).exists()
    # idempotent
    counts = (Post.objects.count(), Reply.objects.count(), ClassroomApplication.objects.count())
    _build()
    again = (Post.objects.count(), Reply.objects.count(), ClassroomApplication.objects.count())
    assert again == counts


def test_the_demo_safe_space(demo, client):
    """The members-only concern and the anonymous question of "Komunitas Praktisi Pembelajaran
    Berdiferensiasi": kepsek@demo.test never sees the concern, nobody sees the asker's name."""
    from komunitas.discussions.demo import SAFE_SPACE_CONCERN, SAFE_SPACE_QUESTION
    from komunitas.permissions import can

    concern = Post.objects.get(title=SAFE_SPACE_CONCERN)
    assert concern.members_only and concern.replies.count() >= 2
    assert concern.community.slug == "pembelajaran-berdiferensiasi"
    kepsek = User.objects.get(email="kepsek@demo.test")
    assert concern.community.role_of(kepsek) is not None  # a partner of the community
    assert not can(kepsek, "post.view", concern)
    client.force_login(kepsek)
    assert client.get(concern.get_absolute_url()).status_code == 404
    listing = client.get(f"/k/{concern.community.slug}/diskusi/").content.decode()
    assert SAFE_SPACE_CONCERN not in listing
    guru = User.objects.get(email="guru@demo.test")
    assert can(guru, "post.view", concern)
    question = Post.objects.get(title=SAFE_SPACE_QUESTION)
    assert question.is_anonymous and not question.members_only
    client.force_login(guru)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Seorang anggota" in page and question.author.full_name not in page
