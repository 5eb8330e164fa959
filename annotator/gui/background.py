"""The window's background work: the import/extraction worker process, its progress bar and cancel button,
and warming up the pipeline and the look-up tables in a thread after the window is shown.

What the worker commits reaches the views through the change bus (DatabaseWatcher), not from here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QToolButton, QWidget

from .lookups import Lookups
from .workers import Job, JobResult, JobRunner, WorkerProcess


class Background(QObject):
    job_finished = Signal(object)  # a workers.JobResult when an import or re-extraction ends, None if it failed
    busy_changed = Signal(bool)
    pipeline_loaded = Signal(object)  # the extractor
    message = Signal(str, int)  # status-bar text, milliseconds
    warning = Signal(str, str)  # title, text

    def __init__(self, db_path: Path, parent: QWidget):
        super().__init__(parent)
        self.jobs = JobRunner(self)  # light in-process work (the pipeline and tables)
        self.job_bar = QProgressBar(parent)
        self.job_bar.setMaximumWidth(220)
        self.job_bar.setTextVisible(True)
        self.job_cancel = QToolButton(parent)
        self.job_cancel.setText("Cancel")
        self.job_cancel.clicked.connect(self.cancel)
        self.pipeline_label = QLabel("pipeline: not loaded", parent)
        self.job_bar.hide()
        self.job_cancel.hide()
        self.extractor: Any = None
        self.tables: tuple[Any, Any] | None = None
        self._warming = False
        self.worker = self._make_worker(db_path)

    def widgets(self) -> list[QWidget]:
        return [self.job_bar, self.job_cancel, self.pipeline_label]

    def _make_worker(self, db_path: Path) -> WorkerProcess:
        worker = WorkerProcess(db_path, self)
        worker.ready.connect(lambda v: self.pipeline_label.setToolTip(
            f"extraction pipeline {v}; the background worker is ready"))
        worker.progress.connect(self._progress)
        worker.finished.connect(self._finished)
        worker.failed.connect(self._failed)
        return worker

    def switch(self, db_path: Path) -> None:
        """A worker on another database file; the pipeline loaded here stays."""
        self.worker.stop()
        self.worker.deleteLater()
        self.worker = self._make_worker(db_path)

    @property
    def busy(self) -> bool:
        return self.worker.busy

    def warm(self) -> None:
        """Start the worker process (it loads spaCy for itself) and load the pipeline and look-up tables here,
        in a thread: they fill in the events the reviewer adds and complete places and actors."""
        if not self.worker.is_ready:
            self.worker.start()
        if self._warming or self.extractor is not None:
            return
        self._warming = True
        self.pipeline_label.setText("pipeline: loading…")

        def work(_store, _cancel):
            tables = Lookups.load_tables()
            yield {"tables": tables, "extractor": _load_pipeline()}

        job = Job("Loading the pipeline", work, None)
        job.signals.finished.connect(self._loaded)
        job.signals.failed.connect(self._load_failed)
        self.jobs.submit(job)

    def _loaded(self, result: Any) -> None:
        self._warming = False
        if not isinstance(result, dict):
            return
        self.tables = result["tables"]
        self.extractor = result["extractor"]
        self.pipeline_label.setText("pipeline: ready")
        self.pipeline_loaded.emit(self.extractor)

    def _load_failed(self, message: str) -> None:
        self._warming = False
        self.pipeline_label.setText("pipeline: failed to load")
        self.pipeline_label.setToolTip(message)

    def submit(self, title: str, command: dict[str, Any]) -> int:
        job = self.worker.submit(title, command)
        self.job_bar.setRange(0, 0)
        self.job_bar.setFormat(f"{title}…")
        self.job_bar.show()
        self.job_cancel.show()
        self.busy_changed.emit(True)
        return job

    def cancel(self) -> None:
        if self.worker.busy:
            self.worker.cancel_all()
            self.message.emit("Cancelling after the current report…", 4000)

    def _progress(self, job: int, done: int, total: int, message: str) -> None:
        title = self.worker.jobs.get(job, "Working")
        if total > 0:
            self.job_bar.setRange(0, total)
            self.job_bar.setValue(done)
            self.job_bar.setFormat(f"{title}: %v / %m")
        else:
            self.job_bar.setRange(0, 0)
            self.job_bar.setFormat(f"{title}: {done}")
        self.job_bar.setToolTip(message)

    def _finished(self, job: int, result: JobResult) -> None:
        self.message.emit(f"{result.title}: {result.summary()}", 10000)
        if result.errors:
            errors = result.errors
            self.warning.emit(f"{result.title}: some files were not imported",
                              "\n".join(errors[:30]) + (f"\n… and {len(errors) - 30} more" if len(errors) > 30
                                                        else ""))
        self._idle()
        self.job_finished.emit(result)

    def _failed(self, job: int, message: str) -> None:
        self.warning.emit("Background work failed", message)
        self._idle()
        self.job_finished.emit(None)

    def _idle(self) -> None:
        if not self.worker.busy:
            self.job_bar.hide()
            self.job_cancel.hide()
            self.busy_changed.emit(False)

    def stop(self) -> None:
        self.worker.stop(15000)
        self.jobs.cancel_all()
        self.jobs.wait(5000)


def _load_pipeline() -> Any:
    """Build and exercise the spaCy pipeline (in a worker thread), then exempt everything alive from garbage
    collection: the pipeline and gazetteer are ~100k long-lived objects, and without the freeze each full
    collection walks them all while holding the GIL, freezing the window for 100-300 ms (measured)."""
    import gc

    from ..nlp.service import get_extractor

    extractor = get_extractor()
    extractor.extract("On August 24 a convoy of 30 trucks entered Syria via Al-Waleed crossing.")
    gc.freeze()
    return extractor
