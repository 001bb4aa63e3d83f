from django.core.management import call_command

from komunitas.accounts.models import User
from komunitas.insights.models import Story
from komunitas.insights.period import Period
from komunitas.insights.scope import Kind, Scope
from komunitas.reads.models import ReadActivity


def test_the_demo_district_has_months_of_history_for_every_dashboard(demo, client):
    reads, stories = ReadActivity.objects.count(), Story.objects.count()
    dinas = User.objects.get(email="dinas@demo.test")
    from komunitas.insights.measures import raw_figures

    raw = raw_figures(Scope(Kind.REGENCY, dinas.regency_id, regency=dinas.regency), Period.last())
    series = raw["trends"]["series"]
    for name in ("readers", "joined", "posts", "replies", "checkins", "journal"):
        assert sum(1 for n in series[name] if n) >= 4, name  # a trend, not one bar
    assert sum(1 for n in series["meetings"] if n) >= 3
    assert raw["library_added"] and raw["library_used"] and raw["meetings_held"]
    assert raw["active_plans"] >= 6 and raw["checkins"] >= 12 and raw["journal_reflections"]
    assert raw["questions"] and raw["applications"] and raw["newcomers_30_total"]
    assert Story.objects.filter(shared_with_partners=True).count() >= 2
    client.force_login(dinas)
    page = client.get(f"/wawasan/daerah/{dinas.regency_id}/").content.decode()
    assert "Tiket keluar membuat saya tahu siapa yang perlu dibantu" in page
    assert "Surat untuk orang tua" not in page  # not shared with partners
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (ReadActivity.objects.count(), Story.objects.count()) == (reads, stories)
