"""The database a window works on, as settings see it: recent files, the last report opened, per-file choices."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

MAX_RECENT = 8


def settings_key(path: Path) -> str:
    # QSettings keys cannot hold slashes meaningfully; a stable short name per database file.
    return hashlib.sha1(str(Path(path).resolve()).encode()).hexdigest()[:12]


class DatabaseSettings:
    def __init__(self, settings: QSettings):
        self.settings = settings

    def recent(self) -> list[str]:
        value = self.settings.value("recent_databases", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def remember(self, path: Path) -> None:
        recent = [p for p in self.recent() if p != str(path)]
        self.settings.setValue("recent_databases", [str(path), *recent][:MAX_RECENT])

    def get(self, path: Path, name: str, default: Any = None, kind: type | None = None) -> Any:
        key = f"{name}/{settings_key(path)}"
        return self.settings.value(key, default, kind) if kind else self.settings.value(key, default)

    def set(self, path: Path, name: str, value: Any) -> None:
        self.settings.setValue(f"{name}/{settings_key(path)}", value)

    def last_document(self, path: Path, ids: set[int]) -> int | None:
        try:
            last = int(self.get(path, "last_document"))
        except (TypeError, ValueError):
            return None
        return last if last in ids else None
