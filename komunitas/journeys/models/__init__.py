from komunitas.journeys.models.followups import FollowUp
from komunitas.journeys.models.mentoring import (
    Mentorship,
    MentorshipError,
    is_mentor_of,
    mentors_of,
)
from komunitas.journeys.models.plans import CheckIn, Goal, LearningPlan, Step
from komunitas.journeys.models.reflections import Reflection
from komunitas.journeys.models.trainings import Training, TrainingChallenge
from komunitas.journeys.models.visibility import Visibility

__all__ = [
    "CheckIn",
    "FollowUp",
    "Goal",
    "LearningPlan",
    "Mentorship",
    "MentorshipError",
    "Reflection",
    "Step",
    "Training",
    "TrainingChallenge",
    "Visibility",
    "is_mentor_of",
    "mentors_of",
]
