"""JSONL lines round-trip: read by the import reader (text and meta), then restore_decisions brings back every
decision (status, reviewer, review time, edits, reviewer-added events, stated totals)."""
import inspect
import json

import pytest
from click.testing import CliRunner

from annotator.export import run_export
from annotator.export.jsonl_import import restore_decisions
from annotator.store import Store
from summary.sample_store import extraction_120, extraction_121

EXTRACTIONS = {"fixture-coalition-120": extraction_120, "fixture-coalition-121": extraction_121}


def _events(store, doc_id):
    return sorted((e.type, e.start, e.end, e.status, e.reviewer, e.reviewed_at, e.reject_reason, e.date, e.direction,
                   e.location, e.lat, e.lon, tuple(e.actors), tuple(e.targets),
                   tuple(sorted((k, c.value, c.qualifier) for k, c in e.counts.items())),
                   tuple((a.role, a.start, a.end, a.text, a.value) for a in e.arguments), e.origin, e.note)
                  for e in store.events(doc_id))


def _facts(store, doc_id):
    return sorted((f.kind, json.dumps(f.value), f.start, f.end, f.status, f.reviewer, f.reviewed_at, f.origin)
                  for f in store.facts(doc_id))


def _edit_a_little(store, ids):
    """Beyond accept/reject: an edited count, a reviewer's own event, an edited stated total."""
    from annotator.domain import Count, Event

    raid = next(e for e in store.events(ids["r120"]) if e.type == "security_operation")
    store.update_event(raid.id, {"arrested": Count(6, "approx"), "note": "five or six"}, reviewer="ana")
    text = store.document_text(ids["r121"])
    start = text.index("US forces")
    store.add_event(ids["r121"], Event(type="patrol", start=start, end=start + 9, evidence="US forces",
                                       origin="reviewer", status="accepted"), reviewer="ana")
    fact = next(f for f in store.facts(ids["r120"]) if f.kind == "trucks")
    store.update_fact(fact.id, {"value": 155}, reviewer="ana")


def _import_lines(path, db, *, with_candidates=True):
    """What `annotator import` does with a JSONL file, with the decisions restored afterwards."""
    from annotator.ingest import ReadError, content_hash, read_paths

    store = Store(db)
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    docs = [d for d in read_paths([path]) if not isinstance(d, ReadError)]
    assert len(docs) == len(lines)
    ids = {}
    for doc, line in zip(docs, lines):
        extraction = EXTRACTIONS[doc.key](doc.text) if with_candidates else None
        doc_id, created = store.add_document(doc, content_hash(doc.text), reviewer="importer", extraction=extraction)
        assert created
        restore_decisions(store, doc_id, line, reviewer="importer")
        ids[doc.key] = doc_id
    return store, ids


@pytest.mark.parametrize("with_candidates", [True, False])
def test_every_decision_survives_export_and_import(sample, tmp_path, with_candidates):
    store, ids = sample
    _edit_a_little(store, ids)
    out = tmp_path / "all.jsonl"
    run_export(store, "jsonl", out, status="all")
    copy, new_ids = _import_lines(out, tmp_path / "copy.db", with_candidates=with_candidates)
    for key, old_id in ((store.document(i).key, i) for i in ids.values()):
        doc, new = store.document(old_id), copy.document(new_ids[key])
        assert (new.title, new.published, new.period_start, new.period_end) == \
            (doc.title, doc.published, doc.period_start, doc.period_end)
        assert copy.document_text(new.id) == store.document_text(old_id)
        assert _events(copy, new.id) == _events(store, old_id)
        assert _facts(copy, new.id) == _facts(store, old_id)
    logged = copy.decisions()
    assert any(d["action"] == "import" and d["reviewer"] == "importer" for d in logged)
    copy.close()


def test_restoring_twice_changes_nothing(sample, tmp_path):
    store, ids = sample
    out = tmp_path / "all.jsonl"
    run_export(store, "jsonl", out, status="all")
    copy, new_ids = _import_lines(out, tmp_path / "copy.db")
    line = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    doc_id = new_ids[line["meta"]["id"]]
    before = len(copy.decisions())
    stats = restore_decisions(copy, doc_id, line, reviewer="importer")
    assert stats["updated"] == stats["added"] == stats["removed"] == stats["facts_updated"] == 0
    assert stats["unchanged"] == len(line["events"]) and len(copy.decisions()) == before
    copy.close()


def test_a_partial_export_keeps_the_candidates_it_does_not_hold(sample, tmp_path):
    store, ids = sample
    out = tmp_path / "accepted.jsonl"
    run_export(store, "jsonl", out, status="accepted", documents=[str(ids["r120"])])
    copy, new_ids = _import_lines(out, tmp_path / "copy.db")
    new_id = new_ids["fixture-coalition-120"]
    statuses = sorted(e.status for e in copy.events(new_id))
    # 5 accepted restored; the rocket attack and the airstrike candidate stay pending (the line does not hold them).
    assert statuses == ["accepted"] * 5 + ["pending"] * 2
    copy.close()


def test_a_plain_prodigy_line_becomes_decided_events(store):
    from annotator.domain import DocumentIn

    text = "On May 3, a convoy of 35 trucks entered Syria. Nothing else happened."
    doc_id, _ = store.add_document(DocumentIn(text=text, title="t", source="s", source_kind="jsonl", key="k"),
                                   "h", reviewer="r")
    line = {"text": text, "spans": [{"start": 10, "end": 45, "label": "convoy"},
                                    {"start": 0, "end": 2, "label": "PERSON"}], "answer": "accept"}
    stats = restore_decisions(store, doc_id, line, reviewer="importer")
    [ev] = store.events(doc_id)
    assert (ev.type, ev.evidence, ev.status, ev.origin, stats["added"]) == \
        ("convoy", text[10:45], "accepted", "import", 1)


def test_a_span_outside_the_text_is_refused_and_nothing_changes(store):
    from annotator.domain import DocumentIn

    doc_id, _ = store.add_document(DocumentIn(text="short", title="t", source="s", source_kind="jsonl", key="k"),
                                   "h", reviewer="r")
    line = {"events": [{"type": "convoy", "start": 0, "end": 2, "answer": "accept"},
                       {"type": "convoy", "start": 3, "end": 99, "answer": "accept"}]}
    with pytest.raises(ValueError, match="outside the text"):
        restore_decisions(store, doc_id, line, reviewer="importer")
    assert store.events(doc_id) == []


def _import_restores_decisions() -> bool:
    import annotator.importing as importing

    return "restore_decisions" in inspect.getsource(importing)


@pytest.mark.skipif(not _import_restores_decisions(),
                    reason="annotator import does not call export.jsonl_import.restore_decisions yet")
def test_annotator_import_round_trip(sample, db_path, tmp_path):
    from annotator.cli import main

    store, ids = sample
    expected = {store.document(i).key: (_events(store, i), _facts(store, i)) for i in ids.values()}
    store.close()
    out = tmp_path / "all.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["export", "--db", str(db_path), "-f", "jsonl", "-o", str(out), "--status", "all"]
                         ).exit_code == 0
    copy_db = tmp_path / "copy.db"
    res = runner.invoke(main, ["import", "--db", str(copy_db), str(out), "--reviewer", "importer"])
    assert res.exit_code == 0, res.output
    with Store(copy_db) as copy:
        got = {d.key: (_events(copy, d.id), _facts(copy, d.id)) for d in copy.documents()}
    assert got == expected
