"""The events of insights that people hear about (see komunitas/notifications/kinds.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from komunitas.accounts.models import User
from komunitas.communities.models import Membership
from komunitas.notifications.kinds import (
    FACILITATORS,
    OPERATORS,
    PARTNERS,
    Delivery,
    Kind,
    register,
)


def _story_partners(event):
    """The partners who may read a shared story: the community's mitra, the dinas of its
    regency, the principal and the pengawas of the author's school."""
    story = event.target
    school = story.author.school_id
    who = Q(
        memberships__community_id=story.community_id,
        memberships__status=Membership.Status.ACTIVE,
        memberships__role=Membership.Role.MITRA,
    )
    if story.community.regency_id:
        who |= Q(role=User.Role.DINAS, regency_id=story.community.regency_id)
    if school:
        who |= Q(role=User.Role.KEPALA_SEKOLAH, school_id=school)
        who |= Q(role=User.Role.PENGAWAS, supervised_schools=school)
    return User.objects.filter(who).distinct()


register(
    Kind(
        key="insights.story_shared",
        label=_("A value-creation story shared with me as a partner"),
        audience=_story_partners,
        action="story.view",
        default=Delivery.DAILY,
        for_whom={PARTNERS},
        describe=lambda event, count: (
            ngettext(
                "%(actor)s shared a story: “%(title)s”",
                "%(count)d new stories shared with partners",
                count,
            )
            % {
                "actor": event.actor.full_name if event.actor else "",
                "title": event.title,
                "count": count,
            }
        ),
    )
)

register(
    Kind(
        key="insights.report_ready",
        label=_("A report I asked for is ready"),
        audience=lambda event: User.objects.filter(pk=event.target.requested_by_id),
        action="insights.download_report",
        default=Delivery.IN_APP,
        for_whom={FACILITATORS, PARTNERS, OPERATORS},
        describe=lambda event, count: (
            ngettext(
                "Your report “%(title)s” is ready",
                "%(count)d of your reports are ready",
                count,
            )
            % {"title": event.title, "count": count}
        ),
    )
)
