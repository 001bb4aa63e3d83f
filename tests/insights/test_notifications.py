"""Partners hear of a story shared with them; a report built in the background says it is ready."""

import pytest

from komunitas.insights.models import Report, Story
from komunitas.notifications.models import Notification
from tests.insights.test_stories import VALID

pytestmark = pytest.mark.django_db


def test_partners_hear_of_a_shared_story_and_no_one_else(
    login, member, public_community, partner, pengawas, dinas, other_dinas, outsider,
    fasilitator, run_worker, commit,
):  # fmt: skip
    with commit():
        login(member).post(f"/wawasan/k/{public_community.slug}/cerita/baru/", VALID)
    run_worker()
    story = Story.objects.get()
    told = set(Notification.objects.values_list("recipient__email", flat=True))
    assert told == {partner.email, pengawas.email, dinas.email}
    # Editing it again tells no one twice.
    with commit():
        login(member).post(f"/wawasan/cerita/{story.pk}/ubah/", {**VALID, "title": "Baru"})
    run_worker()
    assert Notification.objects.count() == 3


def test_a_story_kept_in_the_community_tells_no_partner(
    login, member, public_community, partner, run_worker, commit
):
    with commit():
        login(member).post(
            f"/wawasan/k/{public_community.slug}/cerita/baru/",
            {**VALID, "shared_with_partners": ""},
        )
    run_worker()
    assert not Notification.objects.exists()


def test_the_worker_tells_who_asked_that_a_large_report_is_ready(
    login, dinas, public_community, settings, run_worker, commit
):
    settings.INSIGHTS_INLINE_MEMBERS = 0
    with commit():
        login(dinas).post("/wawasan/daerah/34.04/laporan/", {"start": "2026-01-01",
                                                              "end": "2026-06-30"})  # fmt: skip
    with commit():
        run_worker()  # builds the report and records the event
    run_worker()  # fans it out
    report = Report.objects.get()
    notification = Notification.objects.get()
    assert notification.recipient == dinas
    assert notification.event.url == report.get_absolute_url()
