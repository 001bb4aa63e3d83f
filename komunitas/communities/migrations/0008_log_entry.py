"""The community's log gets its own name (it was ``Event``, like the notification stream)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0007_verbose_names_id"),
    ]

    operations = [
        migrations.RenameModel("Event", "LogEntry"),
        migrations.AlterModelOptions(
            name="logentry",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "community log entry",
                "verbose_name_plural": "community log entries",
            },
        ),
        migrations.AlterField(
            model_name="logentry",
            name="community",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="log_entries",
                to="communities.community",
                verbose_name="community",
            ),
        ),
        migrations.RenameIndex(
            model_name="logentry",
            new_name="communities_communi_046ff2_idx",
            old_name="communities_communi_69eca2_idx",
        ),
    ]
