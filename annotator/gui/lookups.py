"""Place and actor look-ups and their completion lists, for the inspector.

Places: the bundled gazetteer plus the database's user gazetteer (annotator.store.places); a place typed as
"Name (35.28, 40.29)" is added to the user gazetteer with those coordinates and resolves from then on.
Completion shows one row per place or actor (canonical name, admin1 or kind) while matching every alias.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit

from ..store import Store
from ..store.places import UserPlace, add_user_place, user_places

MATCH_ROLE = Qt.ItemDataRole.UserRole + 1  # every name and alias: what typing matches
NAME_ROLE = Qt.ItemDataRole.UserRole + 2  # the canonical name: what a pick inserts
COORDINATES = re.compile(r"^(?P<name>.+?)\s*[\(@]\s*(?P<lat>-?\d+(?:\.\d+)?)\s*[,;\s]\s*(?P<lon>-?\d+(?:\.\d+)?)\s*\)?\s*$")


@dataclass(frozen=True)
class Resolved:
    name: str
    admin1: str | None
    lat: float | None
    lon: float | None
    kind: str


def parse_coordinates(text: str) -> tuple[str, float, float] | None:
    """ "Khasham (35.28, 40.29)" or "Khasham @ 35.28 40.29" -> name, latitude, longitude."""
    m = COORDINATES.match(text.strip())
    if not m:
        return None
    lat, lon = float(m["lat"]), float(m["lon"])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return m["name"].strip(), lat, lon


def completion_model(rows: list[tuple[str, str, str]], parent=None) -> QStandardItemModel:
    """(shown, matched, inserted) rows -> a model for a completer that matches on MATCH_ROLE."""
    model = QStandardItemModel(parent)
    for shown, matched, name in rows:
        item = QStandardItem(shown)
        item.setData(matched, MATCH_ROLE)
        item.setData(name, NAME_ROLE)
        model.appendRow(item)
    return model


class NameCompleter(QCompleter):
    """Completes the last comma-separated name of a field; a pick inserts the canonical name."""

    def __init__(self, parent=None, *, multiple: bool = False):
        super().__init__(parent)
        self.multiple = multiple
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionRole(MATCH_ROLE)
        self.setMaxVisibleItems(12)

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()] if self.multiple else [path.strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        name = index.data(NAME_ROLE) or ""
        widget = self.widget()
        if not self.multiple or not isinstance(widget, QLineEdit):
            return name
        done = [p.strip() for p in widget.text().split(",")[:-1] if p.strip()]
        return ", ".join([*done, name])


class Lookups:
    """The gazetteer, the actor table and the user gazetteer, loaded once (in a worker thread at warm-up)."""

    def __init__(self, store: Store | None = None):
        self.store = store
        self.gazetteer: Any = None
        self.actors: Any = None
        self._failed = False

    @staticmethod
    def load_tables() -> tuple[Any, Any]:
        from ..nlp.actors import ActorTable
        from ..nlp.gazetteer import Gazetteer

        return Gazetteer.load(), ActorTable.load()

    def set_tables(self, gazetteer: Any, actors: Any) -> None:
        self.gazetteer, self.actors = gazetteer, actors

    def _ensure(self) -> bool:
        if self.gazetteer is None and not self._failed:
            try:
                self.set_tables(*self.load_tables())
            except Exception:  # completion and resolution are conveniences: without them places stay unresolved
                self._failed = True
        return self.gazetteer is not None

    def lookup(self, text: str, reviewer: str = "unknown") -> Resolved | None:
        """The place a typed name means: user gazetteer, then bundled, then one clear fuzzy match."""
        typed = parse_coordinates(text)
        if typed is not None and self.store is not None:
            name, lat, lon = typed
            known = self._ensure() and self.gazetteer.lookup(name)
            add_user_place(self.store, UserPlace(name, "village", known.admin1 if known else None, lat, lon),
                           reviewer=reviewer)
            return Resolved(name, known.admin1 if known else None, lat, lon, "village")
        key = text.strip().casefold()
        for p in self._user_places():
            if p.name.casefold() == key:
                return Resolved(p.name, p.admin1, p.lat, p.lon, p.kind)
        if not self._ensure():
            return None
        try:
            place = self.gazetteer.lookup(text)
            if place is None:
                # A misspelling close to one known place resolves; a vague one stays unresolved.
                best = self.gazetteer.fuzzy(text, limit=2, score_cutoff=88.0)
                if len(best) == 1 or (len(best) > 1 and best[0][1] - best[1][1] >= 5):
                    place = best[0][0]
        except Exception:  # an unknown place is not an error: it stays unresolved
            return None
        return Resolved(place.name, place.admin1, place.lat, place.lon, place.kind) if place else None

    def _user_places(self) -> list[UserPlace]:
        try:
            return user_places(self.store) if self.store is not None else []
        except Exception:
            return []

    def place_rows(self) -> list[tuple[str, str, str]]:
        rows = []
        for p in self._user_places():
            rows.append((f"{p.name} — {p.admin1 or '?'} · yours ({p.lat:.3f}, {p.lon:.3f})", p.name, p.name))
        if self._ensure():
            for p in sorted(self.gazetteer, key=lambda p: p.name.casefold()):
                rows.append((f"{p.name} — {p.admin1} · {p.kind}", " | ".join(p.surface_forms), p.name))
        return rows

    def actor_rows(self) -> list[tuple[str, str, str]]:
        if not self._ensure():
            return []
        return [(f"{a.name} · {a.kind}", " | ".join(a.surface_forms), a.name) for a in self.actors]


__all__ = ["Lookups", "NameCompleter", "completion_model", "parse_coordinates"]
