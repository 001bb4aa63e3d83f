import pytest

from komunitas.permissions import actions, can, rule
from tests.factories import make_user


def test_an_action_without_a_rule_is_denied(member):
    assert not can(member, "nothing.registered")


def test_a_rule_is_registered_once():
    with pytest.raises(ValueError):
        rule("account.view_profile")(lambda user, obj: True)


def test_anonymous_visitors_are_denied_member_actions(db, member):
    from django.contrib.auth.models import AnonymousUser

    from komunitas.permissions import _RULES

    public = {action for action in actions() if getattr(_RULES[action], "allows_anonymous", False)}
    # The only thing anyone may do without an account: check a certificate's QR code.
    assert public == {"certificate.verify"}
    for action in set(actions()) - public:
        assert not can(AnonymousUser(), action, member), action


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("viewer", "action", "expected"),
    [
        ("self", "account.view_profile", True),
        ("other", "account.view_profile", True),
        ("operator", "account.view_profile", True),
        ("self", "account.view_contact", True),
        ("other", "account.view_contact", False),
        ("operator", "account.view_contact", True),
        ("self", "schools.import", False),
        ("other", "schools.import", False),
        ("operator", "schools.import", True),
    ],
)
def test_account_permission_matrix(member, outsider, operator, viewer, action, expected):
    person = {"self": member, "other": outsider, "operator": operator}[viewer]
    assert can(person, action, member) is expected


def test_a_deactivated_member_can_do_nothing(db):
    gone = make_user(is_active=False)
    assert not can(gone, "account.view_profile", gone)
