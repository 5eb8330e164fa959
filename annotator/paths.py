"""Where the bundled resources and the default database live."""
from __future__ import annotations

import os
from pathlib import Path


def resources_dir() -> Path:
    """resources/ beside the package in a checkout or editable install; inside the package when installed."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"annotator resources not found next to {here}")


def shared_dir() -> Path | None:
    """../shared beside the checkout (the development corpus and tools), or ANNOTATOR_SHARED."""
    env = os.environ.get("ANNOTATOR_SHARED")
    candidates = [Path(env)] if env else []
    root = Path(__file__).resolve().parent.parent
    candidates += [root.parent / "shared", Path.cwd().parent / "shared"]
    for c in candidates:
        if (c / "corpus").is_dir():
            return c
    return None


def default_db_path() -> Path:
    """ANNOTATOR_DB, else annotator.db in the user's data directory."""
    env = os.environ.get("ANNOTATOR_DB")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("annotator", appauthor=False)) / "annotator.db"
