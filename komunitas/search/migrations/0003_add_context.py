"""A context shown with a result but not searched: a reply is found by its own words, and shown
under its post's title (before, the post's title was a reply's searched title, so one thread was
found once per reply). Existing reply entries are moved over here; `komunitas reindex` would do
the same."""

from django.db import migrations, models


def replies_title_to_context(apps, schema_editor):
    SearchEntry = apps.get_model("search", "SearchEntry")
    replies = SearchEntry.objects.filter(source="discussions.reply")
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "UPDATE search_fts SET title = '' WHERE rowid IN "
            "(SELECT id FROM search_searchentry WHERE source = 'discussions.reply')"
        )
    replies.update(context=models.F("title"), title="")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="context",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="title",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.RunPython(replies_title_to_context, migrations.RunPython.noop),
    ]
