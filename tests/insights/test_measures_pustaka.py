"""Library items added and used, downloads and views, against a hand-computed fixture."""

import datetime

import pytest

from komunitas.insights.measures import raw_figures
from komunitas.insights.period import Period
from komunitas.insights.scope import Kind, Scope
from komunitas.pustaka.models import HelpfulVote, Resource, ResourceVersion
from tests.insights.helpers import applied, at

pytestmark = pytest.mark.django_db
PERIOD = Period(datetime.date(2026, 4, 2), datetime.date(2026, 6, 30))
D = datetime.date


def _resource(community, by, on, *, views=0, downloads=(), **fields):
    resource = Resource.objects.create(
        title=f"Modul {on}", community=community, added_by=by, created_at=at(on),
        view_count=views, **fields,
    )  # fmt: skip
    for number, n in enumerate(downloads, start=1):
        ResourceVersion.objects.create(
            resource=resource, number=number, link="https://contoh.test/modul", created_by=by,
            download_count=n,
        )  # fmt: skip
    return resource


def _useful(resource, member, on):
    HelpfulVote.objects.create(resource=resource, member=member, created_at=at(on))


def test_library_items_added_and_used(
    public_community, private_community, member, fasilitator, other_principal
):
    c = public_community
    r1 = _resource(c, member, D(2026, 4, 10), views=5, downloads=(3, 2))  # added, used twice
    _useful(r1, fasilitator, D(2026, 6, 2))
    applied(fasilitator, r1, D(2026, 6, 1), "better")
    r2 = _resource(c, fasilitator, D(2026, 3, 1), views=7, downloads=(4,))  # older, used
    _useful(r2, member, D(2026, 5, 1))
    r3 = _resource(c, fasilitator, D(2026, 6, 20), views=9, downloads=(6,))
    r3.soft_delete()  # never counts
    _useful(r3, member, D(2026, 6, 21))
    _resource(c, fasilitator, D(2026, 7, 5), views=4, downloads=(1,))  # after the period
    r7 = _resource(c, fasilitator, D(2026, 1, 5), views=1)  # used only before the period
    _useful(r7, member, D(2026, 3, 20))
    _resource(private_community, member, D(2026, 5, 5))  # another community
    r6 = _resource(None, member, D(2026, 5, 2), views=2)  # the common library
    applied(fasilitator, r6, D(2026, 5, 3), "same", community=c)
    _resource(None, other_principal, D(2026, 5, 2), views=50, downloads=(10,))  # Bantul

    raw = raw_figures(Scope(Kind.COMMUNITY, c.slug, community=c), PERIOD)
    # added: r1; used: r1 and r2; downloads 3 + 2 + 4; views 5 + 7 + 1
    assert (raw["library_added"], raw["library_used"]) == (1, 2)
    assert (raw["library_downloads"], raw["library_views"]) == (9, 13)

    school = member.school  # SD Depok: Ratna and Siti add r1, r2, r7, r6 and the private one
    raw = raw_figures(Scope(Kind.SCHOOL, str(school.pk), school=school), PERIOD)
    assert (raw["library_added"], raw["library_used"]) == (3, 3)
    assert (raw["library_downloads"], raw["library_views"]) == (9, 15)

    raw = raw_figures(Scope(Kind.INSTALLATION), PERIOD)  # everything alive, up to the period's end
    assert (raw["library_added"], raw["library_used"]) == (4, 3)
    assert (raw["library_downloads"], raw["library_views"]) == (19, 65)
