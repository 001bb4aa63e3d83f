"""Partnerships' part of the members' data rights: exported, and waiting requests withdrawn."""

from komunitas.core.privacy import parts
from komunitas.partnerships.models import SupportRequest


def _part():
    return next(p.part for p in parts() if p.app == "partnerships")


def test_export_and_erase(sent, partner, fasilitator):
    exported = _part().export(partner)
    assert [row["id"] for row in exported["requests_received"]] == [sent.pk]
    assert [row["id"] for row in _part().export(fasilitator)["requests_asked"]] == [sent.pk]
    _part().erase(partner, remove_public=False)
    sent.refresh_from_db()
    assert sent.status == SupportRequest.Status.WITHDRAWN
