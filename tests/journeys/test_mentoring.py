"""Pendampingan: asked by a member or proposed by a fasilitator, accepted by the pendamping; and
the fasilitator's view of who has no plan and whose plan stalled, without their content."""

import datetime

import pytest
from django.utils import timezone, translation

from komunitas.communities.actions import do_leave
from komunitas.communities.models import Membership
from komunitas.journeys.models import LearningPlan, Mentorship, mentors_of
from komunitas.notifications.models import Notification
from komunitas.permissions import can
from tests.budget import ok
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_member_asks_and_the_pendamping_accepts(
    login, member, mentor, community, commit, run_worker
):
    with commit():
        response = login(member).post(
            f"/belajar/k/{community.slug}/",
            {"form": "ask", "mentor": mentor.pk, "message": "Mohon dampingi saya"},
        )
    assert response.status_code == 302
    mentorship = Mentorship.objects.get()
    assert mentorship.is_pending and mentorship.requested_by == member
    run_worker()
    assert Notification.objects.filter(
        recipient=mentor, event__kind="journeys.mentorship_request"
    ).exists()
    assert not mentors_of(member).exists()

    assert login(member).post(f"/belajar/pendampingan/{mentorship.pk}/terima/").status_code == 403
    with commit():
        login(mentor).post(f"/belajar/pendampingan/{mentorship.pk}/terima/")
    run_worker()
    mentorship.refresh_from_db()
    assert mentorship.is_active
    assert list(mentors_of(member)) == [mentor]
    assert Notification.objects.filter(
        recipient=member, event__kind="journeys.mentorship_accepted"
    ).exists()


def test_a_fasilitator_proposes_a_pair_and_the_pendamping_declines(
    login, fasilitator, member, mentor, community
):
    login(fasilitator).post(
        f"/belajar/k/{community.slug}/",
        {"form": "propose", "mentor": mentor.pk, "mentee": member.pk},
    )
    mentorship = Mentorship.objects.get()
    assert mentorship.requested_by == fasilitator and mentorship.mentee == member
    login(mentor).post(f"/belajar/pendampingan/{mentorship.pk}/tolak/")
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.DECLINED


# --- Consent (issue 14.2): nobody agrees on another's behalf.


def test_a_fasilitator_cannot_make_themselves_a_members_pendamping(
    login, fasilitator, member, community
):
    plan = LearningPlan.objects.create(owner=member, title="Untuk pendamping", visibility="mentor")
    login(fasilitator).post(
        f"/belajar/k/{community.slug}/",
        {"form": "propose", "mentor": fasilitator.pk, "mentee": member.pk},
    )
    mentorship = Mentorship.objects.get()

    response = login(fasilitator).post(f"/belajar/pendampingan/{mentorship.pk}/terima/")

    assert response.status_code == 403
    mentorship.refresh_from_db()
    assert mentorship.is_pending
    assert not can(fasilitator, "plan.view", plan)
    assert login(fasilitator).get(plan.get_absolute_url()).status_code in (403, 404)


def test_the_member_agrees_to_a_fasilitators_own_proposal(
    login, fasilitator, member, community, commit, run_worker
):
    with commit():
        login(fasilitator).post(
            f"/belajar/k/{community.slug}/",
            {"form": "propose", "mentor": fasilitator.pk, "mentee": member.pk},
        )
    run_worker()
    assert Notification.objects.filter(
        recipient=member, event__kind="journeys.mentorship_request"
    ).exists()
    mentorship = Mentorship.objects.get()
    page = login(member).get("/belajar/pendampingan/").content.decode()
    assert f"/belajar/pendampingan/{mentorship.pk}/terima/" in page

    login(member).post(f"/belajar/pendampingan/{mentorship.pk}/terima/")

    mentorship.refresh_from_db()
    assert mentorship.is_active
    assert list(mentors_of(member)) == [fasilitator]


def test_a_third_partys_proposal_needs_both_the_pendamping_and_the_member(
    login, fasilitator, member, mentor, community
):
    login(fasilitator).post(
        f"/belajar/k/{community.slug}/",
        {"form": "propose", "mentor": mentor.pk, "mentee": member.pk},
    )
    mentorship = Mentorship.objects.get()
    assert (
        login(fasilitator).post(f"/belajar/pendampingan/{mentorship.pk}/terima/").status_code == 403
    )

    login(mentor).post(f"/belajar/pendampingan/{mentorship.pk}/terima/")
    mentorship.refresh_from_db()
    assert mentorship.is_pending and not mentors_of(member).exists()
    # The pendamping agreed once; a second "yes" of theirs does not stand in for the member.
    assert login(mentor).post(f"/belajar/pendampingan/{mentorship.pk}/terima/").status_code == 403

    login(member).post(f"/belajar/pendampingan/{mentorship.pk}/terima/")
    mentorship.refresh_from_db()
    assert mentorship.is_active


