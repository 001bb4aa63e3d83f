"""The post form starts with the subjects and phases a post most likely has (those of the
community and of the member's profile) and folds the others away in a ``<details>``, instead of
35 subjects and 7 phases, none chosen."""

import re

import pytest
from django.urls import reverse

from komunitas.accounts.models import Phase, Subject
from komunitas.discussions.models import Post

pytestmark = pytest.mark.django_db


def _boxes(html: str, name: str) -> tuple[set[str], set[str], set[str]]:
    """(shown, folded, checked) values of the checkboxes named ``name``."""
    start = html.index(f'name="{name}"') - 2000
    block = html[start : html.index("</fieldset>", html.index(f'name="{name}"'))]
    shown_part, _sep, folded_part = block.partition("<details")
    pattern = rf'<input type="checkbox" name="{name}" value="([^"]+)"([^>]*)>'
    shown = {value for value, _attrs in re.findall(pattern, shown_part)}
    folded = {value for value, _attrs in re.findall(pattern, folded_part)}
    checked = {value for value, attrs in re.findall(pattern, block) if "checked" in attrs}
    return shown, folded, checked


@pytest.fixture
def math_and_science(public_community, member):
    subjects = list(Subject.objects.order_by("pk")[:3])
    public_community.subjects.set(subjects[:2])  # the community: the first two
    member.subjects.set(subjects[1:])  # the member teaches the second and third
    phases = list(Phase.objects.order_by("pk")[:2])
    public_community.phases.set(phases[:1])
    return [str(s.pk) for s in subjects], [str(p.pk) for p in phases]


def test_the_post_form_checks_what_community_and_member_share_and_folds_the_rest(
    login, member, public_community, math_and_science
):
    (first, second, third), (phase_a, _phase_b) = math_and_science
    url = reverse("discussions:create", args=[public_community.slug, Post.Kind.QUESTION])
    html = login(member).get(url).content.decode()
    shown, folded, checked = _boxes(html, "subjects")
    assert shown == {first, second, third}
    assert checked == {second}
    assert len(folded) == Subject.objects.count() - 3
    shown, folded, checked = _boxes(html, "phases")
    assert shown == checked == {phase_a}  # only the community names a phase
    assert len(folded) == Phase.objects.count() - 1


def test_a_folded_subject_can_still_be_chosen(login, member, public_community, math_and_science):
    other = Subject.objects.exclude(pk__in=math_and_science[0]).first()
    url = reverse("discussions:create", args=[public_community.slug, Post.Kind.QUESTION])
    login(member).post(url, {"title": "Soal cerita", "body": "Bagaimana?", "subjects": [other.pk]})
    assert list(Post.objects.get(title="Soal cerita").subjects.all()) == [other]


def test_editing_shows_the_posts_own_subjects_without_prefilling_others(
    login, member, public_community, math_and_science
):
    other = Subject.objects.exclude(pk__in=math_and_science[0]).first()
    url = reverse("discussions:create", args=[public_community.slug, Post.Kind.QUESTION])
    client = login(member)
    client.post(url, {"title": "Soal cerita", "body": "Bagaimana?", "subjects": [other.pk]})
    post = Post.objects.get(title="Soal cerita")
    html = client.get(reverse("discussions:post_edit", args=[post.pk])).content.decode()
    shown, _folded, checked = _boxes(html, "subjects")
    assert checked == {str(other.pk)} and str(other.pk) in shown
