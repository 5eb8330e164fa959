"""GUI fixtures: offscreen Qt, a private QSettings file, databases built from the demo reports or by hand."""
from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

import shutil  # noqa: E402

import annotator.gui  # noqa: E402,F401  (applies the PySide6 None-refcount guard before any test touches Qt)
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from gui_synthetic import build_synthetic_db  # noqa: E402

REVIEWER = "tester"


def _pipeline_available() -> bool:
    try:
        import annotator.nlp.service  # noqa: F401
        import annotator.ingest  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    """The bundled demo reports imported once with the real readers and pipeline; tests copy the file."""
    if not _pipeline_available():
        pytest.skip("the extraction pipeline (annotator.nlp.service) is not available")
    from annotator.commands.gui_commands import build_demo_database

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo_database(path, reviewer="importer")
    return path


@pytest.fixture
def demo_db(demo_db_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo.db"
    shutil.copy(demo_db_template, target)  # the template's connection is closed, so its WAL is checkpointed
    return target


@pytest.fixture
def synthetic_db(tmp_path: Path) -> Path:
    path = tmp_path / "synthetic.db"
    build_synthetic_db(path, documents=3)
    return path


@pytest.fixture
def settings(tmp_path: Path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    """Open a review window on a database, shown and focused on the report text."""
    from PySide6.QtWidgets import QApplication

    from annotator.gui.main_window import MainWindow

    def make(db: Path, *, reviewer: str = REVIEWER, own_settings=None) -> MainWindow:
        w = MainWindow(db, reviewer=reviewer, settings=own_settings or settings, warm_pipeline=False)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
        w.view.setFocus()
        return w

    return make
