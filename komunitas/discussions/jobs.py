"""Periodic work of the discussions app (run by ``komunitas worker``)."""

from datetime import timedelta

from komunitas.discussions.actions import do_purge_removed_files
from komunitas.notifications.periodic import periodic_job


@periodic_job("discussions.purge_removed_files", every=timedelta(hours=6))
def purge_removed_files_job(now):
    """Files removed by an edit leave the storage DISCUSSIONS_REMOVED_FILES_DAYS later."""
    return do_purge_removed_files(now=now)
