"""Reading counts too: the one call other apps make when a member opens something.

``record_read(user, community)`` writes at most one row per member, community and day, with an
insert that ignores the conflict: one cheap query, safe when two requests race, no read first.
Views of communities, discussions, meetings and the library call it.
"""

from django.utils import timezone

from komunitas.insights.models import ReadActivity


def record_read(user, community) -> None:
    if not getattr(user, "is_authenticated", False) or community is None:
        return
    ReadActivity.objects.bulk_create(
        [ReadActivity(user_id=user.pk, community_id=community.pk, day=timezone.localdate())],
        ignore_conflicts=True,
    )
