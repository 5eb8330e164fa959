"""The JSONL export's fast paths give the characters of its plain ones: event frames and totals read as JSON by
SQLite (jsonl_frames.py) against json.dumps of the Events and Facts, the tokens arrays numpy lays out
(jsonl_tokens.py) against tokens_json_of, the task spans found by one search against Tokens.char_span, and whole
lines written by write_jsonl against document_json over Events."""
import json

import numpy as np
import pytest

from annotator.domain import Argument, Count, DocumentIn, Event, Fact
from annotator.export import load_documents
from annotator.export.jsonl import (_Offsets, document_json, event_to_obj, fact_to_obj, frame_spans,
                                    tokens_json_of, write_jsonl)
from annotator.export.jsonl_frames import EventFrame, FrameRows
from annotator.export.jsonl_tokens import MAX_TOKEN_BYTES, tokens_json_blocks
from annotator.export.selection import ExportResult
from annotator.export.spans import event_spans
from annotator.export.tokens import token_offsets, tokenize
from annotator.ingest import content_hash
from annotator.store import Store

# Fictional texts with every character JSON escapes, non-ASCII letters, a line separator and long words.
TEXT = ('On 3 May, "Coalition" forces\\units moved 25 trucks\tthrough Al-Ya\u02bfrubiyah crossing.\n\n'
        "A convoy of 40 trucks \u2014 fuel, generators \u2028 and ammunition \u2014 entered on the 5th, 7th and 9th "
        "May.\r\nSix men were arrested\x0b in a raid near Tal \u0628\u064a\u062f\u0631; \U0001d518 one "
        "was released\x1f later.  ")


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "frames.db")
    doc_id, _ = store.add_document(DocumentIn(text=TEXT, title="Fictional \u00e9", source="f.txt",
                                              source_kind="txt", key="fictional"), content_hash(TEXT),
                                   reviewer="test")
    at = TEXT.index
    convoy, dates = at("A convoy"), [at("5th"), at("7th"), at("9th")]
    events = [
        # arguments added out of text order: the frame lists them by start, as Store.events does
        Event(type="convoy", start=at("On 3 May"), end=at("crossing.") + 9, evidence=TEXT[:60], date="2022-05-03",
              date_precision="day", location="Al-Ya\u02bfrubiyah", lat=36.8, lon=0.1 + 0.2, confidence=1 / 3,
              actors=['"Coalition"\\ forces'], actors_canonical=["International Coalition"], targets=["\u2028x"],
              counts={"trucks": Count(25, "exact"), "killed": Count(0, "")}, status="accepted",
              reviewer="ana\tb", reviewed_at="2022-05-04T00:00:00", note="line\nbreak \x01",
              arguments=[Argument("location", at("Al-Ya"), at("crossing.") + 8, "Al-Ya\u02bfrubiyah crossing",
                                  "Al-Ya\u02bfrubiyah"),
                         Argument("trigger", at("moved"), at("moved") + 5, "moved"),
                         Argument("date", at("3 May"), at("3 May") + 5, "3 May", "2022-05-03", None)]),
        Event(type="security_operation", start=at("Six men"), end=at("later.") + 6, evidence="Six men",
              counts={"arrested": Count(6, "approx"), "injured": Count(1, None)}, lat=None, lon=None,
              confidence=float("inf"), status="rejected", reject_reason="dup \"x\"", in_period=False,
              arguments=[Argument("arrested", at("Six men"), at("Six men") + 7, "Six men", "6", "approx")]),
    ]
    # three convoys sharing their evidence sentence, told apart by their dates (spans.event_spans)
    for i, d in enumerate(dates):
        events.append(Event(type="convoy", start=convoy, end=at("May.\r") + 4, evidence="A convoy", status="accepted"
                            if i else "pending", arguments=[Argument("date", d, d + 3, TEXT[d:d + 3], f"2022-05-0{i}"),
                                                            Argument("trigger", convoy, convoy + 8, "A convoy")]))
    # added last, starting where the convoys start but ending first: read before them (by start, end, id)
    events.append(Event(type="convoy", start=convoy, end=convoy + 5, evidence="A con", status="pending"))
    events.append(Event(type="patrol", start=at("\U0001d518"), end=at("\U0001d518") + 1, evidence="\U0001d518",
                        status="accepted"))
    for ev in events:
        store.add_event(doc_id, ev, reviewer="test")
    store.add_fact(doc_id, Fact(kind="batch_dates", value=["2022-05-05", "2022-05-07"], start=convoy, end=convoy + 8,
                                evidence="A convoy", qualifier="exact", confidence=0.1 + 0.7), reviewer="test")
    store.add_fact(doc_id, Fact(kind="trucks", value=40, start=convoy, end=convoy + 8, evidence="A\n\"convoy\"",
                                status="accepted", reviewer="b\\c"), reviewer="test")
    return store, doc_id


