"""The review window: layout and wiring. Reports on the left, the text in the middle, candidates and inspector
on the right, the summary in a tab.

What a key does lives in review_actions.ReviewActions; operations run through operations.OperationRunner and
their changes reach every view on one bus (operations.ChangeBus), as do commits by the background worker and by
other windows (operations.DatabaseWatcher). Background work is background.Background; menus and shortcuts come
from actions.ACTIONS, each id mapped to a callable in handlers().
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget, QMainWindow, QMessageBox, QScrollArea, QSplitter, QTabWidget,
    QVBoxLayout, QWidget,
)

from ..review import Item, Key, OpChanges, ReviewSession
from ..store import ConflictError, Store, StoreError
from . import actions as action_table
from .background import Background
from .candidate_list import CandidateList
from .database import DatabaseSettings
from .dialogs import KeyboardHelp, Legend, ask_reviewer
from .document_list import DocumentList
from .files import FileActions
from .find_bar import FindBar
from .inspector import Inspector
from .learning import Learning
from .lookups import Lookups
from .operations import ChangeBus, DatabaseWatcher, OperationRunner
from .navigation import Navigation
from .report_view import ReportView
from .review_actions import ReviewActions
from .status import StatusLine
from .summary_view import SummaryView
from .adjudication import AdjudicationView
from .agreement_view import AgreementView


class MainWindow(QMainWindow):
    committed = Signal(str, str, int)  # action, "event" | "fact", id: after the Store committed it (crash test)
    job_finished = Signal(object)  # a workers.JobResult when an import or re-extraction ends, None if it failed

    def __init__(self, db_path: str | Path, *, reviewer: str | None = None, settings: QSettings | None = None,
                 warm_pipeline: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings if settings is not None else QSettings()
        self.db_settings = DatabaseSettings(self.settings)
        self.reviewer = (reviewer or self.settings.value("reviewer", "", str)
                         or os.environ.get("ANNOTATOR_REVIEWER", ""))  # asked on first show when still empty
        self._warm_pipeline = warm_pipeline
        self._current: Key | None = None
        # Every report's counts summed as the last list refresh read them, and the open report's counts then:
        # the status bar adds the open report's change since (the session knows it before the next refresh).
        self._totals: dict[str, int] = {}
        self._open_counts_then: dict[str, int] = {}
        self._message: QMessageBox | None = None
        self._help: KeyboardHelp | None = None
        self._shown_once = False
        self.bus = ChangeBus(self)
        self.runner = OperationRunner(self.bus, on_conflict=self._conflict, on_error=self.warn,
                                      on_refusal=self.notify, parent=self)
        self.store = Store(db_path)
        self.session = ReviewSession(self.store, self.reviewer or "unknown")
        self.watcher = DatabaseWatcher(self.store, self.runner, self)
        self.places = Lookups(self.store)
        self.background = Background(self.store.path, self)
        self.review = ReviewActions(self)
        self.navigation = Navigation(self)
        self.files = FileActions(self)
        self._build_widgets()
        self.actions_by_id: dict[str, QAction] = {}
        self._build_actions()
        self._wire()
        self.setAcceptDrops(True)
        self._restore_layout()
        self.db_settings.remember(self.store.path)
        self.documents.refresh()  # opens the last (or first) report
        self.setWindowTitle(f"annotator — {self.store.path.name}")

    # -- construction -----------------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.resize(1400, 860)
        self.view = ReportView(self)
        self.view.setAcceptDrops(False)  # drops go to the window: they import files
        self.view.setTabChangesFocus(True)
        self.legend = Legend(self)
        self.find_bar = FindBar(self.view, self)
        review = QWidget(self)
        v = QVBoxLayout(review)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        for w, stretch in ((self.legend, 0), (self.find_bar, 0), (self.view, 1)):
            v.addWidget(w, stretch)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(review, "Review")
        self.summary = SummaryView(self.store, self)
        self.tabs.addTab(self.summary, "Summary")
        self.adjudication = AdjudicationView(self)
        self.tabs.addTab(self.adjudication, "Adjudication")
        self.agreement = AgreementView(self)
        self.tabs.addTab(self.agreement, "Agreement")
        self.setCentralWidget(self.tabs)

        self.documents = DocumentList(self.store, self)
        left = self._dock("Reports", "reportsDock", self.documents, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.candidates = CandidateList(self)
        self.inspector = Inspector(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.inspector)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.right_split = QSplitter(Qt.Orientation.Vertical, self)
        self.right_split.setObjectName("rightSplit")
        self.right_split.addWidget(self.candidates)
        self.right_split.addWidget(scroll)
        self.right_split.setStretchFactor(0, 1)
        self.right_split.setStretchFactor(1, 3)
        self.inspector_dock = self._dock("Candidates and inspector", "inspectorDock", self.right_split,
                                         Qt.DockWidgetArea.RightDockWidgetArea)
        self.resizeDocks([left, self.inspector_dock], [380, 420], Qt.Orientation.Horizontal)

        self.status = StatusLine(self.statusBar(), self.background.widgets())
        self.learning = Learning(self)  # Models and Rules tabs, Possibly missed panel, origin filter (learning.py)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def handlers(self) -> dict[str, Callable[[], Any]]:
        """What each action of actions.ACTIONS does."""
        r, n, f = self.review, self.navigation, self.files
        return {
            "import_files": f.import_files_dialog, "import_folder": f.import_folder_dialog,
            "open_db": f.open_database_dialog, "new_db": f.new_database_dialog, "export": f.export_dialog,
            "reextract_report": f.reextract_report, "reextract_all": f.reextract_all,
            "cancel_job": self.background.cancel, "set_reviewer": self.ask_reviewer, "quit": self.close,
            "accept": r.accept_current, "reject": r.reject_current, "accept_all": r.accept_all,
            "edit": r.focus_inspector,
            "new_event": lambda: self.learning.new_event(r.new_event_from_selection),
            "new_total": r.new_total_from_selection, "delete_event": r.delete_current, "undo": r.undo,
            "redo": r.redo, "set_span": r.set_span_to_selection, "grow_start": r.grow_start,
            "grow_end": r.grow_end, "shrink_start": r.shrink_start, "shrink_end": r.shrink_end,
            "select_sentence_end": r.select_sentence_end, "select_sentence_start": r.select_sentence_start,
            "next_item": lambda: n.move(1), "prev_item": lambda: n.move(-1),
            "next_pending": n.next_pending, "next_report": lambda: n.report(1),
            "prev_report": lambda: n.report(-1), "focus_text": n.focus_text,
            "focus_reports": lambda: self.documents.table.setFocus(Qt.FocusReason.ShortcutFocusReason),
            "find": n.find_in_text, "find_next": n.find_next, "search": n.focus_search,
            "reload": n.reload, "show_review": lambda: self.tabs.setCurrentIndex(0),
            "show_summary": n.show_summary_tab, "toggle_legend": n.toggle_legend,
            "keyboard_help": n.show_keyboard_help, "about": n.show_about,
            **self._team_handlers(),
            "train_model": self.learning.train, "show_models": self.learning.show_models,
            "show_rules": self.learning.show_rules, "cycle_origin": self.learning.cycle_origin,
            "next_missed": lambda: self.learning.walk_missed(1), "prev_missed": lambda: self.learning.walk_missed(-1),
        }

    def _team_handlers(self) -> dict[str, Callable[[], Any]]:
        adj = self.adjudication
        in_tab = lambda f: lambda: f() if self.tabs.currentWidget() is adj else None  # noqa: E731
        return {"take_version_1": in_tab(lambda: adj.take(1)), "take_version_2": in_tab(lambda: adj.take(2)),
                "take_version_3": in_tab(lambda: adj.take(3)), "adjudicate_edit": in_tab(adj.edit_in_review),
                "next_disagreement": in_tab(lambda: adj.move(1)), "prev_disagreement": in_tab(lambda: adj.move(-1)),
                "show_adjudication": lambda: self.tabs.setCurrentWidget(adj),
                "show_agreement": lambda: self.tabs.setCurrentWidget(self.agreement)}

    def _build_actions(self) -> None:
        handlers = self.handlers()
        menus = {name: self.menuBar().addMenu(action_table.MENU_LABELS[name]) for name in action_table.MENUS}
        last_section: dict[str, str] = {}
        for spec in action_table.ACTIONS:
            act = QAction(spec.text, self)
            act.setObjectName(f"action_{spec.id}")
            if spec.shortcuts:
                act.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
                act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setStatusTip(spec.help)
            act.setToolTip(spec.help)
            act.triggered.connect(lambda _checked=False, h=handlers[spec.id]: h())
            menu = menus[spec.menu]
            if spec.menu in last_section and last_section[spec.menu] != spec.section:
                menu.addSeparator()
            last_section[spec.menu] = spec.section
            menu.addAction(act)
            if spec.id == "open_db":
                self.recent_menu = menu.addMenu("Open &recent")
                self.recent_menu.aboutToShow.connect(self.files._fill_recent_menu)
            self.addAction(act)  # shortcuts work while the menu bar is hidden or a dock floats
            self.actions_by_id[spec.id] = act
        self.actions_by_id["toggle_legend"].setCheckable(True)
        self.actions_by_id["toggle_legend"].setChecked(True)
        self.actions_by_id["cancel_job"].setEnabled(False)
        menus["View"].addSeparator()
        for dock in self.findChildren(QDockWidget):
            menus["View"].addAction(dock.toggleViewAction())

    def _wire(self) -> None:
        self.view.item_clicked.connect(self.select)
        self.candidates.item_selected.connect(lambda key: self.select(key, focus_list=True))
        self.inspector.edit_requested.connect(self.review.apply_edit)
        self.inspector.place_entered.connect(self.review.place_entered)
        self.inspector.select_requested.connect(self.select)
        self.documents.document_activated.connect(self.open_document)
        self.documents.refreshed.connect(self._documents_refreshed)
        self.summary.open_location.connect(self.open_location)
        self.summary.follow_changed.connect(self.navigation._follow_changed)
        self.tabs.currentChanged.connect(lambda _i: self.summary.follow_document(self.session.document))
        self.background.job_finished.connect(self.job_finished)
        self.background.message.connect(self.notify)
        self.background.warning.connect(self.warn)
        self.background.busy_changed.connect(self.actions_by_id["cancel_job"].setEnabled)
        self.background.pipeline_loaded.connect(self._pipeline_loaded)
        # The bus: every view updates itself; the status bar and the crash test's signal follow.
        for view in (self.view, self.candidates, self.inspector, self.documents):
            view.session = self.session
        self.bus.changes.connect(self._sync_session)  # first: the views read the session
        self.background.job_finished.connect(lambda _r: self.watcher.poll())  # its last commits, now
        for slot in (self.view.on_changes, self.candidates.on_changes, self.inspector.on_changes,
                     self.documents.on_changes, self.summary.on_changes, self.adjudication.on_changes,
                     self.agreement.on_changes, self._on_changes):
            self.bus.changes.connect(slot)
        self.summary.follow.setChecked(self.db_settings.get(self.store.path, "summary_follow", True, bool))

    # -- state ------------------------------------------------------------------------------------------------

    @property
    def current_key(self) -> Key | None:
        return self._current

    @property
    def current_item(self) -> Item | None:
        return self.session.item(self._current)

    @property
    def document_id(self) -> int | None:
        return self.session.document_id

    def _restore_layout(self) -> None:
        for key, restore in (("window/geometry", self.restoreGeometry), ("window/state", self.restoreState),
                             ("window/rightSplit", self.right_split.restoreState)):
            value = self.settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)
        self.legend.setVisible(self.settings.value("window/legend", True, bool))

    def _save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/rightSplit", self.right_split.saveState())
        self.settings.setValue("window/legend", self.legend.isVisibleTo(self))
        if self.document_id is not None:
            self.db_settings.set(self.store.path, "last_document", self.document_id)
        self.settings.sync()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.view.setFocus()
            if not self.reviewer:
                QTimer.singleShot(0, lambda: self.set_reviewer(ask_reviewer(self, None) or "unknown"))
            if self._warm_pipeline:
                QTimer.singleShot(50, self.warm_pipeline)

    def set_reviewer(self, name: str) -> None:
        self.reviewer = name
        self.session.reviewer = name  # and that reviewer's undo history, from the decision log
        self.settings.setValue("reviewer", name)
        self._update_status()

    def ask_reviewer(self) -> None:
        name = ask_reviewer(self, self.reviewer)
        if name:
            self.set_reviewer(name)

    def warm_pipeline(self) -> None:
        self.background.warm()

    def _pipeline_loaded(self, extractor: Any) -> None:
        self.session.extractor = extractor
        if self.background.tables:
            self.places.set_tables(*self.background.tables)
        self.fill_completions()

    def fill_completions(self) -> None:
        """Place and actor completion (the tables load at warm-up, or on the first place typed)."""
        self.inspector.set_completions(self.places.place_rows(), self.places.actor_rows())

    # -- opening and selecting --------------------------------------------------------------------------------

    def open_document(self, document_id: int, select: Key | None = None) -> None:
        self._fold_open_counts()
        try:
            self.session.open(document_id)
        except StoreError as exc:
            self.warn("Cannot open the report", str(exc))
            return
        self._open_counts_then = self.session.counts()
        items = self.session.items
        key = select if self.session.item(select) else None
        if key is None:
            first = next((it for it in items if it.status == "pending"), items[0] if items else None)
            key = first.key if first else None
        self._current = key
        self.view.set_report(self.session.text, items, key, source_kind=self.session.document.source_kind)
        self.candidates.set_items(items, key)
        self.inspector.show_item(self.session.item(key))
        if key is not None:
            it = self.session.item(key)
            self.view.scroll_to(it.start, it.end)
        else:
            self.view.moveCursor(self.view.textCursor().MoveOperation.Start)
        self.documents.select(document_id, emit=False)
        self.summary.follow_document(self.session.document)
        self._update_status()

    def open_location(self, document_id: int, start: int, end: int) -> None:
        """From the summary: show the report and the candidate covering the span (or the span itself)."""
        self.tabs.setCurrentIndex(0)
        if self.document_id != document_id:
            self.open_document(document_id)
        hits = [it for it in self.session.items if it.start < end and start < it.end]
        best = min(hits, key=lambda it: abs(it.start - start) + abs(it.end - end)) if hits else None
        if best is not None:
            self.select(best.key)
        else:
            self.view.select_range(start, end)
        self.view.setFocus()

    def select(self, key: Key | None, *, scroll: bool = True, focus_list: bool = False) -> None:
        item = self.session.item(key)
        if item is None:
            return
        self._current = item.key
        self.view.set_selected(item.key, scroll=scroll)
        if not focus_list:
            self.candidates.select(item.key)
        self.inspector.show_item(item)
        self._update_status()

    def _documents_refreshed(self, totals: dict[str, int]) -> None:
        self._totals = dict(totals)
        self._open_counts_then = self.session.counts() if self.document_id is not None else {}
        if self.document_id is not None:
            self.documents.model.set_counts(self.document_id, self.session.counts())
        if self.session.document is None:
            docs = self.documents.model.docs
            # The list loads lazily: the last report may lie past its first page (select() pages to it).
            listed = _Listed(self.documents) if self.documents.model.canFetchMore() else {d.id for d in docs}
            target = self.db_settings.last_document(self.store.path, listed)
            if target is not None or docs:
                self.open_document(target if target is not None else docs[0].id)
        self._update_status()

    def _sync_session(self, changes: OpChanges, _initiator: Any) -> None:
        if changes.external:  # the session re-read its own operations' objects already
            self.session.apply(changes)

    def _on_changes(self, changes: OpChanges, _initiator: Any) -> None:
        """Last on the bus: the selection, the status bar, and the per-object `committed` signal."""
        if self.session.item(self._current) is None:
            self._current = None
            self.inspector.show_item(None)
        self._update_status()
        if changes.external and changes.touches(self.document_id):
            self.notify("Updated: changed in another window or by the background worker", 3000)
        for kind, ids in (("event", changes.events), ("fact", changes.facts)):
            for oid in sorted(ids):
                self.committed.emit(changes.kind, kind, oid)

    def _update_status(self) -> None:
        it = self.current_item
        self.status.update(self.session, self._totals_now(), it, self.reviewer, self.store.path)

    def _totals_now(self) -> dict[str, int]:
        """The last refresh's totals with the open report's change since."""
        totals = dict(self._totals)
        if totals and self.document_id is not None and self._open_counts_then:
            now = self.session.counts()
            for k in totals:
                totals[k] += now.get(k, 0) - self._open_counts_then.get(k, 0)
        return totals

    def _fold_open_counts(self) -> None:
        """Before another report opens: keep this one's change in the totals until the next refresh."""
        self._totals = self._totals_now()
        self._open_counts_then = {}

    def notify(self, text: str, msecs: int = 4000) -> None:
        self.statusBar().showMessage(text, msecs)

    def warn(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("warning")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self._message = box
        box.open()

    def _conflict(self, exc: ConflictError) -> None:
        """Someone else changed it: say so, show what the database holds now, overwrite nothing."""
        self.warn("Changed elsewhere", str(exc))
        keep = self._current
        try:
            self.session.reload()
        except StoreError:
            self.session.close()
        self.runner.broadcast(OpChanges(kind="reload", everything=True))
        self.select(keep)

    # -- files, databases, background work --------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)

    def start_import(self, paths: list[str | Path], *, extract: bool = True, published: str | None = None) -> int:
        return self.files.start_import(paths, extract=extract, published=published)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.watcher.stop()
        self.learning.stop()
        self.background.stop()
        self.documents.wait()
        self._save_layout()
        self.store.close()
        super().closeEvent(event)


class _Listed:
    """"Is this report in the list's query?" for a lazily loaded list, one indexed query per question, instead
    of every report's id."""

    def __init__(self, documents: DocumentList):
        self._documents = documents

    def __contains__(self, document_id: object) -> bool:
        return isinstance(document_id, int) and self._documents._listed(document_id)
