"""Certificates in figures, for the partners' dashboards and reports (komunitas/insights).

Counts and hours per community, never a member's name; a community the viewer may not see by
name (a private one they are not in) is only added to a total of "private communities".
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from komunitas.certificates.models import Certificate


@dataclass
class Issued:
    certificates: int = 0
    jp: int = 0
    revoked: int = 0
    rows: list = field(default_factory=list)  # (community name, certificates, JP), by name
    hidden_communities: int = 0
    hidden_certificates: int = 0
    hidden_jp: int = 0


def issued_in(communities, visible, start, end) -> Issued:
    """The certificates issued from ``start`` to before ``end`` (aware datetimes) in
    ``communities`` (a queryset); ``visible`` are the communities the viewer may name. The
    valid ones are counted with their JP; the revoked ones only counted. Two queries."""
    per_community = list(
        Certificate.objects.issued()
        .filter(community__in=communities, decided_at__gte=start, decided_at__lt=end)
        .values("community", "community__name")
        .annotate(
            n=Count("pk", filter=Q(revoked_at__isnull=True)),
            jp=Sum("total_jp", filter=Q(revoked_at__isnull=True), default=0),
            revoked=Count("pk", filter=Q(revoked_at__isnull=False)),
        )
        .order_by("community__name")
    )
    found = Issued()
    if not per_community:
        return found
    named = set(
        visible.filter(pk__in=[r["community"] for r in per_community]).values_list("pk", flat=True)
    )
    for row in per_community:
        found.certificates += row["n"]
        found.jp += row["jp"]
        found.revoked += row["revoked"]
        if row["community"] in named:
            found.rows.append((row["community__name"], row["n"], row["jp"]))
        elif row["n"]:
            found.hidden_communities += 1
            found.hidden_certificates += row["n"]
            found.hidden_jp += row["jp"]
    return found


def overview_rows(issued: Issued) -> list[tuple[str, int]]:
    """Lines for a report's overview (CSV, XLSX, PDF)."""
    return [
        (_("JP certificates issued"), issued.certificates),
        (_("JP on the certificates issued"), issued.jp),
    ]


def community_rows(issued: Issued) -> list[list]:
    """Per community (name, certificates, JP), then the private communities' total."""
    rows = [list(row) for row in issued.rows]
    if issued.hidden_communities:
        rows.append(
            [
                _("%(n)s private communities (not named)") % {"n": issued.hidden_communities},
                issued.hidden_certificates,
                issued.hidden_jp,
            ]
        )
    return rows


def community_header() -> list[str]:
    return [_("Community"), _("JP certificates"), _("JP")]


def section_title() -> str:
    return _("JP certificates issued")
