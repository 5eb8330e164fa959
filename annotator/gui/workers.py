"""Background work: import, extraction, re-extraction and the pipeline warm-up, off the GUI thread.

A job drives one of annotator.importing's generators in a pool thread. It opens its own Store on the same file
(one SQLite connection per thread), reports progress through queued signals, and stops between reports when
cancelled; each report is its own transaction, so a cancel never leaves half a report behind.
"""
from __future__ import annotations

import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..importing import Progress
from ..store import Store

Work = Callable[[Store | None, Callable[[], bool]], Iterator[Any]]


class JobSignals(QObject):
    progress = Signal(int, int, str)  # done, total (-1 while unknown), message
    finished = Signal(object)  # the last non-Progress item the generator yielded (e.g. an ImportReport)
    failed = Signal(str)


class Job(QRunnable):
    def __init__(self, title: str, work: Work, db_path: Path | None):
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it until its signals are delivered
        self.title = title
        self.work = work
        self.db_path = db_path
        self.signals = JobSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        store = None
        try:
            store = Store(self.db_path) if self.db_path is not None else None
            result = None
            for item in self.work(store, self._cancel.is_set):
                if isinstance(item, Progress):
                    self.signals.progress.emit(item.done, -1 if item.total is None else item.total, item.message)
                else:
                    result = item
            self.signals.finished.emit(result)
        except Exception as exc:  # shown to the reviewer; the data written so far is committed report by report
            self.signals.failed.emit(f"{self.title} failed: {exc}\n\n{traceback.format_exc(limit=5)}")
        finally:
            if store is not None:
                store.close()
            self.done.set()


class JobRunner(QObject):
    """One job at a time, in order (the warm-up before the first import), on a private single-thread pool."""
    started = Signal(object)  # Job
    progress = Signal(object, int, int, str)
    finished = Signal(object, object)  # Job, result
    failed = Signal(object, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.jobs: list[Job] = []

    def submit(self, job: Job) -> Job:
        self.jobs.append(job)
        job.signals.progress.connect(lambda d, t, m, j=job: self._progress(j, d, t, m))
        job.signals.finished.connect(lambda r, j=job: self._finished(j, r))
        job.signals.failed.connect(lambda msg, j=job: self._failed(j, msg))
        self.pool.start(job)
        return job

    def _progress(self, job: Job, done: int, total: int, message: str) -> None:
        self.progress.emit(job, done, total, message)

    def _finished(self, job: Job, result: Any) -> None:
        self._forget(job)
        self.finished.emit(job, result)

    def _failed(self, job: Job, message: str) -> None:
        self._forget(job)
        self.failed.emit(job, message)

    def _forget(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)

    @property
    def busy(self) -> bool:
        return bool(self.jobs)

    def current(self) -> Job | None:
        return next((j for j in self.jobs if not j.done.is_set()), None)

    def cancel_all(self) -> None:
        for job in self.jobs:
            job.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
