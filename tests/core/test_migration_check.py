"""The migration check (komunitas/lib/migrations.py, docs/migrations.md) refuses what breaks
old servers during an upgrade, and lets through what expands safely."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader

from komunitas.lib.migrations import BASELINE, AddIndexConcurrently, baseline, problems


def migration(*operations, atomic=True):
    made = migrations.Migration("0099_under_test", "discussions")
    made.operations = list(operations)
    made.atomic = atomic
    return made


def text_field(**kwargs):
    return models.CharField(max_length=20, verbose_name="x", **kwargs)


@pytest.mark.parametrize(
    ("operation", "says"),
    [
        (migrations.AddField("draft", "mood", text_field(default="")), "NOT NULL column"),
        (migrations.AddField("draft", "mood", text_field(null=True, db_index=True)), "index"),
        (
            migrations.AddField(
                "draft", "post", models.ForeignKey("discussions.Post", models.CASCADE, null=True)
            ),
            "index",
        ),
        (migrations.RemoveField("draft", "title"), "drops"),
        (migrations.DeleteModel("Draft"), "drops"),
        (migrations.RenameField("draft", "title", "heading"), "renames"),
        (migrations.RenameModel("Draft", "Concept"), "renames"),
        (migrations.AlterModelTable("draft", "concepts"), "moves the table"),
        (migrations.AddIndex("draft", models.Index(fields=["key"], name="d_key")), "CONCURRENTLY"),
        (
            migrations.AddConstraint(
                "draft", models.UniqueConstraint(fields=["key"], name="d_key_once")
            ),
            "unique constraint",
        ),
        (migrations.RunPython(lambda apps, schema: None), "reverse_code"),
        (migrations.RunSQL("UPDATE discussions_draft SET title = ''"), "reverse_sql"),
    ],
)
def test_what_breaks_old_servers_is_refused(operation, says):
    found = problems(migration(operation))
    assert len(found) >= 1 and says in " ".join(found), found


def test_safe_expansions_pass():
    index = models.Index(fields=["key"], name="d_key")
    assert problems(migration(
        migrations.AddField("draft", "mood", text_field(db_default="")),
        migrations.AddField("draft", "note", text_field(null=True)),
        AddIndexConcurrently("draft", index),
        migrations.RunPython(lambda apps, schema: None, migrations.RunPython.noop),
        migrations.CreateModel("Fresh", [("id", models.AutoField(primary_key=True)),
                                         ("key", text_field(db_index=True))]),
        migrations.AddIndex("fresh", models.Index(fields=["key"], name="f_key")),
        migrations.AddField("fresh", "other", text_field(default="")),
        atomic=False,
    )) == []  # fmt: skip


def test_a_concurrent_index_needs_a_migration_outside_a_transaction():
    op = AddIndexConcurrently("draft", models.Index(fields=["key"], name="d_key"))
    assert "atomic = False" in problems(migration(op))[0]


def test_every_existing_migration_is_in_the_baseline_or_passes():
    call_command("check_migrations")  # the step of scripts/test: no error


def test_a_bad_migration_outside_the_baseline_fails_the_check(tmp_path, capsys):
    shorter = tmp_path / "baseline.txt"
    shorter.write_text(BASELINE.read_text().replace("communities.0008_log_entry", "# gone"))
    with pytest.raises(CommandError, match="1 migration"):
        call_command("check_migrations", baseline=shorter)
    said = capsys.readouterr().err
    assert "communities.0008_log_entry" in said and "RenameModel" in said


def test_the_baseline_names_only_migrations_that_exist():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert baseline() <= {f"{app}.{name}" for app, name in loader.disk_migrations}


@pytest.mark.django_db(transaction=True)
def test_add_index_concurrently_builds_and_drops_the_index_on_this_database():
    index = models.Index(fields=["key", "updated_at"], name="draft_key_updated")
    operation = AddIndexConcurrently("draft", index)
    before = MigrationLoader(connection).project_state()
    after = before.clone()
    operation.state_forwards("discussions", after)
    with connection.schema_editor(atomic=False) as editor:
        operation.database_forwards("discussions", editor, before, after)
    with connection.cursor() as cursor:
        names = connection.introspection.get_constraints(cursor, "discussions_draft")
    assert "draft_key_updated" in names
    with connection.schema_editor(atomic=False) as editor:
        operation.database_backwards("discussions", editor, after, before)
    with connection.cursor() as cursor:
        assert "draft_key_updated" not in connection.introspection.get_constraints(
            cursor, "discussions_draft"
        )
