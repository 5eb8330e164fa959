"""Background work, off the GUI thread.

- WorkerProcess: import, extraction and re-extraction in a long-lived child process (import_process.py) that
  drives annotator.importing's generators with its own Store on the same file. Progress and results come back
  as JSON lines through QProcess signals, so the window's event loop never waits; each report is its own
  transaction, so a cancel never leaves half a report behind.
- JobRunner / Job: light work in a pool thread (loading the gazetteer for place completion).
"""
from __future__ import annotations

import json
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QRunnable, QThreadPool, Signal

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


FROZEN_WORKER_ARG = "--annotator-import-worker"


def worker_command(db_path: Path) -> tuple[str, list[str]]:
    """How to start the worker: `python -m annotator.gui.import_process DB`, or, in a frozen build (PyInstaller),
    the application itself with FROZEN_WORKER_ARG; its entry point must then call import_process.main(DB)."""
    if getattr(sys, "frozen", False):
        return sys.executable, [FROZEN_WORKER_ARG, str(db_path)]
    return sys.executable, ["-m", "annotator.gui.import_process", str(db_path)]


@dataclass
class JobResult:
    """What the worker process reported at the end of an import or re-extraction."""
    title: str
    data: dict[str, Any]

    @property
    def imported(self) -> list[int]:
        return list(self.data.get("imported") or [])

    @property
    def errors(self) -> list[str]:
        return list(self.data.get("errors") or [])

    @property
    def cancelled(self) -> bool:
        return bool(self.data.get("cancelled"))

    def summary(self) -> str:
        if "summary" in self.data:
            return self.data["summary"]
        return ", ".join(f"{v} {k}" for k, v in self.data.items())


class WorkerProcess(QObject):
    """The long-lived background process (annotator.gui.import_process) on one database file.

    Started after the window appears, so the pipeline is loaded and warm before the first import; restarted
    on demand if it ends. Jobs run one after another, in the order submitted.
    """
    ready = Signal(str)  # pipeline version
    progress = Signal(int, int, int, str)  # job, done, total (-1 while unknown), message
    finished = Signal(int, object)  # job, JobResult
    failed = Signal(int, str)  # job, message
    ended = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.process: QProcess | None = None
        self.is_ready = False
        self.jobs: dict[int, str] = {}  # job id -> title, while running or queued
        self._next = 1
        self._buffer = b""
        self._stderr = b""

    @property
    def busy(self) -> bool:
        return bool(self.jobs)

    def start(self) -> None:
        if self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning:
            return
        proc = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        root = str(Path(__file__).resolve().parents[2])  # so `-m annotator...` works from a checkout too
        env.insert("PYTHONPATH", os.pathsep.join(p for p in (root, env.value("PYTHONPATH")) if p))
        env.insert("PYTHONUNBUFFERED", "1")
        proc.setProcessEnvironment(env)
        proc.readyReadStandardOutput.connect(self._read)
        proc.readyReadStandardError.connect(self._read_errors)
        proc.finished.connect(self._ended)
        self.process, self.is_ready, self._buffer, self._stderr = proc, False, b"", b""
        proc.start(*worker_command(self.db_path))

    def submit(self, title: str, command: dict[str, Any]) -> int:
        self.start()
        job = self._next
        self._next += 1
        self.jobs[job] = title
        self._write({"job": job, **command})
        return job

    def cancel_all(self) -> None:
        for job in list(self.jobs):
            self._write({"cancel": job})

    def stop(self, msecs: int = 15000) -> None:
        """Cancel what runs, let the current report finish its transaction, then end the process."""
        proc = self.process
        if proc is None or proc.state() == QProcess.ProcessState.NotRunning:
            return
        self.cancel_all()
        proc.closeWriteChannel()  # end of input: the worker stops after the current report
        if not proc.waitForFinished(msecs):
            proc.kill()
            proc.waitForFinished(3000)

    def _write(self, obj: dict[str, Any]) -> None:
        if self.process is not None:
            self.process.write((json.dumps(obj) + "\n").encode())

    def _read(self) -> None:
        self._buffer += bytes(self.process.readAllStandardOutput())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            job = msg.get("job")
            if "ready" in msg:
                self.is_ready = True
                self.ready.emit(str(msg["ready"]))
            elif "progress" in msg:
                done, total, text = msg["progress"]
                self.progress.emit(job, done, -1 if total is None else total, text)
            elif "result" in msg:
                title = self.jobs.pop(job, "")
                self.finished.emit(job, JobResult(title, msg["result"] or {}))
            elif "error" in msg:
                self.jobs.pop(job, None)
                self.failed.emit(job, msg["error"])

    def _read_errors(self) -> None:
        self._stderr = (self._stderr + bytes(self.process.readAllStandardError()))[-8000:]

    def _ended(self, code: int, _status) -> None:
        self._read()
        self.is_ready = False
        detail = self._stderr.decode(errors="replace").strip()[-3000:]
        for job in list(self.jobs):
            self.jobs.pop(job)
            self.failed.emit(job, f"the background worker ended (exit code {code}).\n\n{detail}")
        self.ended.emit()
