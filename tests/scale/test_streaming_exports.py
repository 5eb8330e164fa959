"""Exports stream: each report is read, written and dropped, so peak memory does not grow with the export."""
import json
import tracemalloc

import pytest

from annotator.export import load_documents, run_export
from annotator.export.geojson import feature_collection
from annotator.store import Store

from .conftest import build, serial_and_parallel


@pytest.fixture(scope="module")
def small_and_large(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stream")
    return build(folder / "small.db", 15), build(folder / "large.db", 120)


def _peak(db, fmt, out):
    with Store(db) as store:
        run_export(store, fmt, out / "warm", status="all")  # imports and spaCy's vocabulary: not the export's rows
        tracemalloc.start()
        try:
            result = run_export(store, fmt, out / "measured", status="all")
            return tracemalloc.get_traced_memory()[1], result.events
        finally:
            tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["jsonl", "acled-csv", "geojson", "conll", "brat", "spacy"])
def test_peak_memory_stays_bounded_as_rows_grow(small_and_large, tmp_path, fmt):
    small, large = small_and_large
    (tmp_path / "s").mkdir(), (tmp_path / "l").mkdir()
    small_peak, small_events = _peak(small, fmt, tmp_path / "s")
    large_peak, large_events = _peak(large, fmt, tmp_path / "l")
    assert large_events >= 6 * small_events > 0
    with Store(large) as store:
        docs, chars = store.db.execute("SELECT COUNT(*), SUM(LENGTH(text)) FROM documents").fetchone()
    with Store(small) as store:
        small_docs = store.count_documents()
    # Holding the reports (as the export did before) grows the peak by at least each report's text. Streamed,
    # what grows per report is bookkeeping only (its id, its output path, a note per unlocated event; for spaCy,
    # four bytes per example). spaCy's DocBin held every example until written: ~7x each report's text.
    per_report = (large_peak - small_peak) / (docs - small_docs)
    assert per_report < 0.5 * chars / docs, (small_peak, large_peak, per_report, chars / docs)


def test_streamed_geojson_is_the_collection_json_dumps_writes(small_and_large, tmp_path):
    small, _ = small_and_large
    with Store(small) as store:
        run_export(store, "geojson", tmp_path / "a.geojson", status="all")
        docs = list(load_documents(store, [d.id for d in store.documents()], "all"))
    expected = json.dumps(feature_collection(docs), ensure_ascii=False, indent=1) + "\n"
    assert (tmp_path / "a.geojson").read_text(encoding="utf-8") == expected
    assert json.loads(expected)["features"]


def test_an_empty_geojson_is_the_same_as_before(tmp_path):
    with Store(tmp_path / "empty.db") as store:
        run_export(store, "geojson", tmp_path / "e.geojson", status="all")
    assert (tmp_path / "e.geojson").read_text(encoding="utf-8") == \
        json.dumps({"type": "FeatureCollection", "features": []}, ensure_ascii=False, indent=1) + "\n"


def test_streamed_spacy_files_are_the_docbins_spacy_writes(small_and_large, tmp_path):
    """The streaming writer's train.spacy and dev.spacy hold the bytes DocBin.to_disk writes for the same
    examples, split the same way."""
    from spacy.tokens import DocBin

    from annotator.export.spacy_docbin import blank_nlp, make_docs, split_documents

    small, _ = small_and_large
    with Store(small) as store:
        result = run_export(store, "spacy", tmp_path / "sp", status="all")
        docs = list(load_documents(store, [d.id for d in store.documents()], "all"))
    nlp = blank_nlp()
    for name, part in split_documents(docs).items():
        expected = DocBin(attrs=["ORTH"], store_user_data=True,
                          docs=[d for ed in part for d in make_docs(nlp, ed)]).to_bytes()
        assert (tmp_path / "sp" / f"{name}.spacy").read_bytes() == expected
    assert result.events > 0


# -- parallel span exports (export/parallel.py) ------------------------------------------------------------------
def _tree(path):
    if path.is_file():
        return {"": path.read_bytes()}
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ["conll", "jsonl", "brat", "geojson"])
@pytest.mark.parametrize("status", ["all", "accepted"])
def test_parallel_span_exports_write_the_serial_bytes(scale_db, tmp_path, small_blocks, monkeypatch, fmt, status):
    from annotator.export import jsonl

    monkeypatch.setattr(jsonl, "export_time", lambda: "2026-01-02T03:04:05+00:00")
    serial, par, progress = serial_and_parallel(scale_db, fmt, tmp_path, status)
    assert small_blocks == [2]
    assert _tree(tmp_path / "parallel") == _tree(tmp_path / "serial")
    assert (par.documents, par.events, par.facts, par.skipped) == \
        (serial.documents, serial.events, serial.facts, serial.skipped)
    assert [p.relative_to(tmp_path / "parallel") for p in par.paths] == \
        [p.relative_to(tmp_path / "serial") for p in serial.paths]
    assert serial.documents == (60 if status == "all" else 20)
    assert progress == sorted(progress) and progress[-1] == 2 * 60


