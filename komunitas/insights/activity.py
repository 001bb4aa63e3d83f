"""Reading counts too: the one call other apps make when a member opens something.

``record_read(user, community)`` writes at most one row per member, community and day, with an
insert that ignores the conflict: one cheap query, safe when two requests race, no read first.
Only members (fasilitator, anggota) are recorded: a mitra, a partner or a visitor reading a
public community is not one of its readers. The membership is the one the permission check has
already loaded (``Community.membership_of`` caches it), so the check asks nothing more.

The pages that show a community's content call it: the community's home, its discussion list,
a post, a meeting and a library resource of the community.

Recording a read is never worth an error page: when the database cannot write (locked for too
long, a read-only or full disk), the read is logged as lost and the page is served.
"""

from django.db import connection
from django.utils import timezone

from komunitas.communities.models import Membership
from komunitas.insights.models import ReadActivity
from komunitas.lib.db import best_effort

READER_ROLES = {Membership.Role.FASILITATOR, Membership.Role.ANGGOTA}
INSERT = (
    f"INSERT INTO {ReadActivity._meta.db_table} (user_id, community_id, day) "  # noqa: S608
    "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
)


def record_read(user, community) -> None:
    if not getattr(user, "is_authenticated", False) or community is None:
        return
    if community.role_of(user) not in READER_ROLES:
        return
    day = connection.ops.adapt_datefield_value(timezone.localdate())
    # One statement in autocommit: ``bulk_create`` would wrap it in BEGIN … COMMIT on SQLite.
    with best_effort(f"Read of community {community.pk}"), connection.cursor() as cursor:
        cursor.execute(INSERT, [user.pk, community.pk, day])
