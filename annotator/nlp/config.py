"""Where the pipeline's configuration lives (resources/nlp) and how it is read.

Every component takes a path in its factory config; an empty path means the bundled file, so a pipeline
built with defaults and one built from a copied resources folder behave the same.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..paths import resources_dir


def nlp_resources_dir() -> Path:
    return resources_dir() / "nlp"


def resource_path(path: str | Path | None, default_name: str) -> Path:
    """The given path, or resources/nlp/<default_name> when it is empty."""
    return Path(path) if path else nlp_resources_dir() / default_name


@lru_cache(maxsize=64)
def _read_json(path: str, mtime: float) -> Any:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_json(path: str | Path | None, default_name: str) -> Any:
    p = resource_path(path, default_name)
    return _read_json(str(p), p.stat().st_mtime)


def load_jsonl(path: str | Path | None, default_name: str) -> list[dict]:
    p = resource_path(path, default_name)
    rows = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{p}:{n}: {exc}") from exc
    return rows


# resources outside resources/nlp that the pipeline reads
SHARED_RESOURCES = ("gazetteer.jsonl", "actors.json")


def resources_hash() -> str:
    """A short hash of the nlp code and every resource it reads: it changes whenever any of them changes."""
    h = hashlib.sha256()
    code_dir = Path(__file__).resolve().parent
    files: list[Path] = []
    for d in (code_dir, nlp_resources_dir()):
        if d.is_dir():
            files += [f for f in sorted(d.rglob("*")) if f.is_file() and f.suffix in {".py", ".json", ".jsonl"}
                      and "__pycache__" not in f.parts]
    files += [resources_dir() / name for name in SHARED_RESOURCES if (resources_dir() / name).is_file()]
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:12]
