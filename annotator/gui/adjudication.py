"""The Adjudication tab: walks the candidates reviewers disagree on, shows each reviewer's version side by side
with the passage, and makes the chosen one the curated decision (annotator.team.adjudication) by keyboard.

1 / 2 / 3 take the first, second, third reviewer's version; Shift+E edits the candidate in the Review tab;
G / Shift+G walk the queue; Ctrl+Z undoes like any review step. Keys come from the window's action table.
"""
from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout

from ..domain import COUNT_FIELDS
from ..team.adjudication import take_version
from ..team.compare import _list
from ..team.curation import Counted, disagreements
from .shown_view import RefreshedWhenShown

ROWS = ("decision", "type", "date", "place", "actors", "targets", *COUNT_FIELDS, "direction", "evidence")
CONTEXT = 240  # characters of the report shown either side of the candidate


def _cell(version: dict[str, Any] | None, row: str) -> str:
    if version is None:
        return "(did not see it)"
    if row == "decision":
        return version["status"]
    if row == "place":
        return version.get("location") or ""
    if row in ("actors", "targets"):
        return ", ".join(_list(version.get(row)))
    value = version.get(row)
    return "" if value is None else str(value)


class AdjudicationView(RefreshedWhenShown):
    def __init__(self, window: Any):
        super().__init__(window)
        self.setObjectName("adjudicationView")
        self.w = window
        self.queue: list[Counted] = []
        self.index = 0
        self._stale = True
        layout = QVBoxLayout(self)
        self.header = QLabel(self)
        self.header.setObjectName("adjudicationHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.passage = QTextBrowser(self)
        self.passage.setObjectName("adjudicationPassage")
        self.passage.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table = QTableWidget(self)
        self.table.setObjectName("adjudicationTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.hint = QLabel("<b>1</b> / <b>2</b> / <b>3</b> take that reviewer's version &nbsp;·&nbsp; "
                           "<b>Shift+E</b> edit it in the Review tab &nbsp;·&nbsp; <b>G</b> / <b>Shift+G</b> "
                           "next / previous disagreement &nbsp;·&nbsp; <b>Ctrl+Z</b> undo", self)
        for w, stretch in ((self.header, 0), (self.passage, 2), (self.table, 3), (self.hint, 0)):
            layout.addWidget(w, stretch)

    # -- the queue --------------------------------------------------------------------------------------------

    @property
    def current(self) -> Counted | None:
        return self.queue[self.index] if 0 <= self.index < len(self.queue) else None

    def refresh(self) -> None:
        keep = self.current.event_id if self.current else None
        self.queue = disagreements(self.w.store)
        ids = [c.event_id for c in self.queue]
        if keep in ids:
            self.index = ids.index(keep)
        self.index = max(0, min(self.index, len(self.queue) - 1))
        self._stale = False
        self._show()

    def move(self, step: int) -> None:
        if self.queue:
            self.index = (self.index + step) % len(self.queue)
            self._show()

    def reviewers(self) -> list[str]:
        c = self.current
        return sorted(set(c.votes) | set(c.versions)) if c else []

    # -- actions ----------------------------------------------------------------------------------------------

    def take(self, n: int) -> None:
        """Take the n-th reviewer's version (1-based, in the table's column order)."""
        c, names = self.current, self.reviewers()
        if c is None:
            self.w.notify("No disagreement left to settle")
            return
        if not 1 <= n <= len(names):
            self.w.notify(f"There is no reviewer {n} here")
            return
        name = names[n - 1]
        version = c.versions.get(name) or {"status": "rejected", **self._snapshot(c)}
        ev = self.w.store.event(c.event_id)
        done = self.w.runner.run("adjudicate", lambda: take_version(
            self.w.session.ops, ev.id, ev.version, ev.document_id, name, version), initiator=self)
        if done is not None:
            self.w.notify(f"Took {name}'s version ({version['status']})")

    def _snapshot(self, c: Counted) -> dict[str, Any]:
        from ..store.rows import event_snapshot

        return event_snapshot(self.w.store.event(c.event_id))

    def edit_in_review(self) -> None:
        c = self.current
        if c is None:
            return
        self.w.tabs.setCurrentIndex(0)
        self.w.open_document(c.document_id, select=("event", c.event_id))
        self.w.review.focus_inspector()

    # -- drawing ----------------------------------------------------------------------------------------------

    def _show(self) -> None:
        c = self.current
        self.table.clear()
        if c is None:
            self.header.setText("<b>No disagreements</b>: every candidate is agreed on or settled.")
            self.passage.clear()
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            return
        ev = self.w.store.event(c.event_id)
        doc = self.w.store.document(c.document_id)
        self.header.setText(f"<b>Disagreement {self.index + 1} of {len(self.queue)}</b> &nbsp; {html.escape(doc.title)}"
                            f" &nbsp;·&nbsp; {html.escape(ev.type.replace('_', ' '))}")
        text = self.w.store.document_text(c.document_id)
        a, b = max(0, ev.start - CONTEXT), min(len(text), ev.end + CONTEXT)
        self.passage.setHtml(
            "<p style='font-size: 11pt'>" + html.escape(text[a:ev.start]).replace("\n", "<br>")
            + "<span style='background:#ffe08a; font-weight:bold'>" + html.escape(text[ev.start:ev.end])
            + "</span>" + html.escape(text[ev.end:b]).replace("\n", "<br>") + "</p>")
        names = self.reviewers()
        self.table.setColumnCount(len(names))
        self.table.setRowCount(len(ROWS))
        self.table.setHorizontalHeaderLabels([f"{i}: {n}" for i, n in enumerate(names, 1)])
        self.table.setVerticalHeaderLabels(list(ROWS))
        for col, name in enumerate(names):
            version = c.versions.get(name)
            if version is None and c.votes.get(name) == "rejected":
                version = {"status": "rejected (did not add it)"}
            for row, field in enumerate(ROWS):
                cells = {_cell(c.versions.get(n), field) for n in names}
                item = QTableWidgetItem(_cell(version, field))
                if len(cells) > 1:  # where the versions differ
                    f = item.font()
                    f.setBold(True)
                    item.setFont(f)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
