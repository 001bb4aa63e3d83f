"""Personal access tokens: how a member's own tools (a calendar, a school's website, a bot) call
the API as that member. Only a SHA-256 of the secret is kept; the secret is shown once."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX = "kp_"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


class AccessTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Not revoked, not expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class AccessToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="access_tokens",
        verbose_name=_("member"),
    )
    name = models.CharField(max_length=80, verbose_name=_("name"))
    scope = models.CharField(
        max_length=8, choices=Scope.choices, default=Scope.READ, verbose_name=_("access")
    )
    secret_hash = models.CharField(max_length=64, unique=True, verbose_name=_("secret (SHA-256)"))
    hint = models.CharField(max_length=12, verbose_name=_("first characters"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    expires_at = models.DateTimeField(verbose_name=_("expires at"))
    last_used_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last used at"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    def is_usable(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
