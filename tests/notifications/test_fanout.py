"""Fan-out and delivery cost a bounded number of queries, whatever the size of the community."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from komunitas.accounts.models import User
from komunitas.communities.actions import do_add_member
from komunitas.communities.models import Membership
from komunitas.notifications import kinds
from komunitas.notifications.kinds import Delivery, Kind
from komunitas.notifications.mail import send_batch
from komunitas.notifications.models import Mail, Notification
from komunitas.notifications.services import announce, fan_out
from tests.factories import make_community, make_user

pytestmark = pytest.mark.django_db
KIND = "tests.community_news"


@pytest.fixture(autouse=True)
def news_kind():
    """Like "a new post in my community": every active member hears of it at once."""
    kinds.register(
        Kind(
            key=KIND,
            label="News in my community",
            audience=lambda event: User.objects.filter(
                memberships__community=event.target,
                memberships__status=Membership.Status.ACTIVE,
            ),
            action="community.view",
            default=Delivery.IMMEDIATELY,
            describe=lambda event, count: f"{count} news in {event.title}",
        )
    )
    yield
    kinds.unregister(KIND)


def _community(size, **fields):
    community = make_community(**fields)
    for _ in range(size - 1):
        do_add_member(community=community, user=make_user())
    return community


def _news(community, commit):
    with commit():
        return announce(KIND, actor=None, target=community, title=community.name, url="/")


def _queries(func):
    with CaptureQueriesContext(connection) as queries:
        func()
    return len(queries)


def test_fan_out_queries_do_not_grow_with_the_members(commit):
    small, big = _community(3), _community(40)
    small_event, big_event = _news(small, commit), _news(big, commit)
    few = _queries(lambda: fan_out.call(small_event.pk))
    many = _queries(lambda: fan_out.call(big_event.pk))
    assert many == few
    assert Notification.objects.filter(event=big_event).count() == 40


def test_sending_costs_one_update_per_mail_beyond_a_constant(commit, mailoutbox):
    small, big = _community(3), _community(40)
    for event in (_news(small, commit), _news(big, commit)):
        fan_out.call(event.pk)
    small_mail = list(
        Mail.objects.filter(notification__event__target_id=small.pk).values_list("pk", flat=True)
    )
    big_mail = list(
        Mail.objects.filter(notification__event__target_id=big.pk).values_list("pk", flat=True)
    )
    few = _queries(lambda: send_batch(small_mail))
    many = _queries(lambda: send_batch(big_mail))
    assert many - few <= len(big_mail) - len(small_mail)
    assert len(mailoutbox) == 43


def test_a_private_community_is_never_announced_to_someone_who_may_not_see_it(
    commit, outsider, operator
):
    """Even when a kind's audience is too wide, the permission layer decides who hears."""
    from komunitas.communities.models import Community

    kinds.register(
        Kind(
            key="tests.everyone",
            label="Everyone",
            audience=lambda event: User.objects.all(),
            action="community.view",
            default=Delivery.IN_APP,
            describe=lambda event, count: event.title,
        )
    )
    try:
        private = _community(3, visibility=Community.Visibility.PRIVATE)
        with commit():
            event = announce(
                "tests.everyone", actor=None, target=private, title=private.name, url="/"
            )
        fan_out.call(event.pk)
    finally:
        kinds.unregister("tests.everyone")
    members = set(private.active_memberships().values_list("user_id", flat=True))
    heard = set(Notification.objects.values_list("recipient_id", flat=True))
    assert heard == members | {operator.pk}  # operators see every community, for moderation
    assert outsider.pk not in heard
