"""Speed figures of the review window (`annotator benchmark --gui`), offscreen, on freshly built data.

    from annotator.gui.bench import measure_gui
    print(measure_gui())          # a temporary database; or measure_gui(Path("bench.db")) to keep it

Measured through the same code paths a reviewer uses: MainWindow.open_document, a real key press on the
window, the background import worker, another process's commit. Goals (issues 4 and 10): open <= 50 ms
median, accept <= 10 ms median, launch <= 1.5 s, event-loop latency <= 100 ms while 1,000 reports import, a
change committed by another process shown within 1 s.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GOALS = {"open_report_ms_median": 50.0, "accept_commit_ms_median": 10.0, "launch_s": 1.5,
         "event_loop_latency_ms_max": 100.0, "external_change_shown_ms_max": 1000.0}
TARGET_WORDS = 1500
TARGET_CANDIDATES = 40


def measure_gui(db_path: Path | None = None, *, repeats: int = 15, import_reports: int = 1000,
                launches: int = 3) -> dict[str, Any]:
    """Build a benchmark database (at db_path, which must not exist yet and is kept; default a temporary file,
    removed afterwards), then time opening a report, accepting with a key, launching, and the event loop during
    a background import of `import_reports` generated reports. Returns figures in ms / s and `meets_goals`."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix="annotator-gui-bench-"))
    db = Path(db_path) if db_path is not None else work / "bench.db"
    if db.exists():
        raise FileExistsError(f"{db}: the benchmark builds its own database; give a path that does not exist")

    from PySide6.QtCore import QSettings

    from ..app import create_app
    from .main_window import MainWindow

    app = create_app([sys.argv[0] if sys.argv else "annotator"])
    docs, setup = _build_reports(db, work)
    result: dict[str, Any] = {"database": str(db), **setup}

    window = MainWindow(db, reviewer="benchmark", settings=QSettings(str(work / "bench.ini"),
                                                                     QSettings.Format.IniFormat),
                        warm_pipeline=False)
    window.resize(1400, 860)
    window.show()
    window.activateWindow()
    app.processEvents()
    try:
        result.update(_measure_open(app, window, docs, repeats))
        result.update(_measure_accept(app, window, docs[0], repeats))
        result.update(_measure_external(app, window, db))
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    result.update(_measure_launch(db, work, launches))
    result.update(_measure_latency(app, work, import_reports))
    if db_path is None:
        shutil.rmtree(work, ignore_errors=True)  # the reports, databases and settings made for the run
        del result["database"]
    else:
        for sub in ("open-reports", "import-reports"):
            shutil.rmtree(work / sub, ignore_errors=True)
    result["meets_goals"] = {
        "open": result["open_report_ms_median"] <= GOALS["open_report_ms_median"],
        "accept": result["accept_commit_ms_median"] <= GOALS["accept_commit_ms_median"],
        "launch": result["launch_s"] <= GOALS["launch_s"],
        "latency": result["event_loop_latency_ms_max"] <= GOALS["event_loop_latency_ms_max"],
        "external": result["external_change_shown_ms_max"] <= GOALS["external_change_shown_ms_max"],
    }
    return result


# -- data -------------------------------------------------------------------------------------------------------


def _build_reports(db: Path, work: Path) -> tuple[list[int], dict[str, Any]]:
    """Two generated reports of about 1,500 words through the real import and pipeline, each topped up with
    reviewer events over uncovered sentences to about 40 candidates (the generator itemises fewer)."""
    import re

    from ..domain import Argument, Event
    from ..importing import ImportReport, import_paths
    from ..ingest.generate import generate_reports
    from ..store import Store

    folder = work / "open-reports"
    folder.mkdir()
    best = sorted(generate_reports(60, seed=7), key=lambda ft: abs(len(ft[1].split()) - TARGET_WORDS))[:2]
    for name, text in best:
        (folder / name).write_text(text, encoding="utf-8")
    with Store(db) as store:
        report = None
        for item in import_paths(store, [folder], reviewer="benchmark"):
            if isinstance(item, ImportReport):
                report = item
        ids = report.imported if report else []
        if len(ids) < 2:
            raise RuntimeError(f"benchmark reports were not imported: {report.summary() if report else ''}")
        from_pipeline, added = [], []
        for doc_id in ids:
            text = store.document_text(doc_id)
            events = store.events(doc_id)
            n = len(events) + len(store.facts(doc_id))
            from_pipeline.append(n)
            taken = [(e.start, e.end) for e in events]
            extra = 0
            for m in re.finditer(r"[A-Z][^.\n]{40,}?\.", text):
                if n + extra >= TARGET_CANDIDATES:
                    break
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                word = re.search(r"\w{4,}", m.group())
                args = [Argument("actor", m.start() + word.start(), m.start() + word.end(), word.group())
                        ] if word else []
                store.add_event(doc_id, Event("patrol", m.start(), m.end(), m.group(), origin="reviewer",
                                              status="pending", arguments=args), reviewer="benchmark")
                extra += 1
            added.append(extra)
        words = [store.document(d).words for d in ids]
    return ids, {"open_report_words": words, "open_report_candidates_from_pipeline": from_pipeline,
                 "open_report_candidates_added": added}


# -- measurements -------------------------------------------------------------------------------------------------


def _measure_open(app, window, docs: list[int], repeats: int) -> dict[str, Any]:
    times = []
    for i in range(repeats + 1):
        doc = docs[i % 2]  # alternate, so every open really replaces the text and its highlights
        t0 = time.perf_counter()
        window.open_document(doc)
        window.view.viewport().repaint()  # paint the text and its highlights now, not later
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1000)
    times = times[1:]  # the first open also builds fonts and caches
    items = len(window.session.items)
    return {"open_report_ms_median": round(statistics.median(times), 2), "open_report_ms_max": round(max(times), 2),
            "open_candidates_shown": items}


