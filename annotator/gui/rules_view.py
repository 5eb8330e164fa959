"""The Rules tab: per-rule (and per-model) precision from the reviewers' decisions, as `annotator rules` prints it
(annotator.train.rules_report.rule_precision): proposed, accepted, rejected, pending, precision and the reject
reasons; a rule below the threshold with enough decisions is flagged and shown first, on an orange row.

It reads every event of the database, so it is re-read only while shown (a change marks it stale)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from . import score_tables as st

COLUMNS = ["flag", "rule", "origin", "proposed", "accepted", "rejected", "pending", "precision", "reject reasons"]
FLAG_BG, FLAG_FG = QColor("#fde2c8"), QColor("#3a2000")
REFRESH_DELAY_MS = 200


def row_cells(r: dict[str, Any]) -> list[str]:
    return ["low precision" if r["flagged"] else "", r["rule"], r["origin"], r["proposed"], r["accepted"],
            r["rejected"], r["pending"], st.fmt(r["precision"]),
            ", ".join(f"{k} {v}" for k, v in r["reasons"].items())]


class RulesView(QWidget):
    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rulesView")
        self.w = window
        self.rows: list[dict[str, Any]] = []
        self._stale = True
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("rulesSummary")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Flag below precision", self))
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setValue(0.5)
        self.threshold.setToolTip("A rule (or model) with at least 5 decisions and a precision below this is flagged")
        self.threshold.valueChanged.connect(lambda _v: self.refresh())
        top.addWidget(self.threshold)
        v.addLayout(top)
        self.table = st.read_only_table(self, "rulesTable")
        self.table.setSortingEnabled(False)
        v.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

    def on_changes(self, _changes, _initiator=None) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()  # a burst of accepts costs one re-read

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        from ..train.rules_report import rule_precision

        self._stale = False
        try:
            self.rows = rule_precision(self.w.store, threshold=self.threshold.value())
        except Exception as exc:  # the store was switched or closed under us
            self.summary.setText(f"Cannot read the decisions: {exc}")
            return
        st.fill(self.table, COLUMNS, [row_cells(r) for r in self.rows])
        flagged = [r for r in self.rows if r["flagged"]]
        for i, r in enumerate(self.rows):
            if r["flagged"]:
                for c in range(self.table.columnCount()):
                    item = self.table.item(i, c)
                    item.setBackground(QBrush(FLAG_BG))
                    item.setForeground(QBrush(FLAG_FG))
            reasons = "\n".join(f"{k}: {v}" for k, v in r["reasons"].items())
            types = ", ".join(f"{k} {v}" for k, v in r["types"].items())
            self.table.item(i, 1).setToolTip(f"types proposed: {types}" + (f"\nreject reasons:\n{reasons}"
                                                                           if reasons else ""))
        decided = sum(r["accepted"] + r["rejected"] for r in self.rows)
        self.summary.setText(
            f"{len(self.rows)} rules and models proposed candidates; {decided} decisions; "
            + (f"{len(flagged)} flagged (precision below {self.threshold.value():.2f} with at least 5 decisions): "
               + ", ".join(r["rule"] for r in flagged[:5]) if flagged else "none flagged")
            if self.rows else "No candidate proposed by a rule or a model in this database")

    def focus(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
