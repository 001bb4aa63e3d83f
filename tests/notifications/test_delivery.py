"""Events become notifications through a real worker on the database queue."""

import pytest
from django.db.models import Q
from django.utils import timezone

from komunitas.accounts.models import User
from komunitas.notifications import kinds
from komunitas.notifications.kinds import Delivery, Kind
from komunitas.notifications.models import Notification, Preference
from komunitas.notifications.services import announce
from komunitas.notifications.unsubscribe import make_unsubscribe_token
from komunitas.permissions import _RULES, rule
from tests.budget import ok
from tests.factories import make_user

KIND = "tests.profile_noted"


@pytest.fixture(autouse=True)
def test_kind():
    """A kind whose audience is every member of the target's school, who may see the target
    only while they are active and not named 'Rahasia'."""
    if "tests.see_profile" not in _RULES:
        rule("tests.see_profile")(lambda user, target: "Rahasia" not in user.full_name)
    kinds.register(
        Kind(
            key=KIND,
            label="A colleague was noted",
            audience=lambda event: User.objects.filter(
                Q(school_id=event.target.school_id) | Q(pk=event.target.pk)
            ),
            action="tests.see_profile",
            default=Delivery.IMMEDIATELY,
            describe=lambda event, count: f"{count} note(s) about {event.title}",
        )
    )
    yield
    kinds.unregister(KIND)


def _note(actor, target, commit):
    with commit():
        announce(KIND, actor=actor, target=target, title=target.full_name, url="/")


@pytest.fixture
def _work(run_worker):
    return run_worker


@pytest.mark.django_db
def test_a_worker_notifies_everyone_who_may_see_it_but_the_actor(
    member, school, commit, mailoutbox, _work
):
    colleague = make_user(school=school)
    hidden = make_user(school=school, full_name="Rahasia Saja")
    make_user()  # another school
    _note(colleague, member, commit)

    assert Notification.objects.count() == 0  # nothing happens in the request
    _work()

    recipients = set(Notification.objects.values_list("recipient__email", flat=True))
    assert recipients == {member.email}
    assert hidden.email not in recipients
    assert [m.to for m in mailoutbox] == [[member.email]]


@pytest.mark.django_db
def test_running_the_tasks_twice_notifies_and_mails_once(member, school, commit, mailoutbox, _work):
    from komunitas.notifications.mail import deliver_mail
    from komunitas.notifications.models import Event, Mail
    from komunitas.notifications.services import fan_out

    _note(make_user(school=school), member, commit)
    _work()
    event = Event.objects.get()
    Event.objects.filter(pk=event.pk).update(fanned_out_at=None)  # as if the task ran again

    fan_out.call(event.pk)
    mail = Mail.objects.get()
    assert deliver_mail.call([mail.pk]) == 0
    deliver_mail.enqueue([mail.pk])  # a retried task finds the mail already sent
    _work()

    assert Notification.objects.count() == 1
    assert Mail.objects.get().status == Mail.Status.SENT
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_the_mail_has_one_click_unsubscribe_that_needs_no_login(
    client, member, school, commit, mailoutbox, _work
):
    _note(make_user(school=school), member, commit)
    _work()
    mail = mailoutbox[0]
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = mail.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]

    response = client.post("/" + path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert Preference.objects.get(user=member, kind=KIND).delivery == Delivery.IN_APP
    _note(make_user(school=school), member, commit)
    _work()
    assert len([m for m in mailoutbox if m.to == [member.email]]) == 1
    assert Notification.objects.filter(recipient=member).count() == 2


@pytest.mark.django_db
def test_a_tampered_unsubscribe_link_changes_nothing(client, member):
    token = make_unsubscribe_token(member, KIND)
    response = client.post(f"/notifikasi/berhenti/{token}x/")
    assert response.status_code == 400
    assert not Preference.objects.exists()


@pytest.mark.django_db
def test_never_means_no_notification_at_all(member, school, commit, _work):
    Preference.objects.create(user=member, kind=KIND, delivery=Delivery.NEVER)
    _note(make_user(school=school), member, commit)
    _work()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_the_centre_groups_counts_and_marks_read(
    member_client, member, school, commit, django_assert_max_num_queries, _work
):
    for _ in range(3):
        _note(make_user(school=school), member, commit)
    _work()

    home = member_client.get("/")
    assert home.context["unread_notifications"] == 3
    with django_assert_max_num_queries(8):
        page = member_client.get("/notifikasi/")
    assert page.context["groups"][0]["count"] == 3
    assert "3 note(s)" in page.content.decode()

    opened = member_client.get(f"/notifikasi/{Notification.objects.first().pk}/")
    assert opened.status_code == 302
    assert not Notification.objects.unread().filter(recipient=member).exists()


@pytest.mark.django_db
def test_the_centre_queries_do_not_grow_with_notifications(
    member_client, member, school, commit, _work
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _note(make_user(school=school), member, commit)
    _work()
    with CaptureQueriesContext(connection) as few:
        ok(member_client.get("/notifikasi/"))
    for _ in range(12):
        _note(make_user(school=school), member, commit)
    _work()
    with CaptureQueriesContext(connection) as many:
        ok(member_client.get("/notifikasi/"))
    assert len(many) == len(few)


@pytest.mark.django_db
def test_nobody_opens_another_members_notification(client, member, outsider, school, commit, _work):
    _note(make_user(school=school), member, commit)
    _work()
    client.force_login(outsider)
    assert client.get(f"/notifikasi/{Notification.objects.get().pk}/").status_code == 403


@pytest.mark.django_db
def test_mark_all_read_and_preferences(member_client, member, school, commit, _work):
    _note(make_user(school=school), member, commit)
    _work()
    assert member_client.post("/notifikasi/baca-semua/").status_code == 302
    assert not Notification.objects.unread().filter(recipient=member).exists()

    saved = member_client.post("/notifikasi/pengaturan/", {KIND: Delivery.DAILY})
    bad = member_client.post("/notifikasi/pengaturan/", {KIND: "sometimes"})
    assert saved.status_code == 302
    assert bad.status_code == 400
    assert Preference.objects.get(user=member, kind=KIND).delivery == Delivery.DAILY


@pytest.mark.django_db
def test_the_unread_count_comes_with_the_person_who_is_signed_in(
    member_client, member, school, commit, _work
):
    """The badge's count is read in the query that loads the signed-in person: no page asks the
    notifications table again, and the count is right (read ones and other people's left out)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        _note(make_user(school=school), member, commit)
    _work()
    Notification.objects.filter(
        pk=Notification.objects.filter(recipient=member).order_by("pk").first().pk
    ).update(read_at=timezone.now())
    assert Notification.objects.exclude(recipient=member).exists()  # others' are not counted
    with CaptureQueriesContext(connection) as queries:
        home = ok(member_client.get("/"))
    assert home.context["unread_notifications"] == 2
    asked = [q["sql"] for q in queries.captured_queries if "notifications_notification" in q["sql"]]
    assert len(asked) == 1 and asked[0].lstrip().startswith('SELECT "accounts_user"')
    member_client.post("/notifikasi/baca-semua/")
    assert member_client.get("/").context["unread_notifications"] == 0