def _measure_accept(app, window, doc: int, repeats: int) -> dict[str, Any]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window.open_document(doc)
    window.view.setFocus()
    app.processEvents()
    committed: list[float] = []
    window.store.subscribe(lambda what, _doc: committed.append(time.perf_counter()))
    to_commit, to_shown = [], []
    for _ in range(repeats):
        if window.current_item is None or window.current_item.status != "pending":
            window.navigation.next_pending()
        if window.current_item is None or window.current_item.status != "pending":
            break
        committed.clear()
        target = QApplication.focusWidget() or window
        t0 = time.perf_counter()
        QTest.keyClick(target, Qt.Key.Key_A)
        t1 = time.perf_counter()
        if committed:
            to_commit.append((committed[0] - t0) * 1000)
            to_shown.append((t1 - t0) * 1000)
        app.processEvents()
    if not to_commit:
        raise RuntimeError("no accept keystroke reached the database")
    return {"accept_commit_ms_median": round(statistics.median(to_commit), 2),
            "accept_commit_ms_max": round(max(to_commit), 2),
            "accept_shown_ms_median": round(statistics.median(to_shown), 2), "accepts_measured": len(to_commit)}


_EXTERNAL_CHILD = """
import sys, time
from annotator.store import Store
with Store(sys.argv[1]) as store:
    store.update_event(int(sys.argv[2]), {"note": sys.argv[3]}, reviewer="other window")
    print(time.time(), flush=True)
"""


def _measure_external(app, window, db: Path, repeats: int = 3) -> dict[str, Any]:
    """Another process edits the event the window shows: wall-clock time from its COMMIT until the window's
    change bus has delivered it and the inspector shows the new note (no F5)."""
    shown: list[float] = []
    for i in range(repeats):
        key = next(it.key for it in window.session.items if it.kind == "event")
        window.select(key)
        note = f"edited elsewhere {i}"
        arrived: list[float] = []

        def on_changes(changes, _initiator, key=key, note=note) -> None:
            if changes.external and window.inspector.event_form.note.text() == note:
                arrived.append(time.time())

        window.bus.changes.connect(on_changes)
        proc = subprocess.Popen([sys.executable, "-c", _EXTERNAL_CHILD, str(db), str(key[1]), note],
                                stdout=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while not arrived and time.time() < deadline:
            app.processEvents()
            time.sleep(0.002)
        committed = float(proc.communicate(timeout=30)[0].strip())
        window.bus.changes.disconnect(on_changes)
        if not arrived:
            raise RuntimeError("a change made by another process never reached the window")
        shown.append((arrived[0] - committed) * 1000)
    return {"external_change_shown_ms_max": round(max(shown), 1),
            "external_change_shown_ms_median": round(statistics.median(shown), 1)}


def _measure_launch(db: Path, work: Path, launches: int) -> dict[str, Any]:
    times = []
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    for i in range(launches):
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "annotator.gui.bench", "--launch-probe", str(db),
                                 str(work / f"launch-{i}.ini")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - t0
        proc.communicate(timeout=60)
        if line.strip() != "shown":
            raise RuntimeError(f"launch probe failed: {line!r}")
        times.append(elapsed)
    return {"launch_s": round(statistics.median(times), 3), "launch_s_first": round(times[0], 3)}


def _measure_latency(app, work: Path, n: int) -> dict[str, Any]:
    """A 10 ms timer on the GUI thread while the window imports n generated reports in its worker."""
    from PySide6.QtCore import QSettings, QTimer

    from ..ingest.generate import generate_reports
    from .main_window import MainWindow

    folder = work / "import-reports"
    folder.mkdir()
    for name, text in generate_reports(n, seed=11):
        (folder / name).write_text(text, encoding="utf-8")
    window = MainWindow(work / "latency.db", reviewer="benchmark",
                        settings=QSettings(str(work / "latency.ini"), QSettings.Format.IniFormat),
                        warm_pipeline=False)
    window.show()
    app.processEvents()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    done: list[Any] = []
    window.job_finished.connect(done.append)
    t0 = time.perf_counter()
    timer.start()
    window.start_import([folder])
    while not done:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    seconds = time.perf_counter() - t0
    report = done[0]
    imported = len(getattr(report, "imported", []) or [])
    window.close()
    window.deleteLater()
    app.processEvents()
    late = [max(0.0, (b - a) * 1000 - 10) for a, b in zip(ticks, ticks[1:])]
    return {"event_loop_latency_ms_max": round(max(late), 1) if late else None,
            "event_loop_latency_ms_median": round(statistics.median(late), 2) if late else None,
            "event_loop_latency_ms_p99": round(sorted(late)[int(len(late) * 0.99)], 1) if late else None,
            "import_reports": n, "import_imported": imported, "import_s": round(seconds, 2)}


def _launch_probe(db: str, ini: str) -> None:
    """Child of _measure_launch: the same start-up as `annotator gui`, printing "shown" once the window is."""
    from PySide6.QtCore import QSettings

    from ..app import create_app
    from .main_window import MainWindow

    app = create_app([sys.argv[0]])
    window = MainWindow(db, reviewer="benchmark", settings=QSettings(ini, QSettings.Format.IniFormat))
    window.show()
    app.processEvents()
    print("shown", flush=True)
    os._exit(0)  # do not wait for the background pipeline warm-up that the window just started


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--launch-probe":
        _launch_probe(sys.argv[2], sys.argv[3])
    else:
        import json

        print(json.dumps(measure_gui(), indent=2))
