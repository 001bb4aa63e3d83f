"""Every migration can be undone, also with the rows that later code writes (the upgrade policy
in docs/reliability.md: an upgrade that goes wrong is rolled back with `migrate APP N`)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_communities_rolls_back_past_log_rows_without_a_community():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()  # every app: dependants too
    _migrate([("communities", "0006_stakeholder_accounts")])
    apps = (
        MigrationExecutor(connection)
        .loader.project_state(("communities", "0006_stakeholder_accounts"))
        .apps
    )
    Event = apps.get_model("communities", "Event")  # noqa: N806 (a historical model)
    Event.objects.create(community=None, kind="stakeholder_linked")
    try:
        _migrate([("communities", "0005_add_district_stakeholder_map")])
        apps = (
            MigrationExecutor(connection)
            .loader.project_state(("communities", "0005_add_district_stakeholder_map"))
            .apps
        )
        assert not apps.get_model("communities", "Event").objects.exists()
    finally:
        _migrate(latest)
