"""The action table is the single source of menus, shortcuts, the keyboard dialog and docs/keyboard.md."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from annotator.gui import actions

pytestmark = pytest.mark.gui
DOC = Path(__file__).resolve().parents[2] / "docs" / "keyboard.md"


def test_keyboard_reference_matches_the_table():
    assert DOC.read_text(encoding="utf-8") == actions.keyboard_markdown(), \
        "docs/keyboard.md is stale: python -m annotator.gui.actions > docs/keyboard.md"


def test_every_action_has_a_handler_and_no_key_is_bound_twice(synthetic_db, make_window):
    handlers = make_window(synthetic_db).handlers()
    assert set(handlers) == {spec.id for spec in actions.ACTIONS}  # no action without one, no stale entry
    for spec in actions.ACTIONS:
        assert callable(handlers[spec.id]), spec.id
        assert spec.menu in actions.MENUS
    keys = Counter(QKeySequence(k).toString() for spec in actions.ACTIONS for k in spec.shortcuts)
    assert [k for k, n in keys.items() if n > 1] == []
    ids = Counter(spec.id for spec in actions.ACTIONS)
    assert max(ids.values()) == 1


def test_field_mnemonics_never_collide_with_the_menu_bar():
    menu_letters = {actions.mnemonic(label) for label in actions.MENU_LABELS.values()}
    for fields in (actions.EVENT_FIELDS, actions.FACT_FIELDS):
        letters = [actions.mnemonic(label) for label in fields.values()]
        assert len(letters) == len(set(letters)), letters
        assert not set(letters) & menu_letters


def test_menus_and_dialog_are_built_from_the_table(synthetic_db, make_window, qtbot):
    window = make_window(synthetic_db)
    for spec in actions.ACTIONS:
        act = window.actions_by_id[spec.id]
        assert [k.toString() for k in act.shortcuts()] == [QKeySequence(k).toString() for k in spec.shortcuts]
        menu = next(m for m in window.menuBar().actions() if m.text() == actions.MENU_LABELS[spec.menu]).menu()
        assert act in menu.actions()
    window.navigation.show_keyboard_help()
    table = window._help.table
    shown = [tuple(table.item(r, c).text() for c in range(4)) for r in range(table.rowCount())]
    assert shown == actions.keyboard_rows()
    labels = {lab.text() for lab in window.inspector.findChildren(QLabel)}
    assert set(actions.EVENT_FIELDS.values()) | set(actions.FACT_FIELDS.values()) <= labels
