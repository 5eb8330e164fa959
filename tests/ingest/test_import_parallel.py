"""Import with extraction in worker processes (annotator.extract_pool): the same rows as one process, one bad
report never stops the others, a dead worker costs only speed, a cancel stops the workers."""
from __future__ import annotations

import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest

from annotator import extract_pool
from annotator.importing import ImportReport, Progress, import_paths
from annotator.ingest.generate import generate_reports
from annotator.store import Store

TIMES = {"imported_at", "extracted_at", "created_at", "at", "reviewed_at"}  # when, not what
TABLES = ("documents", "events", "event_arguments", "facts", "decisions")
POISON = "The monitors noted a quarrel over the ledger of the Qasr al-Tin depot."
DEADLY = "A courier from the Wadi Shams relay reached the office after the curfew."

_original_chunk = extract_pool._extract_chunk


def _dying_chunk(items):
    """A worker that dies (as when the system kills it) on the chunk holding DEADLY."""
    if any(DEADLY in text for text, _ in items):
        os._exit(3)
    return _original_chunk(items)


def write_reports(folder: Path, n: int, seed: int = 5, extra: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in generate_reports(n, seed=seed):
        (folder / name).write_text(text, encoding="utf-8")
    for name, text in (extra or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run_import(db: Path, folder: Path, jobs: int, cancel=None, stop_after: int | None = None) -> ImportReport:
    seen = 0
    with Store(db) as store:
        for item in import_paths(store, [folder], reviewer="tester", jobs=jobs, cancel=cancel):
            if isinstance(item, Progress):
                seen += 1
                if stop_after is not None and seen >= stop_after:
                    cancel.stop = True
            else:
                return item
    raise AssertionError("import_paths ended without its ImportReport")


def rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of the tables an import writes, without the timestamps."""
    con = sqlite3.connect(db)
    try:
        out = {}
        for table in TABLES:
            cols = [r[1] for r in con.execute(f"PRAGMA table_info('{table}')") if r[1] not in TIMES]
            out[table] = con.execute(f"SELECT {', '.join(repr(c) for c in cols)} FROM {table} ORDER BY id").fetchall()
        return out
    finally:
        con.close()


@pytest.fixture
def pools(monkeypatch) -> list:
    """The worker pools started during the test."""
    started: list = []
    original = extract_pool._Pool

    class Counted(original):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(extract_pool, "_Pool", Counted)
    return started


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_parallel_import_writes_the_same_rows_as_one_process(tmp_path, pools, monkeypatch, method):
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(extract_pool, "start_method", lambda: method)
    monkeypatch.setattr(extract_pool, "SPAWN_SMALL", extract_pool.SMALL)  # spawned workers for 37 reports too
    bad = {"empty.txt": "", "zz-again.txt": next(generate_reports(1, seed=5))[1]}  # a failure and a duplicate
    folder = write_reports(tmp_path / "in", extract_pool.SMALL + 17, extra=bad)

    serial = run_import(tmp_path / "serial.db", folder, jobs=1)
    assert not pools
    parallel = run_import(tmp_path / "parallel.db", folder, jobs=2)
    assert len(pools) == 1, "the extraction ran in worker processes"

    assert len(serial.imported) == extract_pool.SMALL + 17 and serial.events > 100
    assert (parallel.imported, parallel.events, parallel.errors) == (serial.imported, serial.events, serial.errors)
    assert [s for s, _ in parallel.duplicates] == [s for s, _ in serial.duplicates] and serial.duplicates
    assert any("empty.txt" in e for e in serial.errors)
    a, b = rows(tmp_path / "serial.db"), rows(tmp_path / "parallel.db")
    for table in TABLES:
        assert a[table] == b[table], f"{table} differs"
    assert not multiprocessing.active_children(), "the workers ended with the import"


def test_a_small_import_starts_no_worker(tmp_path, pools, monkeypatch):
    monkeypatch.setattr(extract_pool, "start_method", lambda: "fork")
    folder = write_reports(tmp_path / "in", extract_pool.SMALL)
    report = run_import(tmp_path / "small.db", folder, jobs=2)
    assert len(report.imported) == extract_pool.SMALL and report.events > 0
    assert not pools


def test_a_report_whose_extraction_fails_in_a_worker_is_named_and_the_others_go_in(tmp_path, pools, monkeypatch):
    from annotator.nlp import service

    real = service.to_extraction

    def failing(doc):  # inherited by the forked workers
        if POISON in doc.text:
            raise RuntimeError("component bug")
        return real(doc)

    monkeypatch.setattr(service, "to_extraction", failing)
    monkeypatch.setattr(extract_pool, "start_method", lambda: "fork")
    name, text = next(generate_reports(1, seed=99))
    poisoned = text.replace("\n\n", f"\n\n{POISON}\n\n", 1)
    folder = write_reports(tmp_path / "in", 30, extra={"synthetic-5-00012a-poisoned.txt": poisoned})
    report = run_import(tmp_path / "p.db", folder, jobs=2)

    assert pools
    assert len(report.imported) == 30
    assert len(report.errors) == 1 and "poisoned.txt" in report.errors[0] and "component bug" in report.errors[0]
    with Store(tmp_path / "p.db") as store:
        assert store.integrity_check() == "ok"
        docs = store.documents()
        assert len(docs) == 30 and not any(POISON in store.document_text(d.id) for d in docs)


def test_a_worker_that_dies_costs_only_speed(tmp_path, pools, monkeypatch):
    monkeypatch.setattr(extract_pool, "_extract_chunk", _dying_chunk)
    monkeypatch.setattr(extract_pool, "start_method", lambda: "fork")
    here: list[int] = []  # texts extracted in this process after the pool broke
    real_here = extract_pool._here
    monkeypatch.setattr(extract_pool, "_here", lambda ex, items: here.append(len(items)) or real_here(ex, items))
    name, text = next(generate_reports(1, seed=98))
    deadly = text.replace("\n\n", f"\n\n{DEADLY}\n\n", 1)
    folder = write_reports(tmp_path / "in", 40, extra={"synthetic-5-00025a-deadly.txt": deadly})
    report = run_import(tmp_path / "d.db", folder, jobs=2)

    assert pools
    assert report.ok and len(report.imported) == 41, report.errors
    assert 0 < sum(here) < 41, "the pool extracted the first chunks; its chunks from the dead one on were done here"
    serial = run_import(tmp_path / "s.db", folder, jobs=1)
    assert rows(tmp_path / "d.db") == rows(tmp_path / "s.db"), "the reports left to the dead pool were extracted here"
    assert not multiprocessing.active_children()


def test_cancel_stops_the_workers_and_writes_whole_reports_only(tmp_path, pools, monkeypatch):
    monkeypatch.setattr(extract_pool, "start_method", lambda: "fork")
    folder = write_reports(tmp_path / "in", 80)

    def cancel() -> bool:
        return cancel.stop

    cancel.stop = False
    report = run_import(tmp_path / "c.db", folder, jobs=2, cancel=cancel, stop_after=5)

    assert pools and report.cancelled
    assert len(report.imported) == 5, "nothing written after the cancel, though more reports were extracted ahead"
    assert not multiprocessing.active_children(), "the workers stopped"
    with Store(tmp_path / "c.db") as store:
        assert store.integrity_check() == "ok"
        assert sorted(d.id for d in store.documents()) == sorted(report.imported)
        for doc_id in report.imported:
            assert {"import", "extract"} <= {d["action"] for d in store.decisions(document_id=doc_id)}


@pytest.mark.parametrize(("cores", "load", "expected"), [(2, 0.0, 2), (2, 0.6, 2), (2, 1.4, 1), (2, 6.0, 1),
                                                         (1, 0.0, 1), (8, 2.5, 6)])
def test_default_jobs_are_the_free_cores(monkeypatch, cores, load, expected):
    monkeypatch.setattr(extract_pool, "available_cores", lambda: cores)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load), raising=False)
    monkeypatch.setattr(extract_pool, "start_method", lambda: "fork")
    assert extract_pool.default_jobs() == expected


def test_no_worker_where_none_can_start(monkeypatch):
    monkeypatch.setattr(extract_pool, "available_cores", lambda: 8)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0), raising=False)
    monkeypatch.setattr(extract_pool, "start_method", lambda: None)  # a frozen build off Linux
    assert extract_pool.default_jobs() == 1


def test_when_no_worker_can_start_the_import_extracts_here(tmp_path, monkeypatch):
    class NoPool:
        def __init__(self, *args, **kwargs):
            raise OSError("no semaphores here")

    monkeypatch.setattr(extract_pool, "_Pool", NoPool)
    folder = write_reports(tmp_path / "in", extract_pool.SMALL + 3)
    report = run_import(tmp_path / "n.db", folder, jobs=2)
    assert report.ok and len(report.imported) == extract_pool.SMALL + 3 and report.events > 0
