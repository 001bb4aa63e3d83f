"""Every kind of notification names a permission rule that exists.

Fan-out keeps only the people for whom ``can(user, kind.action, target)`` holds, and an action
with no rule is denied: a kind whose action is misspelt would silently reach no one. New apps
register kinds of their own; this catches the slip in any of them.
"""

from komunitas.notifications import kinds
from komunitas.permissions import actions


def test_every_kind_is_checked_by_a_registered_rule():
    missing = {kind.key: kind.action for kind in kinds.all_kinds() if kind.action not in actions()}
    assert missing == {}


def test_every_kind_is_offered_to_some_group_and_reads_in_words():
    for kind in kinds.all_kinds():
        assert set(kind.for_whom) <= kinds.GROUPS, kind.key
        assert str(kind.label).strip(), kind.key
