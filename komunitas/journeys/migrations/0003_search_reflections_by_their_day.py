"""The search lists a reflection under its own date (written_on, which its author may date back),
not the day it was typed in (journeys/search.py): existing entries are moved over here;
`komunitas reindex journeys.reflection` would do the same."""

import datetime
import zoneinfo

from django.conf import settings
from django.db import migrations


def date_entries_by_the_reflection_day(apps, schema_editor):
    try:
        SearchEntry = apps.get_model("search", "SearchEntry")
    except LookupError:
        return
    if "search_searchentry" not in schema_editor.connection.introspection.table_names():
        return
    Reflection = apps.get_model("journeys", "Reflection")
    noon = datetime.time(12, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    days = dict(Reflection.objects.values_list("pk", "written_on"))
    for entry in SearchEntry.objects.filter(source="journeys.reflection").only("object_id"):
        if entry.object_id in days:
            entry.created_at = datetime.datetime.combine(days[entry.object_id], noon)
            entry.save(update_fields=["created_at"])


class Migration(migrations.Migration):
    dependencies = [("journeys", "0002_link_posts_and_follow_ups")]

    operations = [
        migrations.RunPython(date_entries_by_the_reflection_day, migrations.RunPython.noop)
    ]
