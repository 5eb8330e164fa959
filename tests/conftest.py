"""Fixtures shared by the whole suite: temporary databases and the development corpus in ../shared."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.paths import shared_dir  # noqa: E402


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture
def store(db_path: Path):
    from annotator.store import Store

    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared/corpus is absent (the development corpus lives beside the checkout, not in it)")
    return shared / "corpus"
