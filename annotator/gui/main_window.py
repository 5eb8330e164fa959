"""The review window: reports on the left, the text in the middle, candidates and inspector on the right.

Views hold layout; decisions go through ReviewSession (one Store transaction each) and only then are shown.
Menus and shortcuts come from actions.ACTIONS. Imports and extraction run in workers.WorkerProcess.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QProgressBar, QScrollArea,
    QSplitter, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from .. import __version__ as VERSION
from ..domain import EVENT_TYPES, REJECT_REASONS
from ..store import ConflictError, Store, StoreError
from . import actions as action_table
from . import spans
from .candidate_list import CandidateList
from .dialogs import KeyboardHelp, Legend, ask_reviewer
from .document_list import DocumentList
from .find_bar import FindBar
from .inspector import Inspector
from .report_view import ReportView
from ..review import Item, Key, ReviewSession
from .workers import Job, JobResult, JobRunner, WorkerProcess

MAX_RECENT = 8
IMPORT_FILTER = "Reports (*.txt *.md *.markdown *.html *.htm *.jsonl);;All files (*)"
MENU_KEYS = "1234567890abcdefghijklmnopqrstuvwxyz"


def _shortcut_keys(i: int) -> str:
    return MENU_KEYS[i] if i < len(MENU_KEYS) else ""


class MainWindow(QMainWindow):
    committed = Signal(str, str, int)  # action, "event" | "fact", id: emitted after the Store committed it
    document_opened = Signal(int)
    job_finished = Signal(object)  # a workers.JobResult when an import or re-extraction ends, None if it failed

    def __init__(self, db_path: str | Path, *, reviewer: str | None = None, settings: QSettings | None = None,
                 warm_pipeline: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings if settings is not None else QSettings()
        self.reviewer = (reviewer or self.settings.value("reviewer", "", str)
                         or os.environ.get("ANNOTATOR_REVIEWER", ""))  # asked on first show when still empty
        self._warm_pipeline = warm_pipeline
        self._current: Key | None = None
        self._all_counts: dict[int, dict[str, int]] = {}
        self._popup: QMenu | None = None
        self._message: QMessageBox | None = None
        self._help: KeyboardHelp | None = None
        self._gazetteer: Any = None
        self._extractor: Any = None
        self._warming = False
        self._shown_once = False
        self.store: Store = Store(db_path)
        self.session = ReviewSession(self.store, self.reviewer or "unknown", on_commit=self._on_commit)
        self.store.subscribe(self._store_changed)
        self.jobs = JobRunner(self)  # light in-process work (the gazetteer)
        self.worker = self._make_worker()  # imports and extraction, in a process of their own
        self.pipeline_ready = False

        self._build_widgets()
        self.actions_by_id: dict[str, QAction] = {}
        self._build_actions()
        self._list_timer = QTimer(self)
        self._list_timer.setSingleShot(True)
        self._list_timer.setInterval(1000)
        self._list_timer.timeout.connect(self.documents.refresh_in_background)
        self.setAcceptDrops(True)
        self._restore_layout()
        self._remember_database(self.store.path)
        self.refresh_documents()  # opens the last (or first) report
        self._update_title()

    # -- construction -----------------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.resize(1400, 860)
        self.view = ReportView(self)
        self.view.setAcceptDrops(False)  # drops go to the window: they import files
        self.view.setTabChangesFocus(True)
        self.view.item_clicked.connect(self.select)
        self.legend = Legend(self)
        review = QWidget(self)
        v = QVBoxLayout(review)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        self.find_bar = FindBar(self.view, self)
        v.addWidget(self.legend)
        v.addWidget(self.find_bar)
        v.addWidget(self.view, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(review, "Review")
        self.summary = self._make_summary_view()
        self.tabs.addTab(self.summary, "Summary")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)

        self.documents = DocumentList(self.store, self)
        self.documents.document_activated.connect(self.open_document)
        self.documents.refreshed.connect(self._documents_refreshed)
        left = QDockWidget("Reports", self)
        left.setObjectName("reportsDock")
        left.setWidget(self.documents)
        left.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, left)

        self.candidates = CandidateList(self)
        self.candidates.item_selected.connect(lambda key: self.select(key, focus_list=True))
        self.inspector = Inspector(self)
        self.inspector.edit_requested.connect(self.apply_edit)
        self.inspector.place_entered.connect(self._place_entered)
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
        right = QDockWidget("Candidates and inspector", self)
        right.setObjectName("inspectorDock")
        right.setWidget(self.right_split)
        right.setFeatures(left.features())
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, right)
        self.resizeDocks([left, right], [380, 420], Qt.Orientation.Horizontal)
        self.inspector_dock = right

        bar = self.statusBar()
        self.progress_label = QLabel(self)
        self.reviewer_label = QLabel(self)
        self.db_label = QLabel(self)
        self.pipeline_label = QLabel("pipeline: not loaded", self)
        self.job_bar = QProgressBar(self)
        self.job_bar.setMaximumWidth(220)
        self.job_bar.setTextVisible(True)
        self.job_cancel = QToolButton(self)
        self.job_cancel.setText("Cancel")
        self.job_cancel.clicked.connect(self.cancel_job)
        self.job_bar.hide()
        self.job_cancel.hide()
        for w in (self.progress_label, self.job_bar, self.job_cancel, self.pipeline_label, self.reviewer_label,
                  self.db_label):
            bar.addPermanentWidget(w)

    def _make_summary_view(self) -> QWidget:
        try:
            from .summary_view import SummaryView
        except ImportError:  # written separately; the tab says so until it exists
            label = QLabel("The summary view is not available in this build.", self)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            return label
        view = SummaryView(self.store, self)
        view.open_location.connect(self.open_location)
        return view

    def _build_actions(self) -> None:
        menus: dict[str, QMenu] = {}
        for name in action_table.MENUS:
            menus[name] = self.menuBar().addMenu(action_table.MENU_LABELS[name])
        last_section: dict[str, str] = {}
        for spec in action_table.ACTIONS:
            act = QAction(spec.text, self)
            act.setObjectName(f"action_{spec.id}")
            if spec.shortcuts:
                act.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
                act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setStatusTip(spec.help)
            act.setToolTip(spec.help)
            act.triggered.connect(lambda _checked=False, h=spec.handler: getattr(self, h)())
            menu = menus[spec.menu]
            if spec.menu in last_section and last_section[spec.menu] != spec.section:
                menu.addSeparator()
            last_section[spec.menu] = spec.section
            menu.addAction(act)
            if spec.id == "open_db":
                self.recent_menu = menu.addMenu("Open &recent")
                self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
            self.addAction(act)  # shortcuts work while the menu bar is hidden or a dock floats
            self.actions_by_id[spec.id] = act
        self.actions_by_id["toggle_legend"].setCheckable(True)
        self.actions_by_id["toggle_legend"].setChecked(True)
        self.actions_by_id["cancel_job"].setEnabled(False)
        view_menu = menus["View"]
        view_menu.addSeparator()
        for dock in self.findChildren(QDockWidget):
            view_menu.addAction(dock.toggleViewAction())

    # -- state ------------------------------------------------------------------------------------------------

    @property
    def current_key(self) -> Key | None:
        return self._current

    @property
    def current_item(self) -> Item | None:
        return self.session.item(self._current)

    @property
    def document_id(self) -> int | None:
        return self.session.document.id if self.session.document else None

    def _restore_layout(self) -> None:
        geo = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        split = self.settings.value("window/rightSplit")
        if isinstance(geo, QByteArray):
            self.restoreGeometry(geo)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        if isinstance(split, QByteArray):
            self.right_split.restoreState(split)
        legend = self.settings.value("window/legend", True, bool)
        self.legend.setVisible(legend)

    def _save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/rightSplit", self.right_split.saveState())
        self.settings.setValue("window/legend", self.legend.isVisibleTo(self))
        if self.document_id is not None:
            self.settings.setValue(f"last_document/{_settings_key(self.store.path)}", self.document_id)
        self.settings.sync()

    def _remember_database(self, path: Path) -> None:
        recent = [p for p in self._recent() if p != str(path)]
        self.settings.setValue("recent_databases", [str(path), *recent][:MAX_RECENT])

    def _recent(self) -> list[str]:
        value = self.settings.value("recent_databases", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for i, path in enumerate(self._recent()):
            act = self.recent_menu.addAction(f"&{i + 1}  {path}")
            act.triggered.connect(lambda _c=False, p=path: self.switch_database(Path(p)))
        if not self._recent():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _open_initial_document(self) -> None:
        last = self.settings.value(f"last_document/{_settings_key(self.store.path)}")
        docs = self.documents.model.docs
        if not docs:
            self.view.clear_report()
            self.inspector.show_item(None)
            self.candidates.set_items([], None)
            self._update_status()
            return
        ids = {d.id for d in docs}
        try:
            target = int(last) if last is not None and int(last) in ids else docs[0].id
        except (TypeError, ValueError):
            target = docs[0].id
        self.open_document(target)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.view.setFocus()
            if not self.reviewer:
                QTimer.singleShot(0, self._first_run_reviewer)
            if self._warm_pipeline:
                QTimer.singleShot(50, self.warm_pipeline)

    def _first_run_reviewer(self) -> None:
        name = ask_reviewer(self, None)
        self.set_reviewer(name or "unknown")

    def set_reviewer(self, name: str) -> None:
        self.reviewer = name
        self.session.reviewer = name
        self.settings.setValue("reviewer", name)
        self._update_status()

    # -- opening ----------------------------------------------------------------------------------------------

    def open_document(self, document_id: int, select: Key | None = None) -> None:
        try:
            self.session.open(document_id)
        except StoreError as exc:
            self._warn("Cannot open the report", str(exc))
            return
        items = self.session.items
        key = select if self.session.item(select) else None
        if key is None:
            first = next((it for it in items if it.status == "pending"), items[0] if items else None)
            key = first.key if first else None
        self._current = key
        self.view.set_report(self.session.text, items, key)
        self.candidates.set_items(items, key)
        self.inspector.show_item(self.session.item(key))
        if key is not None:
            it = self.session.item(key)
            self.view.scroll_to(it.start, it.end)
        else:
            self.view.moveCursor(self.view.textCursor().MoveOperation.Start)
        self.documents.select(document_id, emit=False)
        self._update_status()
        self.document_opened.emit(document_id)

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
        self._current = key
        self.view.set_selected(key, scroll=scroll)
        if not focus_list:
            self.candidates.select(key)
        self.inspector.show_item(item)
        self._update_status()

    def refresh_documents(self) -> None:
        self.documents.refresh()

    def _documents_refreshed(self, counts: dict[int, dict[str, int]]) -> None:
        self._all_counts = counts
        if self.document_id is not None and self.document_id in self._all_counts:
            self._all_counts[self.document_id] = self.session.counts()
            self.documents.model.set_counts(self.document_id, self.session.counts())
        if self.session.document is None:
            self._open_initial_document()
        self._update_status()

    def _schedule_list_refresh(self) -> None:
        if not self._list_timer.isActive():
            self._list_timer.start()

    # -- after a change ---------------------------------------------------------------------------------------

    def _on_commit(self, action: str, kind: str, object_id: int) -> None:
        self.committed.emit(action, kind, object_id)

    def _store_changed(self, what: str, document_id: int | None) -> None:
        # The summary view listens to the store itself; the list only needs a refresh for other reports.
        if what == "documents" or document_id != self.document_id:
            self._schedule_list_refresh()

    def _show_items(self, changed: Item | None = None) -> None:
        """Show what the session holds after a committed change."""
        items = self.session.items
        if self.session.item(self._current) is None:
            self._current = None
        self.view.set_items(items, self._current)
        if changed is not None and self.candidates.count() == len(items):
            self.candidates.update_item(changed)
            self.candidates.select(self._current)
        else:
            self.candidates.set_items(items, self._current)
        self.inspector.show_item(self.session.item(self._current))
        if self.document_id is not None:
            counts = self.session.counts()
            self.documents.model.set_counts(self.document_id, counts)
            if self.document_id in self._all_counts:
                self._all_counts[self.document_id] = counts
        self._update_status()

    def _update_status(self) -> None:
        parts = []
        if self.session.document is not None:
            done, total = self.session.progress()
            parts.append(f"This report: {done} of {total} decided")
        if self._all_counts:
            pending = sum(c.get("pending", 0) for c in self._all_counts.values())
            total = sum(sum(c.values()) for c in self._all_counts.values())
            parts.append(f"All reports: {total - pending} of {total} events decided")
        it = self.current_item
        if it is not None:
            parts.append(f"{it.label} · {it.status}")
        self.progress_label.setText("   ·   ".join(parts))
        self.reviewer_label.setText(f"Reviewer: {self.reviewer or '(not set)'}")
        self.db_label.setText(str(self.store.path))
        self.db_label.setToolTip(str(self.store.path))

    def _update_title(self) -> None:
        self.setWindowTitle(f"annotator — {self.store.path.name}")

    def _notify(self, text: str, msecs: int = 4000) -> None:
        self.statusBar().showMessage(text, msecs)

    def _warn(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("warning")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self._message = box
        box.open()

    def _conflict(self, exc: ConflictError) -> None:
        """Someone else changed it: say so, show what the database holds now, overwrite nothing."""
        self._warn("Changed elsewhere", str(exc))
        keep = self._current
        if self.session.document is not None:
            try:
                self.session.reload()
            except StoreError:
                self.session.close()
        if self.session.item(keep) is None:
            keep = None
        self._current = keep
        if self.session.document is not None:
            self.view.set_report(self.session.text, self.session.items, keep)
            self.candidates.set_items(self.session.items, keep)
            self.inspector.show_item(self.session.item(keep))
        self.refresh_documents()

    def _run(self, what: str, fn, *args, **kwargs):
        """Call into the session; turn its refusals into messages instead of tracebacks."""
        try:
            return fn(*args, **kwargs)
        except ConflictError as exc:
            self._conflict(exc)
        except StoreError as exc:
            self._warn(f"Could not {what}", str(exc))
        except ValueError as exc:
            self._notify(f"Could not {what}: {exc}", 6000)
        return None

    def _need_item(self) -> Item | None:
        it = self.current_item
        if it is None:
            self._notify("Select a candidate first (J / K)")
        return it

    # -- review actions (names are the handlers in actions.ACTIONS) -------------------------------------------

    def accept_current(self) -> None:
        it = self._need_item()
        if it is None:
            return
        new = self._run("accept", self.session.accept, it.key)
        if new is not None:
            self._after_decision(new, f"Accepted {new.label.lower()}")

    def reject_current(self) -> None:
        it = self._need_item()
        if it is None:
            return
        menu = QMenu(self)
        menu.setObjectName("rejectMenu")
        act = menu.addAction("&0  reject, no reason")
        act.triggered.connect(lambda _c=False, k=it.key: self.reject(k, None))
        for i, reason in enumerate(REJECT_REASONS):
            act = menu.addAction(f"&{i + 1}  {reason}")
            act.triggered.connect(lambda _c=False, k=it.key, r=reason: self.reject(k, r))
        self._show_popup(menu, it)

    def reject(self, key: Key, reason: str | None) -> None:
        new = self._run("reject", self.session.reject, key, reason)
        if new is not None:
            self._after_decision(new, f"Rejected {new.label.lower()}" + (f" ({reason})" if reason else ""))

    def _after_decision(self, item: Item, message: str) -> None:
        nxt = self.session.next_key(item.key, 1, pending_only=True) or \
            self.session.next_key(None, 1, pending_only=True)
        self._current = nxt or item.key
        self._show_items(item)
        self.view.set_selected(self._current)
        if nxt is None:
            message += " · every candidate of this report is decided (Shift+J: next report)"
        self._notify(message)

    def accept_all(self) -> None:
        n = self._run("accept all", self.session.accept_all)
        if n is not None:
            self._show_items()
            self._notify(f"Accepted {n} remaining candidate(s)" if n else "Nothing pending in this report")

    def apply_edit(self, key: Key, changes: dict[str, Any]) -> None:
        new = self._run("save the change", self.session.edit, key, changes)
        if new is not None:
            self._show_items(new)
            self._notify(f"Saved {', '.join(changes)}")

    def _place_entered(self, key: Key, text: str) -> None:
        text = text.strip()
        changes: dict[str, Any] = {"location": text or None, "location_name": None, "admin1": None, "lat": None,
                                   "lon": None, "location_precision": None}
        place = self._lookup_place(text) if text else None
        if place is not None:
            changes.update(location_name=getattr(place, "name", None), admin1=getattr(place, "admin1", None),
                           lat=getattr(place, "lat", None), lon=getattr(place, "lon", None),
                           location_precision=getattr(place, "kind", None))
        elif text:
            changes["location_precision"] = "unresolved"
        self.apply_edit(key, changes)

    def _lookup_place(self, text: str) -> Any:
        gaz = self._load_gazetteer()
        if gaz is None:
            return None
        try:
            place = gaz.lookup(text)
            if place is None:
                # A misspelling close to one known place resolves; a vague one stays unresolved.
                best = gaz.fuzzy(text, limit=2, score_cutoff=88.0)
                if len(best) == 1 or (len(best) > 1 and best[0][1] - best[1][1] >= 5):
                    place = best[0][0]
            return place
        except Exception:  # an unknown place is not an error: it stays unresolved
            return None

    def _load_gazetteer(self) -> Any:
        if self._gazetteer is None:
            try:
                from ..nlp.gazetteer import Gazetteer

                self._gazetteer = Gazetteer.load()
                self.inspector.set_place_names(list(self._gazetteer.surface_forms()))
            except Exception:
                self._gazetteer = False
        return self._gazetteer or None

    def focus_inspector(self) -> None:
        if self._need_item() is None:
            return
        self.inspector_dock.show()
        self.inspector.first_field().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def new_event_from_selection(self) -> None:
        span = self.view.selection_span()
        if span is None or span[0] == span[1]:
            self._notify("Select the text of the event first (Shift+arrows in the text), then press N")
            return
        menu = QMenu(self)
        menu.setObjectName("typeMenu")
        for i, (t, spec) in enumerate(EVENT_TYPES.items()):
            key = _shortcut_keys(i)
            act = menu.addAction(f"&{key}  {spec[4]}" if key else spec[4])
            act.triggered.connect(lambda _c=False, t=t, s=span: self.add_event(t, *s))
        self._show_popup(menu, None)

    def add_event(self, event_type: str, start: int, end: int) -> None:
        new = self._run("add the event", self.session.add_event, event_type, start, end)
        if new is not None:
            self._current = new.key
            self._show_items()
            self.view.set_selected(new.key)
            read = [v for v in (new.obj.date, new.obj.location_name or new.obj.location) if v]
            read += [f"{c.value} {k}" for k, c in new.obj.counts.items()]
            self._notify(f"Added {new.label.lower()}" + (f", read from the text: {', '.join(read)}" if read else
                                                         " (E to fill in its date, place and counts)"), 8000)

    def delete_current(self) -> None:
        it = self._need_item()
        if it is None:
            return
        nxt = self.session.next_key(it.key, 1) or self.session.next_key(it.key, -1)
        if self._run("delete", self.session.delete, it.key) is not None:
            self._current = nxt
            self._show_items()
            self.view.set_selected(self._current)
            self._notify("Deleted your event")

    def set_span_to_selection(self) -> None:
        it = self._need_item()
        span = self.view.selection_span()
        if it is None:
            return
        if span is None:
            self._notify("Select the new evidence text first (Shift+arrows), then press S")
            return
        new = self._run("set the span", self.session.set_span, it.key, *span)
        if new is not None:
            self._show_items(new)
            self.view.set_selected(new.key)

    def _step_span(self, start_words: int = 0, end_words: int = 0) -> None:
        it = self._need_item()
        if it is None:
            return
        new = self._run("move the span", self.session.step_span, it.key, start_words=start_words,
                        end_words=end_words)
        if new is not None:
            self._show_items(new)
            self.view.set_selected(new.key)
        elif self.session.item(it.key) is not None and self.session.item(it.key).version == it.version:
            self._notify("The span cannot move further that way")

    def grow_start(self) -> None:
        self._step_span(start_words=-1)

    def shrink_start(self) -> None:
        self._step_span(start_words=1)

    def grow_end(self) -> None:
        self._step_span(end_words=1)

    def shrink_end(self) -> None:
        self._step_span(end_words=-1)

    def undo(self) -> None:
        step = self._run("undo", self.session.undo)
        if step is not None:
            self._after_history(step, "Undone")
        elif not self.session.can_undo:
            self._notify("Nothing to undo")

    def redo(self) -> None:
        step = self._run("redo", self.session.redo)
        if step is not None:
            self._after_history(step, "Redone")
        elif not self.session.can_redo:
            self._notify("Nothing to redo")

    def _after_history(self, step, verb: str) -> None:
        if self.document_id != step.document_id:
            self.open_document(step.document_id, select=step.focus)
        else:
            if self.session.item(step.focus) is not None:
                self._current = step.focus
            self._show_items()
            self.view.set_selected(self._current)
        self._schedule_list_refresh()
        self._notify(f"{verb}: {step.description}")

    def _show_popup(self, menu: QMenu, item: Item | None) -> None:
        rects = self.view.span_rects(item.start, item.end) if item is not None else []
        if rects:
            pos = self.view.viewport().mapToGlobal(rects[-1].bottomLeft().toPoint())
        else:
            pos = self.view.viewport().mapToGlobal(self.view.cursorRect().bottomLeft() + QPoint(0, 4))
        previous = QApplication.focusWidget() or self.view
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Give the keyboard back to where it was once the menu closes (some platforms leave no active window).
        menu.aboutToHide.connect(lambda: self._restore_focus(previous, menu))
        self._popup = menu
        menu.popup(pos)

    def _restore_focus(self, widget: QWidget, menu: QMenu) -> None:
        if QApplication.activeWindow() not in (None, menu, self):
            return  # the user went to another window meanwhile
        self.activateWindow()
        try:
            widget.setFocus(Qt.FocusReason.PopupFocusReason)
        except RuntimeError:  # the widget went away meanwhile (database switched)
            self.view.setFocus()

    # -- navigation -------------------------------------------------------------------------------------------

    def next_item(self) -> None:
        self._move(1)

    def prev_item(self) -> None:
        self._move(-1)

    def _move(self, step: int) -> None:
        key = self.session.next_key(self._current, step)
        if key is not None:
            self.select(key)
        else:
            self._notify("First candidate" if step < 0 else "Last candidate (Shift+J: next report)")

    def next_pending(self) -> None:
        key = self.session.next_key(self._current, 1, pending_only=True) or \
            self.session.next_key(None, 1, pending_only=True)
        if key is not None:
            self.select(key)
        else:
            self._notify("Nothing pending in this report")

    def next_report(self) -> None:
        self._report(1)

    def prev_report(self) -> None:
        self._report(-1)

    def _report(self, step: int) -> None:
        target = self.documents.neighbour(self.document_id, step)
        if target is None or target == self.document_id:
            self._notify("No more reports in the list")
            return
        self.open_document(target)

    def focus_text(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.find_bar.hide()  # a match found stays selected in the text
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def find_in_text(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.find_bar.open()

    def find_next(self) -> None:
        if self.find_bar.field.text():
            self.find_bar.find(True)
        else:
            self.find_in_text()

    def select_sentence_end(self) -> None:
        """Extend the text selection to the end of the sentence (N then adds an event over it)."""
        text = self.session.text
        span = self.view.selection_span()
        caret = self.view._map.from_qt(self.view.textCursor().position())
        start, end = span if span else (caret, caret)
        self.view.select_range(start, spans.sentence_end(text, end))

    def select_sentence_start(self) -> None:
        text = self.session.text
        span = self.view.selection_span()
        caret = self.view._map.from_qt(self.view.textCursor().position())
        start, end = span if span else (caret, caret)
        new = spans.sentence_start(text, start)
        if new == start and start > 0:
            new = spans.sentence_start(text, start - 1)
        self.view.select_range(end, new)  # anchor at the end, caret at the start

    def focus_reports(self) -> None:
        self.documents.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        self.documents.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.documents.search.selectAll()

    def reload(self) -> None:
        keep = self._current
        if self.document_id is not None:
            self.open_document(self.document_id, select=keep)
        self.refresh_documents()
        self._notify("Reloaded from the database")

    def show_review_tab(self) -> None:
        self.tabs.setCurrentIndex(0)

    def show_summary_tab(self) -> None:
        self.tabs.setCurrentIndex(1)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.summary and hasattr(self.summary, "refresh"):
            self.summary.refresh()

    def toggle_legend(self) -> None:
        self.legend.setVisible(not self.legend.isVisibleTo(self))
        self.actions_by_id["toggle_legend"].setChecked(self.legend.isVisibleTo(self))

    def show_keyboard_help(self) -> None:
        if self._help is None:
            self._help = KeyboardHelp(self)
        self._help.show()
        self._help.raise_()

    def show_about(self) -> None:
        QMessageBox.about(self, "About annotator",
                          f"annotator {VERSION}\nReview events in monthly conflict-monitoring reports.\n\n"
                          f"Database: {self.store.path}")

    def ask_reviewer(self) -> None:
        name = ask_reviewer(self, self.reviewer)
        if name:
            self.set_reviewer(name)

    # -- files and databases ----------------------------------------------------------------------------------

    def import_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import reports", self._last_dir(), IMPORT_FILTER)
        if paths:
            self.start_import(paths)

    def import_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import a folder of reports", self._last_dir())
        if path:
            self.start_import([path])

    def _last_dir(self) -> str:
        return self.settings.value("last_import_dir", str(Path.home()), str)

    def open_database_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open database", str(self.store.path.parent),
                                              "annotator databases (*.db *.sqlite);;All files (*)")
        if path:
            self.switch_database(Path(path))

    def new_database_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New database", str(self.store.path.parent / "reports.db"),
                                              "annotator databases (*.db)")
        if path:
            self.switch_database(Path(path))

    def switch_database(self, path: Path) -> None:
        if Path(path).resolve() == self.store.path.resolve():
            return
        if self.worker.busy:
            self._warn("Busy", "Wait for the background work to finish (or cancel it) before switching database.")
            return
        try:
            store = Store(path)
        except StoreError as exc:
            self._warn("Cannot open database", str(exc))
            return
        self._save_layout()
        self.worker.stop()
        self.worker.deleteLater()
        self.store.close()
        self.store = store
        self.worker = self._make_worker()
        if self._warm_pipeline:
            QTimer.singleShot(0, self.warm_pipeline)  # a worker on the new file; the pipeline here stays loaded
        self.store.subscribe(self._store_changed)
        self.session = ReviewSession(store, self.reviewer or "unknown", on_commit=self._on_commit)
        self.session.extractor = self._extractor
        self._current = None
        index = self.tabs.indexOf(self.summary)
        self.summary.deleteLater()
        self.summary = self._make_summary_view()
        self.tabs.insertTab(index, self.summary, "Summary")
        self.documents.set_store(store)
        self._remember_database(store.path)
        self.session.close()
        self.refresh_documents()  # opens the last (or first) report
        self._update_title()

    def export_dialog(self) -> None:
        try:
            from .export_dialog import run_export_dialog
        except ImportError:
            self._notify("Export is not available in this build; use `annotator export`")
            return
        run_export_dialog(self, self.store)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start_import(paths)

    # -- background work --------------------------------------------------------------------------------------

    def _make_worker(self) -> WorkerProcess:
        worker = WorkerProcess(self.store.path, self)
        worker.ready.connect(self._worker_ready)
        worker.progress.connect(self._job_progress)
        worker.finished.connect(self._job_finished)
        worker.failed.connect(self._job_failed)
        return worker

    def warm_pipeline(self) -> None:
        """After the window is up: start the background worker process (imports; it loads spaCy for itself) and
        load the pipeline and gazetteer here too, in a thread (they fill in the events the reviewer adds and
        complete place names)."""
        if not self.worker.is_ready:
            self.worker.start()
        if self._warming or self.session.extractor is not None:
            return
        self._warming = True
        self.pipeline_label.setText("pipeline: loading…")

        def work(_store, _cancel):
            from ..nlp.gazetteer import Gazetteer

            gaz = Gazetteer.load()
            names = list(gaz.surface_forms())
            extractor = _load_pipeline()
            yield {"gazetteer": gaz, "names": names, "extractor": extractor}

        job = Job("Loading the pipeline", work, None)
        job.signals.finished.connect(self._pipeline_loaded)
        job.signals.failed.connect(self._pipeline_failed)
        self.jobs.submit(job)

    def _pipeline_loaded(self, result: Any) -> None:
        self._warming = False
        if not isinstance(result, dict):
            return
        if not self._gazetteer:
            self._gazetteer = result["gazetteer"]
            self.inspector.set_place_names(result["names"])
        self._extractor = result["extractor"]
        self.session.extractor = self._extractor
        self.pipeline_ready = True
        self.pipeline_label.setText("pipeline: ready")

    def _pipeline_failed(self, message: str) -> None:
        self._warming = False
        self.pipeline_label.setText("pipeline: failed to load")
        self.pipeline_label.setToolTip(message)

    def _worker_ready(self, version: str) -> None:
        self.pipeline_label.setToolTip(f"extraction pipeline {version}; the background worker is ready")

    def start_import(self, paths: list[str | Path], *, extract: bool = True, published: str | None = None) -> int:
        """Import files and folders in the background worker; returns the job id."""
        paths = [str(Path(p).resolve()) for p in paths]
        self.settings.setValue("last_import_dir", str(Path(paths[0]).parent))
        return self._submit("Import", {"import": paths, "extract": extract, "published": published})

    def reextract_report(self) -> None:
        if self.document_id is not None:
            self._submit("Re-extraction", {"reextract": [self.document_id]})

    def reextract_all(self) -> None:
        self._submit("Re-extraction", {"reextract": None})

    def _submit(self, title: str, command: dict[str, Any]) -> int:
        job = self.worker.submit(title, {**command, "reviewer": self.reviewer or "unknown"})
        self.job_bar.setRange(0, 0)
        self.job_bar.setFormat(f"{title}…")
        self.job_bar.show()
        self.job_cancel.show()
        self.actions_by_id["cancel_job"].setEnabled(True)
        return job

    def cancel_job(self) -> None:
        if self.worker.busy:
            self.worker.cancel_all()
            self._notify("Cancelling after the current report…")

    def _job_progress(self, job: int, done: int, total: int, message: str) -> None:
        title = self.worker.jobs.get(job, "Working")
        if total > 0:
            self.job_bar.setRange(0, total)
            self.job_bar.setValue(done)
            self.job_bar.setFormat(f"{title}: %v / %m")
        else:
            self.job_bar.setRange(0, 0)
            self.job_bar.setFormat(f"{title}: {done}")
        self.job_bar.setToolTip(message)
        self._schedule_list_refresh()

    def _job_finished(self, job: int, result: JobResult) -> None:
        self._notify(f"{result.title}: {result.summary()}", 10000)
        if result.errors:
            errors = result.errors
            self._warn(f"{result.title}: some files were not imported",
                       "\n".join(errors[:30]) + (f"\n… and {len(errors) - 30} more" if len(errors) > 30 else ""))
        if result.title == "Re-extraction" and self.document_id is not None:
            self.reload()  # pending candidates of this report may have been replaced
        self._job_idle()
        # On the reader thread: a list query of a thousand fresh reports on the GUI thread stalls the window.
        self.documents.refresh_in_background()
        self.job_finished.emit(result)

    def _job_failed(self, job: int, message: str) -> None:
        self._warn("Background work failed", message)
        self._job_idle()
        self.refresh_documents()
        self.job_finished.emit(None)

    def _job_idle(self) -> None:
        if not self.worker.busy:
            self.job_bar.hide()
            self.job_cancel.hide()
            self.actions_by_id["cancel_job"].setEnabled(False)

    # -- closing ----------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.worker.stop(15000)
        self.jobs.cancel_all()
        self.jobs.wait(5000)
        self._list_timer.stop()
        self.documents.wait()
        self._save_layout()
        self.store.close()
        super().closeEvent(event)


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


def _settings_key(path: Path) -> str:
    # QSettings keys cannot hold slashes meaningfully; a stable short name per database file.
    import hashlib

    return hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:12]


def _totals_text(result: Any) -> str:
    if isinstance(result, dict):
        return ", ".join(f"{v} {k}" for k, v in result.items())
    return "done"


def current_app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
