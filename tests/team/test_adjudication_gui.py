"""Adjudication by keyboard in the window: walk the disagreements, take a version, undo it."""
from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

import annotator.gui  # noqa: E402,F401
from annotator.store import Store  # noqa: E402
from annotator.team import counted_decisions, merge_databases  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path, two_reviewers):
    from PySide6.QtCore import QSettings

    from annotator.gui.main_window import MainWindow

    out = tmp_path / "team.db"
    merge_databases(list(two_reviewers), out)
    w = MainWindow(out, reviewer="carol", settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                   warm_pipeline=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.view.setFocus()
    return w


def key(qtbot, w, k, mod=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(w.focusWidget() or w, k, mod)


def _counted(path):
    with Store(path) as s:
        return {s.event(c.event_id).type: (c.status, c.basis) for c in counted_decisions(s).values()
                if c.document_id == 1}


def test_take_a_version_by_keyboard_then_undo(window, qtbot, tmp_path):
    w, adj = window, window.adjudication
    key(qtbot, w, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentWidget() is adj
    assert len(adj.queue) == 2 and "Disagreement 1 of 2" in adj.header.text()
    assert adj.reviewers() == ["alice", "bob"]
    # The first disagreement is the drone strike: alice says two killed, bob three; the table shows both.
    assert adj.table.item(list(adj.table.verticalHeaderItem(r).text() for r in range(adj.table.rowCount()))
                          .index("killed"), 1).text() == "3"
    assert "drone strike" in adj.passage.toPlainText()
    key(qtbot, w, Qt.Key.Key_G)  # next: the patrol, accepted by alice, rejected by bob
    assert "Disagreement 2 of 2" in adj.header.text()
    key(qtbot, w, Qt.Key.Key_G, Qt.KeyboardModifier.ShiftModifier)
    assert "Disagreement 1 of 2" in adj.header.text()

    key(qtbot, w, Qt.Key.Key_2)  # bob's version of the drone strike
    counted = _counted(tmp_path / "team.db")
    assert counted["drone_strike"] == ("accepted", "curated")
    with Store(tmp_path / "team.db") as s:
        ev = next(e for e in s.events(1) if e.type == "drone_strike")
        assert ev.count("killed") == 3 and ev.origin == "adjudication" and ev.reviewer == "carol"
        assert s.decisions()[-1]["action"] == "adjudicate" and s.decisions()[-1]["reviewer"] == "carol"
    assert len(adj.queue) == 1 and "Disagreement 1 of 1" in adj.header.text()  # the bus refreshed the queue

    key(qtbot, w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo, as any review step
    assert _counted(tmp_path / "team.db")["drone_strike"] == ("pending", "disagreed")
    assert len(adj.queue) == 2 and "Disagreement 2 of 2" in adj.header.text()  # still on the patrol

    key(qtbot, w, Qt.Key.Key_1)  # alice's acceptance of the patrol
    assert _counted(tmp_path / "team.db")["patrol"] == ("accepted", "curated")


def test_digits_do_nothing_outside_the_adjudication_tab(window, qtbot, tmp_path):
    before = _counted(tmp_path / "team.db")
    key(qtbot, window, Qt.Key.Key_1)
    assert window.tabs.currentIndex() == 0
    assert _counted(tmp_path / "team.db") == before


def test_screenshot(window, qtbot, tmp_path):
    key(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    window.resize(1300, 760)
    path = os.environ.get("ANNOTATOR_SCREENSHOT_DIR")
    image = window.grab()
    assert not image.isNull()
    if path:
        image.save(os.path.join(path, "adjudication.png"))


def test_agreement_tab_follows_an_adjudication(window, qtbot, tmp_path):
    key(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.agreement
    text = window.agreement.browser.toPlainText()
    assert "alice / bob" in text and "0.500" in text  # the pair's kappa (see test_team_commands)
    assert "carol" not in text
    key(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, window, Qt.Key.Key_1)
    key(qtbot, window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    # The adjudicator's decision is this file's own: the by-reviewer table now lists carol.
    assert "carol" in window.agreement.browser.toPlainText()
    path = os.environ.get("ANNOTATOR_SCREENSHOT_DIR")
    if path:
        window.grab().save(os.path.join(path, "agreement.png"))


def test_edit_in_the_review_tab_then_it_counts_as_settled(window, qtbot, tmp_path):
    w = window
    key(qtbot, w, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    event_id = w.adjudication.current.event_id
    key(qtbot, w, Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)
    assert w.tabs.currentIndex() == 0 and w.current_key == ("event", event_id)
    item = w.session.item(("event", event_id))
    w.runner.run("edit", lambda: w.session.edit(item.key, {"killed": 4}))
    with Store(tmp_path / "team.db") as s:
        assert s.event(event_id).count("killed") == 4
        assert counted_decisions(s)[event_id].basis == "curated"
