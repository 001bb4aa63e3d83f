"""The people of the library (tests/fixtures_communities.py): Ratna the fasilitator, Siti an
anggota, Endang a partner (mitra), Budi the outsider and the operator; a public and a private
community; files to upload. ``login`` here also switches the person to English."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from komunitas.accounts.models import Phase, Subject
from komunitas.pustaka import actions
from komunitas.pustaka.models import Resource
from tests.files import pdf_bytes
from tests.fixtures_communities import *  # noqa: F403  (the people and their communities)

PDF = pdf_bytes()


def pdf(name="modul.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_resource(by, *, community=None, file=True, link="", **fields) -> Resource:
    defaults = {
        "title": "Modul ajar pecahan",
        "kind": Resource.Kind.MODUL_AJAR,
        "audience": Resource.Audience.COMMUNITY if community else Resource.Audience.EVERYONE,
    }
    resource = Resource(community=community, **{**defaults, **fields})
    upload = pdf() if file and not link else None
    if upload is not None:
        upload.content_type = "application/pdf"
    return actions.do_add_resource(resource=resource, by=by, file=upload, link=link)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploads go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def login(client):
    """Log the client in as ``user``, who reads the site in English (messages are asserted)."""

    def as_(user):
        if user.language != "en":
            user.language = "en"
            user.save(update_fields=["language"])
        client.force_login(user)
        return client

    return as_


@pytest.fixture
def matematika(db):
    return Subject.objects.get(code="matematika")


@pytest.fixture
def fase_b(db):
    return Phase.objects.get(code="B")