@pytest.mark.parametrize("fmt", ["conll", "brat", "geojson"])
def test_a_cancelled_parallel_export_leaves_nothing(scale_db, tmp_path, monkeypatch, fmt):
    from annotator.export import parallel

    monkeypatch.setattr(parallel, "SMALL", 10)
    monkeypatch.setattr(parallel, "BLOCK", 5)
    seen = []
    with Store(scale_db) as store:
        result = run_export(store, fmt, tmp_path / "out", status="all", jobs=2,
                            progress=lambda p: seen.append(p.done), cancel=lambda: len(seen) >= 2)
    assert result.cancelled and 0 < seen[-1] < 2 * 60
    assert list(tmp_path.iterdir()) == []  # neither the output nor the partial file or folder


def test_small_exports_stay_in_this_process(scale_db, tmp_path, monkeypatch):
    from annotator.export import parallel

    monkeypatch.setattr(parallel, "write_blocks", lambda *a, **k: pytest.fail("a worker pool for 60 reports"))
    with Store(scale_db) as store:
        assert run_export(store, "conll", tmp_path / "a.conll", status="all", jobs=2).documents == 60


def test_export_command_takes_jobs(scale_db, tmp_path, monkeypatch):
    import multiprocessing

    from click.testing import CliRunner

    from annotator.cli import main
    from annotator.export import parallel

    monkeypatch.setattr(parallel, "SMALL", 10)
    used = []
    real = parallel.write_blocks
    monkeypatch.setattr(parallel, "write_blocks", lambda *a, **k: used.append(k["jobs"]) or real(*a, **k))
    outs = []
    for jobs in ("1", "2"):
        res = CliRunner().invoke(main, ["export", "--db", str(scale_db), "-f", "conll", "--status", "all", "-q",
                                        "-o", str(tmp_path / f"{jobs}.conll"), "--jobs", jobs])
        assert res.exit_code == 0, res.output
        outs.append(res.output.replace(f"{jobs}.conll", "N.conll"))
    assert used == [2] and outs[0] == outs[1] and "60 documents" in outs[0]
    assert (tmp_path / "1.conll").read_bytes() == (tmp_path / "2.conll").read_bytes()
    assert not multiprocessing.active_children()
    bad = CliRunner().invoke(main, ["export", "--db", str(scale_db), "-f", "conll", "-o", str(tmp_path / "x"),
                                    "--jobs", "0"])
    assert bad.exit_code == 2 and "--jobs" in bad.output and not (tmp_path / "x").exists()
    text = " ".join(CliRunner().invoke(main, ["export", "--help"]).output.split())
    assert "--jobs N" in text and "cores not busy" in text and "fewer than 200 reports" in text


@pytest.mark.parametrize("fmt", ["jsonl", "brat"])
def test_a_dead_worker_costs_speed_not_the_export(scale_db, tmp_path, monkeypatch, fmt):
    import os

    from annotator.export import jsonl, parallel

    monkeypatch.setattr(parallel, "SMALL", 10)
    monkeypatch.setattr(parallel, "BLOCK", 6)
    monkeypatch.setattr(jsonl, "export_time", lambda: "2026-01-02T03:04:05+00:00")
    parent, real, here = os.getpid(), parallel.render_block, []
    with Store(scale_db) as store:
        victim = [d.id for d in store.documents()][20]

        def dying(fmt, store, ids, *args):  # a worker given the 21st report dies as the out-of-memory killer kills
            if os.getpid() != parent and victim in ids:
                os._exit(9)
            if os.getpid() == parent:
                here.append(ids)
            return real(fmt, store, ids, *args)

        monkeypatch.setattr(parallel, "render_block", dying)
        serial = run_export(store, fmt, tmp_path / "serial", status="all", jobs=1)
        par = run_export(store, fmt, tmp_path / "parallel", status="all", jobs=2)
    assert _tree(tmp_path / "parallel") == _tree(tmp_path / "serial")
    assert (par.documents, par.events, par.skipped) == (serial.documents, serial.events, serial.skipped) \
        and par.documents == 60
    assert any(victim in ids for ids in here)  # the dead worker's block was rendered in this process
