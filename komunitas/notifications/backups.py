"""The scheduled backup, as a periodic job of the worker (komunitas/core/backup.py does it)."""

from datetime import timedelta

from komunitas.core.backup import scheduled_backup
from komunitas.notifications.periodic import periodic_job

periodic_job("core.backup", every=timedelta(days=1))(scheduled_backup)
