"""Who may open which dashboard, read which story and download which report.

Rows are people, columns are scopes; ``Y`` may open it, ``.`` gets a 404 (a dashboard of another
school or district does not even show that it exists).
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from komunitas.insights.models import Report
from komunitas.insights.scope import Kind, Scope
from komunitas.permissions import can
from tests.insights.helpers import story

pytestmark = pytest.mark.django_db

SCOPES = ["public", "private", "school", "other_school", "supervision", "sleman", "bantul", "all"]
# fmt: off
MATRIX = {
    #                  public private school other  superv sleman bantul all
    "fasilitator":     "Y     Y       .      .      .      .      .      .",
    "anggota":         ".     .       .      .      .      .      .      .",
    "mitra":           "Y     .       Y      .      .      .      .      .",
    "other_principal": ".     .       .      Y      .      .      .      .",
    "pengawas":        ".     .       .      .      Y      .      .      .",
    "dinas":           ".     .       .      .      .      Y      .      .",
    "other_dinas":     ".     .       .      .      .      .      Y      .",
    "outsider":        ".     .       .      .      .      .      .      .",
    "operator":        "Y     Y       Y      Y      Y      Y      Y      Y",
    "anonymous":       ".     .       .      .      .      .      .      .",
}
# fmt: on
CASES = [
    pytest.param(person, scope, cell == "Y", id=f"{person}-{scope}")
    for person, row in MATRIX.items()
    for scope, cell in zip(SCOPES, row.split(), strict=True)
]


@pytest.fixture
def people(
    fasilitator, member, partner, other_principal, pengawas, dinas, other_dinas, outsider,
    operator,
):  # fmt: skip
    return {
        "fasilitator": fasilitator,
        "anggota": member,
        "mitra": partner,
        "other_principal": other_principal,
        "pengawas": pengawas,
        "dinas": dinas,
        "other_dinas": other_dinas,
        "outsider": outsider,
        "operator": operator,
        "anonymous": AnonymousUser(),
    }


@pytest.fixture
def scopes(public_community, private_community, school, other_school, pengawas, sleman, bantul):
    return {
        "public": Scope(Kind.COMMUNITY, public_community.slug, community=public_community),
        "private": Scope(Kind.COMMUNITY, private_community.slug, community=private_community),
        "school": Scope(Kind.SCHOOL, str(school.pk), school=school),
        "other_school": Scope(Kind.SCHOOL, str(other_school.pk), school=other_school),
        "supervision": Scope(Kind.SUPERVISION, str(pengawas.pk), supervisor=pengawas),
        "sleman": Scope(Kind.REGENCY, sleman.pk, regency=sleman),
        "bantul": Scope(Kind.REGENCY, bantul.pk, regency=bantul),
        "all": Scope(Kind.INSTALLATION),
    }


@pytest.mark.parametrize(("person", "scope", "allowed"), CASES)
def test_the_dashboard_matrix(people, scopes, person, scope, allowed):
    assert can(people[person], "insights.view_scope", scopes[scope]) is allowed


@pytest.mark.parametrize(("person", "scope", "allowed"), CASES)
def test_the_dashboard_pages_follow_the_matrix(client, people, scopes, person, scope, allowed):
    if person != "anonymous":
        client.force_login(people[person])
    response = client.get(scopes[scope].get_absolute_url())
    if person == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if allowed else 404)


def test_only_fasilitators_see_members_one_by_one(
    login, public_community, fasilitator, partner, member
):
    url = f"/wawasan/k/{public_community.slug}/anggota/"
    assert login(fasilitator).get(url).status_code == 200
    assert login(partner).get(url).status_code == 404
    assert login(member).get(url).status_code == 404


# --- stories -------------------------------------------------------------------------------------

STORY_READERS = [
    # person, private story (not shared), shared story
    ("author", True, True),
    ("fasilitator", True, True),
    ("mitra", False, True),
    ("dinas", False, True),
    ("other_dinas", False, False),
    ("pengawas", False, True),
    ("other_principal", False, False),
    ("outsider", False, False),
    ("operator", True, True),
]


@pytest.mark.parametrize(("person", "private_ok", "shared_ok"), STORY_READERS)
def test_who_reads_a_story(people, public_community, member, person, private_ok, shared_ok):
    people = {**people, "author": member}
    kept = story(member, public_community, title="Hanya untuk komunitas")
    shared = story(member, public_community, title="Untuk mitra", shared_with_partners=True)
    assert can(people[person], "story.view", kept) is private_ok
    assert can(people[person], "story.view", shared) is shared_ok


def test_a_principal_reads_the_shared_stories_of_their_teachers_anywhere(
    people, private_community, member
):
    """Endang is no member of the private community, but Siti teaches at her school."""
    shared = story(member, private_community, shared_with_partners=True)
    assert can(people["mitra"], "story.view", shared)


def test_only_the_author_edits_a_story(people, public_community, member):
    s = story(member, public_community)
    assert can(member, "story.edit", s)
    assert not can(people["fasilitator"], "story.edit", s)
    s.soft_delete()
    assert not can(member, "story.edit", s)
    assert not can(member, "story.view", s)


# --- reports -------------------------------------------------------------------------------------


def _report(user, kind, ref):
    import datetime

    return Report.objects.create(
        requested_by=user,
        scope_kind=kind,
        scope_ref=ref,
        title="x",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
    )


def test_a_report_is_downloaded_only_by_who_asked_while_they_may_see_the_scope(
    dinas, other_dinas, sleman
):
    report = _report(dinas, Kind.REGENCY, sleman.pk)
    assert can(dinas, "insights.download_report", report)
    assert not can(other_dinas, "insights.download_report", report)
    dinas.regency_id = "34.02"  # moved to another district
    dinas.save()
    assert not can(dinas, "insights.download_report", report)