def test_the_member_may_decline_a_proposal(login, fasilitator, member, community):
    login(fasilitator).post(
        f"/belajar/k/{community.slug}/",
        {"form": "propose", "mentor": fasilitator.pk, "mentee": member.pk},
    )
    mentorship = Mentorship.objects.get()
    login(member).post(f"/belajar/pendampingan/{mentorship.pk}/tolak/")
    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.DECLINED


def test_only_fasilitators_propose_and_partners_do_not_ask(
    login, member, mentor, partner, colleague, community
):
    propose = {"form": "propose", "mentor": mentor.pk, "mentee": colleague.pk}
    assert login(member).post(f"/belajar/k/{community.slug}/", propose).status_code == 403
    ask = {"form": "ask", "mentor": mentor.pk}
    assert login(partner).post(f"/belajar/k/{community.slug}/", ask).status_code == 403
    assert not Mentorship.objects.exists()


def test_a_pair_is_not_asked_twice_and_the_form_says_why(login, member, mentor, community, pair):
    member.language = "en"
    member.save(update_fields=["language"])
    with translation.override("en"):
        response = login(member).post(
            f"/belajar/k/{community.slug}/", {"form": "ask", "mentor": mentor.pk}
        )
    assert response.status_code == 400
    assert "already" in response.content.decode()
    assert Mentorship.objects.count() == 1


def test_a_private_community_is_404_to_outsiders(login, outsider, private_community):
    assert login(outsider).get(f"/belajar/k/{private_community.slug}/").status_code == 404


@pytest.mark.parametrize(
    ("person", "allowed"),
    [("mentor", True), ("member", True), ("fasilitator", True), ("colleague", False),
     ("partner", False), ("outsider", False), ("operator", False)],
)  # fmt: skip
def test_who_may_end_a_pendampingan(person, allowed, request, pair):
    assert can(request.getfixturevalue(person), "mentorship.end", pair) is allowed


def test_the_mentor_sees_the_shared_plans_of_mentees_only(login, member, mentor, pair):
    shared = LearningPlan.objects.create(owner=member, title="Dibagikan", visibility="mentor")
    LearningPlan.objects.create(owner=member, title="Rahasia", visibility="private")
    page = login(mentor).get("/belajar/pendampingan/").content.decode()
    assert "Dibagikan" in page and shared.get_absolute_url() in page
    assert "Rahasia" not in page


def _people(community, n):
    from komunitas.communities.actions import do_add_member

    people = []
    for _i in range(n):
        person = make_user()
        do_add_member(community=community, user=person)
        people.append(person)
    return people


def test_the_fasilitator_sees_who_has_no_plan_and_whose_plan_stalled(
    login, fasilitator, member, mentor, colleague, partner, community
):
    weeks_ago = timezone.now() - datetime.timedelta(weeks=5)
    LearningPlan.objects.create(
        owner=member, title="Sangat rahasia", visibility="private", last_activity_at=weeks_ago
    )
    LearningPlan.objects.create(owner=mentor, title="Baru mulai", visibility="private")
    client = login(fasilitator)

    everyone = client.get(f"/belajar/k/{community.slug}/?weeks=3")
    rows = {p.full_name: p for p in everyone.context["overview"].object_list}
    assert rows[member.full_name].stalled_count == 1
    assert rows[mentor.full_name].plan_count == 1 and rows[mentor.full_name].stalled_count == 0
    assert rows[colleague.full_name].plan_count == 0
    assert partner.full_name not in rows  # partners are not asked to keep plans
    assert "Sangat rahasia" not in everyone.content.decode()

    stalled = client.get(f"/belajar/k/{community.slug}/?weeks=3&show=stalled")
    assert [p.full_name for p in stalled.context["overview"].object_list] == [member.full_name]
    later = client.get(f"/belajar/k/{community.slug}/?weeks=6&show=stalled")
    assert list(later.context["overview"].object_list) == []
    no_plan = client.get(f"/belajar/k/{community.slug}/?show=no_plan")
    names = {p.full_name for p in no_plan.context["overview"].object_list}
    assert colleague.full_name in names and member.full_name not in names


def test_members_do_not_see_the_overview(login, member, community):
    response = login(member).get(f"/belajar/k/{community.slug}/")
    assert "overview" not in response.context


def test_a_left_pendamping_no_longer_counts(member, mentor, community, pair):
    do_leave(membership=Membership.objects.get(community=community, user=mentor))
    assert not mentors_of(member).exists()


def test_the_overview_queries_do_not_grow_with_members(
    login, fasilitator, community, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(fasilitator)
    url = f"/belajar/k/{community.slug}/"
    with CaptureQueriesContext(connection) as few:
        ok(client.get(url))
    for person in _people(community, 25):
        LearningPlan.objects.create(owner=person, title="x")
    with CaptureQueriesContext(connection) as many:
        ok(client.get(url))
    assert len(many) == len(few)
    with django_assert_max_num_queries(15):
        ok(client.get(url))
