"""Sessions in the database with a cache in front (Django's ``cached_db``), made so that a
reading page never fails for the session's sake.

An existing session whose update cannot be written (the database is read-only, full, or locked
for longer than the busy timeout) keeps its old stored state and the page is served; a failure
is logged. Creating a session (signing in) still fails loudly: nobody should believe they are
signed in when they are not.
"""

import logging

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)


class SessionStore(CachedDBStore):
    def save(self, must_create=False):
        if must_create or self.session_key is None or connection.in_atomic_block:
            return super().save(must_create)
        try:
            super().save(must_create)
        except UpdateError as error:
            # Django reports a database that refused the update as a session deleted meanwhile
            # (a 400); only the latter is one.
            if not isinstance(error.__context__, DatabaseError):
                raise
            logger.warning("Session not saved: %s", error.__context__)
        except DatabaseError as error:  # autocommit: nothing half-written is left behind
            logger.warning("Session not saved: %s", error)
