from django.core.management.base import BaseCommand
from django.db import connection

from komunitas.core.backup import create_backup, get_target
from komunitas.core.demo import DEMO_PASSWORD, build_demo

ACCOUNTS = [
    ("penggerak@demo.test", "guru penggerak, facilitator of every demo community"),
    ("guru@demo.test", "guru, member of two communities"),
    ("kepsek@demo.test", "kepala sekolah"),
    ("pengawas@demo.test", "pengawas sekolah"),
    ("dinas@demo.test", "Dinas Pendidikan of the demo kabupaten"),
    ("admin@demo.test", "operator (staff, superuser)"),
]


class Command(BaseCommand):
    help = "Build the demo district (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        self.stdout.write("Building the demo district:")
        build_demo(log=self.stdout.write)
        # A first backup, so the operator's backups page shows one at work (not when the demo
        # is built inside a transaction, as in tests: a backup sees committed data only).
        if not get_target().list() and not connection.in_atomic_block:
            path = create_backup("demo")
            self.stdout.write(f"\nA first backup: {path}")
        self.stdout.write(f"\nDemo accounts (password: {DEMO_PASSWORD}):")
        for email, who in ACCOUNTS:
            self.stdout.write(f"  {email:<22} {who}")
