"""The accounts actions called directly (the views' tests cover them through the pages)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from komunitas.accounts.actions import (
    do_erase_account,
    do_request_export,
    do_send_verification,
)
from komunitas.accounts.models import Erasure
from komunitas.notifications.models import Mail
from komunitas.permissions import can

pytestmark = pytest.mark.django_db


def test_an_unfinished_export_is_reused_not_doubled(member, commit):
    with commit():
        first = do_request_export(user=member)
    assert do_request_export(user=member) == first


def test_asking_for_a_new_address_makes_it_pending_and_queues_one_mail_to_it(member):
    mail = do_send_verification(user=member, email="siti.baru@contoh.test")

    member.refresh_from_db()
    assert member.pending_email == "siti.baru@contoh.test"
    assert (mail.to_address, mail.template, mail.recipient) == (
        "siti.baru@contoh.test",
        "confirm-email-change",
        member,
    )
    assert (mail.kind, mail.status) == (Mail.Kind.TRANSACTIONAL, Mail.Status.PENDING)


def test_erasing_twice_records_one_erasure(member):
    first = do_erase_account(user=member, remove_public=False, by_operator=False)
    again = do_erase_account(user=member, remove_public=False, by_operator=False)
    assert first == again
    assert Erasure.objects.count() == 1


def test_only_an_operator_erases_another_members_account(member, outsider, operator):
    assert can(operator, "account.erase_member", member)
    assert not can(operator, "account.erase_member", operator)  # their own: the member's page
    assert not can(outsider, "account.erase_member", member)
    assert not can(AnonymousUser(), "account.erase_member", member)
    do_erase_account(user=member, remove_public=False, by_operator=True)
    member.refresh_from_db()
    assert not can(operator, "account.erase_member", member)  # erased already
