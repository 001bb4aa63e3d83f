"""Trainings attended and the challenges of applying them in class."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.discussions.limits import RateLimited
from komunitas.discussions.models import ClassroomApplication, DiscussionError, Post
from komunitas.journeys import actions
from komunitas.journeys.about import about_key
from komunitas.journeys.access import access_training
from komunitas.journeys.forms import ChallengeForm, CommunityChoiceForm, TrainingForm
from komunitas.journeys.models import Reflection, Training, TrainingChallenge
from komunitas.lib.http import too_many_page
from komunitas.permissions import require

PER_PAGE = 20


def _post(request):
    return request.POST if request.method == "POST" else None


def training_list(request):
    trainings = (
        Training.objects.of(request.user)
        .order_by("-started_on", "-pk")
        .annotate(
            challenge_count=Count("challenges", filter=Q(challenges__deleted_at__isnull=True))
        )
    )
    page = Paginator(trainings, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "journeys/training_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def training_create(request):
    form = TrainingForm(_post(request))
    if form.is_valid():
        training = actions.do_create_training(training=form.save(commit=False), member=request.user)
        messages.success(
            request, _("The training is recorded. Note the challenges of applying it in class.")
        )
        return redirect(training)
    status = 400 if form.is_bound else 200
    return render(request, "journeys/training_form.html", {"form": form}, status=status)


def _training_page(request, training, challenge_form=None, status=200):
    challenges = list(
        training.challenges.filter(deleted_at__isnull=True).select_related(
            "post__community", "post__solution__author"
        )
    )
    posts = [c.post for c in challenges if c.post_id]
    applied = set(
        ClassroomApplication.objects.filter(
            member=request.user,
            target_type=ContentType.objects.get_for_model(Post),
            target_id__in=[p.pk for p in posts],
        ).values_list("target_id", flat=True)
    )
    for challenge in challenges:
        post = challenge.post if challenge.post_id and not challenge.post.deleted_at else None
        challenge.live_post = post
        challenge.applied = bool(post and post.pk in applied)
    context = {
        "training": training,
        "challenges": challenges,
        "solved": sum(1 for c in challenges if c.live_post and c.live_post.solved_at),
        "post_form": CommunityChoiceForm(user=request.user),
        "post_type": ContentType.objects.get_for_model(Post).pk,
        "challenge_form": challenge_form or ChallengeForm(),
        "reflections": Reflection.objects.alive().filter(
            author=request.user,
            about_type=ContentType.objects.get_for_model(Training),
            about_id=training.pk,
        )[:10],
        "training_key": about_key(training),
    }
    return render(request, "journeys/training_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def training_detail(request, pk):
    training = access_training(request.user, pk)
    form = ChallengeForm(_post(request))
    if form.is_valid():
        actions.do_add_challenge(training=training, challenge=form.save(commit=False))
        messages.success(request, _("The challenge is noted."))
        return redirect(training)
    return _training_page(request, training, form, 400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def training_edit(request, pk):
    training = access_training(request.user, pk)
    form = TrainingForm(_post(request), instance=training)
    if form.is_valid():
        actions.do_update_training(training=form.save(commit=False))
        messages.success(request, _("The training is saved."))
        return redirect(training)
    status = 400 if form.is_bound else 200
    context = {"form": form, "training": training}
    return render(request, "journeys/training_form.html", context, status=status)


@require_POST
def training_delete(request, pk):
    actions.do_delete_training(training=access_training(request.user, pk))
    messages.info(request, _("The training is deleted."))
    return redirect("journeys:trainings")


def _access_challenge(user, pk) -> TrainingChallenge:
    challenge = get_object_or_404(
        TrainingChallenge.objects.select_related("training", "post__community"),
        pk=pk,
        deleted_at__isnull=True,
    )
    access_training(user, challenge.training_id)
    return challenge


@require_POST
def challenge_post(request, pk):
    """Take the challenge to a community as a Tantangan."""
    challenge = _access_challenge(request.user, pk)
    form = CommunityChoiceForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a community you post in."))
        return redirect(challenge.training)
    require(request.user, "post.create", form.cleaned_data["community"])
    try:
        post = actions.do_post_challenge(
            challenge=challenge, by=request.user, community=form.cleaned_data["community"]
        )
    except RateLimited as error:
        back = challenge.training.get_absolute_url()
        return too_many_page(request, str(error), error.retry_after, back=back)
    except (actions.AlreadyShared, DiscussionError) as error:
        messages.error(request, str(error))
        return redirect(challenge.training)
    messages.success(request, _("Your challenge is posted. The community can now help."))
    return redirect(post)


@require_POST
def challenge_delete(request, pk):
    challenge = get_object_or_404(TrainingChallenge, pk=pk, deleted_at__isnull=True)
    training = access_training(request.user, challenge.training_id)
    actions.do_delete_challenge(challenge=challenge)
    messages.info(request, _("The challenge is deleted."))
    return redirect(training)
