"""Import in the background worker: files dropped on the window, progress, cancel, the window answering."""
from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent

from annotator.paths import resources_dir
from annotator.store import Store

pytestmark = pytest.mark.gui


def drop(window, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_drop_import_then_cancel_a_long_import(tmp_path, make_window, qtbot):
    pytest.importorskip("annotator.nlp.service")
    from annotator.ingest.generate import generate_reports

    db = tmp_path / "import.db"
    window = make_window(db)
    assert window.documents.model.docs == []

    # Dropping the demo folder imports it in the worker; the window keeps answering meanwhile.
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    with qtbot.waitSignal(window.job_finished, timeout=120_000) as finished:
        drop(window, [resources_dir() / "demo" / "reports"])
        assert window.background.job_bar.isVisible() and window.background.job_cancel.isVisible()
    timer.stop()
    result = finished.args[0]
    assert result is not None and not result.errors and len(result.imported) == 6
    qtbot.waitUntil(lambda: len(window.documents.model.docs) == 6, timeout=10_000)  # refreshed off the GUI thread
    assert window.session.document is not None and window.session.items, "the first report opened by itself"
    assert not window.background.job_bar.isVisible()
    assert window.background.worker.is_ready
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert len(ticks) > 10 and max(gaps) < 2.0, "the event loop kept running during the import"

    # A long import is cancelled between reports: what is stored is whole reports only.
    folder = tmp_path / "many"
    folder.mkdir()
    for name, text in generate_reports(150, seed=3):
        (folder / name).write_text(text, encoding="utf-8")
    with qtbot.waitSignal(window.job_finished, timeout=120_000) as finished:
        window.start_import([folder])
        qtbot.waitUntil(lambda: window.background.job_bar.maximum() == 0 and window.background.job_bar.format().startswith("Import:"),
                        timeout=60_000)
        window.background.cancel()
    result = finished.args[0]
    assert result.cancelled and len(result.imported) < 150
    with Store(db) as store:
        assert store.integrity_check() == "ok"
        docs = store.documents()
        assert len(docs) == 6 + len(result.imported)
        for doc_id in result.imported:
            actions = {d["action"] for d in store.decisions(document_id=doc_id)}
            assert {"import", "extract"} <= actions, "each report came in with its extraction"
