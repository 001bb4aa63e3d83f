from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from komunitas.accounts.actions import do_import_schools


class Command(BaseCommand):
    help = "Import schools from a CSV file (npsn, name, level, status, regency_code, ...)."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options):
        try:
            text = csv_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {csv_file}: {error}") from error
        result = do_import_schools(text=text)
        if not result.ok:
            for line, reason in result.errors:
                self.stderr.write(f"{csv_file}:{line}: {reason}")
            raise CommandError(f"Nothing imported: {len(result.errors)} bad row(s).")
        self.stdout.write(f"{result.created} schools added, {result.updated} updated.")
