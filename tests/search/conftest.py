"""People and communities for the search tests: the people of tests/fixtures_communities.py
(Ratna the fasilitator, Siti a member, Endang a partner; Budi the outsider, the operator) in a
public and a private community with longer names and a domain to search for."""

import pytest

from komunitas.search.index import reindex
from tests.factories import make_community
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)
from tests.fixtures_communities import PRIVATE, PUBLIC, populate


@pytest.fixture
def public_community(fasilitator, member, partner):
    community = make_community(
        fasilitator,
        **{
            **PUBLIC,
            "name": "Komunitas Pembelajaran Berdiferensiasi",
            "domain": "Pembelajaran berdiferensiasi di kelas rangkap",
        },
    )
    return populate(community, member, partner)


@pytest.fixture
def private_community(fasilitator, member, partner):
    community = make_community(
        fasilitator,
        **{
            **PRIVATE,
            "name": "Lingkar Kepala Sekolah Rahasia",
            "domain": "Kepemimpinan pembelajaran di sekolah",
        },
    )
    return populate(community, member, partner)


@pytest.fixture
def indexed():
    """Index everything now (tests run inside a transaction: on-commit work would not run)."""
    return lambda: reindex()
