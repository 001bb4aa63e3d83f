"""The worker's part of onboarding: queueing the invitations of an imported batch."""

from django_tasks import task

from komunitas.onboarding.actions import queue_invitations


@task()
def send_invitations(batch_id: int) -> int:
    """Queue every invitation of the batch in the outbox (each mail is then sent by the outbox's
    own delivery tasks, retried, and counted on the batch's progress page)."""
    return queue_invitations(batch_id=batch_id)
