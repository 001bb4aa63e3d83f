"""Notifications' part of the members' data rights (komunitas/core/privacy.py).

A member's notifications, preferences, quiet hours and every mail to them (sent or waiting in
the outbox, also an invitation to their address) are deleted with the account; events they
caused stay without naming them. When an export is ready, the member is told here
(notifications sit above accounts).
"""

from komunitas.core.privacy import all_rows, privacy_part
from komunitas.notifications.models import Event, Mail, Notification, Preference, QuietHours


@privacy_part("notifications", order=70)
class NotificationsPrivacy:
    def export(self, user):
        return {
            "notifications": all_rows(Notification.objects.filter(recipient=user)),
            "preferences": all_rows(Preference.objects.filter(user=user)),
            "quiet_hours": all_rows(QuietHours.objects.filter(user=user)),
            "mail": all_rows(Mail.objects.filter(recipient=user)),
        }

    def files(self, user):
        return []

    def erase(self, user, *, remove_public):
        Mail.objects.filter(recipient=user).delete()
        Mail.objects.filter(recipient=None, to_address__iexact=user.email).delete()
        Notification.objects.filter(recipient=user).delete()
        Preference.objects.filter(user=user).delete()
        QuietHours.objects.filter(user=user).delete()
        Event.objects.filter(actor=user).update(actor=None)

    def export_ready(self, export):
        from komunitas.notifications.services import announce

        announce(
            "accounts.export_ready",
            actor=None,
            target=export,
            title=export.created_at.strftime("%Y-%m-%d"),
            url=export.get_absolute_url(),
        )
