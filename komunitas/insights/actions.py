"""The changes of the insights app: the only way its state changes (docs/architecture.md,
"Actions"). Insights reads the other apps; what it writes is its own: value-creation stories and
the reports members ask for."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from komunitas.accounts.models import User
from komunitas.communities.models import Community
from komunitas.insights import dashboard
from komunitas.insights.models import Report, Story, StoryLink
from komunitas.insights.period import Period
from komunitas.insights.scope import Scope
from komunitas.notifications.services import announce


@transaction.atomic
def do_save_story(
    *, story: Story, community: Community, author: User, links: list[str] | None = None
) -> Story:
    """Save a new or changed value-creation story; ``links`` ("<content type>:<id>" of the
    author's posts, meetings, applications; None keeps them as they are). The partners hear of it
    when it is first shared with them."""
    was_shared = (
        bool(story.pk) and Story.objects.filter(pk=story.pk, shared_with_partners=True).exists()
    )
    story.community, story.author = community, author
    story.save()
    if links is not None:
        story.links.all().delete()
        StoryLink.objects.bulk_create(
            [
                StoryLink(
                    story=story,
                    target_type=ContentType.objects.get_for_id(int(ct)),
                    target_id=int(pk),
                )
                for ct, pk in (value.split(":") for value in links)
            ]
        )
    if story.shared_with_partners and not was_shared:
        announce(
            "insights.story_shared",
            actor=story.author,
            target=story,
            title=story.title,
            url=story.get_absolute_url(),
        )
    return story


@transaction.atomic
def do_delete_story(*, story: Story) -> None:
    story.soft_delete()


@transaction.atomic
def do_request_report(*, scope: Scope, period: Period, by: User) -> Report:
    """Record the request for a *Laporan Komunitas Praktisi*; a small scope is built at once, a
    large one by the worker after the commit (``reports.build``), which tells who asked."""
    from komunitas.insights import reports

    report = Report.objects.create(
        requested_by=by,
        scope_kind=scope.kind,
        scope_ref=scope.ref,
        title=scope.label[:200],
        period_start=period.start,
        period_end=period.end,
    )
    if dashboard.is_small(scope):
        reports.build(report)
    else:
        from komunitas.insights.tasks import build_report

        transaction.on_commit(lambda: build_report.enqueue(report.pk), robust=True)
    return report
