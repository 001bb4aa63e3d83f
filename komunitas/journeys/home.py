from komunitas.core.home import home_section
from komunitas.journeys.models import FollowUp, LearningPlan, Mentorship

SHOWN = 5


@home_section
def my_learning(request):
    """Due check-ins and requests to accompany someone; a nudge to plan when there is no plan."""
    user = request.user
    plans = list(
        LearningPlan.objects.active()
        .filter(owner=user)
        .order_by("next_checkin_on", "pk")
        .only("pk", "title", "next_checkin_on", "status", "deleted_at")[: SHOWN + 1]
    )
    requests = list(
        Mentorship.objects.pending()
        .filter(mentor=user)
        .select_related("mentee", "community")[:SHOWN]
    )
    follow_ups = list(
        FollowUp.objects.open()
        .filter(member=user)
        .order_by("-created_at")
        .prefetch_related("target")[:3]
    )
    return {
        "template": "journeys/home_section.html",
        "order": 30,
        "plans": plans[:SHOWN],
        "more": len(plans) > SHOWN,
        "due": [p for p in plans[:SHOWN] if p.checkin_is_due()],
        "requests": requests,
        "follow_ups": [f for f in follow_ups if f.target is not None],
    }
