"""Find, read, add, change and download resources."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.communities.models import Community
from komunitas.core.submissions import once_per_submission
from komunitas.discussions.access import access_post
from komunitas.lib.db import best_effort
from komunitas.lib.request_limits import accepts_uploads
from komunitas.lib.uploads import serve_file
from komunitas.permissions import can, require
from komunitas.pustaka import actions
from komunitas.pustaka.access import access_resource
from komunitas.pustaka.forms import (
    AddToCollectionForm,
    FindForm,
    ResourceEditForm,
    ResourceForm,
    SaveFromPostForm,
    VersionForm,
)
from komunitas.pustaka.models import Collection, HelpfulVote, Resource
from komunitas.pustaka.rules import saved_part
from komunitas.pustaka.services import classroom_evidence, initial_from_post, saved_from
from komunitas.reads.recorder import count_once, record_read
from komunitas.search.query import Query, search

PER_PAGE = 20
SORTS = {
    "newest": ["-created_at", "-pk"],
    "most_used": ["-download_count", "-view_count", "-pk"],
    "most_helpful": ["-helpful_count", "-download_count", "-pk"],
    "most_applied": ["-applied_count", "-helpful_count", "-pk"],
}
SEARCH_SOURCE = "pustaka.resource"
MAX_MATCHES = 300


def _sorted(resources, sort: str):
    return resources.order_by(*SORTS.get(sort, SORTS["newest"]))


def _matching(user, resources, words: str):
    """Resources whose words match, through the shared search (Indonesian stems, both
    databases), with the ids of the best ``MAX_MATCHES`` in order of relevance."""
    if not words.strip():
        return resources, None
    entries = search(user, Query(words=words, source=SEARCH_SOURCE))
    ids = list(entries.values_list("object_id", flat=True)[:MAX_MATCHES])
    return resources.filter(pk__in=ids), ids


def _by_relevance(resources, ids):
    ranks = [When(pk=pk, then=Value(rank)) for rank, pk in enumerate(ids)]
    return resources.annotate(
        relevance=Case(*ranks, default=Value(len(ids)), output_field=IntegerField())
    ).order_by("relevance", "-pk")


def mark_shown_communities(user, resources) -> None:
    """Name a resource's community only to those who may see it (``community.view``, as one
    query through ``visible_to``): a resource for everyone from a private community must not
    reveal the community (not even its name) to outsiders."""
    resources = list(resources)
    ids = {resource.community_id for resource in resources if resource.community_id}
    shown = set(
        Community.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
        if ids
        else ()
    )
    for resource in resources:
        resource.shown_community = resource.community if resource.community_id in shown else None


def resource_list(request):
    form = FindForm(request.GET or None, user=request.user)
    filters = form.filters()
    resources, ranked = _matching(
        request.user, Resource.objects.visible_to(request.user), filters.pop("words", "")
    )
    resources = (
        resources.find(**filters)
        .with_applied_count()
        .select_related("community", "subject", "phase", "current_version")
    )
    sort = form.ordering()
    if ranked is not None and not sort:
        resources = _by_relevance(resources, ranked)
    else:
        resources = _sorted(resources, sort)
    page = Paginator(resources, PER_PAGE).get_page(request.GET.get("page"))
    mark_shown_communities(request.user, page.object_list)
    return render(
        request,
        "pustaka/list.html",
        {"form": form, "page": page, "can_add": can(request.user, "resource.create", None)},
    )


def _count_view_once(request, resource) -> None:
    """Count a member's view once a day, and never the views of whoever added it: remembered
    and added later (komunitas/reads/recorder.py), so the page writes nothing."""
    if resource.added_by_id != request.user.pk:
        count_once(request.user, resource, "view_count")


def _collection_choices(user):
    """The collections the user may add to (``Collection.objects.editable_by``, the
    ``collection.edit`` rule as one query; adding checks the rule itself)."""
    return list(
        Collection.objects.editable_by(user)
        .select_related("community")
        .order_by("community__name", "title")[:100]
    )


def resource_detail(request, pk):
    resource = access_resource(request.user, pk)
    _count_view_once(request, resource)
    record_read(request.user, resource.community)
    mark_shown_communities(request.user, [resource])
    choices = _collection_choices(request.user)
    post = resource.source_post
    thread_visible = bool(post and can(request.user, "post.view", post))
    applied, reports = classroom_evidence(resource, thread_visible=thread_visible)
    context = {
        "resource": resource,
        "source_post": post if thread_visible else None,
        "applied": applied,
        "reports": reports,
        "versions": resource.versions_newest_first()[:30],
        "voted": HelpfulVote.objects.filter(resource=resource, member=request.user).exists(),
        "collection_form": AddToCollectionForm(choices=choices) if choices else None,
        "can": {
            action: can(request.user, f"resource.{action}", resource)
            for action in ("edit", "delete", "vote")
        },
    }
    return render(request, "pustaka/detail.html", context)


@accepts_uploads(files=1)
@require_http_methods(["GET", "POST"])
@once_per_submission
def resource_create(request):
    community = None
    slug = request.GET.get("komunitas", "")
    if slug:
        community = Community.objects.visible_to(request.user).filter(slug=slug).first()
    data = request.POST if request.method == "POST" else None
    form = ResourceForm(
        data,
        request.FILES or None,
        user=request.user,
        initial={"community": community} if community else None,
    )
    if form.is_valid():
        require(request.user, "resource.create", form.cleaned_data["community"])
        resource = actions.do_add_resource(
            resource=form.save(commit=False),
            by=request.user,
            file=form.cleaned_data["file"],
            link=form.cleaned_data["link"],
        )
        messages.success(request, _("The resource is in the library."))
        return redirect(resource)
    status = 400 if form.is_bound else 200
    return render(request, "pustaka/form.html", {"form": form}, status=status)


@accepts_uploads(files=1)
@require_http_methods(["GET", "POST"])
def resource_save_from_post(request, post_pk):
    """ "Simpan ke pustaka": a good practice or a solution becomes a resource of its community,
    linking back to the thread and crediting its author."""
    post = access_post(request.user, post_pk, "resource.save_from_post")
    existing = saved_from(post)
    if existing is not None:
        messages.info(request, _("This is already in the library."))
        return redirect(existing)
    data = request.POST if request.method == "POST" else None
    form = SaveFromPostForm(
        data,
        request.FILES or None,
        user=request.user,
        post=post,
        initial=initial_from_post(post),
    )
    if form.is_valid():
        resource = actions.do_save_from_post(
            resource=form.save(commit=False),
            post=post,
            by=request.user,
            file=form.cleaned_data["file"],
            link=form.cleaned_data["link"],
        )
        messages.success(request, _("Saved to the library, with credit to its author."))
        return redirect(resource)
    status = 400 if form.is_bound else 200
    context = {"form": form, "source": {"title": post.title, "author": saved_part(post).author}}
    return render(request, "pustaka/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def resource_edit(request, pk):
    resource = access_resource(request.user, pk, "resource.edit")
    data = request.POST if request.method == "POST" else None
    form = ResourceEditForm(data, instance=resource)
    if form.is_valid():
        actions.do_edit_resource(resource=form.save(commit=False), by=request.user)
        messages.success(request, _("The changes are saved."))
        return redirect(resource)
    if form.is_bound:
        resource.refresh_from_db()
    status = 400 if form.is_bound else 200
    return render(request, "pustaka/form.html", {"form": form, "resource": resource}, status=status)


@require_http_methods(["GET", "POST"])
def resource_delete(request, pk):
    resource = access_resource(request.user, pk, "resource.delete")
    if request.method == "POST":
        actions.do_delete_resource(resource=resource, by=request.user)
        messages.success(request, _("The resource is removed from the library."))
        return redirect("pustaka:list")
    return render(request, "pustaka/delete.html", {"resource": resource})


@accepts_uploads(files=1)
@require_http_methods(["GET", "POST"])
def version_create(request, pk):
    resource = access_resource(request.user, pk, "resource.edit")
    data = request.POST if request.method == "POST" else None
    form = VersionForm(data, request.FILES or None)
    if form.is_valid():
        version = actions.do_add_version(
            resource=resource,
            by=request.user,
            file=form.cleaned_data["file"],
            link=form.cleaned_data["link"],
            change_note=form.cleaned_data["change_note"],
        )
        messages.success(
            request, _("Version %(number)s is now the current one.") % {"number": version.number}
        )
        return redirect(resource)
    status = 400 if form.is_bound else 200
    return render(
        request, "pustaka/version_form.html", {"form": form, "resource": resource}, status=status
    )


@require_http_methods(["GET", "HEAD"])
def download(request, pk, number=None):
    """The file of the current version (or of version ``number``), for those who may see it.

    Files are never under a public address: every download passes this permission check, and
    goes out as an attachment with its checked type and ``nosniff`` (lib.uploads.serve_file).
    """
    resource = access_resource(request.user, pk, "resource.download")
    if number is None:
        version = resource.current_version
    else:
        version = resource.versions.filter(number=number).first()
    if version is None or not version.has_file:
        raise Http404
    response = serve_file(version.file, version.filename, version.content_type or None)
    if request.method == "GET":  # a HEAD request fetches nothing
        with best_effort(f"Download of resource {resource.pk}"):
            actions.do_count_download(resource=resource, version=version)
    return response


@require_POST
def vote(request, pk):
    resource = access_resource(request.user, pk, "resource.vote")
    if request.POST.get("undo"):
        actions.do_unvote(resource=resource, member=request.user)
    elif actions.do_vote(resource=resource, member=request.user):
        messages.success(request, _("Thank you: you marked this resource as useful."))
    return redirect(resource)


@require_POST
def add_to_collection(request, pk):
    resource = access_resource(request.user, pk)
    form = AddToCollectionForm(request.POST, choices=_collection_choices(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your collections."))
        return redirect(resource)
    collection = form.cleaned_data["collection"]
    require(request.user, "collection.edit", collection)
    _item, created = actions.do_add_to_collection(
        collection=collection, resource=resource, by=request.user, note=form.cleaned_data["note"]
    )
    if created:
        messages.success(
            request, _("Added to the collection “%(title)s”.") % {"title": collection.title}
        )
    else:
        messages.info(
            request, _("It is already in the collection “%(title)s”.") % {"title": collection.title}
        )
    return redirect(resource)
