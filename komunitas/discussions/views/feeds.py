"""Lists of posts: a community's feed, the member's own feed, a topic, saved posts."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from komunitas.communities.access import access_community
from komunitas.discussions.actions import do_toggle_follow_tag
from komunitas.discussions.forms import FeedFilterForm
from komunitas.discussions.models import ClassroomApplication, Post, Report, Tag, TagFollow
from komunitas.permissions import can
from komunitas.reads.recorder import record_read

PER_PAGE = 20
FEATURED = 3


def paginate_posts(request, posts):
    """A page of posts with what their cards show, in a fixed number of queries."""
    page = Paginator(posts.for_list(), PER_PAGE).get_page(request.GET.get("page"))
    posts = list(page.object_list)
    summary = ClassroomApplication.objects.summary_for(posts)
    for post in posts:
        post.applied = summary[post.pk]
    page.object_list = posts
    return page


def community_feed(request, slug):
    community = access_community(request.user, slug)
    record_read(request.user, community)
    form = FeedFilterForm(request.GET or None)
    posts = Post.objects.visible_to(request.user).listed().filter(community=community)
    page = paginate_posts(request, form.apply(posts))
    moderates = can(request.user, "discussions.moderate", community)
    open_reports = (
        Report.objects.filter(community=community, status=Report.Status.OPEN).count()
        if moderates
        else 0
    )
    featured = []
    if not form.is_filtering() and page.number == 1:
        featured = list(posts.filter(is_featured=True).select_related("author")
                        .order_by("-featured_at")[:FEATURED])  # fmt: skip
    context = {
        "community": community,
        "form": form,
        "page": page,
        "featured": featured,
        "kinds": kinds_for(request.user, community),
        "moderates": moderates,
        "sets_up": moderates and can(request.user, "discussions.settings", community),
        "open_reports": open_reports,
    }
    return render(request, "discussions/community_feed.html", context)


def personal_feed(request):
    """The posts of every community the member belongs to, or of what they follow."""
    form = FeedFilterForm(request.GET or None)
    posts = Post.objects.visible_to(request.user).listed()
    following = request.GET.get("lihat") == "diikuti"
    if following:
        posts = posts.filter(
            Q(follows__user=request.user)
            | Q(tags__in=Tag.objects.filter(follows__user=request.user))
        ).exclude(author=request.user)
        posts = Post.objects.filter(pk__in=posts.values("pk"))
    else:
        posts = posts.of_member(request.user)
    page = paginate_posts(request, form.apply(posts))
    followed_tags = Tag.objects.filter(follows__user=request.user).order_by("name")[:20]
    context = {
        "form": form,
        "page": page,
        "following": following,
        "followed_tags": followed_tags,
    }
    return render(request, "discussions/feed.html", context)


def tag_feed(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    form = FeedFilterForm(request.GET or None)
    posts = Post.objects.visible_to(request.user).listed().filter(tags=tag)
    followed = TagFollow.objects.filter(user=request.user, tag=tag).exists()
    if not followed and not posts.exists():
        raise Http404  # a topic used only where the reader may not look does not exist for them
    page = paginate_posts(request, form.apply(posts))
    context = {"tag": tag, "form": form, "page": page, "followed": followed}
    return render(request, "discussions/tag.html", context)


@require_POST
def tag_follow(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    if do_toggle_follow_tag(user=request.user, tag=tag):
        messages.success(request, _("You follow this topic: new posts on it reach you."))
    else:
        messages.success(request, _("You no longer follow this topic."))
    return redirect(tag)


def bookmarks(request):
    posts = (
        Post.objects.visible_to(request.user)
        .filter(bookmarks__user=request.user)
        .order_by("-bookmarks__created_at", "-pk")
    )
    page = paginate_posts(request, posts)
    return render(request, "discussions/bookmarks.html", {"page": page})


def kinds_for(user, community):
    """The kinds of post the user may write in the community, for the "write" buttons."""
    if not can(user, "post.create", community):
        return []
    kinds = [k for k in Post.Kind if k != Post.Kind.ANNOUNCEMENT]
    if can(user, "post.announce", community):
        kinds.append(Post.Kind.ANNOUNCEMENT)
    return kinds
