"""The learning loop in the window, with the keyboard: Train model… (background, cancel), the Models tab (the same
figures as `annotator evaluate --db --model ID`, activation), the Rules tab (as `annotator rules`), the Possibly
missed queue (M walks, N adds) and the origin filter. Every test checks the database rows after the action."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.cli import main as cli
from annotator.domain import Event
from annotator.store import Store
from annotator.train.model import Settings
from test_gui_keyboard_review import Keys

pytestmark = pytest.mark.gui
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
REVIEWER = "tester"


@pytest.fixture(scope="module")
def reviewed_template(tmp_path_factory) -> Path:
    from train.conftest import build_reviewed_db  # the training tests' reviewed database (patrols all rejected)

    base = tmp_path_factory.mktemp("learn")
    build_reviewed_db(base / "reviewed.db", base / "reports")
    return base / "reviewed.db"


@pytest.fixture
def reviewed_db(reviewed_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "reviewed.db"
    shutil.copy(reviewed_template, target)
    return target


@pytest.fixture(scope="module")
def trained_template(tmp_path_factory, reviewed_template: Path) -> Path:
    from annotator.train.registry import train_and_register

    db = tmp_path_factory.mktemp("learn-trained") / "trained.db"
    shutil.copy(reviewed_template, db)
    with Store(db) as store:
        train_and_register(store, reviewer=REVIEWER, settings=Settings(epochs=3))
    return db


@pytest.fixture
def trained_db(trained_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "trained.db"
    shutil.copy(trained_template, target)
    shutil.copytree(trained_template.parent / "models", tmp_path / "models")
    with Store(target) as store:
        for m in store.models():
            store.db.execute("UPDATE models SET path = ? WHERE id = ?",
                             [str(tmp_path / "models" / Path(m["path"]).name), m["id"]])
            store.db.conn.commit()
    return target


def cli_json(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_train_model_runs_in_the_background_and_records_the_model(reviewed_db, make_window, qtbot):
    window = make_window(reviewed_db)
    window.learning.train_settings = Settings(epochs=2)
    Keys(qtbot, window)("T", CTRL_SHIFT)
    dialog = window.learning.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=240000)
    assert dialog.error is None, dialog.error
    with Store(reviewed_db) as store:
        models = store.models()
        assert [m["id"] for m in models] == [dialog.entry["id"]] and models[0]["active"]
        assert Path(models[0]["path"]).is_dir()
        logged = store.decisions(object_type="model")
        assert [d["action"] for d in logged] == ["train"] and logged[0]["reviewer"] == REVIEWER
    # The epochs went through the progress bar and the log; the scores are shown side by side.
    assert "epoch 2/2" in dialog.log.toPlainText()
    header = [dialog.overall.horizontalHeaderItem(c).text() for c in range(dialog.overall.columnCount())]
    assert header == ["figure", "rules", "model", "combined"]
    assert dialog.per_type.rowCount() >= 2
    # The Models tab lists it (the watcher brought the worker's commit onto the bus).
    dialog.accept()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    Keys(qtbot, window)("M", CTRL_SHIFT)
    assert window.tabs.currentWidget() is window.learning.models
    assert window.learning.models.table.rowCount() == 1
    assert window.learning.models.table.item(0, 1).text() == "✓"


def test_cancel_stops_training_and_writes_no_model(reviewed_db, make_window, qtbot):
    window = make_window(reviewed_db)
    window.learning.train()
    dialog = window.learning.dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    Keys(qtbot, window)(Qt.Key.Key_Escape)  # Esc cancels first; the dialog stays to say so
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=120000)
    assert dialog.entry is None and dialog.error == "training cancelled"
    with Store(reviewed_db) as store:
        assert store.models() == [] and store.decisions(object_type="model") == []
    assert not (reviewed_db.parent / "models").exists() or not any((reviewed_db.parent / "models").iterdir())
    Keys(qtbot, window)(Qt.Key.Key_Escape)  # now Esc closes it
    assert not dialog.isVisible()


def test_training_with_nothing_reviewed_says_so_in_one_line(synthetic_db, make_window, qtbot):
    window = make_window(synthetic_db)
    window.learning.train()
    dialog = window.learning.dialog
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert dialog.entry is None and dialog.error and "\n" not in dialog.error
    assert dialog.result.text().startswith("Not trained:")
    with Store(synthetic_db) as store:
        assert store.models() == []


def test_models_tab_shows_the_evaluate_figures_and_activates(trained_db, make_window, qtbot):
    from annotator.gui import score_tables as st

    window = make_window(trained_db)
    keys = Keys(qtbot, window)
    keys("M", CTRL_SHIFT)
    view = window.learning.models
    assert window.tabs.currentWidget() is view and view.table.hasFocus()
    model_id = view.entries[0]["id"]
    # Evaluate again = `annotator evaluate --db --model ID`, cell for cell.
    assert view.selected_id() == model_id, view.note.text()
    view.evaluate_button.click()
    qtbot.waitUntil(lambda: model_id in view.evaluated_now or view.note.text().startswith("Not"), timeout=120000)
    assert model_id in view.evaluated_now, view.note.text()
    expected = cli_json("evaluate", "--db", trained_db, "--model", model_id, "--json")
    assert st.cells(view.overall) == st.overall_rows(expected)[1]
    assert st.cells(view.per_type) == st.per_type_rows(expected)[1]
    strict = next(r for r in st.cells(view.overall) if r[0] == "strict F1")
    assert strict[1:] == [f"{expected[k]['strict']['f1']:.3f}" for k in ("rules", "model", "combined")]
    # The rules alone, then Enter on the selected model: the store's active model and the log follow.
    view.rules_button.click()
    with Store(trained_db) as store:
        assert store.active_model() is None
    view.table.setFocus()
    keys(Qt.Key.Key_Home)
    assert view.table.hasFocus() and view.selected_id() == model_id, QApplication.focusWidget()
    keys(Qt.Key.Key_Return)
    with Store(trained_db) as store:
        assert store.active_model()["id"] == model_id
        assert [d["action"] for d in store.decisions(object_type="model")] == ["train", "activate", "activate"]
    assert view.table.item(0, 1).text() == "✓" and f"model {model_id}" in view.active_label.text()


def test_activating_a_model_whose_folder_is_gone_is_refused(trained_db, make_window, qtbot):
    window = make_window(trained_db)
    window.learning.activate(None)
    with Store(trained_db) as store:
        row = store.models()[0]
    shutil.rmtree(row["path"])
    window.learning.show_models()
    assert window.learning.models.table.item(0, 8).text() == "folder missing"
    window.learning.activate(row["id"])
    qtbot.waitUntil(lambda: window._message is not None and window._message.isVisible(), timeout=5000)
    assert "\n" not in window._message.text()
    with Store(trained_db) as store:
        assert store.active_model() is None


def test_rules_tab_is_annotator_rules_with_low_precision_flagged(reviewed_db, make_window, qtbot):
    from annotator.gui.rules_view import FLAG_BG, row_cells

    from annotator.train.rules_report import rule_precision

    with Store(reviewed_db) as store:  # a reviewer who rejects every candidate of one rule
        rule = min((r for r in rule_precision(store) if r["proposed"] >= 5 and r["origin"] == "rules"),
                   key=lambda r: r["proposed"])["rule"]
        for ev in store.events():
            if ev.rule == rule:
                store.reject_event(ev.id, reviewer=REVIEWER, reason="wrong type")
    window = make_window(reviewed_db)
    Keys(qtbot, window)("P", CTRL_SHIFT)
    view = window.learning.rules
    assert window.tabs.currentWidget() is view
    expected = cli_json("rules", "--db", reviewed_db, "--json")
    shown = [[view.table.item(r, c).text() for c in range(view.table.columnCount())]
             for r in range(view.table.rowCount())]
    assert shown == [[str(x) for x in row_cells(r)] for r in expected]
    flagged = [i for i, r in enumerate(expected) if r["flagged"]]
    assert expected[flagged[0]]["rule"] == rule and expected[flagged[0]]["reasons"] == {"wrong type": 5}
    assert all(expected[i]["accepted"] / (expected[i]["accepted"] + expected[i]["rejected"]) < 0.5 for i in flagged)
    assert view.table.item(flagged[0], 1).background().color() == FLAG_BG
    # A decision in Review reaches the tab: reject one accepted candidate of a rule, its count goes up.
    with Store(reviewed_db) as store:
        doc = store.documents()[0]
        ev = next(e for e in store.events(doc.id) if e.status == "accepted" and e.origin == "rules")
    before = next(r for r in view.rows if r["rule"] == ev.rule)["rejected"]
    window.tabs.setCurrentIndex(0)
    window.open_document(doc.id)
    window.select(("event", ev.id))
    window.review.reject(("event", ev.id), None)
    Keys(qtbot, window)("P", CTRL_SHIFT)
    qtbot.waitUntil(lambda: next(r for r in view.rows if r["rule"] == ev.rule)["rejected"] == before + 1,
                    timeout=5000)


def test_possibly_missed_walk_with_m_and_add_with_n(reviewed_db, make_window, qtbot):
    window = make_window(reviewed_db)
    keys = Keys(qtbot, window)
    missed = window.learning.missed
    keys("m")  # the first M finds the queue (no model: trigger words of rejected patrols), then walks to it
    assert window.learning.missed_dock.isVisible()
    qtbot.waitUntil(lambda: missed.loaded and missed.index is not None, timeout=120000)
    first = missed.rows[0]
    assert window.document_id == first["document_id"]
    assert window.view.selection_span() == (first["start"], first["end"])
    n_rows = len(missed.rows)
    keys("m")
    if n_rows > 1:
        assert missed.index == 1
    keys("m", Qt.KeyboardModifier.ShiftModifier)
    assert missed.index == 0 and missed.current() == first
    with Store(reviewed_db) as store:
        before = {e.id for e in store.events(first["document_id"])}
    window.view.setFocus()
    keys("n")  # no type menu: the suggested type at once
    assert window.review.popup is None or not window.review.popup.isVisible()
    with Store(reviewed_db) as store:
        added = [e for e in store.events(first["document_id"]) if e.id not in before]
        assert len(added) == 1
        ev = added[0]
        assert (ev.type, ev.origin, ev.status) == (first["type"], "reviewer", "accepted")
        assert first["start"] <= ev.start < ev.end <= first["end"]
        assert store.decisions()[-1]["action"] == "add" and store.decisions()[-1]["object_id"] == ev.id
    assert len(missed.rows) == n_rows - 1 and first not in missed.rows
    assert window.current_key == ("event", ev.id)
    # Away from a walked-to sentence N asks the type, as before.
    window.view.select_range(first["start"], first["start"] + 5)
    keys("n")
    assert window.review.popup is not None and window.review.popup.objectName() == "typeMenu"
    window.review.popup.close()
    # Reports re-extracted or imported (elsewhere): the queue is stale, the next M looks again.
    from annotator.review import OpChanges
    window.runner.broadcast(OpChanges(kind="external", document_list=True))
    assert not missed.loaded and missed.rows == [] and missed.table.rowCount() == 0


def test_possibly_missed_ranks_by_the_active_model(trained_db, make_window, qtbot):
    window = make_window(trained_db)
    missed = window.learning.missed
    window.learning.walk_missed(1)
    qtbot.waitUntil(lambda: missed.loaded, timeout=120000)
    if not missed.rows:
        pytest.skip("the small test model signals nothing uncovered on these reports")
    assert all(r["signal"] == "model" for r in missed.rows)
    u = [r["uncertainty"] for r in missed.rows]
    assert u == sorted(u, reverse=True)


def test_origin_filter_and_the_inspector_name_a_model_candidate(reviewed_db, make_window, qtbot):
    with Store(reviewed_db) as store:
        doc = store.documents()[0]
        text = store.document_text(doc.id)
        end = text.index(".", 40) + 1
        model_ev = store.add_event(doc.id, Event(type="airstrike", start=0, end=end, evidence=text[:end],
                                                 origin="model", rule="model:7", confidence=0.64,
                                                 status="pending"), reviewer="importer", action="extract")
    window = make_window(reviewed_db)
    window.open_document(doc.id)
    keys = Keys(qtbot, window)
    rows = window.candidates
    assert sum(not rows.item(i).isHidden() for i in range(rows.count())) == rows.count()
    keys("O", CTRL_SHIFT)  # all -> rules
    keys("O", CTRL_SHIFT)  # rules -> model
    assert window.learning.origin.currentData() == "model"
    visible = [tuple(rows.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(rows.count())
               if not rows.item(i).isHidden()]
    assert visible == [("event", model_ev.id)]
    window.select(("event", model_ev.id))
    shown = window.inspector.event_form.origin.text()
    assert shown.startswith("model") and "model:7" in shown and "0.64" in shown
    # The filter survives a decision (the list rebuilds from the bus) and accepting writes the row.
    window.review.accept_current()
    with Store(reviewed_db) as store:
        assert store.event(model_ev.id).status == "accepted"
    visible = [i for i in range(rows.count()) if not rows.item(i).isHidden()]
    assert len(visible) == 1
    for _ in range(window.learning.origin.count() - 2):
        keys("O", CTRL_SHIFT)
    assert window.learning.origin.currentData() is None
    assert all(not rows.item(i).isHidden() for i in range(rows.count()))
    assert QApplication.focusWidget() is not None
