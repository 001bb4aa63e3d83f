"""The permission matrix for lesson studies: roles × actions × public and private communities.

The study is taught (its notes can be written). ``Y`` allowed, ``.`` not. Partners (mitra:
a kepala sekolah and a pengawas) see the plan as the community's visibility allows but never the
observation notes; a dinas officer outside the community is an outsider; outsiders of a private
community see nothing.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from komunitas.communities.models import Membership
from komunitas.lessonstudy.models import LessonStudy
from komunitas.permissions import can
from tests.lessonstudy.conftest import join, make_study

pytestmark = pytest.mark.django_db

ACTIONS = [
    "lesson_study.create",
    "lesson_study.view",
    "lesson_study.view_notes",
    "lesson_study.manage",
    "lesson_study.observe",
    "lesson_study.delete",
]

# fmt: off
PUBLIC = {
    #              create view notes manage observe delete
    "fasilitator": "Y     Y    Y     Y      .       Y",
    "teacher":     "Y     Y    Y     Y      .       .",
    "observer":    "Y     Y    Y     .      Y       .",
    "anggota":     "Y     Y    .     .      .       .",
    "kepsek":      ".     Y    .     .      .       .",
    "pengawas":    ".     Y    .     .      .       .",
    "dinas":       ".     Y    .     .      .       .",
    "outsider":    ".     Y    .     .      .       .",
    "operator":    ".     Y    .     .      .       .",
    "anonymous":   ".     .    .     .      .       .",
}
PRIVATE = {
    "fasilitator": "Y     Y    Y     Y      .       Y",
    "teacher":     "Y     Y    Y     Y      .       .",
    "observer":    "Y     Y    Y     .      Y       .",
    "anggota":     "Y     Y    .     .      .       .",
    "kepsek":      ".     Y    .     .      .       .",
    "pengawas":    ".     Y    .     .      .       .",
    "dinas":       ".     .    .     .      .       .",
    "outsider":    ".     .    .     .      .       .",
    "operator":    ".     Y    .     .      .       .",
    "anonymous":   ".     .    .     .      .       .",
}
# fmt: on


def _cases():
    cases = []
    for visibility, table in (("public", PUBLIC), ("private", PRIVATE)):
        for person, row in table.items():
            for action, cell in zip(ACTIONS, row.split(), strict=True):
                cases.append(
                    pytest.param(
                        visibility, person, action, cell == "Y",
                        id=f"{visibility}-{person}-{action}",
                    )
                )  # fmt: skip
    return cases


@pytest.mark.parametrize(("visibility", "person", "action", "allowed"), _cases())
def test_permission_matrix(
    request, visibility, person, action, allowed, fasilitator, member, partner, outsider,
    operator, teacher, observer, pengawas, dinas,
):  # fmt: skip
    community = request.getfixturevalue(f"{visibility}_community")
    join(community, teacher, observer)
    join(community, pengawas, role=Membership.Role.MITRA)
    study = make_study(
        community, teacher, [observer], starts_in=-datetime.timedelta(hours=1),
        status=LessonStudy.Status.OBSERVING, created_by=fasilitator,
    )  # fmt: skip
    people = {
        "fasilitator": fasilitator, "teacher": teacher, "observer": observer, "anggota": member,
        "kepsek": partner, "pengawas": pengawas, "dinas": dinas, "outsider": outsider,
        "operator": operator, "anonymous": AnonymousUser(),
    }  # fmt: skip
    target = community if action == "lesson_study.create" else study
    assert can(people[person], action, target) is allowed


def test_an_observer_who_left_the_community_no_longer_reads_or_writes_notes(study, observer):
    from komunitas.communities.actions import do_leave

    study.status = LessonStudy.Status.OBSERVING
    do_leave(membership=study.community.membership_of(observer))
    study.community.forget_membership_cache()
    assert not can(observer, "lesson_study.view_notes", study)
    assert not can(observer, "lesson_study.observe", study)


def test_notes_wait_for_the_lesson_and_close_when_concluded(study, observer):
    assert not can(observer, "lesson_study.observe", study)  # planned, in three days
    study.status = LessonStudy.Status.CONCLUDED
    assert not can(observer, "lesson_study.observe", study)
    assert not can(observer, "lesson_study.manage", study)


def test_a_deleted_study_is_nobodys(study, fasilitator, teacher):
    from django.utils import timezone

    study.deleted_at = timezone.now()
    for person in (fasilitator, teacher):
        assert not can(person, "lesson_study.view", study)
