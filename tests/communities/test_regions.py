"""The place of a community: province → regency or city → kecamatan, narrowed step by step,
with htmx or, without JavaScript, by a button that shows the form again with the choices."""

import re

import pytest

from komunitas.accounts.models import District
from komunitas.communities.models import Community
from tests.communities.test_views import VALID
from tests.factories import make_user

pytestmark = pytest.mark.django_db

DIY, SLEMAN, DEPOK = "34", "34.04", "34.04.07"
JATENG, KLATEN = "33", "33.10"


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL).group(0)
    return [v for v in re.findall(r'<option value="([^"]*)"', select) if v]


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL).group(0)
    found = re.search(r'<option value="([^"]*)" selected', select)
    return found.group(1) if found else ""


def test_the_start_form_offers_only_the_regencies_of_the_chosen_province(login, fasilitator):
    # Ratna's school is in Kabupaten Sleman: the form starts there.
    page = login(fasilitator).get("/k/baru/").content.decode()
    assert _selected(page, "province") == DIY
    assert _selected(page, "regency") == SLEMAN
    assert set(_options(page, "regency")) == {"34.01", "34.02", "34.03", "34.04", "34.71"}
    assert DEPOK in _options(page, "district")
    assert len(_options(page, "district")) == District.objects.filter(regency=SLEMAN).count()


def test_without_a_school_the_regency_waits_for_the_province(login, outsider):
    page = login(outsider).get("/k/baru/").content.decode()
    assert _options(page, "regency") == [] and _options(page, "district") == []
    assert len(_options(page, "province")) == 38


def test_the_htmx_partial_narrows_and_drops_what_no_longer_fits(login, outsider):
    client = login(outsider)
    html = client.get(
        f"/k/wilayah/pilihan/?province={JATENG}&regency={SLEMAN}&district={DEPOK}",
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert html.startswith('<div id="region-fields"')
    assert "<html" not in html
    assert _selected(html, "province") == JATENG
    assert KLATEN in _options(html, "regency") and SLEMAN not in _options(html, "regency")
    assert _selected(html, "regency") == "" and _options(html, "district") == []


@pytest.mark.parametrize("query", ["?province=%00", "?province=34&regency=" + "9" * 500, ""])
def test_the_partial_takes_any_input_without_failing(login, outsider, query):
    assert login(outsider).get(f"/k/wilayah/pilihan/{query}").status_code == 200


def test_a_community_is_started_with_its_kecamatan(login, outsider):
    data = {**VALID, "province": DIY, "regency": SLEMAN, "district": DEPOK}
    assert login(outsider).post("/k/baru/", data).status_code == 302
    community = Community.objects.get(slug="kkg-mawar")
    assert (community.province_id, community.regency_id, community.district_id) == (
        DIY,
        SLEMAN,
        DEPOK,
    )
    page = login(outsider).get("/k/kkg-mawar/").content.decode()
    assert "Kecamatan Depok" in page


@pytest.mark.parametrize(
    ("place", "field"),
    [
        ({"province": JATENG, "regency": SLEMAN}, "regency"),
        ({"province": DIY, "regency": SLEMAN, "district": "33.10.01"}, "district"),
        ({"province": "99"}, "province"),
    ],
)
def test_a_place_that_does_not_fit_together_is_refused(login, outsider, place, field):
    response = login(outsider).post("/k/baru/", {**VALID, **place})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert VALID["domain"] in html
    assert not Community.objects.exists()


def test_without_javascript_the_refresh_button_narrows_the_choices_and_keeps_the_text(
    login, outsider
):
    data = {**VALID, "province": DIY, "refresh_regions": "1", "name": "Nama yang saya ketik"}
    response = login(outsider).post("/k/baru/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nama yang saya ketik" in html
    checked = re.findall(r'name="rhythm_weeks" value="(\d)"[^>]* checked', html)
    assert checked == ["2", "4"]  # the weeks ticked are kept
    assert SLEMAN in _options(html, "regency")
    assert 'class="errors"' not in html
    assert not Community.objects.exists()


def test_the_settings_show_the_saved_place(login, fasilitator, public_community):
    Community.objects.filter(pk=public_community.pk).update(
        province_id=DIY, regency_id=SLEMAN, district_id=DEPOK
    )
    page = login(fasilitator).get(f"/k/{public_community.slug}/pengaturan/").content.decode()
    assert (_selected(page, "regency"), _selected(page, "district")) == (SLEMAN, DEPOK)


def test_the_discover_filter_offers_only_districts_with_visible_communities(
    login, private_community, public_community
):
    Community.objects.filter(pk=private_community.pk).update(regency_id=KLATEN, province_id="33")
    Community.objects.filter(pk=public_community.pk).update(regency_id=SLEMAN, province_id="34")
    page = login(make_user()).get("/k/").content.decode()
    assert _options(page, "region") == [SLEMAN]


@pytest.mark.parametrize("junk", ["%00", "34%00", "' OR 1=1 --", "3" * 40])
def test_junk_in_the_place_is_refused_not_a_server_error(login, outsider, junk):
    client = login(outsider)
    assert client.get(f"/k/wilayah/pilihan/?province={junk}&regency={junk}").status_code == 200
    response = client.post("/k/baru/", {**VALID, "province": junk, "regency": junk})
    assert response.status_code == 400
    response = client.post("/k/baru/", {**VALID, "province": junk, "refresh_regions": "1"})
    assert response.status_code == 200
    assert client.get(f"/k/wilayah/{junk}/").status_code == 404
    assert client.get(f"/k/?region={junk}").status_code == 200
