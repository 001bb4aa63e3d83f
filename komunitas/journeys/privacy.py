"""Journeys' part of the members' data rights (komunitas/core/privacy.py).

Plans, check-ins, reflections, trainings and follow-ups are a member's own learning writing:
exported in full, and deleted with the account whatever the choice (reflections shared as a
post are discussions' to keep or remove). Pendamping links end; plans they accompanied stay
their owners'.
"""

from django.db.models import Q

from komunitas.core.privacy import all_rows, files_of, privacy_part
from komunitas.journeys.models import (
    CheckIn,
    FollowUp,
    Goal,
    LearningPlan,
    Mentorship,
    Reflection,
    Step,
    Training,
    TrainingChallenge,
)


@privacy_part("journeys", order=30)
class JourneysPrivacy:
    def export(self, user):
        plans = LearningPlan.objects.filter(owner=user)
        return {
            "learning_plans": all_rows(plans),
            "goals": all_rows(Goal.objects.filter(plan__in=plans)),
            "steps": all_rows(Step.objects.filter(plan__in=plans)),
            "check_ins": all_rows(CheckIn.objects.filter(Q(author=user) | Q(plan__in=plans))),
            "reflections": all_rows(Reflection.objects.filter(author=user)),
            "trainings": all_rows(Training.objects.filter(member=user)),
            "training_challenges": all_rows(
                TrainingChallenge.objects.filter(training__member=user)
            ),
            "follow_ups": all_rows(FollowUp.objects.filter(member=user)),
            "mentorships": all_rows(Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user))),
        }

    def files(self, user):
        checkins = CheckIn.objects.filter(author=user).exclude(evidence="")
        return files_of(
            (f"check_ins/{c.pk}-{c.evidence.name.rsplit('/', 1)[-1]}", c.evidence) for c in checkins
        )

    def erase(self, user, *, remove_public):
        plans = LearningPlan.objects.filter(owner=user)
        for checkin in CheckIn.objects.filter(Q(author=user) | Q(plan__in=plans)):
            if checkin.evidence:
                checkin.evidence.delete(save=False)
        CheckIn.objects.filter(Q(author=user) | Q(plan__in=plans)).delete()
        plans.delete()
        Reflection.objects.filter(author=user).delete()
        FollowUp.objects.filter(member=user).delete()
        TrainingChallenge.objects.filter(training__member=user).delete()
        Training.objects.filter(member=user).delete()
        Mentorship.objects.filter(Q(mentor=user) | Q(mentee=user)).delete()
        LearningPlan.objects.filter(pendamping=user).update(pendamping=None)
