"""File → Export (pytest-qt, offscreen): the export runs in a worker with progress, and can be cancelled."""
import json
import time

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(sample, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from annotator.gui.export_dialog import ExportDialog

    store, ids = sample
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    widget = ExportDialog(None, store, settings)
    qtbot.addWidget(widget)
    return widget, store, ids


def test_export_runs_in_the_background_and_reports(dialog, qtbot, tmp_path):
    widget, store, ids = dialog
    widget.format.setCurrentIndex(widget.format.findData("jsonl"))
    widget.status.setCurrentIndex(widget.status.findData("all"))
    out = tmp_path / "out.jsonl"
    widget.out.setText(str(out))
    widget.export_button.click()
    assert not widget.export_button.isEnabled() and widget.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: widget.result is not None, timeout=10000)
    assert widget.result.documents == 2 and not widget.result.cancelled
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["meta"]["document_id"] for x in lines] == sorted(ids.values())
    assert widget.progress.value() == 1 and "jsonl: 2 documents" in widget.message.text()
    assert widget.export_button.isEnabled() and not widget.cancel_button.isEnabled()


def test_a_folder_format_refuses_a_file(dialog, tmp_path):
    widget, store, ids = dialog
    (tmp_path / "file").write_text("x")
    widget.format.setCurrentIndex(widget.format.findData("brat"))
    widget.out.setText(str(tmp_path / "file"))
    widget.export_button.click()
    assert widget.job is None and "writes a folder" in widget.message.text()


def test_cancel_leaves_nothing_behind(dialog, qtbot, tmp_path, monkeypatch):
    import annotator.gui.export_dialog as module

    widget, store, ids = dialog
    real = module.run_export

    def slow(*args, cancel, **kwargs):  # wait in the worker for the cancel, then let run_export see it
        deadline = time.monotonic() + 5
        while not cancel() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real(*args, cancel=cancel, **kwargs)

    monkeypatch.setattr(module, "run_export", slow)
    out = tmp_path / "x.geojson"
    widget.format.setCurrentIndex(widget.format.findData("geojson"))
    widget.out.setText(str(out))
    widget.export_button.click()
    widget.cancel_button.click()
    qtbot.waitUntil(lambda: widget.result is not None, timeout=10000)
    assert widget.result.cancelled and not out.exists()
    assert "cancelled" in widget.message.text()


def test_cancel_stops_a_parallel_export_in_the_window(qtbot, tmp_path, monkeypatch):
    """The window's export worker (a pool thread) runs a parallel export (forked workers) and cancels it: the
    workers stop and neither the output nor a part file stays."""
    import multiprocessing

    from PySide6.QtCore import QSettings

    import annotator.extract_pool as pool
    from annotator.export import parallel
    from annotator.gui.export_dialog import ExportDialog
    from annotator.store import Store
    from tests.scale.conftest import build

    db = build(tmp_path / "sixty.db", 60)
    monkeypatch.setattr(parallel, "SMALL", 10)
    monkeypatch.setattr(parallel, "BLOCK", 5)
    monkeypatch.setattr(pool, "default_jobs", lambda: 2)
    taken = []
    real_take = parallel._take

    def take(*args):  # after the first block, wait for the Cancel button
        real_take(*args)
        taken.append(1)
        deadline = time.monotonic() + 5
        while not widget.job._cancel.is_set() and time.monotonic() < deadline:
            time.sleep(0.01)

    monkeypatch.setattr(parallel, "_take", take)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with Store(db) as store:
        widget = ExportDialog(None, store, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(widget)
        widget.format.setCurrentIndex(widget.format.findData("conll"))
        widget.status.setCurrentIndex(widget.status.findData("all"))
        widget.out.setText(str(out_dir / "x.conll"))
        widget.export_button.click()
        qtbot.waitUntil(lambda: bool(taken), timeout=10000)
        widget.cancel_button.click()
        qtbot.waitUntil(lambda: widget.result is not None, timeout=10000)
    assert widget.result.cancelled and len(taken) == 1
    assert list(out_dir.iterdir()) == []
    assert not multiprocessing.active_children()
