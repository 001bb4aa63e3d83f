"""Notifications already waiting for the demo accounts, and their settings.

The communities demo makes join requests and partner commitments without going through the
event stream, so this builder records those events (once), then writes the notifications of every
event not yet fanned out, here and now, without sending mail. Idempotent.
"""

import datetime

from django.contrib.contenttypes.models import ContentType

from komunitas.communities.models import Community, JoinRequest, SupportCommitment
from komunitas.core.demo import demo_builder
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.models import Event, Preference, QuietHours
from komunitas.notifications.services import announce, notify

FASILITATOR = "penggerak@demo.test"
GURU = "guru@demo.test"


def _record_once(kind, *, actor, target, url, **data):
    exists = Event.objects.filter(
        kind=kind,
        actor=actor,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
    ).exists()
    if not exists:
        announce(kind, actor=actor, target=target, title=target.name, url=url, **data)


@demo_builder(order=80)
def build_notifications(demo):
    people = demo["people"]
    communities = Community.objects.filter(pk__in=[c.pk for c in demo["communities"].values()])
    for request in JoinRequest.objects.filter(
        community__in=communities, status=JoinRequest.Status.PENDING
    ).select_related("community", "user"):
        community = request.community
        _record_once(
            "communities.join_request",
            actor=request.user,
            target=community,
            url=f"/k/{community.slug}/permintaan/",
        )
    for commitment in SupportCommitment.objects.alive().filter(community__in=communities):
        community = commitment.community
        _record_once(
            "communities.commitment_changed",
            actor=commitment.partner,
            target=community,
            url=community.get_absolute_url(),
            partner=commitment.partner_id,
        )
    welcome = communities.filter(slug="pembelajaran-berdiferensiasi").first()
    if welcome:
        _record_once(
            "communities.join_approved",
            actor=people[FASILITATOR],
            target=welcome,
            url=welcome.get_absolute_url(),
            user=people[GURU].pk,
        )
    for event_id in Event.objects.filter(fanned_out_at__isnull=True).values_list("pk", flat=True):
        notify(event_id, mail=False)

    # Ratna facilitates busy communities: join requests come in her daily digest, and no mail
    # reaches her in the evening. Siti gets partner news weekly.
    Preference.objects.update_or_create(
        user=people[FASILITATOR],
        kind="communities.join_request",
        defaults={"delivery": Delivery.DAILY},
    )
    Preference.objects.update_or_create(
        user=people[GURU],
        kind="communities.commitment_changed",
        defaults={"delivery": Delivery.WEEKLY},
    )
    QuietHours.objects.update_or_create(
        user=people[FASILITATOR],
        defaults={"starts": datetime.time(21), "ends": datetime.time(5)},
    )
