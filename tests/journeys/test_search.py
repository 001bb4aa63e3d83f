"""Plans and reflections are found in the search only by whom they are shared with."""

import pytest

from komunitas.journeys.models import LearningPlan, Reflection
from komunitas.search.query import Query, search

pytestmark = pytest.mark.django_db


def _found(user, words):
    return {entry.title for entry in search(user, Query(words=words))}


def test_a_private_reflection_is_found_only_by_its_author(member, colleague, commit):
    with commit():
        Reflection.objects.create(
            author=member, title="Refleksi pembelajaran", facts="Kelompok kesiapan berjalan"
        )
    assert _found(member, "kesiapan") == {"Refleksi pembelajaran"}
    assert _found(colleague, "kesiapan") == set()


def test_a_plan_shared_with_the_community_is_found_by_its_members(
    member, colleague, outsider, community, commit
):
    with commit():
        plan = LearningPlan.objects.create(
            owner=member, community=community, title="Diferensiasi", visibility="community"
        )
    with commit():
        plan.goals.create(practice="Kartu giliran bicara untuk murid pendiam")
    assert _found(colleague, "giliran") == {"Diferensiasi"}
    assert _found(outsider, "giliran") == set()
    with commit():
        plan.soft_delete()
    assert _found(member, "giliran") == set()
