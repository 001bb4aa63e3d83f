"""One way to change state: views and forms call the apps' actions, never the ORM's writes
(docs/architecture.md, "Actions").

A change of state written in a view would skip what the action does with it: the log row, the
notification, the search index, the one transaction. This reads the source of every view and form
module and fails on a call that writes rows. ``form.save(commit=False)`` only builds the object an
action then saves, so it is allowed.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "komunitas"
WRITES = {"save", "create", "delete", "bulk_create", "bulk_update", "get_or_create"}
WRITES |= {"update_or_create", "soft_delete", "restore"}
QUERYSET_WRITES = {"update"}  # dict.update is everywhere: only on a queryset


def _modules():
    yield from sorted(ROOT.glob("*/views/*.py"))
    yield from sorted(ROOT.glob("*/views.py"))
    yield from sorted(ROOT.glob("*/forms.py"))


def _builds_only(call: ast.Call) -> bool:
    return any(
        k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in call.keywords
    ) or any(isinstance(a, ast.Constant) and a.value is False for a in call.args)


def _writes(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, receiver = node.func.attr, ast.unparse(node.func.value)
        if name == "save" and _builds_only(node):
            continue
        if name in WRITES or (
            name in QUERYSET_WRITES and (".objects" in receiver or ".filter(" in receiver)
        ):
            yield node.lineno, f"{receiver}.{name}"


@pytest.mark.parametrize("path", list(_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_and_forms_change_state_only_through_actions(path):
    found = [f"{path.relative_to(ROOT)}:{line}: {call}()" for line, call in _writes(path)]
    assert not found, "call a do_* action instead:\n" + "\n".join(found)
