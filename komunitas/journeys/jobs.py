"""The periodic work of learning journeys: reminders of due check-ins (and, with discussions,
the value follow-ups). Each job claims its rows with a conditional UPDATE, so two workers or a
job run twice never remind anyone twice."""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from komunitas.journeys.models import LearningPlan
from komunitas.journeys.notifications import announce_checkin_due


def remind_due_checkins(today=None) -> int:
    """Announce every check-in that fell due and was not announced yet; return how many."""
    today = today or timezone.localdate()
    due = (
        LearningPlan.objects.checkin_due(today)
        .filter(Q(reminded_for__isnull=True) | Q(reminded_for__lt=F("next_checkin_on")))
        .filter(owner__is_active=True)
        .only("pk", "title", "next_checkin_on", "owner_id")
    )
    sent = 0
    for plan in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                LearningPlan.objects.filter(pk=plan.pk, next_checkin_on=plan.next_checkin_on)
                .filter(Q(reminded_for__isnull=True) | Q(reminded_for__lt=plan.next_checkin_on))
                .update(reminded_for=plan.next_checkin_on)
            )
            if claimed:
                announce_checkin_due(plan)
                sent += 1
    return sent


@task()
def run_journeys_jobs() -> dict:
    """Everything periodic of this app; safe to run as often as wanted (hourly is plenty)."""
    return {"checkin_reminders": remind_due_checkins()}
