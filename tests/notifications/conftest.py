"""People and communities for the notification tests (tests/fixtures_communities.py): Ratna the
fasilitator, Siti a member, Endang a partner (a principal), Budi the outsider; one public and
one private community."""

import pytest
from django.core.management import call_command

from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)


@pytest.fixture
def run_jobs(run_worker):
    """Start the periodic jobs that are due now, as a worker's scheduler does, and run them."""

    def run():
        call_command("run_jobs", verbosity=0)
        run_worker()

    return run
