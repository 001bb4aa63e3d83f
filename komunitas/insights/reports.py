"""*Laporan Komunitas Praktisi*: the report of a scope and a period, as PDF, XLSX and CSV.

``actions.do_request_report`` records the request; a small scope is built at once, a large
one by the background worker (``tasks.build_report``), which reports its progress on the row.
All three files are built from one ``content()``, which holds numbers, the stories members
shared with partners, meetings held and partners' commitments, and never the text of a post.
"""

import io
import zoneinfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from komunitas.certificates import figures as certificate_figures
from komunitas.communities.models import Community, SupportCommitment
from komunitas.insights import dashboard
from komunitas.insights.measures import COUNT, UNITS, installed
from komunitas.insights.models import Report, Story
from komunitas.insights.period import Period
from komunitas.insights.scope import Scope, resolve
from komunitas.lib import spreadsheets, uploads
from komunitas.lib.pdf import Document


def file_stem(report: Report) -> str:
    return (
        f"laporan-komunitas-praktisi-{slugify(report.title)[:60]}-"
        f"{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}"
    )


def build(report: Report, *, notify: bool = False) -> bool:
    """Build the files of a queued report; False when another worker has taken it. ``notify``
    tells the person who asked when it is ready (they may have left the page)."""
    if not report.claim():
        return False
    try:
        who = report.requested_by
        # In the language and the time zone of who asked, also when the worker builds it.
        with (
            override(who.language or settings.LANGUAGE_CODE),
            timezone.override(zoneinfo.ZoneInfo(who.time_zone)),
        ):
            scope = resolve(report.scope_kind, report.scope_ref)
            period = Period(report.period_start, report.period_end)
            data = content(scope, period, report.requested_by, progress=report.set_progress)
            stem = file_stem(report)
            pdf = pdf_bytes(data)
            report.set_progress(85)
            files = {"pdf": pdf, "xlsx": xlsx_bytes(data), "csv": csv_bytes(data)}
        # Stored with the row that names them: a failure deletes them again.
        with uploads.atomic():
            for extension, body in files.items():
                field = getattr(report, extension)
                field.save(f"{stem}.{extension}", ContentFile(body), save=False)
            report.finish()
            if notify:
                from komunitas.notifications.services import announce

                announce(
                    "insights.report_ready",
                    actor=None,
                    target=report,
                    title=report.title,
                    url=report.get_absolute_url(),
                )
    except Exception as error:
        report.fail(repr(error)[:2000])
        raise
    return True


# --- content -------------------------------------------------------------------------------------


def _stories(scope: Scope, period: Period, user):
    """Stories members shared with partners, of the scope and period, that the user may read."""
    start, end = period.bounds()
    stories = Story.objects.visible_to(user).filter(
        community__in=scope.communities().values("pk"),
        shared_with_partners=True,
        created_at__gte=start,
        created_at__lt=end,
    )
    people = scope.people()
    if people is not None:
        stories = stories.filter(author__in=people.values("pk"))
    return list(stories.select_related("author__school", "community")[:50])


MEETINGS_LISTED = 300


def _meetings(named: list, hidden_ids, period: Period) -> tuple[list, int, int]:
    """The meetings held in the period: those of the named communities (each with how many
    came and whether its minutes were published, at most ``MEETINGS_LISTED``), how many more
    of them there were, and how many were held by communities that are not named."""
    if not installed("meetings"):
        return [], 0, 0
    from komunitas.meetings.models import Meeting

    with timezone.override(timezone.get_default_timezone()):  # counted as the figures are
        start, end = period.bounds()
    held = Meeting.objects.alive().filter(
        status=Meeting.Status.SCHEDULED,
        starts_at__gte=start,
        starts_at__lt=min(end, timezone.now()),
    )
    listed = held.filter(community__in=named).order_by("starts_at", "pk")
    total = listed.count()
    rows = list(
        listed.select_related("community").annotate(came=Count("attendances"))[:MEETINGS_LISTED]
    )
    elsewhere = held.filter(community__in=hidden_ids).count()
    return rows, total - len(rows), elsewhere


def content(scope: Scope, period: Period, user, progress=lambda percent: None) -> dict:
    base = dashboard.build(scope, period, fresh=True)
    progress(30)
    in_scope = scope.communities()
    named = list(
        (in_scope & Community.objects.visible_to(user)).order_by("name").select_related("regency")
    )
    hidden = in_scope.count() - len(named)
    commitments = list(
        SupportCommitment.objects.alive()
        .filter(community__in=named)
        .select_related("partner", "community")
        .order_by("community__name", "status", "due_date")[:200]
    )
    hidden_ids = in_scope.exclude(pk__in=[c.pk for c in named]).values("pk")
    meetings, meetings_more, meetings_hidden = _meetings(named, hidden_ids, period)
    progress(50)
    stories = _stories(scope, period, user)
    readable = Community.objects.visible_to(user).values_list("pk", flat=True)
    readable = set(readable.filter(pk__in=[s.community_id for s in stories]))
    progress(60)
    with timezone.override(timezone.get_default_timezone()):  # counted as the figures are
        issued = certificate_figures.issued_in(
            in_scope, Community.objects.visible_to(user), *period.bounds()
        )
    return {
        **base,
        "certificates": issued,
        "user": user,
        "generated": timezone.localtime(),
        "communities_named": named,
        "communities_hidden": hidden,
        "commitments": commitments,
        "meetings": meetings,
        "meetings_more": meetings_more,
        "meetings_hidden": meetings_hidden,
        "stories": stories,
        "readable_communities": readable,
    }


