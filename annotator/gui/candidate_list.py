"""The candidates of the open report in text order: a marker for the status, the type in words, date and place."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from . import colors
from ..review import Item, Key

MARKERS = {"pending": "•", "accepted": "✓", "rejected": "✗"}


def item_text(it: Item) -> str:
    o = it.obj
    if it.kind == "fact":
        value = ", ".join(o.value) if isinstance(o.value, list) else o.value
        details = [f"{o.kind.replace('_', ' ')} = {value}"]
    else:
        date = f"{o.date} (outside the period)" if o.date and o.in_period is False else (o.date or "no date")
        details = [it.label] + [d for d in (date, o.location_name or o.location) if d]
        counts = [f"{v.value} {k}" for k, v in o.counts.items()]
        details += counts
    return f"{MARKERS.get(it.status, '?')}  " + " · ".join(str(d) for d in details)


class CandidateList(QListWidget):
    item_selected = Signal(object)  # Key

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("candidateList")
        self.setUniformItemSizes(True)
        self._rows: dict[Key, QListWidgetItem] = {}
        self._icons: dict[str, QIcon] = {}
        self._quiet = False
        self.session = None  # set by the window
        self.origin: str | None = None  # show only candidates of this origin (rules, model, reviewer, import)
        self.currentItemChanged.connect(self._changed)

    def on_changes(self, changes, _initiator=None) -> None:
        """Change bus: update the rows that changed, or rebuild when rows came or went."""
        s = self.session
        if s is None or s.document is None:
            if self._rows:
                self.set_items([], None)
            return
        if not changes.touches(s.document.id):
            return
        current = self.current_key()
        if [it.key for it in s.items] == list(self._rows) and not changes.external and not changes.everything:
            for key in [("event", i) for i in changes.events] + [("fact", i) for i in changes.facts]:
                it = s.item(key)
                if it is not None:
                    self.update_item(it)
        else:
            self.set_items(s.items, current if s.item(current) else None)

    def current_key(self):
        row = self.currentItem()
        return tuple(row.data(Qt.ItemDataRole.UserRole)) if row is not None else None

    def _icon(self, colour_key: str) -> QIcon:
        icon = self._icons.get(colour_key)
        if icon is None:
            pix = QPixmap(12, 12)
            pix.fill(QColor(colors.FACT_COLOUR) if colour_key == "fact" else colors.type_colour(colour_key))
            icon = self._icons[colour_key] = QIcon(pix)
        return icon

    def set_items(self, items: list[Item], selected: Key | None) -> None:
        self._quiet = True
        try:
            self.clear()
            self._rows = {}
            for it in items:
                row = QListWidgetItem(self._icon("fact" if it.kind == "fact" else it.obj.type), item_text(it))
                row.setData(Qt.ItemDataRole.UserRole, it.key)
                row.setToolTip(f"{it.label} ({it.status}, {it.obj.origin})")
                self.addItem(row)
                self._rows[it.key] = row
                row.setHidden(not self._shown(it))
            self.select(selected)
        finally:
            self._quiet = False

    def update_item(self, it: Item) -> None:
        row = self._rows.get(it.key)
        if row is not None:
            row.setText(item_text(it))
            row.setIcon(self._icon("fact" if it.kind == "fact" else it.obj.type))
            row.setToolTip(f"{it.label} ({it.status}, {it.obj.origin})")
            row.setHidden(not self._shown(it))

    def _shown(self, it: Item) -> bool:
        return self.origin is None or it.obj.origin == self.origin

    def set_origin(self, origin: str | None) -> None:
        """The origin filter: the other candidates' rows are hidden (J / K still walk every candidate)."""
        self.origin = origin
        items = {it.key: it for it in self.session.items} if self.session is not None else {}
        for key, row in self._rows.items():
            it = items.get(key)
            row.setHidden(it is not None and not self._shown(it))

    def select(self, key: Key | None) -> None:
        quiet, self._quiet = self._quiet, True
        try:
            row = self._rows.get(key) if key else None
            self.setCurrentItem(row)
            if row is not None:
                self.scrollToItem(row)
        finally:
            self._quiet = quiet

    def _changed(self, current: QListWidgetItem | None, _prev) -> None:
        if not self._quiet and current is not None:
            self.item_selected.emit(tuple(current.data(Qt.ItemDataRole.UserRole)))
