"""The library's actions: "Simpan ke pustaka" announces to the credited author (and only that
announces anything), versions and votes keep their counts, and a failure part-way through an
action leaves nothing behind."""

import pytest

from komunitas.discussions.actions import do_create_post
from komunitas.discussions.models import Post
from komunitas.notifications.models import Event
from komunitas.pustaka import actions
from komunitas.pustaka.models import Collection, CollectionItem, HelpfulVote, Resource
from tests.pustaka.conftest import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(member, public_community):
    return do_create_post(
        author=member,
        community=public_community,
        kind=Post.Kind.GOOD_PRACTICE,
        title="Pojok baca kelas 1",
        sections={"context": "Kelas 1 dengan 28 murid.", "what_i_did": "Pojok baca bergilir."},
    )


def _saved(post, by, **fields):
    resource = Resource(title="Pojok baca", kind=Resource.Kind.ARTIKEL, **fields)
    return actions.do_save_from_post(resource=resource, post=post, by=by)


def test_saving_someones_work_tells_them_once(practice, fasilitator, member, public_community):
    Event.objects.all().delete()  # what the post itself announced
    resource = _saved(practice, fasilitator)
    event = Event.objects.get()
    assert event.kind == "pustaka.saved_from_discussion"
    assert event.actor == fasilitator and event.target == resource
    assert event.url == resource.get_absolute_url() and event.title == "Pojok baca"
    assert resource.credited_to == member and resource.community == public_community
    assert resource.added_by == fasilitator and resource.source_post == practice


def test_saving_ones_own_work_tells_nobody(practice, member):
    Event.objects.all().delete()
    _saved(practice, member)
    assert not Event.objects.exists()


def test_versions_votes_and_collections_tell_nobody(fasilitator, member, outsider):
    resource = make_resource(fasilitator)
    version = actions.do_add_version(
        resource=resource, by=fasilitator, link="https://contoh.id/v2", change_note="Kunci"
    )
    resource.refresh_from_db()
    assert version.number == 2 and resource.current_version == version
    assert actions.do_vote(resource=resource, member=member)
    assert not actions.do_vote(resource=resource, member=member)
    assert actions.do_vote(resource=resource, member=outsider)
    assert actions.do_unvote(resource=resource, member=outsider)
    resource.refresh_from_db()
    assert resource.helpful_count == 1 == HelpfulVote.objects.count()
    collection = actions.do_create_collection(collection=Collection(title="Bacaan saya"), by=member)
    first, created = actions.do_add_to_collection(
        collection=collection, resource=resource, by=member
    )
    second, _ = actions.do_add_to_collection(
        collection=collection, resource=make_resource(fasilitator, title="Lain"), by=member
    )
    assert created and collection.owner == member
    actions.do_move_collection_item(item=second, direction=-1, by=member)
    order = list(collection.items.order_by("position").values_list("pk", flat=True))
    assert order == [second.pk, first.pk]
    actions.do_remove_from_collection(item=first, by=member)
    assert list(CollectionItem.objects.values_list("pk", flat=True)) == [second.pk]
    actions.do_delete_resource(resource=resource, by=fasilitator)
    assert not Resource.objects.alive().filter(pk=resource.pk).exists()
    assert not Event.objects.exists()


def test_a_resource_whose_file_cannot_be_stored_is_not_added(practice, fasilitator):
    Event.objects.all().delete()
    broken = object()  # not an upload: storing it fails after the resource row is written
    with pytest.raises(AttributeError):
        actions.do_save_from_post(
            resource=Resource(title="Pojok baca", kind=Resource.Kind.ARTIKEL),
            post=practice,
            by=fasilitator,
            file=broken,
        )
    assert not Resource.objects.exists()
    assert not Event.objects.exists()


def test_a_version_whose_file_cannot_be_stored_leaves_the_current_one(fasilitator):
    resource = make_resource(fasilitator)
    current = resource.current_version
    with pytest.raises(AttributeError):
        actions.do_add_version(resource=resource, by=fasilitator, file=object())
    resource.refresh_from_db()
    assert resource.current_version == current and resource.versions.count() == 1