def figure_rows(data: dict) -> list[list]:
    """The figures as rows: aim, measure, value, unit, definition."""
    rows = []
    for aim, aim_label, found in data["aims"]:
        for m in found:
            rows.append(
                [aim, str(aim_label), str(m.definition.label), m.value, m.definition.unit_label,
                 str(m.definition.words)]
            )  # fmt: skip
    return rows


def _overview(data: dict) -> list[tuple[str, object]]:
    raw = data["raw"]
    rows = [
        (_("Communities"), raw.get("communities", 0)),
        (_("Members"), raw.get("members", 0)),
        (_("Members who read in the period"), raw.get("readers", 0)),
    ]
    region = data.get("region")
    if region:
        rows += [
            (_("Schools"), region["schools_total"]),
            (_("Schools with a community"), region["schools_with"]),
            (_("Schools without a community"), region["schools_without"]),
        ]
    if "certificates" in data:
        rows += certificate_figures.overview_rows(data["certificates"])
    return rows


def _meeting_rows(data: dict, *, listed_only: bool = False) -> list[list]:
    """The meetings held as rows (local date, community, title, attended, minutes), then (unless
    ``listed_only``) the notes on the ones not listed."""
    rows = [
        [timezone.localtime(m.starts_at).date(), m.community.name, m.title, m.came,
         _("yes") if m.minutes_published_at else _("no")]
        for m in data["meetings"]
    ]  # fmt: skip
    if listed_only:
        return rows
    if data["meetings_more"]:
        rows.append([_("And %(n)s more meetings held.") % {"n": data["meetings_more"]}])
    if data["meetings_hidden"]:
        rows.append([_("%(n)s meetings of private communities, not named.")
                     % {"n": data["meetings_hidden"]}])  # fmt: skip
    return rows


# --- CSV and XLSX --------------------------------------------------------------------------------