@pytest.mark.parametrize("status", [None, "accepted", "pending", "rejected"])
def test_frames_are_json_dumps_of_the_events_and_totals(store, status):
    store, doc_id = store
    frames = FrameRows(store.db.conn)
    events = store.events(doc_id, status=status)
    got = frames.events(doc_id, status)
    assert [f.id for f in got] == [e.id for e in events] and got
    for frame, ev in zip(got, events):
        assert frame.json == json.dumps(event_to_obj(ev), ensure_ascii=False)
        assert json.loads(frame.json) == event_to_obj(ev) or ev.confidence == float("inf")
        assert (frame.type, frame.start, frame.end, frame.status) == (ev.type, ev.start, ev.end, ev.status)
    facts = store.facts(doc_id, status=status)
    assert [f.json for f in frames.facts(doc_id, status)] == [json.dumps(fact_to_obj(f), ensure_ascii=False)
                                                              for f in facts]


def test_frame_spans_are_event_spans(store):
    store, doc_id = store
    frames = FrameRows(store.db.conn).events(doc_id, None)
    events = store.events(doc_id)
    assert all(isinstance(f, EventFrame) for f in frames)
    by_frame, by_event = frame_spans(frames), event_spans(events)
    spans = [by_frame[id(f)] for f in frames]
    assert spans == [by_event[id(e)] for e in events]
    assert len(set(spans[2:5])) == 3  # the shared evidence sentence: each convoy carried by its own date
    assert event_spans(frames).values() and list(event_spans(frames).values()) == spans  # EventFrame.arguments


def test_written_lines_are_document_json_of_the_events(store, tmp_path):
    store, doc_id = store
    for status in ("all", "accepted", "rejected"):
        plain = list(load_documents(store, [doc_id], status))
        fast = list(load_documents(store, [doc_id], status, tokens=True, frames=True))
        out = tmp_path / f"{status}.jsonl"
        result = write_jsonl(fast, out, status_filter=status, exported_at="2022-06-01T00:00:00+00:00")
        expected = "".join(document_json(ed, status_filter=status, exported_at="2022-06-01T00:00:00+00:00") + "\n"
                           for ed in plain)
        assert out.read_bytes() == expected.encode("utf-8")
        assert (result.documents, result.events) == (len(plain), sum(len(ed.events) for ed in plain))
        assert json.loads(out.read_text(encoding="utf-8"))["text"] == TEXT


TEXTS = [TEXT, "", "a", "word  ", "  lead", "plain ascii text, nothing else.", '\\"\n\t\x00\x7f\u2028',
         "\u00e9" * 40 + " x", "\U0001d518\U0001d518 \u0964 done"]


def test_tokens_arrays_are_tokens_json_of_any_block():
    offsets = [token_offsets(t) for t in TEXTS]
    expected = [tokens_json_of(tokenize(t)).encode("utf-8") for t in TEXTS]
    for size in (1, 2, len(TEXTS)):
        got = []
        for i in range(0, len(TEXTS), size):
            block = slice(i, i + size)
            got += tokens_json_blocks(TEXTS[block], [o[0] for o in offsets[block]], [o[1] for o in offsets[block]])
        assert [bytes(g) for g in got] == expected


def test_a_token_too_wide_is_left_to_the_caller_and_the_others_are_laid_out():
    texts = ["short words", "x" * (MAX_TOKEN_BYTES + 1) + " y", "more words"]
    offsets = [token_offsets(t) for t in texts]
    got = tokens_json_blocks(texts, [o[0] for o in offsets], [o[1] for o in offsets])
    assert got[1] is None
    assert [bytes(got[0]), bytes(got[2])] == [tokens_json_of(tokenize(t)).encode() for t in (texts[0], texts[2])]


def test_char_spans_are_tokens_char_span():
    for text in TEXTS:
        toks = tokenize(text)
        offsets = _Offsets(text, np.array(toks.starts, dtype=np.int64), np.array(toks.ends, dtype=np.int64))
        pairs = [(a, b) for a in range(-1, len(text) + 2) for b in range(a, len(text) + 2)]
        expected, found = [], []
        for pair in pairs:
            try:
                expected.append(toks.char_span(*pair))
            except IndexError:
                expected.append("IndexError")
            try:
                found.append(offsets.char_spans([pair])[0])
            except IndexError:
                found.append("IndexError")
        assert found == expected, text
        fine = [p for p, e in zip(pairs, expected) if e != "IndexError"]
        assert offsets.char_spans(fine) == [toks.char_span(*p) for p in fine]


def test_write_jsonl_takes_a_file_without_a_descriptor(store):
    import io

    from annotator.export.jsonl import write_lines

    store, doc_id = store
    fh = io.BytesIO()
    write_lines(load_documents(store, [doc_id], "all", tokens=True, frames=True), fh, ExportResult("jsonl"),
                status_filter="all", exported_at="t")
    plain = next(load_documents(store, [doc_id], "all"))
    assert fh.getvalue() == (document_json(plain, status_filter="all", exported_at="t") + "\n").encode()
