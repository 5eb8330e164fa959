"""The spaCy export rendered by parallel.py's workers, block by block, writes the serial export's bytes."""
import pytest
from spacy.tokens import DocBin

from annotator.export import run_export
from annotator.store import Store

from .conftest import serial_and_parallel, tree


@pytest.mark.parametrize("status", ["all", "accepted"])
def test_parallel_spacy_export_writes_the_serial_bytes(scale_db, tmp_path, small_blocks, status):
    serial, par, progress = serial_and_parallel(scale_db, "spacy", tmp_path, status)
    assert small_blocks == [2]
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")
    assert sorted(tree(tmp_path / "serial")) == ["config.cfg", "dev.spacy", "train.spacy"]
    assert (par.documents, par.events, par.skipped) == (serial.documents, serial.events, serial.skipped)
    assert [p.name for p in par.paths] == [p.name for p in serial.paths] == ["train.spacy", "dev.spacy", "config.cfg"]
    assert serial.documents == (60 if status == "all" else 20) and serial.events > 0
    assert progress == sorted(progress) and progress[-1] == 2 * 60
    docs = [d for part in ("train", "dev") for d in DocBin().from_disk(tmp_path / "parallel" / f"{part}.spacy")
            .get_docs(__import__("spacy").blank("en").vocab)]
    assert sum(len(d.spans["events"]) for d in docs) == par.events
    assert len({d.user_data["annotator"]["document_id"] for d in docs}) == par.documents


def test_a_side_left_empty_is_mended_as_the_serial_export_does(scale_db, tmp_path, small_blocks, monkeypatch):
    """Every report hashed to train: the serial writer moves one to dev (split_documents); so does the parallel
    export, by writing again serially."""
    from annotator.export import spacy_docbin

    monkeypatch.setattr(spacy_docbin, "split_of", lambda ed: "train")  # the forked workers inherit it
    with Store(scale_db) as store:
        serial = run_export(store, "spacy", tmp_path / "serial", status="all", jobs=1)
        par = run_export(store, "spacy", tmp_path / "parallel", status="all", jobs=2)
    assert small_blocks == [2]
    assert tree(tmp_path / "parallel") == tree(tmp_path / "serial")
    assert len(DocBin().from_disk(tmp_path / "serial" / "dev.spacy")) > 0  # one report moved there
    assert (par.documents, par.events) == (serial.documents, serial.events)
    assert not list(tmp_path.glob(".*"))


def test_a_cancelled_parallel_spacy_export_leaves_nothing(scale_db, tmp_path, small_blocks):
    seen = []
    with Store(scale_db) as store:
        result = run_export(store, "spacy", tmp_path / "out", status="all", jobs=2,
                            progress=lambda p: seen.append(p.done), cancel=lambda: len(seen) >= 2)
    assert result.cancelled and 0 < seen[-1] < 2 * 60
    assert list(tmp_path.iterdir()) == []  # neither the folder nor the partial one, its spools or block files
