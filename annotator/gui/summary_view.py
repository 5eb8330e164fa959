"""The Summary tab: the verified summary of a period, drawn from the same dictionary as `annotator summary`.

Layout only; the figures come from annotator.summary. A click on a figure (a headline label, a table row)
emits open_location(document_id, start, end) so that the window shows the report at that sentence.
The view follows the change bus (on_changes): a change marks it stale, and it rebuilds shortly after, or when it is
next shown.
"""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPixmap
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QScrollArea, QTableWidget,
    QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from ..summary import PeriodError, render, summarise
from ..summary import presentation as pr

ROLE_LOCATION = Qt.ItemDataRole.UserRole + 1
PERIOD_REPORTS = 200  # reports named in the period box (the latest); months are all there
FLAG_BG, FLAG_FG = QColor("#fde2c8"), QColor("#3a2000")
OK_STYLE = "background:#e5f4e3;color:#173d12;border:1px solid #7bb274;border-radius:3px;padding:6px;"
WARN_STYLE = "background:#fdecea;color:#5c0f0b;border:1px solid #d9534f;border-radius:3px;padding:6px;"
REFRESH_DELAY_MS = 150
MAX_COLUMN = 240  # pixels


class SummaryView(QWidget):
    open_location = Signal(int, int, int)  # document id, start, end
    follow_changed = Signal(bool)  # the reviewer ticked or unticked "follow the open report"

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.summary: dict[str, Any] | None = None
        self._stale = True
        self._charts_for: int | None = None  # id() of the summary whose charts are drawn
        self._build()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self._refresh_if_stale)
        self._periods_stale = False
        self.fill_periods()

    # -- layout -----------------------------------------------------------------------------------------------

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Period:", self))
        self.period = QComboBox(self)
        self.period.setEditable(True)
        self.period.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.period.setMinimumContentsLength(28)
        self.period.setToolTip("A report, a reporting window ('96th month'), a month (YYYY-MM) or "
                               "START..END; type one and press Enter")
        self.period.activated.connect(lambda _i: self.refresh())
        self.period.lineEdit().returnPressed.connect(self.refresh)
        top.addWidget(self.period, 1)
        self.follow = QCheckBox("F&ollow the open report", self)
        self.follow.setChecked(True)
        self.follow.setToolTip("Show the period of the report open in Review (remembered for this database)")
        self.follow.toggled.connect(self.follow_changed)
        top.addWidget(self.follow)
        self.refresh_button = QPushButton("Refresh", self)
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        self.save_button = QPushButton("Save as…", self)
        self.save_button.setToolTip("Save this summary as Markdown, HTML, JSON or PDF")
        self.save_button.clicked.connect(self.save_as)
        top.addWidget(self.save_button)

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.headline.linkActivated.connect(self._open_label)

        self.totals = self._table(["Type", "Events", "Killed", "Injured", "Arrested", "Trucks", "Sources"])
        self.checks = self._table(["Status", "Report", "Total", "Stated", "Itemised", "Finding"])
        self.timeline = self._table(["Ref", "Date", "Type", "Place", "Actors", "Counts", "Quote"])
        self.pending = self._table(["Kind", "Report", "Type", "Date", "Quote"])
        self.chart_by_type, self.chart_timeline = QLabel(self), QLabel(self)
        charts = QWidget(self)
        box = QHBoxLayout(charts)
        for label in (self.chart_by_type, self.chart_timeline):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            box.addWidget(label)
        box.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(charts)
        scroll.setWidgetResizable(True)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.checks, "Checks")
        self.tabs.addTab(self.totals, "Totals")
        self.tabs.addTab(self.timeline, "Timeline")
        self.tabs.addTab(scroll, "Charts")
        self.tabs.addTab(self.pending, "Pending")
        self.charts_page = scroll
        self.tabs.currentChanged.connect(lambda _i: self._draw_charts_if_shown())

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.headline)
        layout.addWidget(self.tabs, 1)

    def _table(self, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setWordWrap(False)  # one line per row; the full text is in each cell's tooltip
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        table.cellClicked.connect(lambda row, _col, t=table: self._open_row(t, row))
        table.cellActivated.connect(lambda row, _col, t=table: self._open_row(t, row))
        return table

    # -- periods ----------------------------------------------------------------------------------------------

    def fill_periods(self) -> None:
        """Each report, then each calendar month the reports cover; the latest report is chosen."""
        self._periods_stale = False
        current = self.period.currentText()
        # The latest reports by name (the one opened in Review is added when it is not among them; any other can
        # be typed): naming all of them took 3.9 s of the window's launch at 100,000 reports.
        docs = self.store.document_headings(latest=PERIOD_REPORTS)
        months = self.store.document_months()
        with QSignalBlocker(self.period):
            self.period.clear()
            for d in reversed(docs):
                self.period.addItem(f"{d.key} · {d.title[:60]}", d.key)
            for m in sorted(months, reverse=True):
                self.period.addItem(m, m)
            if current:
                index = self.period.findText(current)
                if index >= 0:
                    self.period.setCurrentIndex(index)
                else:
                    self.period.setEditText(current)

    def period_query(self) -> str:
        text = self.period.currentText().strip()
        index = self.period.findText(text)
        data = self.period.itemData(index) if index >= 0 else None
        return data or text

    def set_period(self, query: str) -> None:
        index = self.period.findData(query)
        if index >= 0:
            self.period.setCurrentIndex(index)
        else:
            self.period.setEditText(query)
        self.refresh()

    def set_store(self, store) -> None:
        """Another database: its reports, its periods."""
        self.store = store
        self.period.clear()
        self.fill_periods()
        self._mark_stale()

    def follow_document(self, document) -> None:
        """The report opened in Review: its period becomes the summary's, when following is on."""
        if not self.follow.isChecked() or document is None:
            return
        if self._periods_stale:
            self.fill_periods()
        if self.period.findData(document.key) < 0:
            self.period.insertItem(0, f"{document.key} · {document.title[:60]}", document.key)
        index = self.period.findData(document.key)
        if index >= 0 and index != self.period.currentIndex():
            with QSignalBlocker(self.period):
                self.period.setCurrentIndex(index)
            self._mark_stale()

    # -- following the change bus -----------------------------------------------------------------------------

    def on_changes(self, changes, _initiator=None) -> None:
        """Change bus: any change may move a figure; a new or removed report changes the period list."""
        if changes.document_list or changes.everything:
            self._periods_stale = True  # refilled when next shown: an import commits a report at a time
            if self.isVisible():
                self.fill_periods()
        self._mark_stale()

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def _refresh_if_stale(self) -> None:
        if self._stale and self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._periods_stale:
            self.fill_periods()
        if self._stale:
            self._timer.start(0)

    # -- building ---------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild from the database now."""
        self._stale = False
        if self.period.count() == 0 and not self.period.currentText():
            self.fill_periods()
        query = self.period_query()
        if not query:
            self._show_message("No report in the database yet: import some, review them, and the summary "
                               "appears here.")
            return
        try:
            self.summary = summarise(self.store, query)
        except PeriodError as exc:
            self._show_message(str(exc))
            return
        self._show(self.summary)

    def _show_message(self, text: str) -> None:
        self.summary = None
        self.banner.setText(text)
        self.banner.setStyleSheet(WARN_STYLE)
        self.headline.clear()
        for table in (self.totals, self.checks, self.timeline, self.pending):
            table.setRowCount(0)
        self.chart_by_type.clear()
        self.chart_timeline.clear()

    def _show(self, s: dict[str, Any]) -> None:
        self.banner.setText(pr.banner(s))
        self.banner.setStyleSheet(OK_STYLE if s["verified"] else WARN_STYLE)
        parts = []
        for sentence in s["headline"]["sentences"]:
            refs = " ".join(f'<a href="{r}">{r}</a>' for r in sentence["refs"])
            parts.append(f"{escape(sentence['text'])} <small>{refs}</small>" if refs else escape(sentence["text"]))
        self.headline.setText(" ".join(parts))
        src = s["sources"]
        loc = lambda label: _location(src.get(label))  # noqa: E731

        rows = [([r["label"], *pr.total_cells(r), " ".join(r["refs"])], loc(r["refs"][0]) if r["refs"] else None,
                 False) for r in s["totals"]["by_type"]]
        rows.append((["All events", *pr.total_cells(s["totals"]["all"]), ""], None, False))
        self._fill(self.totals, rows)
        self._fill(self.checks, [(pr.check_row(c), loc(c["refs"][0]), c["flagged"]) for c in s["checks"]])
        self._fill(self.timeline, [([r["ref"], r["date"] or "undated", r["label"], pr.place(r),
                                     "; ".join(r["actors"]), pr.event_detail(r), r["quote"]], loc(r["ref"]), False)
                                   for r in s["timeline"]])
        self._fill(self.pending, [([p["object"], p["document_key"] or "", p["type"], p["date"] or "", p["quote"]],
                                   _location(p), False) for p in s["pending"]["items"]])
        self.tabs.setTabText(self.tabs.indexOf(self.checks),
                             f"Checks ({sum(c['flagged'] for c in s['checks'])} flagged)")
        waiting = s["pending"]["events"] + s["pending"]["facts"]  # items lists only the first of them
        self.tabs.setTabText(self.tabs.indexOf(self.pending), f"Pending ({waiting})")
        self._charts_for = None
        self._draw_charts_if_shown()

    def _fill(self, table: QTableWidget, rows: list[tuple[list[str], tuple[int, int, int] | None, bool]]) -> None:
        table.setRowCount(len(rows))
        for i, (cells, location, flagged) in enumerate(rows):
            for j, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setData(ROLE_LOCATION, location)
                tip = str(text) if len(str(text)) > 24 else ""
                if location:
                    tip += ("\n\n" if tip else "") + "Click to open the report at this sentence"
                item.setToolTip(tip)
                if flagged:
                    item.setBackground(QBrush(FLAG_BG))
                    item.setForeground(QBrush(FLAG_FG))
                table.setItem(i, j, item)
        table.resizeColumnsToContents()
        for j in range(table.columnCount() - 1):  # the last column (quote, finding) takes what is left
            table.setColumnWidth(j, min(table.columnWidth(j), MAX_COLUMN))

    def _draw_charts_if_shown(self) -> None:
        """matplotlib takes a moment: draw only when the Charts page is looked at, once per summary."""
        if self.summary is None or self.tabs.currentWidget() is not self.charts_page:
            return
        if self._charts_for == id(self.summary):
            return
        from ..summary import charts

        self._charts_for = id(self.summary)
        width = max(420, self.charts_page.viewport().width() // 2 - 24)  # side by side
        for label, png in ((self.chart_by_type, charts.events_by_type(self.summary)),
                           (self.chart_timeline, charts.timeline(self.summary))):
            if png is None:
                label.setText("No accepted event to chart.")
                continue
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            label.setPixmap(pixmap.scaledToWidth(min(width, pixmap.width()),
                                                 Qt.TransformationMode.SmoothTransformation))

    # -- going to the source ----------------------------------------------------------------------------------

    def _open_row(self, table: QTableWidget, row: int) -> None:
        item = table.item(row, 0)
        location = item.data(ROLE_LOCATION) if item is not None else None
        if location:
            self.open_location.emit(*location)

    def _open_label(self, label: str) -> None:
        if self.summary and label in self.summary["sources"]:
            location = _location(self.summary["sources"][label])
            if location:
                self.open_location.emit(*location)

    def save_as(self) -> None:
        if self.summary is None:
            return
        filters = {"PDF (*.pdf)": "pdf", "HTML (*.html)": "html", "Markdown (*.md)": "md", "JSON (*.json)": "json"}
        name = f"summary-{self.summary['period']['start']}.pdf"
        path, chosen = QFileDialog.getSaveFileName(self, "Save summary", str(Path.home() / name), ";;".join(filters))
        if not path:
            return
        fmt = filters.get(chosen) or Path(path).suffix.lstrip(".") or "pdf"
        try:
            Path(path).write_bytes(render(self.summary, fmt))
        except OSError as exc:
            QMessageBox.warning(self, "Cannot save the summary", f"{path}: {exc.strerror or exc}")


def _location(src: dict[str, Any] | None) -> tuple[int, int, int] | None:
    if not src or src.get("document_id") is None:
        return None
    return int(src["document_id"]), int(src["start"]), int(src["end"])
