"""ReadActivity now belongs to the reads app (reads 0001); its table stays where it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0005_verbose_names_of_new_models"),
        ("reads", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="ReadActivity")],
        ),
    ]
