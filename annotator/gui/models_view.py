"""The Models tab: the trained models (`annotator models`), the selected one's scores of rules / model / combined
side by side, overall and per type (the tables `annotator evaluate --db --model ID` prints), and activation.

The scores shown are those measured when the model was trained, on the reports it held out; "Evaluate again"
scores it now, in a worker thread, on every reviewed report it was not trained on (what `evaluate --db` does), so
reports reviewed since count too. Enter (or the button) makes the selected model the one import and re-extraction
use; every activation is a decision-log row written by the store.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from . import score_tables as st
from .workers import Job, JobRunner
from .shown_view import RefreshedWhenShown

COLUMNS = ["id", "active", "name", "created", "reports", "rules F1", "model F1", "combined F1", "note"]


def evaluation_work(model_id: int):
    """Score the model now on the reviewed reports it was not trained on, as `annotator evaluate --db --model`."""
    def work(store, _cancel):
        from ..train.data import reviewed_reports
        from ..train.evaluate import evaluate, gold_facts
        from ..train.model import ModelError, load
        from ..train.propose import Proposer

        row = next((m for m in store.models() if m["id"] == model_id), None)
        if row is None:
            yield {"error": f"no model with id {model_id}"}
            return
        try:
            proposer = Proposer(load(row["path"]), model_id=model_id)
        except ModelError as exc:
            yield {"error": str(exc)}
            return
        reports = reviewed_reports(store, skipped=[])
        trained = set(row["trained_on"])
        train_r = [r for r in reports if r.id in trained]
        eval_r = [r for r in reports if r.id not in trained]
        if not eval_r:
            yield {"error": "every reviewed report was used for training: nothing held out to evaluate on"}
            return
        facts = {r.id: gold_facts(store, r.id) for r in eval_r}
        result = evaluate(train_r, eval_r, proposer, facts)
        result["model_id"] = model_id
        yield result
    return work


class ModelsView(RefreshedWhenShown):
    activate_requested = Signal(object)  # a model id, or None for the rules alone

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("modelsView")
        self.w = window
        self.entries: list[dict[str, Any]] = []
        self.evaluation: dict[str, Any] | None = None  # what the comparison tables show
        self.evaluated_now: dict[int, dict[str, Any]] = {}  # "Evaluate again" results, kept across refreshes
        self._stale = True
        self.jobs = JobRunner(self)
        self.jobs.finished.connect(self._evaluated)
        self.jobs.failed.connect(lambda _j, msg: self.note.setText(msg.splitlines()[0]))
        self._build()

    def _build(self) -> None:
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        self.active_label = QLabel(self)
        self.active_label.setObjectName("activeModel")
        self.active_label.setWordWrap(True)
        v.addWidget(self.active_label)
        top.addStretch(1)
        self.activate_button = QPushButton("Activate", self)
        self.activate_button.setToolTip("Make the selected model the one import and re-extraction use (Enter)")
        self.activate_button.clicked.connect(self.activate_selected)
        self.rules_button = QPushButton("Use the rules alone", self)
        self.rules_button.clicked.connect(lambda: self.activate_requested.emit(None))
        self.evaluate_button = QPushButton("Evaluate again", self)
        self.evaluate_button.setToolTip("Score the selected model now on every reviewed report it was not "
                                        "trained on (as `annotator evaluate --db --model ID`)")
        self.evaluate_button.clicked.connect(self.evaluate_selected)
        for b in (self.activate_button, self.rules_button, self.evaluate_button):
            top.addWidget(b)
        v.addLayout(top)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.table = st.read_only_table(self, "modelsTable")
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.activated.connect(lambda _i: self.activate_selected())  # Enter or a double-click
        split.addWidget(self.table)
        lower = QWidget(self)
        lv = QVBoxLayout(lower)
        lv.setContentsMargins(0, 0, 0, 0)
        self.note = QLabel(self)
        self.note.setObjectName("modelsNote")
        self.note.setWordWrap(True)
        lv.addWidget(self.note)
        self.overall = st.read_only_table(self, "modelsOverall")
        self.per_type = st.read_only_table(self, "modelsPerType")
        lv.addWidget(self.overall, 9)  # nine figures
        lv.addWidget(self.per_type, 12)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 5)
        v.addWidget(split, 1)
        bold = QFont(self.active_label.font())
        bold.setBold(True)
        self.active_label.setFont(bold)

    # -- data -------------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        from ..train.registry import model_entries

        self._stale = False
        keep = self.selected_id()
        try:
            self.entries = model_entries(self.w.store)
        except Exception as exc:  # the store was switched or closed under us: say so, keep the window usable
            self.note.setText(f"Cannot read the models: {exc}")
            return
        rows = []
        for e in self.entries:
            sc = e["scores"]
            rows.append([e["id"], "✓" if e["active"] else "", e["name"], e["created"][:19], len(e["trained_on"]),
                         st.fmt(sc.get("rules", {}).get("strict_f1")), st.fmt(sc.get("model", {}).get("strict_f1")),
                         st.fmt(sc.get("combined", {}).get("strict_f1")),
                         "" if e["folder_exists"] else "folder missing"])
        self.table.blockSignals(True)
        st.fill(self.table, COLUMNS, rows)
        self.table.blockSignals(False)
        active = next((e for e in self.entries if e["active"]), None)
        self.active_label.setText(
            f"Active: model {active['id']} ({active['name']}): import and re-extraction run the rules and this model"
            if active else ("Active: the rules alone (no model chosen)" if self.entries else
                            "No trained model yet: Review → Train model… (Ctrl+Shift+T)"))
        ids = [e["id"] for e in self.entries]
        target = keep if keep in ids else (active["id"] if active else (ids[-1] if ids else None))
        if target is not None:
            st.select_row(self.table, ids.index(target))
        self._selected()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]["id"]

    def entry(self, model_id: int | None) -> dict[str, Any] | None:
        return next((e for e in self.entries if e["id"] == model_id), None)

    def _selected(self) -> None:
        e = self.entry(self.selected_id())
        for b in (self.activate_button, self.evaluate_button):
            b.setEnabled(e is not None)
        self.rules_button.setEnabled(any(x["active"] for x in self.entries))
        if e is None:
            self.evaluation = None
            self.note.setText("")
            st.show_comparison(self.overall, self.per_type, None)
            return
        if e["id"] in self.evaluated_now:
            self._show_evaluated(self.evaluated_now[e["id"]])
            return
        row = next((m for m in self.w.store.models() if m["id"] == e["id"]), None)
        self.evaluation = (row or {}).get("metrics", {}).get("evaluation") or None
        held = ", ".join((self.evaluation or {}).get("documents", {}).get("eval", [])[:6])
        self.note.setText(f"Model {e['id']}: scored when trained, on the held-out reports {held}"
                          if self.evaluation else f"Model {e['id']}: no report was held out, so no scores")
        st.show_comparison(self.overall, self.per_type, self.evaluation)

    # -- actions ----------------------------------------------------------------------------------------------
    def activate_selected(self) -> None:
        model_id = self.selected_id()
        if model_id is not None:
            self.activate_requested.emit(model_id)

    def evaluate_selected(self) -> None:
        model_id = self.selected_id()
        if model_id is None or self.jobs.busy:
            return
        self.note.setText(f"Evaluating model {model_id} on the reviewed reports it was not trained on…")
        self.jobs.submit(Job("Evaluating", evaluation_work(model_id), self.w.store.path))

    def _evaluated(self, _job, result: Any) -> None:
        if not isinstance(result, dict) or "error" in result:
            self.note.setText(f"Not evaluated: {(result or {}).get('error', 'no result')}")
            return
        self.evaluated_now[result["model_id"]] = result
        if result["model_id"] == self.selected_id():
            self._show_evaluated(result)

    def _show_evaluated(self, result: dict[str, Any]) -> None:
        self.evaluation = result
        self.note.setText(f"Model {result['model_id']} evaluated now on "
                          + ", ".join(result["documents"]["eval"][:6])
                          + (" …" if len(result["documents"]["eval"]) > 6 else ""))
        st.show_comparison(self.overall, self.per_type, result)

    def focus(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def stop(self) -> None:
        self.jobs.cancel_all()
        self.jobs.wait(30000)