def csv_bytes(data: dict) -> bytes:
    count = str(UNITS[COUNT])
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out)
    writer.writerow([_("aim"), _("aim name"), _("measure"), _("value"), _("unit"), _("definition")])
    for label, value in _overview(data):
        writer.writerow(["", "", label, value, count, ""])
    for row in figure_rows(data):
        writer.writerow(["" if v is None else v for v in row])
    for _level, label, n in data["level_rows"]:
        writer.writerow(
            ["", _("Participation in the last 60 days"), label, n, str(UNITS[COUNT]), ""]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def xlsx_bytes(data: dict) -> bytes:
    Sheet = spreadsheets.Sheet
    figures = Sheet(_("Figures"), widths={"B": 34, "C": 40})
    figures.append([_("Laporan Komunitas Praktisi"), data["scope"].label])
    figures.append([_("Period"), data["period"].start, data["period"].end])
    figures.append([])
    figures.append(
        [_("aim"), _("aim name"), _("measure"), _("value"), _("unit"), _("definition")], bold=True
    )
    for label, value in _overview(data):
        figures.append(["", "", label, value, str(UNITS[COUNT]), ""])
    for row in figure_rows(data):
        figures.append(row)
    for _level, label, n in data["level_rows"]:
        figures.append(
            ["", _("Participation in the last 60 days"), label, n, str(UNITS[COUNT]), ""]
        )
    trends = Sheet(_("Trends"))
    for chart in data["charts"]:
        trends.append([chart.title])
        trends.append([""] + [s.name for s in chart.series])
        for label, values in chart.rows:
            trends.append([label, *values])
        trends.append([])
    people = Sheet(_("Communities"))
    people.append([_("Community"), _("Kind"), _("Stage"), _("Regency or city")])
    for community in data["communities_named"]:
        people.append(
            [community.name, community.get_kind_display(), community.get_stage_display(),
             str(community.regency or "")]
        )  # fmt: skip
    if data["communities_hidden"]:
        people.append([_("Private communities (not named)"), data["communities_hidden"]])
    held = Sheet(_("Meetings held"), widths={"B": 30, "C": 40})
    held.append(
        [_("Date"), _("Community"), _("Meeting"), _("Attended"), _("Minutes published")], bold=True
    )
    for row in _meeting_rows(data):
        held.append(row)
    certified = Sheet(certificate_figures.section_title(), widths={"A": 40})
    certified.append(certificate_figures.community_header(), bold=True)
    for row in certificate_figures.community_rows(data["certificates"]):
        certified.append(row)
    return spreadsheets.xlsx_bytes([figures, trends, people, held, certified])


# --- PDF -----------------------------------------------------------------------------------------


def pdf_bytes(data: dict) -> bytes:
    """The report as a PDF (``komunitas.lib.pdf``: every character of a name or a story kept)."""
    pdf = Document(_("Laporan Komunitas Praktisi") + " · " + data["scope"].label, margin=15)
    pdf.add_page()
    width = pdf.epw
    heading, para, table = pdf.heading, pdf.paragraph, pdf.grid

    scope, period = data["scope"], data["period"]
    heading(_("Laporan Komunitas Praktisi"), 18)
    para(f"{scope.kind_label}: {scope.label}", "B")
    para(
        _("Period: %(start)s to %(end)s")
        % {"start": date_format(period.start, "j F Y"), "end": date_format(period.end, "j F Y")}
    )
    para(
        _("Made on %(when)s for %(who)s")
        % {"when": date_format(data["generated"], "j F Y H.i"), "who": data["user"].full_name}
    )
    heading(_("Overview"))
    table([_("What"), _("How many")], _overview(data), (3, 1))
    for aim, aim_label, found in data["aims"]:
        heading(f"{aim}. {aim_label}", 12)
        table(
            [_("Measure"), _("Value"), _("What it counts")],
            [(m.definition.label, m.display, m.definition.words) for m in found],
            (3, 1.2, 5),
        )
    heading(_("Participation in the last 60 days"))
    table([_("Level"), _("Members")], [(label, n) for _l, label, n in data["level_rows"]], (3, 1))
    for chart in data["charts"]:
        if pdf.will_page_break(90):
            pdf.add_page()
        heading(chart.title, 11)
        pdf.image(io.BytesIO(str(chart.svg(title=False)).encode()), w=min(width, 170))
        table(
            ["", *[s.name for s in chart.series]],
            [(label, *values) for label, values in chart.rows],
            (2, *([1] * len(chart.series))),
        )
    heading(_("Communities"))
    if data["communities_named"]:
        table(
            [_("Community"), _("Kind"), _("Stage")],
            [(c.name, c.get_kind_display(), c.get_stage_display()) for c in
             data["communities_named"]],
            (4, 2, 3),
        )  # fmt: skip
    if data["communities_hidden"]:
        para(
            _("And %(n)s private communities, counted in the figures but not named.")
            % {"n": data["communities_hidden"]}
        )
    heading(_("Meetings held"))
    if data["meetings"]:
        table(
            [_("Date"), _("Community"), _("Meeting"), _("Attended"), _("Minutes")],
            [(date_format(day, "j M Y"), community, title, came, minutes)
             for day, community, title, came, minutes in _meeting_rows(data, listed_only=True)],
            (1.6, 2.6, 4, 1.2, 1.2),
        )  # fmt: skip
    elif not data["meetings_hidden"]:
        para(_("No meeting was held in this period."))
    if data["meetings_more"]:
        para(_("And %(n)s more meetings held.") % {"n": data["meetings_more"]})
    if data["meetings_hidden"]:
        para(
            _("%(n)s meetings of private communities, not named.") % {"n": data["meetings_hidden"]}
        )
    heading(certificate_figures.section_title())
    table(
        certificate_figures.community_header(),
        certificate_figures.community_rows(data["certificates"]) or [["—", 0, 0]],
        (5, 1.5, 1),
    )
    heading(_("Partners' commitments"))
    if data["commitments"]:
        table(
            [_("Community"), _("Partner"), _("Support"), _("Status"), _("Due")],
            [
                (c.community.name, c.partner.full_name,
                 f"{c.get_kind_display()}: {c.description}", c.get_status_display(),
                 date_format(c.due_date, "j M Y") if c.due_date else "")
                for c in data["commitments"]
            ],
            (2.5, 2, 4, 1.4, 1.4),
        )  # fmt: skip
    else:
        para(_("No support commitments recorded."))
    heading(_("Value-creation stories shared with partners"))
    if not data["stories"]:
        para(_("No story was shared with partners in this period."))
    for story in data["stories"]:
        where = (
            story.community.name
            if story.community_id in data["readable_communities"]
            else _("a private community")
        )
        heading(story.title, 11)
        para(
            _("%(author)s, %(where)s, %(when)s")
            % {
                "author": story.author.full_name,
                "where": where,
                "when": date_format(story.created_at, "j F Y"),
            },
            "I",
        )
        for label, text in (
            (_("The activity"), story.activity),
            (_("What I got from it"), story.gained),
            (_("What I did with it"), story.applied),
            (_("What changed for my pupils"), story.changed),
        ):
            para(label, "B")
            para(text)
    return bytes(pdf.output())
