"""Migrations that are safe while old servers still run (docs/migrations.md).

During an upgrade the new code migrates the database while servers of the old release still
serve. A migration must therefore *expand* (add what the new code needs, in a way the old code
does not notice) and never *contract* in the same release (drop or rename what the old code
still reads or writes). ``problems`` reads a migration's operations and says what breaks that:

* a NOT NULL column added without a database default (``db_default``): the old servers insert
  rows without it and fail (a Python ``default`` is not in the database);
* a column or a table removed or renamed, or a table moved: the old servers still use it;
* on PostgreSQL, an index built on an existing table without ``CONCURRENTLY`` (``AddIndex``,
  an indexed or unique new column, a unique constraint): writes to the table wait until it is
  built. Use ``AddIndexConcurrently`` below in a migration with ``atomic = False``;
* a ``RunPython`` or ``RunSQL`` that cannot be reversed.

Migrations applied before this check are listed in ``migration_baseline.txt`` next to this file
(one ``app.name`` a line); ``komunitas check_migrations`` checks every other one.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.postgres.operations import AddIndexConcurrently as _PostgresConcurrently
from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

BASELINE = Path(__file__).with_name("migration_baseline.txt")


class AddIndexConcurrently(_PostgresConcurrently):
    """``AddIndex`` that does not lock writes on PostgreSQL (``CREATE INDEX CONCURRENTLY``; the
    migration needs ``atomic = False``); a plain ``AddIndex`` on SQLite."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_forwards(
            self, app_label, schema_editor, from_state, to_state
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return migrations.AddIndex.database_backwards(
            self, app_label, schema_editor, from_state, to_state
        )


def baseline(path: Path = BASELINE) -> set[str]:
    """The migrations applied before the check: ``app.name`` per line, ``#`` starts a comment."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return {line for line in lines if line}


def _indexed(field) -> bool:
    return bool(field.db_index or field.unique or isinstance(field, models.ForeignKey))


def problems(migration) -> list[str]:
    """What in ``migration`` breaks old servers or cannot be undone, one sentence each."""
    found = []
    new_models = set()  # tables made in this migration: empty, so anything goes on them
    atomic = getattr(migration, "atomic", True)
    for op in migration.operations:
        name = type(op).__name__
        where = f"{name} {getattr(op, 'model_name', '') or getattr(op, 'name', '')}".strip()
        if isinstance(op, migrations.CreateModel):
            new_models.add(op.name_lower)
            continue
        model = getattr(op, "model_name_lower", None)
        fresh = model in new_models
        if isinstance(op, migrations.AddField) and not fresh:
            field = op.field
            if (
                not field.null
                and not field.many_to_many
                and field.db_default is models.NOT_PROVIDED
            ):
                found.append(
                    f"{where}.{op.name}: a NOT NULL column without a database default; "
                    "give it db_default= (old servers insert rows without it) or null=True"
                )
            if _indexed(field) and not field.many_to_many:
                found.append(
                    f"{where}.{op.name}: builds an index on an existing table without "
                    "CONCURRENTLY; add the column with db_index=False (db_constraint for a "
                    "unique one) and the index with AddIndexConcurrently"
                )
        elif isinstance(op, (migrations.RemoveField, migrations.DeleteModel)):
            found.append(
                f"{where}: drops what old servers still use; first stop using it in a release, "
                "drop it in a later one"
            )
        elif isinstance(op, (migrations.RenameField, migrations.RenameModel)):
            found.append(
                f"{where}: renames what old servers still use; add the new one, copy, and drop "
                "the old one in a later release (or keep the column name with db_column)"
            )
        elif isinstance(op, migrations.AlterModelTable):
            found.append(f"{where}: moves the table that old servers still use")
        elif isinstance(op, _PostgresConcurrently):
            if atomic:
                found.append(f"{where}: AddIndexConcurrently needs atomic = False")
        elif isinstance(op, migrations.AddIndex) and not fresh:
            found.append(
                f"{where}: builds an index without CONCURRENTLY; use "
                "komunitas.lib.migrations.AddIndexConcurrently with atomic = False"
            )
        elif isinstance(op, migrations.AddConstraint) and not fresh:
            if isinstance(op.constraint, models.UniqueConstraint):
                found.append(
                    f"{where}: a unique constraint builds its index without CONCURRENTLY; "
                    "build a unique index with AddIndexConcurrently first"
                )
        elif isinstance(op, migrations.RunPython) and not op.reversible:
            found.append(f"{where}: cannot be reversed; give it reverse_code")
        elif isinstance(op, migrations.RunSQL) and not op.reversible:
            found.append(f"{where}: cannot be reversed; give it reverse_sql")
    return found


def check(exempt: set[str] | None = None) -> dict[str, list[str]]:
    """The problems of every migration of the project that is not in the baseline."""
    exempt = baseline() if exempt is None else exempt
    loader = MigrationLoader(None, ignore_no_migrations=True)
    report = {}
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if not type(migration).__module__.startswith("komunitas."):
            continue
        if f"{app}.{name}" in exempt:
            continue
        if found := problems(migration):
            report[f"{app}.{name}"] = found
    return report
