"""Invitations: one by e-mail for one person, or a shareable link with an expiry and a use limit."""

import secrets
from urllib.parse import quote

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from komunitas.accounts.models import User
from komunitas.communities.models.community import Community
from komunitas.communities.models.membership import Membership
from komunitas.lib.http import absolute


def _new_token() -> str:
    return secrets.token_urlsafe(18)


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(
            Q(revoked_at__isnull=True),
            Q(expires_at__gt=now),
            Q(max_uses__isnull=True) | Q(use_count__lt=F("max_uses")),
        )


class Invitation(models.Model):
    class Kind(models.TextChoices):
        EMAIL = "email", _("by e-mail")
        LINK = "link", _("shareable link")

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("community")
    )
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    email = models.EmailField(_("e-mail address"), blank=True)
    role = models.CharField(
        _("role"), max_length=12, choices=Membership.Role.choices, default=Membership.Role.ANGGOTA
    )
    token = models.CharField(
        max_length=40, unique=True, default=_new_token, editable=False, verbose_name=_("token")
    )
    message = models.TextField(_("personal message"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    expires_at = models.DateTimeField(_("valid until"))
    max_uses = models.PositiveIntegerField(
        _("use limit"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    use_count = models.PositiveIntegerField(_("used"), default=0)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="email") | ~Q(email=""), name="invitation_email_has_address"
            ),
        ]

    def __str__(self):
        return f"{self.community} · {self.email or self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("communities:invitation", args=[self.community.slug, self.token])

    @property
    def full_url(self) -> str:
        return absolute(self.get_absolute_url())

    def whatsapp_url(self) -> str:
        text = gettext("You are invited to join “%(name)s” on Komunitas Praktisi: %(url)s") % {
            "name": self.community.name,
            "url": self.full_url,
        }
        return "https://wa.me/?text=" + quote(text)

    def problem(self) -> str:
        """Why this invitation cannot be used now, or "" when it can."""
        if self.revoked_at:
            return gettext("This invitation was revoked by a fasilitator.")
        if self.expires_at <= timezone.now():
            return gettext("This invitation has expired. Ask the fasilitator for a new one.")
        if self.max_uses is not None and self.use_count >= self.max_uses:
            return gettext("This invitation has been used up. Ask the fasilitator for a new one.")
        if self.community.deleted_at:
            return gettext("This community no longer exists.")
        return ""

    def is_for(self, user) -> bool:
        return self.kind == self.Kind.LINK or self.email.lower() == user.email.lower()

    def removal_wins(self, user) -> bool:
        """A removal wins over every invitation made before it, and over every shareable link:
        a removed member comes back only by a new invitation to their own address."""
        removed = self.community.memberships.filter(
            user=user, status=Membership.Status.REMOVED
        ).first()
        return removed is not None and (
            self.kind == self.Kind.LINK or self.created_at <= removed.ended_at
        )

    def problem_for(self, user) -> str:
        """Why ``user`` cannot use this invitation now, or "" when they can."""
        if problem := self.problem():
            return problem
        if not self.is_for(user):
            return gettext(
                "This invitation was sent to another e-mail address. Log in with that account."
            )
        if self.removal_wins(user):
            return gettext(
                "You were removed from this community, so this invitation does not let you in. "
                "Only a new invitation from a fasilitator to your e-mail address does."
            )
        return ""
