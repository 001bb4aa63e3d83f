"""The dashboards: what each shows, and a number of queries that does not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from komunitas.communities.actions import do_add_member
from komunitas.insights.models import Snapshot
from komunitas.reads.models import ReadActivity
from tests.budget import ok
from tests.factories import make_community, make_school, make_user
from tests.insights.helpers import post, reply, story

pytestmark = pytest.mark.django_db


def _grow(community, n, school=None):
    """n more members, each with a question, a reply and a read today."""
    today = datetime.date.today()
    for _i in range(n):
        user = make_user(school=school or make_school(regency=community.regency))
        do_add_member(community=community, user=user)
        question = post(community, user, "question", today)
        reply(question, user, today)
        ReadActivity.objects.create(user=user, community=community, day=today)
        story(user, community, shared_with_partners=True)


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _count(client, url) -> int:
    from django.contrib.contenttypes.models import ContentType

    from komunitas.discussions.models import Post
    from komunitas.pustaka.models import Resource

    Snapshot.objects.all().delete()  # the first visit counts
    ContentType.objects.get_for_models(Post, Resource)  # cached for the process in production
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("dinas", "/wawasan/daerah/34.04/"),
        ("fasilitator", "/wawasan/komunitas/berdiferensiasi/"),
        ("partner", "school"),
        ("pengawas", "supervision"),
        ("operator", "/wawasan/instalasi/"),
    ],
)
def test_dashboard_queries_do_not_grow_with_the_data(
    login, request, who, url, public_community, school, sleman
):
    person = request.getfixturevalue(who)
    if url == "school":
        url = f"/wawasan/sekolah/{school.pk}/"
    elif url == "supervision":
        url = f"/wawasan/binaan/{person.pk}/"
    client = login(person)
    _grow(public_community, 2, school=school)
    few = _count(client, url)
    for n in range(3):
        make_community(regency=sleman, name=f"Komunitas {n}", slug=f"komunitas-{n}")
    _grow(public_community, 25, school=school)
    many = _count(client, url)
    assert many == few
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm) <= 15  # figures from the snapshot: what every later visitor pays


def test_the_district_dashboard_shows_communities_and_schools(
    login, dinas, public_community, private_community, member, sleman
):
    make_school(regency=sleman, name="SD Negeri Tanpa Komunitas")
    page = login(_english(dinas)).get("/wawasan/daerah/34.04/").content.decode()
    assert "Komunitas Berdiferensiasi" in page
    assert "Lingkar Rahasia" not in page
    assert "And 1 private community, counted in the figures but not named." in page
    assert "Communities by stage" in page and "<svg" in page
    assert "Schools with and without a community" in page
    schools = login(dinas).get("/wawasan/daerah/34.04/sekolah-tanpa-komunitas/").content.decode()
    assert "SD Negeri Tanpa Komunitas" in schools
    assert member.school.name not in schools


def test_a_private_post_never_shows_on_a_partners_dashboard(
    login, dinas, partner, private_community, member
):
    post(private_community, member, "question", datetime.date.today(), title="Rahasia kelas 5B")
    for person, url in ((dinas, "/wawasan/daerah/34.04/"), (partner, "/wawasan/sekolah/")):
        if url == "/wawasan/sekolah/":
            url += f"{partner.school_id}/"
        page = login(person).get(url).content.decode()
        assert "Rahasia kelas 5B" not in page
        assert "Lingkar Rahasia" not in page


def test_the_facilitator_sees_the_stage_and_what_it_needs(login, fasilitator, public_community):
    page = login(_english(fasilitator)).get("/wawasan/komunitas/berdiferensiasi/").content.decode()
    assert "The evidence suggests" in page
    assert "Merintis &amp; merancang" in page
    assert "A regular schedule" in page


def test_every_chart_comes_with_a_table_of_its_numbers(login, fasilitator, public_community):
    page = login(fasilitator).get("/wawasan/komunitas/berdiferensiasi/")
    charts = page.context["charts"]
    assert charts
    html = page.content.decode()
    assert html.count('<figure class="ins-chart">') == len(charts)
    assert html.count("<details>\n    <summary>") >= len(charts)


def test_a_period_can_be_chosen_and_a_wrong_one_falls_back(login, fasilitator, public_community):
    client = login(fasilitator)
    assert client.get("/wawasan/komunitas/berdiferensiasi/?hari=365").context["period"].days == 365
    assert client.get("/wawasan/komunitas/berdiferensiasi/?hari=7x").context["period"].days == 90


def test_the_members_page_lists_levels_with_bounded_queries(
    login, fasilitator, public_community, school
):
    client = login(fasilitator)
    url = "/wawasan/k/berdiferensiasi/anggota/"
    _grow(public_community, 2, school=school)
    few = _count(client, url)
    _grow(public_community, 40, school=school)
    many = _count(client, url)
    assert many == few <= 15
    page = client.get(url + "?tingkat=active")
    assert all(p.level == "active" for p in page.context["page"])


def test_the_index_lists_the_dashboards_of_each(login, dinas, partner, member, public_community):
    assert "/wawasan/daerah/34.04/" in login(dinas).get("/wawasan/").content.decode()
    page = login(partner).get("/wawasan/").content.decode()
    assert f"/wawasan/sekolah/{partner.school_id}/" in page
    assert "/wawasan/komunitas/berdiferensiasi/" in page  # she is its mitra
    assert "/wawasan/komunitas/" not in login(member).get("/wawasan/").content.decode()


def test_the_home_page_links_partners_to_their_dashboard(login, dinas, member):
    assert "/wawasan/daerah/34.04/" in login(dinas).get("/").content.decode()
    assert "/wawasan/daerah/" not in login(member).get("/").content.decode()


def test_a_stale_snapshot_is_shown_while_the_worker_counts_again(
    login, fasilitator, public_community, member, run_worker, commit
):
    import datetime as dt

    from django.utils import timezone

    client = login(fasilitator)
    url = "/wawasan/komunitas/berdiferensiasi/"
    client.get(url)
    snapshot = Snapshot.objects.get()
    assert snapshot.data["raw"]["stories"] == 0
    story(member, public_community)
    Snapshot.objects.update(computed_at=timezone.now() - dt.timedelta(hours=1))
    with commit():
        page = client.get(url)
    assert page.context["raw"]["stories"] == 0  # the stale figures, at once
    with commit():
        client.get(url)  # asked for once, not twice
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="refresh_snapshot").count() == 1
    run_worker()
    assert client.get(url).context["raw"]["stories"] == 1


def test_a_large_scope_is_counted_by_the_worker_the_first_time(
    login, dinas, public_community, settings, run_worker, commit
):
    settings.INSIGHTS_INLINE_MEMBERS = 1
    client = login(_english(dinas))
    with commit():
        page = client.get("/wawasan/daerah/34.04/")
    html = page.content.decode()
    assert "being counted for the first time" in html
    assert 'data-hx-trigger="every 3s"' in html
    assert not Snapshot.objects.exists()
    run_worker()
    assert Snapshot.objects.get().scope_key == "daerah:34.04"
    assert "Communities by stage" in client.get("/wawasan/daerah/34.04/").content.decode()


def test_the_home_page_queries_do_not_grow_with_the_communities_one_leads(
    login, fasilitator, django_assert_max_num_queries
):
    client = login(fasilitator)
    make_community(fasilitator)
    client.get("/")
    with CaptureQueriesContext(connection) as few:
        ok(client.get("/"))
    for _n in range(5):
        make_community(fasilitator)
    with CaptureQueriesContext(connection) as many:
        ok(client.get("/"))
    assert len(many) == len(few) <= 15
