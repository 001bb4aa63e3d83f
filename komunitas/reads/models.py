"""The one table of reads: a member opened something of a community on a day.

It lives below the content apps and ``communities`` (they record into it through
``komunitas.reads.recorder``; the community is named by its label, not imported); ``insights``
only reads it. The table keeps its first name
(``insights_readactivity``): the model moved, the rows did not.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadActivity(models.Model):
    """One row per member, community and day on which the member opened something there.

    Reading counts as participation (a quiet member who reads every week is not inactive); one
    row a day keeps the table small: a district of 5,000 members writes at most 5,000 rows a day.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("community"),
    )
    day = models.DateField(verbose_name=_("day"))

    class Meta:
        db_table = "insights_readactivity"
        verbose_name = _("read activity")
        verbose_name_plural = _("read activity")
        constraints = [
            models.UniqueConstraint(fields=["user", "community", "day"], name="read_once_a_day")
        ]
        indexes = [
            models.Index(fields=["community", "day"], name="insights_re_communi_bb402e_idx"),
            models.Index(fields=["day"], name="insights_re_day_2e10b9_idx"),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.community_id} · {self.day}"
