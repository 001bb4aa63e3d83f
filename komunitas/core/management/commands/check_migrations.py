"""Fail when a migration would break old servers during an upgrade (docs/migrations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from komunitas.lib import migrations


class Command(BaseCommand):
    help = (
        "Check every migration not in the baseline: no NOT NULL column without db_default, no "
        "drop or rename, indexes built CONCURRENTLY on PostgreSQL, every data step reversible."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--baseline", type=Path, default=migrations.BASELINE, help="the list of exceptions"
        )

    def handle(self, *args, baseline: Path, **options):
        exempt = migrations.baseline(baseline)
        report = migrations.check(exempt)
        for name, found in report.items():
            self.stderr.write(f"{name}:")
            for problem in found:
                self.stderr.write(f"  - {problem}")
        if report:
            raise CommandError(
                f"{len(report)} migration(s) not safe while old servers run; see "
                "docs/migrations.md (fix them, or add them to the baseline with the reason)."
            )
        self.stdout.write(f"Migrations safe to run beside old servers ({len(exempt)} in baseline).")
