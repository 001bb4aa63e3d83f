"""Database helpers shared by the apps."""

import logging
from contextlib import contextmanager

from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)


@contextmanager
def best_effort(what: str):
    """Run a write that a reading page makes for its own bookkeeping (a read, a view count) so
    that its failure never fails the page: when the database cannot write (locked for too long,
    a read-only or full disk), the write is logged as lost and the page goes on.

    Pages run in autocommit, where a failed statement leaves nothing behind. Inside a
    transaction (a caller's ``atomic``) a failure is raised as usual: on PostgreSQL it has
    broken the transaction, and pretending otherwise would fail later and further away."""
    if connection.in_atomic_block:
        yield
        return
    try:
        yield
    except DatabaseError as error:
        logger.warning("%s not recorded: %s", what, error)
