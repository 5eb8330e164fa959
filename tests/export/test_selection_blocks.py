"""load_documents reads reports a block at a time (selection.BLOCK_IDS): whatever the block size, it yields what
reading each report alone gives (Store.document / events / facts and doc_tokens.load), in the order asked, on
fictional reports that are empty, have no events, events without a trigger, overlapping spans and non-ASCII
text. The JSONL frames' literal shortcuts (jsonl_frames._quoted) and the hashes written without json.dumps
(jsonl._input_hash_of, task_hash) are checked against json here too."""
import json
import random

import pytest

from annotator.domain import Argument, Count, DocumentIn, Event, Fact
from annotator.export import selection
from annotator.export.jsonl import _hash, _input_hash_of, _text_json, event_to_obj, fact_to_obj, input_hash, task_hash
from annotator.export.jsonl_frames import FrameRows
from annotator.export.spans import CARRIER_ROLES
from annotator.export.tokens import encode_tokens, tokenizer_key
from annotator.ingest import content_hash
from annotator.store import NotFound, Store, doc_tokens

TEXTS = [
    "On 2 March a patrol of 12 vehicles left the base near Qamishli; no one was hurt.",
    "",  # an empty report
    "Nothing happened this week.",  # a report with no events
    "Caf\u00e9 \u2014 \"quoted\" names, a back\\slash, \u0628\u064a\u062f\u0631 and \U0001d518 close the day.",
    "A convoy of 30 trucks crossed at Semalka. A second convoy of 8 trucks followed on 9 March.",
]


@pytest.fixture
def reports(tmp_path):
    store = Store(tmp_path / "blocks.db")
    ids = []
    for i, text in enumerate(TEXTS):
        doc_id, _ = store.add_document(DocumentIn(text=text, title=f"Report {i}", source=f"r{i}.txt",
                                                  source_kind="txt", key=f"r{i}"), content_hash(text + str(i)),
                                       reviewer="test")
        ids.append(doc_id)
    t0, t3, t4 = TEXTS[0], TEXTS[3], TEXTS[4]
    store.add_event(ids[0], Event(type="patrol", start=0, end=len(t0), evidence=t0, date="2022-03-02",
                                  date_precision="day", origin="model", status="accepted", lat=36.0, lon=41.5,
                                  counts={"trucks": Count(12, "approx")},
                                  arguments=[Argument("trigger", t0.index("patrol"), t0.index("patrol") + 6,
                                                      "patrol", None, "exact"),
                                             Argument("date", 3, 10, "2 March", "2022-03-02")]), reviewer="t")
    # without a trigger, with values that look like the literals but are not (case, spaces)
    store.add_event(ids[3], Event(type="security_operation", start=0, end=len(t3), evidence=t3,
                                  date_precision="Day", origin="rules ", actors=["Caf\u00e9 \"A\""],
                                  counts={"killed": Count(0, ""), "injured": Count(2, "at_least")},
                                  reviewer="r\u00e9", note="n\\b", status="rejected", reject_reason="dup",
                                  arguments=[Argument("Actor", 0, 4, "Caf\u00e9", "caf\u00e9", "approx "),
                                             Argument("location", t3.index("\u0628"), t3.index("\u0628") + 4,
                                                      "\u0628\u064a\u062f\u0631", None, None)]), reviewer="t")
    # overlapping spans: two events over the same sentence and one inside it; the same start twice
    second = t4.index("A second")
    for start, end, date in ((0, second - 1, None), (0, 8, None), (second, len(t4), "2022-03-09"),
                             (second, second + 8, None)):
        store.add_event(ids[4], Event(type="convoy", start=start, end=end, evidence=t4[start:end], date=date,
                                      status="pending" if start else "accepted",
                                      arguments=[Argument("trigger", start, start + 8, t4[start:start + 8])]),
                        reviewer="t")
    store.add_fact(ids[4], Fact(kind="trucks", value=38, start=0, end=len(t4), evidence=t4, qualifier="exact",
                                status="accepted"), reviewer="t")
    store.add_fact(ids[2], Fact(kind="batch_dates", value=["2022-03-09"], start=0, end=7, evidence="Nothing",
                                status="pending"), reviewer="t")
    for doc_id, text in zip(ids[::2], TEXTS[::2]):  # stored tokens for some reports only
        with store.transaction():
            doc_tokens.save(store.db, doc_id, tokenizer_key(), len(text), encode_tokens(text))
    return store, ids


