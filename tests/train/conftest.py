"""A database of the project's own generated (fictional) reports, reviewed: most candidates accepted, every
patrol rejected, so that the training data has positives, negatives and more than one type."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REVIEWER = "tester"


def build_reviewed_db(path: Path, folder: Path, n: int = 8, seed: int = 11) -> dict:
    from annotator.importing import ImportReport, import_paths
    from annotator.ingest.generate import generate_reports
    from annotator.store import Store

    folder.mkdir(parents=True, exist_ok=True)
    for name, text in generate_reports(n, seed=seed):
        (folder / name).write_text(text, encoding="utf-8")
    with Store(path) as store:
        for item in import_paths(store, [folder], reviewer=REVIEWER):
            if isinstance(item, ImportReport):
                assert item.ok, item.errors
        rejected = 0
        for d in store.documents():
            for ev in store.events(d.id):
                if ev.type == "patrol":
                    store.reject_event(ev.id, reviewer=REVIEWER, reason="not an event")
                    rejected += 1
            store.accept_all_pending(d.id, reviewer=REVIEWER)
        return {"documents": len(store.documents()), "rejected": rejected}


@pytest.fixture(scope="session")
def reviewed_template(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("reviewed")
    build_reviewed_db(base / "reviewed.db", base / "reports")
    return base / "reviewed.db"


@pytest.fixture
def reviewed_db(reviewed_template: Path, tmp_path: Path) -> Path:
    """A fresh copy per test (models/ goes beside it, in the test's own folder)."""
    target = tmp_path / "reviewed.db"
    shutil.copy(reviewed_template, target)
    return target


@pytest.fixture(scope="session")
def trained_template(tmp_path_factory, reviewed_template: Path) -> Path:
    """A reviewed database with one trained, active model (trained once for the session)."""
    from annotator.store import Store
    from annotator.train.model import Settings
    from annotator.train.registry import train_and_register

    base = tmp_path_factory.mktemp("trained")
    db = base / "trained.db"
    shutil.copy(reviewed_template, db)
    with Store(db) as store:
        train_and_register(store, reviewer=REVIEWER, settings=Settings(epochs=4))
    return db


@pytest.fixture
def trained_db(trained_template: Path, tmp_path: Path) -> Path:
    """A copy of the trained database with its model folder, the model row pointing at the copy."""
    from annotator.store import Store

    target = tmp_path / "trained.db"
    shutil.copy(trained_template, target)
    shutil.copytree(trained_template.parent / "models", tmp_path / "models")
    with Store(target) as store:
        for m in store.models():
            store.db.execute("UPDATE models SET path = ? WHERE id = ?",
                             [str(tmp_path / "models" / Path(m["path"]).name), m["id"]])
            store.db.conn.commit()
    return target
