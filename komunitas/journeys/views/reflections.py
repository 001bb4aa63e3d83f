"""The reflection journal."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.discussions.limits import RateLimited
from komunitas.discussions.models import Bookmark, DiscussionError, Post
from komunitas.journeys import actions
from komunitas.journeys.about import about_key, resolve_about, visible_about
from komunitas.journeys.access import access_reflection
from komunitas.journeys.forms import CommunityChoiceForm, ReflectionForm
from komunitas.journeys.models import LearningPlan, Reflection, Training
from komunitas.lib.http import too_many_page
from komunitas.permissions import can, require

PER_PAGE = 20


def _about_choices(user, *extra) -> list[tuple[str, str]]:
    choices = [
        (about_key(p), _("Plan: %(title)s") % {"title": p.title})
        for p in LearningPlan.objects.alive().filter(owner=user)[:50]
    ]
    choices += [
        (about_key(t), _("Training: %(name)s") % {"name": t.name})
        for t in Training.objects.of(user)[:50]
    ]
    posts = Post.objects.visible_to(user).filter(
        Q(author=user) | Q(pk__in=Bookmark.objects.filter(user=user).values("post_id"))
    )
    choices += [
        (about_key(p), _("Post: %(title)s") % {"title": p.title})
        for p in posts.order_by("-created_at")[:30]
    ]
    keys = {key for key, _label in choices}
    for obj in extra:
        if obj is not None and about_key(obj) not in keys:
            choices.insert(0, (about_key(obj), str(obj)))
    return choices


def reflection_list(request):
    others = request.GET.get("dari") == "lain"
    reflections = Reflection.objects.visible_to(request.user).select_related("author")
    if others:
        reflections = reflections.exclude(author=request.user)
    else:
        reflections = reflections.filter(author=request.user)
    page = Paginator(reflections, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "journeys/reflection_list.html", {"page": page, "others": others})


def _save(request, form):
    about = resolve_about(request.user, form.cleaned_data.get("about", ""))
    return actions.do_save_reflection(
        reflection=form.save(commit=False), author=request.user, about=about
    )


@require_http_methods(["GET", "POST"])
def reflection_create(request):
    require(request.user, "reflection.create")
    incoming = resolve_about(request.user, request.GET.get("tentang", ""))
    data = request.POST if request.method == "POST" else None
    form = ReflectionForm(
        data,
        user=request.user,
        about_choices=_about_choices(request.user, incoming),
        initial={"about": about_key(incoming) if incoming else ""},
    )
    if form.is_valid():
        reflection = _save(request, form)
        messages.success(request, _("Your reflection is saved."))
        return redirect(reflection)
    status = 400 if form.is_bound else 200
    return render(request, "journeys/reflection_form.html", {"form": form}, status=status)


def reflection_detail(request, pk):
    reflection = access_reflection(request.user, pk)
    is_author = reflection.author_id == request.user.pk  # the wording, not a permission
    can_edit = can(request.user, "reflection.edit", reflection)
    shared = reflection.shared_post
    context = {
        "reflection": reflection,
        "is_author": is_author,
        "can_edit": can_edit,
        "shared_post": shared if shared and can(request.user, "post.view", shared) else None,
        "share_form": CommunityChoiceForm(
            user=request.user, initial={"community": reflection.community_id}
        )
        if can_edit
        else None,
        "about": visible_about(request.user, reflection),
    }
    return render(request, "journeys/reflection_detail.html", context)


@require_http_methods(["GET", "POST"])
def reflection_edit(request, pk):
    reflection = access_reflection(request.user, pk, edit=True)
    data = request.POST if request.method == "POST" else None
    current = reflection.about
    form = ReflectionForm(
        data,
        instance=reflection,
        user=request.user,
        about_choices=_about_choices(request.user, current),
        initial={"about": about_key(current) if current else ""},
    )
    if form.is_valid():
        _save(request, form)
        messages.success(request, _("Your reflection is saved."))
        return redirect(reflection)
    status = 400 if form.is_bound else 200
    context = {"form": form, "reflection": reflection}
    return render(request, "journeys/reflection_form.html", context, status=status)


@require_POST
def reflection_share(request, pk):
    """Share the reflection with a community as a Refleksi post."""
    reflection = access_reflection(request.user, pk, edit=True)
    form = CommunityChoiceForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose a community you post in."))
        return redirect(reflection)
    require(request.user, "post.create", form.cleaned_data["community"])
    try:
        post = actions.do_share_reflection(
            reflection=reflection, by=request.user, community=form.cleaned_data["community"]
        )
    except RateLimited as error:
        return too_many_page(
            request, str(error), error.retry_after, back=reflection.get_absolute_url()
        )
    except (actions.AlreadyShared, DiscussionError) as error:
        messages.error(request, str(error))
        return redirect(reflection)
    messages.success(request, _("Your reflection is shared as a Refleksi post."))
    return redirect(post)


@require_POST
def reflection_delete(request, pk):
    actions.do_delete_reflection(reflection=access_reflection(request.user, pk, edit=True))
    messages.info(request, _("The reflection is deleted."))
    return redirect("journeys:reflections")
