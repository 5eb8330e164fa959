"""File → Export: choose a format, filters and an output path; the export runs in a worker thread with a progress
bar and a Cancel button, and the window keeps answering. The work itself is annotator.export.run_export."""
from __future__ import annotations

import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSettings, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
    QPushButton, QVBoxLayout, QWidget,
)

from ..export import FORMATS, SUFFIX, ExportResult, run_export

DESCRIPTIONS = {
    "spacy": "spaCy DocBin (train/dev split by report) + config.cfg (folder)",
    "jsonl": "Prodigy-style JSONL, re-importable with its decisions",
    "conll": "CoNLL-2003 IOB over the event spans",
    "brat": "BRAT standoff .txt/.ann per report (folder)",
    "acled-csv": "ACLED columns + review columns (CSV)",
    "geojson": "GeoJSON points of the located events",
}
STATUSES = (("Accepted only", "accepted"), ("Pending only", "pending"), ("Rejected only", "rejected"),
            ("Every status", "all"))


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)  # ExportResult
    failed = Signal(str)


class ExportJob(QRunnable):
    """Runs in a pool thread with its own Store on the same file (one SQLite connection per thread)."""

    def __init__(self, db_path: Path, fmt: str, out: Path, status: str, period: str | None,
                 documents: list[str] | None):
        super().__init__()
        self.setAutoDelete(False)
        self.args = (db_path, fmt, out, status, period, documents)
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        from ..store import Store

        db_path, fmt, out, status, period, documents = self.args
        try:
            with Store(db_path) as store:
                result = run_export(store, fmt, out, status=status, period=period, documents=documents,
                                    progress=lambda p: self.signals.progress.emit(p.done, p.total or 0, p.message),
                                    cancel=self._cancel.is_set)
            self.signals.finished.emit(result)
        except Exception as exc:  # shown in the dialog; nothing half-written stays (run_export cleans up)
            self.signals.failed.emit(f"{exc}\n\n{traceback.format_exc(limit=3)}")
        finally:
            self.done.set()


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget | None, store, settings: QSettings | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.store = store
        self.settings = settings or QSettings()
        self.job: ExportJob | None = None
        self.result: ExportResult | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

        self.format = QComboBox(self)
        for name in FORMATS:
            self.format.addItem(f"{name} — {DESCRIPTIONS[name]}", name)
        self.status = QComboBox(self)
        for label, value in STATUSES:
            self.status.addItem(label, value)
        self.period = QLineEdit(self)
        self.period.setPlaceholderText("all reports, or: a report key, 96th month, 2022-09, 2022-08-23..2022-09-22")
        self.documents = QLineEdit(self)
        self.documents.setPlaceholderText("all, or ids / keys separated by commas")
        self.out = QLineEdit(self)
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self.browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)

        form = QFormLayout()
        form.addRow("&Format:", self.format)
        form.addRow("&Status:", self.status)
        form.addRow("&Period:", self.period)
        form.addRow("&Reports:", self.documents)
        form.addRow("&Output:", out_row)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self.cancel_button.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._restore()
        self.resize(640, self.sizeHint().height())

    # -- fields -----------------------------------------------------------------------------------------------

    def fmt(self) -> str:
        return self.format.currentData()

    def _default_out(self, fmt: str) -> str:
        folder = Path(self.settings.value("export/dir", str(Path.home()), str))
        return str(folder / f"annotator-{fmt}{SUFFIX.get(fmt, '')}")

    def _restore(self) -> None:
        fmt = self.settings.value("export/format", "jsonl", str)
        index = self.format.findData(fmt)
        self.format.setCurrentIndex(max(0, index))
        index = self.status.findData(self.settings.value("export/status", "accepted", str))
        self.status.setCurrentIndex(max(0, index))
        self.out.setText(self._default_out(self.fmt()))

    def _format_changed(self) -> None:
        current = Path(self.out.text()) if self.out.text() else None
        fmt = self.fmt()
        if current is None or current.name.startswith("annotator-"):
            self.out.setText(self._default_out(fmt))
        elif not FORMATS[fmt][2] and not current.suffix:
            self.out.setText(str(current) + SUFFIX.get(fmt, ""))

    def browse(self) -> None:
        fmt = self.fmt()
        if FORMATS[fmt][2]:
            path = QFileDialog.getExistingDirectory(self, f"Folder for the {fmt} export", self.out.text())
        else:
            path, _ = QFileDialog.getSaveFileName(self, f"Save the {fmt} export", self.out.text())
        if path:
            self.out.setText(path)

    # -- running ----------------------------------------------------------------------------------------------

    def start(self) -> None:
        out_text = self.out.text().strip()
        if not out_text:
            self.message.setText("Choose where to write the export.")
            return
        out = Path(out_text).expanduser()
        fmt = self.fmt()
        if FORMATS[fmt][2] and out.exists() and not out.is_dir():
            self.message.setText(f"{out} is a file; the {fmt} export writes a folder.")
            return
        if not FORMATS[fmt][2] and out.is_dir():
            self.message.setText(f"{out} is a folder; the {fmt} export writes one file.")
            return
        refs = [r.strip() for r in self.documents.text().split(",") if r.strip()] or None
        self.settings.setValue("export/format", fmt)
        self.settings.setValue("export/status", self.status.currentData())
        self.settings.setValue("export/dir", str(out.parent))
        self.result = None
        self.job = ExportJob(Path(self.store.path), fmt, out, self.status.currentData(),
                             self.period.text().strip() or None, refs)
        self.job.signals.progress.connect(self._progress)
        self.job.signals.finished.connect(self._finished)
        self.job.signals.failed.connect(self._failed)
        self._busy(True)
        self.progress.setRange(0, 0)  # busy until the first report is read
        self.message.setText(f"Exporting {fmt}…")
        self.pool.start(self.job)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.message.setText("Cancelling after the current report…")

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.close_button.setEnabled(not busy)
        for w in (self.format, self.status, self.period, self.documents, self.out):
            w.setEnabled(not busy)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.message.setText(message)

    def _finished(self, result: ExportResult) -> None:
        self._busy(False)
        self.result = result
        self.progress.setRange(0, 1)
        self.progress.setValue(0 if result.cancelled else 1)
        if result.cancelled:
            self.message.setText("Export cancelled; nothing was written.")
        elif result.documents == 0:
            self.message.setText("Nothing matched: check the status, period and report filters.")
        else:
            extra = f" {len(result.skipped)} items left out (see the tooltip)." if result.skipped else ""
            self.message.setText(result.summary() + extra)
            self.message.setToolTip("\n".join(result.skipped[:40]))

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.message.setText(f"Export failed: {message.splitlines()[0]}")
        self.message.setToolTip(message)

    def reject(self) -> None:
        if self.job is not None and not self.job.done.is_set():
            self.cancel()
            return  # closes once the worker has stopped; Close is disabled meanwhile
        super().reject()

    def closeEvent(self, event) -> None:
        if self.job is not None and not self.job.done.is_set():
            self.cancel()
            self.pool.waitForDone(10000)
        super().closeEvent(event)


def run_export_dialog(parent: QWidget | None, store) -> ExportResult | None:
    """Show File → Export modally; returns the last export's result (None when nothing ran)."""
    dialog = ExportDialog(parent, store)
    dialog.exec()
    return dialog.result
