"""The status bar's permanent part: progress of this report and of all, the selection, reviewer, database."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget


class StatusLine:
    def __init__(self, bar: QStatusBar, middle: list[QWidget]):
        self.progress_label, self.reviewer_label, self.db_label = QLabel(bar), QLabel(bar), QLabel(bar)
        for w in (self.progress_label, *middle, self.reviewer_label, self.db_label):
            bar.addPermanentWidget(w)

    def update(self, session: Any, totals: dict[str, int], item: Any, reviewer: str, path: Path) -> None:
        """totals: pending/accepted/rejected events summed over every report (empty: no database)."""
        parts = []
        if session.document is not None:
            done, total = session.progress()
            parts.append(f"This report: {done} of {total} decided")
        if totals and any(totals.values()):
            pending = totals.get("pending", 0)
            total = sum(totals.values())
            parts.append(f"All reports: {total - pending} of {total} events decided")
        if item is not None:
            parts.append(f"{item.label} · {item.status}")
        self.progress_label.setText("   ·   ".join(parts))
        self.reviewer_label.setText(f"Reviewer: {reviewer or '(not set)'}")
        self.db_label.setText(str(path))
        self.db_label.setToolTip(str(path))
