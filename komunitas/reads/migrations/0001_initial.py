"""ReadActivity moves here from insights. The table stays (``insights_readactivity``): this
migration only tells Django's state that the model is now ``reads.ReadActivity``; insights'
0006 removes it from insights' state. Nothing is written to either database."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("communities", "0008_log_entry"),
        ("insights", "0005_verbose_names_of_new_models"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ReadActivity",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("day", models.DateField(verbose_name="day")),
                        (
                            "community",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                to="communities.community", verbose_name="community",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                to=settings.AUTH_USER_MODEL, verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "read activity",
                        "verbose_name_plural": "read activity",
                        "db_table": "insights_readactivity",
                        "indexes": [
                            models.Index(
                                fields=["community", "day"], name="insights_re_communi_bb402e_idx"
                            ),
                            models.Index(fields=["day"], name="insights_re_day_2e10b9_idx"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "community", "day"), name="read_once_a_day"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
