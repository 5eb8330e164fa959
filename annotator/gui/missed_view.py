"""The "Possibly missed" panel: sentences where the active model (or, without one, the rules' trigger words) sees
an event that no accepted or pending candidate covers, the model's least certain first
(annotator.train.missed.possibly_missed, the queue `annotator missed` prints).

M walks the queue (Shift+M back): the report opens with the sentence selected. N then adds the event over that
sentence with the suggested type at once (the date, place, actors and counts are the ones the pipeline reads in
the sentence, as for any N), and the sentence leaves the queue. Finding the sentences runs the pipeline over the
reports, so it runs in a worker thread.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from ..domain import EVENT_TYPES
from . import score_tables as st
from .workers import Job, JobRunner

COLUMNS = ["report", "suggested type", "p", "sentence"]
LIMIT = 200


def missed_work(document_ids: list[int] | None, limit: int = LIMIT):
    def work(store, _cancel):
        from ..nlp.service import get_extractor
        from ..train.missed import possibly_missed
        from ..train.propose import active_proposer

        proposer = active_proposer(store)
        rows = possibly_missed(store, proposer, document_ids, limit=limit)
        yield {"rows": rows, "signal": "model" if proposer is not None else "trigger",
               "extractor": get_extractor()}
    return work


class MissedView(QWidget):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("missedView")
        self.w = window
        self.rows: list[dict[str, Any]] = []
        self.index: int | None = None  # the entry M last walked to
        self.loaded = False
        self._path = None  # the database the queue was read from
        self.jobs = JobRunner(self)
        self.jobs.finished.connect(self._found)
        self.jobs.failed.connect(lambda _j, msg: self.status.setText(msg.splitlines()[0]))
        self._then_walk = 0
        v = QVBoxLayout(self)
        v.setContentsMargins(2, 2, 2, 2)
        top = QHBoxLayout()
        self.scope = QComboBox(self)
        self.scope.addItem("All reports", "all")
        self.scope.addItem("This report", "open")
        self.scope.setToolTip("Where to look for sentences no candidate covers")
        top.addWidget(self.scope)
        self.find_button = QPushButton("Find", self)
        self.find_button.setToolTip("Run the model (or the trigger words) over the reports again")
        self.find_button.clicked.connect(lambda: self.refresh())
        top.addWidget(self.find_button)
        self.status = QLabel("M: find and walk the sentences the model thinks were missed", self)
        self.status.setObjectName("missedStatus")
        self.status.setWordWrap(True)
        top.addWidget(self.status, 1)
        v.addLayout(top)
        self.table = st.read_only_table(self, "missedTable")
        self.table.activated.connect(lambda i: self.go(i.row()))
        v.addWidget(self.table, 1)

    def on_changes(self, changes, _initiator=None) -> None:
        """Another database, or reports imported or re-extracted: the queue is stale; the next M finds it again."""
        if self.loaded and (changes.document_list or self.w.store.path != self._path):
            self.rows, self.index, self.loaded = [], None, False
            self.table.setRowCount(0)
            self.status.setText("M: find and walk the sentences the model thinks were missed")

    @property
    def busy(self) -> bool:
        return self.jobs.busy

    def refresh(self, then_walk: int = 0) -> None:
        if self.jobs.busy:
            return
        self._then_walk = then_walk
        ids = None
        if self.scope.currentData() == "open":
            if self.w.document_id is None:
                self.status.setText("No report is open")
                return
            ids = [self.w.document_id]
        self.status.setText("Looking for sentences no candidate covers…")
        self._path = self.w.store.path
        self.jobs.submit(Job("Possibly missed", missed_work(ids), self.w.store.path))

    def _found(self, _job, result: Any) -> None:
        if not isinstance(result, dict):
            return
        self.loaded = True
        self.rows = result["rows"]
        self.index = None
        if self.w.session.extractor is None:  # N's field suggestions need the pipeline this run loaded anyway
            self.w.session.extractor = result["extractor"]
        st.fill(self.table, COLUMNS, [[r["key"], EVENT_TYPES.get(r["type"], (None,) * 5)[4] or r["type"],
                                       st.fmt(r["probability"]) if r["probability"] is not None else "trigger",
                                       r["sentence"][:160]] for r in self.rows])
        how = ("the active model, least certain first" if result["signal"] == "model"
               else "no active model: trigger words no candidate covers")
        self.status.setText(f"{len(self.rows)} sentence(s) possibly missed ({how}). M / Shift+M walk, "
                            "N adds the event")
        if self._then_walk and self.rows:
            self.walk(self._then_walk)

    # -- walking ----------------------------------------------------------------------------------------------
    def walk(self, step: int = 1) -> None:
        if not self.loaded:
            self.refresh(then_walk=step)
            return
        if not self.rows:
            self.w.notify("Nothing possibly missed (Find runs the model again)")
            return
        i = (-1 if step > 0 else 0) if self.index is None else self.index
        self.go((i + step) % len(self.rows))

    def go(self, i: int) -> None:
        if not 0 <= i < len(self.rows):
            return
        self.index = i
        r = self.rows[i]
        self.table.blockSignals(True)
        st.select_row(self.table, i)
        self.table.blockSignals(False)
        if self.w.document_id != r["document_id"]:
            self.w.tabs.setCurrentIndex(0)
            self.w.open_document(r["document_id"])
        self.w.view.select_range(r["start"], r["end"])
        self.w.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        p = f" (p {r['probability']:.2f})" if r["probability"] is not None else ""
        self.w.notify(f"Possibly missed {i + 1}/{len(self.rows)}: {r['type']}{p}. N adds it, M goes on", 8000)

    def current(self) -> dict[str, Any] | None:
        """The walked-to entry while its sentence is still what the text has selected."""
        if self.index is None or not 0 <= self.index < len(self.rows):
            return None
        r = self.rows[self.index]
        if self.w.document_id != r["document_id"] or self.w.view.selection_span() != (r["start"], r["end"]):
            return None
        return r

    def add_current(self) -> bool:
        """N on a walked-to sentence: add the suggested event at once. False: not on one (N asks the type)."""
        r = self.current()
        if r is None:
            return False
        self.w.review.add_event(r["type"], r["start"], r["end"])
        if self.w.document_id == r["document_id"] and any(
                it.kind == "event" and it.start < r["end"] and r["start"] < it.end and it.status != "rejected"
                for it in self.w.session.items):
            self._drop(self.index)
        return True

    def _drop(self, i: int) -> None:
        del self.rows[i]
        self.table.removeRow(i)
        self.index = i - 1 if self.rows else None  # M goes on to the entry after the one just added

    def stop(self) -> None:
        self.jobs.cancel_all()
        self.jobs.wait(30000)
