"""Workflows of learning journeys that cross into discussions: a reflection shared as a Refleksi
post, a training challenge posted as a Tantangan, and a follow-up answered with an "applied in
class" record. Each checks the permission of the person acting; discussions' actions record
theirs and announce their events (they check no permission: these do)."""

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from komunitas.discussions.actions import do_create_post, do_record_application
from komunitas.discussions.models import ClassroomApplication, Post
from komunitas.journeys.models import FollowUp, Reflection, TrainingChallenge
from komunitas.permissions import require


class AlreadyShared(Exception):
    """Shared once already; the message says where."""


@transaction.atomic
def share_reflection(reflection: Reflection, *, by, community, check_rate=True) -> Post:
    """Publish the reflection in ``community`` as a Refleksi post, written by its author."""
    require(by, "reflection.edit", reflection)
    require(by, "post.create", community)
    if reflection.shared_post_id and reflection.shared_post.deleted_at is None:
        raise AlreadyShared(_("This reflection is already shared."))
    post = do_create_post(
        author=by,
        community=community,
        kind=Post.Kind.REFLECTION,
        title=reflection.title,
        body=reflection.as_markdown(),
        check_rate=check_rate,
    )
    reflection.shared_post = post
    reflection.save(update_fields=["shared_post", "updated_at"])
    return post


def _challenge_body(challenge: TrainingChallenge) -> str:
    training = challenge.training
    when = date_format(training.started_on, "j F Y")
    after = _("A challenge after the training “%(name)s”") % {"name": training.name}
    details = ", ".join(x for x in (training.organiser, when) if x)
    parts = [challenge.detail.strip(), f"_{after} ({details})._"]
    return "\n\n".join(p for p in parts if p)


@transaction.atomic
def post_challenge(challenge: TrainingChallenge, *, by, community, check_rate=True) -> Post:
    """Take a training challenge to ``community`` as a Tantangan, linked back to the training."""
    require(by, "training.edit", challenge.training)
    require(by, "post.create", community)
    if challenge.post_id and challenge.post.deleted_at is None:
        raise AlreadyShared(_("This challenge is already posted."))
    post = do_create_post(
        author=by,
        community=community,
        kind=Post.Kind.CHALLENGE,
        title=challenge.title,
        body=_challenge_body(challenge),
        check_rate=check_rate,
    )
    challenge.post, challenge.community = post, community
    challenge.save(update_fields=["post", "community"])
    return post


@transaction.atomic
def answer_follow_up(follow_up: FollowUp, *, by, **report) -> ClassroomApplication:
    """The member's answer to a follow-up, recorded as applied in class (source FOLLOW_UP)."""
    require(by, "followup.answer", follow_up)
    require(by, "application.create", follow_up.target)
    application = do_record_application(
        member=by,
        target=follow_up.target,
        source=ClassroomApplication.Source.FOLLOW_UP,
        **report,
    )
    follow_up.answered(application)
    return application
