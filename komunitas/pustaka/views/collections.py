"""Collections: community collections curated by fasilitators, and members' personal ones."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from komunitas.permissions import can, require
from komunitas.pustaka import actions
from komunitas.pustaka.access import access_collection
from komunitas.pustaka.forms import CollectionForm
from komunitas.pustaka.models import Collection, CollectionItem, Resource
from komunitas.pustaka.views.resources import mark_shown_communities

PER_PAGE = 20
ITEMS_PER_PAGE = 30


def collection_list(request):
    visible = Resource.objects.visible_to(request.user)
    collections = (
        Collection.objects.visible_to(request.user)
        .select_related("community", "owner")
        .annotate(item_count=Count("items", filter=Q(items__resource__in=visible.values("pk"))))
        .order_by("community__name", "title", "pk")
    )
    mine = request.GET.get("milik") == "saya"
    if mine:
        collections = collections.filter(community__isnull=True)
    page = Paginator(collections, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "pustaka/collections.html", {"page": page, "mine": mine})


@require_http_methods(["GET", "POST"])
def collection_create(request):
    data = request.POST if request.method == "POST" else None
    form = CollectionForm(data, user=request.user)
    if form.is_valid():
        require(request.user, "collection.create", form.cleaned_data["community"])
        collection = actions.do_create_collection(
            collection=form.save(commit=False), by=request.user
        )
        messages.success(request, _("The collection is made. Add resources from their pages."))
        return redirect(collection)
    status = 400 if form.is_bound else 200
    return render(request, "pustaka/collection_form.html", {"form": form}, status=status)


def collection_detail(request, pk):
    collection = access_collection(request.user, pk)
    items = (
        collection.items.filter(resource__in=Resource.objects.visible_to(request.user))
        .select_related(
            "resource__community",
            "resource__subject",
            "resource__phase",
            "resource__current_version",
        )
        .order_by("position", "pk")
    )
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    mark_shown_communities(request.user, [item.resource for item in page.object_list])
    return render(
        request,
        "pustaka/collection.html",
        {
            "collection": collection,
            "page": page,
            "can_edit": can(request.user, "collection.edit", collection),
        },
    )


@require_http_methods(["GET", "POST"])
def collection_edit(request, pk):
    collection = access_collection(request.user, pk, edit=True)
    data = request.POST if request.method == "POST" else None
    form = CollectionForm(data, instance=collection, user=request.user)
    if form.is_valid():
        actions.do_edit_collection(collection=form.save(commit=False), by=request.user)
        messages.success(request, _("The changes are saved."))
        return redirect(collection)
    status = 400 if form.is_bound else 200
    return render(
        request,
        "pustaka/collection_form.html",
        {"form": form, "collection": collection},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def collection_delete(request, pk):
    collection = access_collection(request.user, pk, edit=True)
    if request.method == "POST":
        actions.do_delete_collection(collection=collection, by=request.user)
        messages.success(
            request, _("The collection is deleted; its resources stay in the library.")
        )
        return redirect("pustaka:collections")
    return render(request, "pustaka/collection_delete.html", {"collection": collection})


@require_POST
def item_move(request, pk, item_pk, direction):
    collection = access_collection(request.user, pk, edit=True)
    item = get_object_or_404(CollectionItem, pk=item_pk, collection=collection)
    actions.do_move_collection_item(item=item, direction=direction, by=request.user)
    return redirect(collection)


@require_POST
def item_remove(request, pk, item_pk):
    collection = access_collection(request.user, pk, edit=True)
    item = get_object_or_404(CollectionItem, pk=item_pk, collection=collection)
    actions.do_remove_from_collection(item=item, by=request.user)
    messages.success(request, _("Removed from the collection."))
    return redirect(collection)
