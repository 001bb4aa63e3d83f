"""Notifications already waiting for the demo accounts, and their settings.

The apps' demo builders announce what happened in the demo (communities: its join requests and
partner commitments); this builder writes the notifications of every event not yet fanned out,
here and now, without sending mail. Idempotent.
"""

import datetime

from komunitas.core.demo import demo_builder
from komunitas.notifications.kinds import Delivery
from komunitas.notifications.models import Event, Preference, QuietHours
from komunitas.notifications.services import notify

FASILITATOR = "penggerak@demo.test"
GURU = "guru@demo.test"


@demo_builder(order=80)
def build_notifications(demo):
    people = demo["people"]
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
