"""A store holding the two fictional sample reports, reviewed (see sample_store.py)."""
from __future__ import annotations

import pytest

from .sample_store import build_sample_store


@pytest.fixture
def sample(store):
    ids = build_sample_store(store)
    return store, ids
