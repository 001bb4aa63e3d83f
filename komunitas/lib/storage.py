"""The storages for uploaded files: Django's own, reporting every file they write to
``komunitas.lib.uploads`` so that a transaction that rolls back deletes its files again
(``uploads.atomic``), and removing what a write that failed half way left behind.

``FILE_STORAGE_BACKEND`` defaults to ``FileSystemStorage`` here; ``S3_BUCKET`` chooses
``S3Storage``. Another backend named by ``FILE_STORAGE_BACKEND`` works, without that cleanup,
unless it mixes in ``CleansUp``.
"""

from __future__ import annotations

import os

from django.core.files import storage as django_storage

from komunitas.lib import uploads


class CleansUp:
    """Mixed into a storage: tell ``uploads`` what was written; delete a half-written file."""

    def _save(self, name, content):
        # save() chose a name that was free: what is there after a failed write is its remains.
        was_there = self._was_there(name)
        try:
            name = super()._save(name, content)  # type: ignore[misc]
        except BaseException:
            if not was_there:
                uploads.delete_stored([(self, name)])
            raise
        uploads.file_stored(self, name)
        return name

    def _was_there(self, name) -> bool:
        return False


class FileSystemStorage(CleansUp, django_storage.FileSystemStorage):
    def _was_there(self, name) -> bool:
        return os.path.lexists(self.path(name))


try:
    from storages.backends.s3 import S3Storage as _S3Storage
except ImportError:  # the s3 extra is not installed
    pass
else:

    class S3Storage(CleansUp, _S3Storage):
        pass
