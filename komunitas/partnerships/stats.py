"""The figures of requests for support: counts and durations by partner kind, naming no one."""

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from komunitas.accounts.models import User
from komunitas.partnerships.models import SupportRequest

Status = SupportRequest.Status
PARTNER_KINDS = (User.Role.KEPALA_SEKOLAH, User.Role.PENGAWAS, User.Role.DINAS)


def _days(start, end) -> float:
    return (end - start).total_seconds() / 86400


def figures(requests) -> list[dict]:
    """One row per partner kind (kepala sekolah, pengawas, Dinas, other): requests made (sent to
    the partner), answered, fulfilled, and the average days to an answer and to fulfilment.
    Two queries whatever the number of requests; only counts and durations, never a name."""
    sent = requests.exclude(status__in=[Status.PROPOSED]).exclude(
        status=Status.WITHDRAWN, sent_at__isnull=True
    )
    # A partner not yet on the platform counts by the kind of their stakeholder entry (the same
    # values: kepala_sekolah, pengawas, dinas).
    sent = sent.annotate(partner_kind=Coalesce(F("partner__role"), F("stakeholder__kind")))
    counts = {
        row["partner_kind"]: row
        for row in sent.values("partner_kind")
        .order_by()
        .annotate(
            made=Count("pk"),
            answered=Count("pk", filter=Q(status__in=SupportRequest.ANSWERED)),
            fulfilled=Count("pk", filter=Q(status=Status.DONE)),
            declined=Count("pk", filter=Q(status=Status.DECLINED)),
        )
    }
    durations: dict[str, dict[str, list[float]]] = {}
    timed = sent.filter(answered_at__isnull=False).values_list(
        "partner_kind", "sent_at", "answered_at", "closed_at", "status"
    )
    for role, sent_at, answered_at, closed_at, status in timed:
        spans = durations.setdefault(role, {"answer": [], "fulfil": []})
        if sent_at:
            spans["answer"].append(_days(sent_at, answered_at))
            if status == Status.DONE and closed_at:
                spans["fulfil"].append(_days(sent_at, closed_at))
    rows = []
    for role in (*PARTNER_KINDS, None):
        keys = [role] if role else [r for r in counts if r not in PARTNER_KINDS]
        row = {"made": 0, "answered": 0, "fulfilled": 0, "declined": 0}
        answer, fulfil = [], []
        for key in keys:
            for name in row:
                row[name] += counts.get(key, {}).get(name, 0)
            answer += durations.get(key, {}).get("answer", [])
            fulfil += durations.get(key, {}).get("fulfil", [])
        if role is None and not row["made"]:
            continue
        rows.append(
            {
                "kind": User.Role(role).label if role else None,
                **row,
                "days_to_answer": round(sum(answer) / len(answer), 1) if answer else None,
                "days_to_fulfil": round(sum(fulfil) / len(fulfil), 1) if fulfil else None,
            }
        )
    return rows
