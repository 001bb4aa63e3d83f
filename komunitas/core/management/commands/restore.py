from django.core.management.base import BaseCommand, CommandError

from komunitas.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and media folder (a new DATA_DIR or a "
        "new PostgreSQL database), then check its row counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database and media folder that are not empty.",
        )

    def handle(self, *args, archive, force, **options):
        try:
            manifest = restore_backup(archive, force=force, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"Restored {sum(tables.values())} rows in {len(tables)} tables and "
            f"{manifest['files']['count']} files from the backup of {manifest['created']}; "
            "counts and checksums match."
        )
