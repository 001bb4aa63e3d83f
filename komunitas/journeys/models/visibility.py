"""Who may read a member's own writing (a learning plan, a reflection): one rule for both.

The owner always; with ``MENTOR`` also their active pendamping (a mentor in an active
mentorship of a community both still belong to); with ``COMMUNITY`` also the fellow members
(fasilitators and anggota) of the chosen community, while the owner still belongs to it — not
its partners (mitra: principals, supervisors, the Dinas), because teachers who share with "my
community" mean their colleagues, and the form says so where they choose. Nothing else:
operators and fasilitators do not read private learning (the fasilitator's overview shows only
dates).
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from komunitas.communities.models import Membership


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    MENTOR = "mentor", _("Me and my pendamping")
    COMMUNITY = "community", _("My community: its fasilitators and members, not its partners")


HELP_TEXT = _(
    "Partners of a community (principals, supervisors, the Dinas) never read it, whatever you "
    "choose; your pendamping reads it unless you keep it to yourself."
)

# Who "my community" means: fellow members, not partners (mitra).
READER_ROLES = (Membership.Role.FASILITATOR, Membership.Role.ANGGOTA)


def reading_membership_ids(user):
    """The communities in which ``user`` reads what is shared with "my community"."""
    return Membership.objects.filter(
        user=user,
        status=Membership.Status.ACTIVE,
        role__in=READER_ROLES,
        community__deleted_at__isnull=True,
    ).values("community_id")


class OwnWritingQuerySet(models.QuerySet):
    """Shared by plans and reflections; ``OWNER`` names the owner's field."""

    OWNER = "owner"

    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def visible_to(self, user):
        from komunitas.journeys.models.mentoring import Mentorship

        if not getattr(user, "is_authenticated", False):
            return self.none()
        owner = self.OWNER
        mentees = Mentorship.objects.active().filter(mentor=user).values("mentee_id")
        owner_belongs = Exists(
            Membership.objects.filter(
                community=OuterRef("community"),
                user=OuterRef(owner),
                status=Membership.Status.ACTIVE,
            )
        )
        return (
            self.alive()
            .alias(owner_belongs=owner_belongs)
            .filter(
                Q(**{owner: user})
                | Q(
                    visibility__in=[Visibility.MENTOR, Visibility.COMMUNITY],
                    **{f"{owner}__in": mentees},
                )
                | Q(
                    visibility=Visibility.COMMUNITY,
                    community__in=reading_membership_ids(user),
                    owner_belongs=True,
                )
            )
        )


def may_read(user, obj, owner) -> bool:
    """The rule behind ``visible_to`` for one object (keep the two in step)."""
    from komunitas.journeys.models.mentoring import Mentorship

    if obj.deleted_at is not None or not getattr(user, "is_authenticated", False):
        return False
    if owner.pk == user.pk:
        return True
    if obj.visibility == Visibility.PRIVATE:
        return False
    if Mentorship.objects.active().filter(mentor=user, mentee=owner).exists():
        return True
    community = obj.community
    return bool(
        obj.visibility == Visibility.COMMUNITY
        and community is not None
        and community.deleted_at is None
        and community.role_of(user) in READER_ROLES
        and community.role_of(owner)
    )
