from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from komunitas.core.backup import BackupError, DirectoryTarget, create_backup, get_target, prune


class Command(BaseCommand):
    help = (
        "Write one backup archive (database copied consistently while the site runs, uploaded "
        "files, manifest with row counts and checksums) to BACKUP_DIR or --dir."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Folder for the archive (default: BACKUP_DIR).")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Then delete old archives beyond BACKUP_KEEP_DAILY and BACKUP_KEEP_WEEKLY.",
        )

    def handle(self, *args, dir, prune: bool, verbosity, **options):
        from django.conf import settings

        target = DirectoryTarget(Path(dir)) if dir else get_target()
        try:
            path = create_backup("manual", target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if prune:
            for name in _prune(target, settings):
                self.stdout.write(f"deleted {name}")
        self.stdout.write(str(path))


def _prune(target, settings):
    return prune(target, settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY)
