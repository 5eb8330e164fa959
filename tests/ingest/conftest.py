from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain import DocumentIn
from annotator.ingest import ReadError, read_paths
from annotator.paths import resources_dir, shared_dir


@pytest.fixture
def corpus_dir() -> Path:
    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared/corpus is absent (set ANNOTATOR_SHARED to its parent folder to run this test)")
    return shared / "corpus"


@pytest.fixture
def manifest(corpus_dir) -> dict[str, dict]:
    return {entry["id"]: entry for entry in json.loads((corpus_dir / "manifest.json").read_text("utf-8"))}


@pytest.fixture
def demo_dir() -> Path:
    return resources_dir() / "demo" / "reports"


def read_all(*paths, **kwargs) -> tuple[list[DocumentIn], list[ReadError]]:
    items = list(read_paths(paths, **kwargs))
    docs = [i for i in items if isinstance(i, DocumentIn)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


def read_one(path, **kwargs) -> DocumentIn:
    docs, errors = read_all(path, **kwargs)
    assert not errors, [str(e) for e in errors]
    assert len(docs) == 1
    return docs[0]
