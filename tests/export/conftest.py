"""The summary tests' fictional sample reports, reviewed, for the export tests."""
from __future__ import annotations

import pytest

from summary.sample_store import build_sample_store


@pytest.fixture
def sample(store):
    ids = build_sample_store(store)
    return store, ids
