"""The learning loop in the window: Review -> Train model…, the Models and Rules tabs, the "Possibly missed" panel and
the candidate list's origin filter. MainWindow creates one Learning and maps its actions' ids to these methods;
the views follow the change bus like every other view. Everything they compute comes from annotator.train (no Qt
there); the slow parts (training, evaluating, finding missed sentences) run in worker threads (workers.Job).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QComboBox, QDockWidget, QLabel, QHBoxLayout, QVBoxLayout, QWidget

from ..domain import ORIGINS
from .missed_view import MissedView
from .models_view import ModelsView
from .rules_view import RulesView
from .train_dialog import TrainDialog

if TYPE_CHECKING:
    from .main_window import MainWindow


class Learning(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.w = window
        self.train_settings: Any = None  # tests train for fewer epochs
        self.dialog: TrainDialog | None = None
        self.models = ModelsView(window)
        self.rules = RulesView(window)
        window.tabs.addTab(self.models, "Models")
        window.tabs.addTab(self.rules, "Rules")
        self.missed = MissedView(window)
        self.missed_dock = QDockWidget("Possibly missed", window)
        self.missed_dock.setObjectName("missedDock")
        self.missed_dock.setWidget(self.missed)
        self.missed_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.missed_dock)
        self.missed_dock.hide()  # shown by M, or from View
        self.origin = self._origin_filter(window)
        self.models.activate_requested.connect(self.activate)
        for view in (self.models, self.rules, self.missed):
            window.bus.changes.connect(view.on_changes)

    def _origin_filter(self, w: MainWindow) -> QComboBox:
        """A combo above the candidate list (the list moves into a small container in the same splitter slot)."""
        box = QWidget(w)
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(2)
        row = QHBoxLayout()
        label = QLabel("Origin:", box)
        combo = QComboBox(box)
        combo.setObjectName("originFilter")
        combo.addItem("all", None)
        for origin in ORIGINS:
            combo.addItem(origin, origin)
        combo.setToolTip("Show only the candidates the rules, the model, a reviewer or an import proposed "
                         "(Ctrl+Shift+O cycles)")
        label.setBuddy(combo)
        combo.currentIndexChanged.connect(lambda _i: self._origin_changed(combo.currentData()))
        row.addWidget(label)
        row.addWidget(combo, 1)
        v.addLayout(row)
        index = w.right_split.indexOf(w.candidates)
        v.addWidget(w.candidates, 1)
        w.right_split.insertWidget(index, box)
        return combo

    def _origin_changed(self, origin: str | None) -> None:
        self.w.candidates.set_origin(origin)
        shown = sum(1 for it in self.w.session.items if origin is None or it.obj.origin == origin)
        self.w.notify(f"Candidates: {origin or 'every origin'} ({shown} of {len(self.w.session.items)})", 3000)

    # -- action handlers --------------------------------------------------------------------------------------
    def train(self) -> None:
        if self.dialog is not None and self.dialog.running:
            self.dialog.raise_()
            self.dialog.activateWindow()
            return
        self.dialog = TrainDialog(self.w.store.path, self.w.reviewer or "unknown", self.w,
                                  settings=self.train_settings)
        self.dialog.trained.connect(self._trained)
        self.dialog.finished.connect(lambda _r: self.w.activateWindow())  # the keys work in the window again
        self.dialog.show()
        self.dialog.activateWindow()  # Esc must reach the dialog (it cancels), not the window's Esc shortcut
        self.dialog.start()

    def _trained(self, entry: dict[str, Any]) -> None:
        self.w.watcher.poll()  # the worker's commit, on the bus now rather than at the next poll
        self.models.refresh()
        self.w.notify(f"Trained model {entry['id']} ({entry['name']})"
                      + (", now active: re-extract to see its candidates" if entry["active"] else ""), 10000)

    def activate(self, model_id: int | None) -> None:
        """Check the model loads before choosing it (a deleted or damaged folder is refused with one line)."""
        from ..train.model import ModelError, load

        if model_id is not None:
            row = next((m for m in self.w.store.models() if m["id"] == model_id), None)
            try:
                load(row["path"]) if row is not None else None
            except ModelError as exc:
                self.w.warn("Cannot use this model", str(exc))
                return
        reviewer = self.w.reviewer or "unknown"
        # Through the runner for its one kind of message per refusal; the op changes no candidate, so no broadcast.
        self.w.runner.run("activate the model", lambda: self.w.store.activate_model(model_id, reviewer=reviewer))
        self.models.refresh()
        active = self.w.store.active_model()
        if (active["id"] if active else None) == model_id:
            self.w.notify(f"Model {model_id} is active: import and re-extraction use it (Ctrl+Shift+R re-extracts)"
                          if model_id is not None else "No active model: the rules alone propose", 8000)

    def show_models(self) -> None:
        self.models._stale = True  # a folder deleted meanwhile shows as missing
        self.w.tabs.setCurrentWidget(self.models)
        if self.models._stale:
            self.models.refresh()
        self.models.focus()

    def show_rules(self) -> None:
        self.w.tabs.setCurrentWidget(self.rules)
        self.rules.focus()

    def walk_missed(self, step: int) -> None:
        self.missed_dock.show()
        self.missed.walk(step)

    def cycle_origin(self) -> None:
        self.origin.setCurrentIndex((self.origin.currentIndex() + 1) % self.origin.count())

    def new_event(self, fallback) -> None:
        """N: on a walked-to possibly-missed sentence, add its suggested event; anywhere else, ask the type."""
        if not self.missed.add_current():
            fallback()

    def stop(self) -> None:
        if self.dialog is not None and self.dialog.job is not None:
            self.dialog.job.cancel()
            self.dialog.runner.wait(30000)
        self.models.stop()
        self.missed.stop()
