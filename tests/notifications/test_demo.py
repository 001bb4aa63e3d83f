from django.core.management import call_command

from komunitas.notifications.models import Mail, Notification, Preference, QuietHours


def _unread(email):
    return Notification.objects.unread().filter(recipient__email=email).count()


def test_the_demo_accounts_have_unread_notifications_and_a_digest_choice(demo):
    assert _unread("penggerak@demo.test") >= 3
    assert _unread("guru@demo.test") >= 1
    ratna = Preference.objects.get(
        user__email="penggerak@demo.test", kind="communities.join_request"
    )
    assert ratna.delivery == "daily"
    assert QuietHours.objects.filter(user__email="penggerak@demo.test").exists()
    assert Preference.objects.filter(user__email="guru@demo.test", delivery="weekly").exists()
    # The demo mails nobody real: the only mails it queues are the invitations of its imported
    # teachers (docs/onboarding.md), to addresses under demo.test, a name reserved for tests.
    addresses = {mail.address for mail in Mail.objects.select_related("recipient")}
    assert all(address.endswith("@demo.test") for address in addresses), addresses
    assert not Mail.objects.exclude(kind=Mail.Kind.TRANSACTIONAL).exists()


def test_the_demo_notifications_are_built_once(demo):
    before = Notification.objects.count()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.count() == before


def test_the_private_community_leaks_nothing_to_guru(demo):
    private = Notification.objects.filter(
        recipient__email="guru@demo.test", event__title="Lingkar Kepala Sekolah Penggerak"
    )
    assert not private.exists()
