"""The members' data rights (UU PDP 27/2022): every app exports and erases its own rows.

An app registers its part in its ``privacy.py`` (found like ``demo.py``)::

    from komunitas.core.privacy import privacy_part

    @privacy_part("discussions", order=20)
    class DiscussionsPrivacy:
        def export(self, user) -> dict[str, list[dict]]: ...   # "posts" -> rows, as JSON
        def files(self, user) -> list[tuple[str, FieldFile]]: ...  # files the person uploaded
        def erase(self, user, *, remove_public: bool) -> None: ...

``export`` gives what the platform keeps about the person, one list of plain rows per name (each
becomes ``<app>/<name>.json`` in the ZIP); ``files`` the uploads to put beside them; ``erase``
deletes what is personal and private, and keeps (``remove_public=False``) or soft-deletes the
public contributions. Parts run in ``order``; accounts' own part (the profile itself) runs last.
Apps reach this registry, not each other, so no app imports one above it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

_PARTS: dict[str, object] = {}
_ORDER: dict[str, int] = {}
_discovered = False


def privacy_part(app: str, *, order: int = 50):
    def register(cls):
        _PARTS[app] = cls()
        _ORDER[app] = order
        return cls

    return register


@dataclass(frozen=True)
class Part:
    app: str
    part: object


def parts() -> list[Part]:
    global _discovered
    if not _discovered:
        autodiscover_modules("privacy")
        _discovered = True
    return [Part(app, _PARTS[app]) for app in sorted(_PARTS, key=lambda a: (_ORDER[a], a))]


def rows(queryset, *fields: str) -> list[dict]:
    """Plain rows of ``fields`` (lookups allowed, e.g. "community__name") for the export."""
    return list(queryset.order_by("pk").values("pk", *fields))


def all_rows(queryset, *extra: str) -> list[dict]:
    """Every column of the rows (a relation as its id, a file as its stored name) and ``extra``
    lookups (e.g. "post__title", to say what a reply answered)."""
    columns = [f.attname for f in queryset.model._meta.concrete_fields]
    return list(queryset.order_by("pk").values(*columns, *extra))


def files_of(pairs: Iterable[tuple[str, object]]) -> list[tuple[str, object]]:
    """Keep the (name in the ZIP, stored file) pairs that have a file."""
    return [(name, f) for name, f in pairs if f and getattr(f, "name", "")]


# The tables that hold data about a person, by what they are; the privacy page names them for
# operators, and tests/privacy/test_privacy_page.py fails when a table with a link to a person
# is missing here. Add a new one to its group.
PERSONAL_DATA_TABLES = [
    (
        _("Account"),
        [
            "accounts.user",
            "accounts.loginfailure",
            "accounts.passwordresetrequest",
            "accounts.mailrequest",
            "accounts.logincode",
            "otp_totp.totpdevice",
            "otp_static.staticdevice",
            "axes.accessattempt",
            "accounts.dataexport",
            "core.submission",
            "django_session",
        ],
    ),
    (
        _("Communities"),
        [
            "communities.community",
            "communities.membership",
            "communities.joinrequest",
            "communities.invitation",
            "communities.logentry",
            "communities.mapentry",
            "communities.report",
            "communities.supportcommitment",
            "communities.stakeholder",
        ],
    ),
    (
        _("Bulk onboarding"),
        [
            "onboarding.importbatch",
            "onboarding.enrolment",
            "onboarding.schoolrequest",
        ],
    ),
    (
        _("Discussions"),
        [
            "discussions.post",
            "discussions.postrevision",
            "discussions.reply",
            "discussions.replyrevision",
            "discussions.mention",
            "discussions.reaction",
            "discussions.postfollow",
            "discussions.tagfollow",
            "discussions.bookmark",
            "discussions.attachment",
            "discussions.draft",
            "discussions.classroomapplication",
            "discussions.report",
            "discussions.moderationlog",
        ],
    ),
    (
        _("Learning journey"),
        [
            "journeys.learningplan",
            "journeys.checkin",
            "journeys.reflection",
            "journeys.training",
            "journeys.followup",
            "journeys.mentorship",
        ],
    ),
    (
        _("Meetings"),
        [
            "meetings.meeting",
            "meetings.rsvp",
            "meetings.attendance",
            "meetings.attendancelog",
            "meetings.calendartoken",
            "meetings.actionitem",
            "meetings.meetingphoto",
            "meetings.feedback",
        ],
    ),
    (
        _("Lesson study"),
        [
            "lessonstudy.lessonstudy",
            "lessonstudy.observation",
            "lessonstudy.logentry",
        ],
    ),
    (
        _("Partnerships"),
        [
            "partnerships.supportrequest",
            "partnerships.requeststep",
        ],
    ),
    (
        _("Library"),
        [
            "pustaka.resource",
            "pustaka.resourceversion",
            "pustaka.helpfulvote",
            "pustaka.collection",
            "pustaka.collectionitem",
        ],
    ),
    (
        _("Polls"),
        [
            "polls.poll",
            "polls.voter",
            "polls.vote",
        ],
    ),
    (
        _("JP and certificates"),
        [
            "certificates.jprules",
            "certificates.certificate",
            "certificates.certificatelog",
        ],
    ),
    (
        _("Insights"),
        [
            "reads.readactivity",
            "insights.story",
            "insights.report",
        ],
    ),
    (
        _("Notifications"),
        [
            "notifications.event",
            "notifications.notification",
            "notifications.preference",
            "notifications.quiethours",
            "notifications.mail",
        ],
    ),
    (
        _("Search"),
        [
            "search.searchentry",
        ],
    ),
    (
        _("API"),
        [
            "api.accesstoken",
        ],
    ),
]
