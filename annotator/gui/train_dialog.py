"""Review -> Train model…: annotator.train.registry.train_and_register in a worker thread (workers.Job, its own
Store on the same file), the epochs on a progress bar, a Cancel that stops between batches, then the new model's
scores (rules / model / combined on the held-out reports) in the dialog.

The model row and its decision-log row are written by the store in the worker's transaction; the window hears of
them through the change bus (DatabaseWatcher), like any other connection's commit.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget,
)

from . import score_tables as st
from .workers import Job, JobRunner

EPOCH = re.compile(r"epoch (\d+)/(\d+)")


def training_work(reviewer: str, settings: Any, say: Callable[[str], None]):
    """The worker's generator: progress lines go to say (from the worker thread: a queued signal), then it yields
    {"entry", "evaluation"}, or {"error": one line} when there is nothing to learn from or it was cancelled (no
    model row is written then)."""
    def work(store, cancel):
        from ..train.data import TrainingError
        from ..train.registry import train_and_register

        try:
            entry = train_and_register(store, reviewer=reviewer, settings=settings, progress=say, cancel=cancel)
        except TrainingError as exc:
            yield {"error": str(exc)}
            return
        row = next(m for m in store.models() if m["id"] == entry["id"])
        yield {"entry": entry, "evaluation": row["metrics"].get("evaluation") or None}
    return work


class TrainDialog(QDialog):
    trained = Signal(object)  # the new model's entry (registry.model_entry)
    said = Signal(str)  # a progress line, emitted from the worker thread (queued to the dialog's)

    def __init__(self, db_path: Path, reviewer: str, parent: QWidget | None = None, *, settings: Any = None):
        super().__init__(parent)
        self.setObjectName("trainDialog")
        self.setWindowTitle("Train a model on the reviewed reports")
        self.resize(900, 640)
        self.db_path, self.reviewer, self.settings = Path(db_path), reviewer, settings
        self.entry: dict[str, Any] | None = None
        self.error: str | None = None
        self.job: Job | None = None
        self._over = False
        self.runner = JobRunner(self)
        v = QVBoxLayout(self)
        self.heading = QLabel("Accepted events teach their types, rejected candidates are the negatives; a fifth of "
                              "the reviewed reports is held out and the rules, the model and both combined are "
                              "scored on it.", self)
        self.heading.setWordWrap(True)
        v.addWidget(self.heading)
        self.bar = QProgressBar(self)
        v.addWidget(self.bar)
        self.log = QPlainTextEdit(self)
        self.log.setObjectName("trainLog")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(500)
        v.addWidget(self.log, 1)
        self.result = QLabel(self)
        self.result.setObjectName("trainResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.result)
        self.overall = st.read_only_table(self, "trainScores")
        self.per_type = st.read_only_table(self, "trainPerType")
        pair = QHBoxLayout()
        for t, stretch in ((self.overall, 2), (self.per_type, 3)):
            t.hide()
            pair.addWidget(t, stretch)
        v.addLayout(pair, 3)
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = QPushButton("Cancel training", self)  # Esc as well
        self.cancel_button.clicked.connect(self.cancel)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.clicked.connect(self.accept)
        self.close_button.hide()
        v.addWidget(self.buttons)

    @property
    def running(self) -> bool:
        return self.job is not None and not self._over  # until its result reached the dialog

    def start(self) -> None:
        self.bar.setRange(0, 0)
        self.bar.setFormat("Reading the reviewed reports…")
        self.log.appendPlainText("reading the reviewed reports")
        job = Job("Training a model", training_work(self.reviewer, self.settings, lambda m: self.said.emit(m)),
                  self.db_path)
        self.said.connect(self._line)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.job = job
        self.runner.submit(job)
        self.cancel_button.setFocus()

    def _line(self, message: str) -> None:
        self.log.appendPlainText(message)
        m = EPOCH.search(message)
        if m:
            self.bar.setRange(0, int(m.group(2)))
            self.bar.setValue(int(m.group(1)))
            self.bar.setFormat("Epoch %v / %m")
        elif message.startswith("scoring"):
            self.bar.setRange(0, 0)
            self.bar.setFormat("Scoring rules, model and combined…")

    def cancel(self) -> None:
        if self.running:
            self.job.cancel()
            self.bar.setFormat("Cancelling…")
            self.log.appendPlainText("cancelling after the current batch")
        else:
            self.reject()

    def reject(self) -> None:  # Esc: cancel first, close once the worker has stopped
        if self.running:
            self.cancel()
            return
        super().reject()

    def _done(self) -> None:
        self._over = True
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setFocus()

    def _finished(self, _job, result: Any) -> None:
        self._done()
        if not isinstance(result, dict) or "entry" not in result:
            self.error = (result or {}).get("error", "no result") if isinstance(result, dict) else "no result"
            self.bar.setFormat("Not trained")
            self.result.setText(f"Not trained: {self.error}. Nothing was saved; the rules go on proposing.")
            return
        self.entry = e = result["entry"]
        self.bar.setFormat("Trained")
        model_f1 = e["scores"].get("model", {}).get("strict_f1")
        self.result.setText(
            f"Model {e['id']} ({e['name']}) saved in {e['path']}{' and made active' if e['active'] else ''}: "
            f"trained on {len(e['trained_on'])} reports, held out {len(e['eval_documents'])}"
            + (f"; model strict F1 {model_f1:.3f}" if model_f1 is not None else "") + ".")
        st.show_comparison(self.overall, self.per_type, result.get("evaluation"))
        self.overall.show()
        self.per_type.show()
        self.log.setMaximumHeight(self.log.fontMetrics().height() * 5)  # the scores matter now
        self.log.verticalScrollBar().setValue(self.log.verticalScrollBar().maximum())
        self.trained.emit(e)

    def _failed(self, _job, message: str) -> None:
        self._done()
        self.error = message.splitlines()[0] if message else "failed"
        self.bar.setFormat("Failed")
        self.result.setText(self.error)
        self.log.appendPlainText(message)

    def closeEvent(self, event) -> None:
        if self.job is not None and not self.job.done.is_set():
            self.job.cancel()
            self.runner.wait(30000)
        super().closeEvent(event)
