"""The discussions section of the signed-in home page: who needs help, and what is new."""

from komunitas.core.home import home_section
from komunitas.discussions.models import Post

SHOWN = 5


@home_section
def discussions(request):
    user = request.user
    mine = Post.objects.visible_to(user).listed().of_member(user)
    needs_help = list(
        mine.unanswered()
        .filter(kind__in=Post.SOLVABLE_KINDS)
        .exclude(author=user)
        .select_related("community", "author")
        .order_by("created_at")[:SHOWN]
    )
    newest = list(
        mine.exclude(pk__in=[p.pk for p in needs_help])
        .select_related("community", "author")
        .order_by("-created_at")[:SHOWN]
    )
    featured = list(
        mine.filter(is_featured=True)
        .select_related("community", "author")
        .order_by("-featured_at")[:3]
    )
    if not needs_help and not newest and not featured:
        return None
    return {
        "template": "discussions/home_section.html",
        "order": 30,
        "needs_help": needs_help,
        "newest": newest,
        "featured": featured,
    }
