"""Files and databases: importing, re-extraction, exporting, opening, creating and switching databases."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFileDialog

from ..review import OpChanges, ReviewSession
from ..store import Store, StoreError
from .operations import DatabaseWatcher

if TYPE_CHECKING:
    from .main_window import MainWindow

IMPORT_FILTER = "Reports (*.txt *.md *.markdown *.html *.htm *.jsonl);;All files (*)"


class FileActions(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.w = window

    def _fill_recent_menu(self) -> None:
        self.w.recent_menu.clear()
        for i, path in enumerate(self.w.db_settings.recent()):
            act = self.w.recent_menu.addAction(f"&{i + 1}  {path}")
            act.triggered.connect(lambda _c=False, p=path: self.switch_database(Path(p)))
        if not self.w.db_settings.recent():
            self.w.recent_menu.addAction("(none)").setEnabled(False)

    def import_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.w, "Import reports", self._last_dir(), IMPORT_FILTER)
        if paths:
            self.start_import(paths)

    def import_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self.w, "Import a folder of reports", self._last_dir())
        if path:
            self.start_import([path])

    def _last_dir(self) -> str:
        return self.w.settings.value("last_import_dir", str(Path.home()), str)

    def open_database_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.w, "Open database", str(self.w.store.path.parent),
                                              "annotator databases (*.db *.sqlite);;All files (*)")
        if path:
            self.switch_database(Path(path))

    def new_database_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.w, "New database", str(self.w.store.path.parent / "reports.db"),
                                              "annotator databases (*.db)")
        if path:
            self.switch_database(Path(path))

    def switch_database(self, path: Path) -> None:
        if Path(path).resolve() == self.w.store.path.resolve():
            return
        if self.w.background.busy:
            self.w.warn("Busy", "Wait for the background work to finish (or cancel it) before switching database.")
            return
        try:
            store = Store(path)
        except StoreError as exc:
            self.w.warn("Cannot open database", str(exc))
            return
        self.w._save_layout()
        self.w.watcher.stop()
        self.w.documents.wait()
        extractor = self.w.session.extractor
        self.w.store.close()
        self.w.store = store
        self.w.background.switch(store.path)
        if self.w._warm_pipeline:
            QTimer.singleShot(0, self.w.warm_pipeline)  # a worker on the new file; the pipeline here stays loaded
        self.w.session = ReviewSession(store, self.w.reviewer or "unknown")  # and this reviewer's history there
        self.w.session.extractor = extractor
        for view in (self.w.view, self.w.candidates, self.w.inspector, self.w.documents):
            view.session = self.w.session
        self.w.watcher = DatabaseWatcher(store, self.w.runner, self.w)
        self.w.places.store = store
        self.w._current = None
        self.w.summary.set_store(store)
        self.w.summary.follow.setChecked(self.w.db_settings.get(store.path, "summary_follow", True, bool))
        self.w.documents.store = store
        self.w.db_settings.remember(store.path)
        self.w.runner.broadcast(OpChanges(kind="reload", everything=True))  # the list refreshes, then opens a report
        self.w.setWindowTitle(f"annotator — {self.w.store.path.name}")

    def export_dialog(self) -> None:
        from .export_dialog import run_export_dialog

        run_export_dialog(self.w, self.w.store)

    def start_import(self, paths: list[str | Path], *, extract: bool = True, published: str | None = None) -> int:
        """Import files and folders in the background worker; returns the job id."""
        paths = [str(Path(p).resolve()) for p in paths]
        self.w.settings.setValue("last_import_dir", str(Path(paths[0]).parent))
        return self._submit("Import", {"import": paths, "extract": extract, "published": published})

    def reextract_report(self) -> None:
        if self.w.document_id is not None:
            self._submit("Re-extraction", {"reextract": [self.w.document_id]})

    def reextract_all(self) -> None:
        self._submit("Re-extraction", {"reextract": None})

    def _submit(self, title: str, command: dict[str, Any]) -> int:
        return self.w.background.submit(title, {**command, "reviewer": self.w.reviewer or "unknown"})
