"""The search lists a meeting under the day it takes place, not the day it was planned
(meetings/search.py): existing entries are moved over here; `komunitas reindex meetings.meeting`
would do the same. Nothing to do where the search app is not installed or has no entries yet."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def date_entries_by_the_meeting_day(apps, schema_editor):
    try:
        SearchEntry = apps.get_model("search", "SearchEntry")
    except LookupError:
        return
    if "search_searchentry" not in schema_editor.connection.introspection.table_names():
        return
    Meeting = apps.get_model("meetings", "Meeting")
    starts = Meeting.objects.filter(pk=OuterRef("object_id")).values("starts_at")[:1]
    SearchEntry.objects.filter(source="meetings.meeting").update(created_at=Subquery(starts))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_add_meeting_posts")]

    operations = [migrations.RunPython(date_entries_by_the_meeting_day, migrations.RunPython.noop)]