KINDS = {
    "events": {},
    "events without arguments or totals": {"arguments": False, "facts": False},
    "spans": {"spans_only": True, "facts": False, "tokens": True},
    "carrier spans": {"spans_only": True, "roles": CARRIER_ROLES, "facts": False},
    "frames": {"frames": True, "tokens": True},
}


def _plain(store, ids, status, kind):
    """What reading each report alone gives (the reader before blocks), as comparable values."""
    out = []
    for ed in selection.load_documents(store, ids, status, **kind):
        events = [(type(e).__name__, getattr(e, "json", None) or repr(e)) for e in ed.events]
        facts = [getattr(f, "json", None) or repr(f) for f in ed.facts]
        out.append((ed.document, events, facts, ed.tokens))
    return out


@pytest.mark.parametrize("status", ["all", "accepted", "pending", "rejected"])
@pytest.mark.parametrize("kind", KINDS, ids=list(KINDS))
def test_any_block_size_reads_what_one_report_at_a_time_reads(reports, monkeypatch, status, kind):
    store, ids = reports
    order = [ids[4], ids[0], ids[2], ids[1], ids[3], ids[0]]  # not in id order, one report twice
    monkeypatch.setattr(selection, "BLOCK_IDS", 1)
    monkeypatch.setattr(selection, "EVENT_BLOCK_IDS", 1)
    alone = _plain(store, order, status, KINDS[kind])
    for size in (2, 3, 16):
        monkeypatch.setattr(selection, "BLOCK_IDS", size)
        monkeypatch.setattr(selection, "EVENT_BLOCK_IDS", size)
        assert _plain(store, order, status, KINDS[kind]) == alone, size
    assert [d.id for d, *_ in alone] == [i for i in order if status == "all" or _kept(store, i, status)]


def _kept(store, doc_id, status):
    return bool(store.events(doc_id, status=status) or store.facts(doc_id, status=status))


def test_blocks_give_the_stores_own_objects(reports):
    store, ids = reports
    for ed in selection.load_documents(store, ids, "all", tokens=True):
        assert ed.document == store.document(ed.document.id)
        assert ed.events == store.events(ed.document.id)
        assert ed.facts == store.facts(ed.document.id)
        assert ed.tokens == doc_tokens.load(store.db, ed.document.id)
    assert [ed.document.id for ed in selection.load_documents(store, ids, "rejected")] == [ids[3]]


def test_a_missing_report_is_named_where_it_is_reached(reports):
    store, ids = reports
    docs = selection.load_documents(store, [ids[0], 999], "all")
    assert next(docs).document.id == ids[0]
    with pytest.raises(NotFound, match="document 999"):
        next(docs)
    # with a status filter a report without matching rows is left out, as before
    assert [ed.document.id for ed in selection.load_documents(store, [999, ids[0]], "accepted")] == [ids[0]]


def test_frames_with_and_without_the_literal_values_are_json_dumps(reports):
    store, ids = reports
    frames = FrameRows(store.db.conn)
    for doc_id in ids:
        events = store.events(doc_id)
        assert [f.json for f in frames.events(doc_id, None)] == [
            json.dumps(event_to_obj(e), ensure_ascii=False) for e in events]
        assert [f.json for f in frames.facts(doc_id, None)] == [
            json.dumps(fact_to_obj(f), ensure_ascii=False) for f in store.facts(doc_id)]


def _task_hash_by_json(in_hash, spans):
    key = [{"start": s["start"], "end": s["end"], "label": s["label"]} for s in spans]
    return _hash(f"{in_hash}" + json.dumps({"spans": key}, sort_keys=True))


def test_hashes_are_those_of_the_json_prodigy_hashes():
    rnd = random.Random(7)
    alphabet = 'ab \n\t"\\\x00\x1f\x7f\u00e9\u00ff\u0100\u2014\u2028\uffff\U0001f600'
    texts = TEXTS + ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 16))) for _ in range(2000)]
    for text in texts:
        assert _input_hash_of(text, _text_json(text)) == input_hash(text), repr(text)
    for spans in ([], [{"start": 1, "end": 5, "label": "convoy"}],
                  [{"start": 0, "end": 3, "label": 'caf\u00e9 "x"'}, {"start": 9, "end": 12, "label": "patrol"}],
                  [{"start": True, "end": 2, "label": "x"}]):
        assert task_hash(-5, spans) == _task_hash_by_json(-5, spans)
