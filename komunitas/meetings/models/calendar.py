"""The secret address of a member's personal calendar feed."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """Whoever has the address can read the feed, so it can be replaced (the old one dies)."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="calendar_token", verbose_name=_("user")
    )
    token = models.CharField(max_length=48, unique=True, default=new_token, verbose_name=_("token"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self):
        return f"{self.user}"

    def renew(self):
        """Revoke the old address and make a new one."""
        self.token = new_token()
        self.created_at = timezone.now()
        self.last_used_at = None
        self.save(update_fields=["token", "created_at", "last_used_at"])
