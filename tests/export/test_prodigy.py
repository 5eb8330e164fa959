"""Prodigy JSONL checked against Prodigy's task format by hand, the same spans as the DocBin, and a Prodigy
annotation file imported back without duplicating the pending machine candidates."""
import json

from click.testing import CliRunner

from annotator.cli import main
from annotator.domain import EVENT_TYPES
from annotator.export import run_export
from annotator.paths import resources_dir

INT32 = range(-2**31, 2**31)


def _lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def check_prodigy_task(task):
    """What Prodigy's span interfaces read: text, tokens, spans aligned to tokens, hashes, a task answer."""
    text, tokens = task["text"], task["tokens"]
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    for t, nxt in zip(tokens, tokens[1:] + [None]):
        assert text[t["start"]:t["end"]] == t["text"]
        gap = text[t["end"]:nxt["start"]] if nxt else text[t["end"]:]
        assert t["ws"] == gap.startswith(" ")
    previous = (-1, -1)
    for span in task["spans"]:
        assert set(span) >= {"start", "end", "token_start", "token_end", "label"} and "answer" not in span
        assert tokens[span["token_start"]]["start"] == span["start"]
        assert tokens[span["token_end"]]["end"] == span["end"]  # token_end is inclusive
        assert (span["start"], span["end"]) >= previous
        previous = (span["start"], span["end"])
    assert task["answer"] in ("accept", "reject", "ignore")
    assert task["_input_hash"] in INT32 and task["_task_hash"] in INT32


def test_lines_are_prodigy_tasks_with_accepted_spans_only(sample, tmp_path):
    store, ids = sample
    out = tmp_path / "all.jsonl"
    run_export(store, "jsonl", out, status="all")
    tasks = _lines(out)
    assert len(tasks) == 2
    for task in tasks:
        check_prodigy_task(task)
        doc_id = task["meta"]["document_id"]
        events = {e.id: e for e in store.events(doc_id)}
        assert {s["event_id"] for s in task["spans"]} == {i for i, e in events.items() if e.status == "accepted"}
        assert all(s["label"] in EVENT_TYPES for s in task["spans"])
        pending = any(e.status == "pending" for e in events.values()) or \
            any(f.status == "pending" for f in store.facts(doc_id))
        assert task["answer"] == ("ignore" if pending else "accept")
        # The frames keep every event whatever its status, each with its own answer.
        assert sorted(e["status"] for e in task["events"]) == sorted(e.status for e in events.values())
    r120 = next(t for t in tasks if t["meta"]["document_id"] == ids["r120"])
    assert r120["answer"] == "ignore"  # report 120 still has pending candidates
    # Hashes: the input hash depends on the text only, the task hash on the spans too.
    again = tmp_path / "accepted.jsonl"
    run_export(store, "jsonl", again, status="accepted")
    by_doc = {t["meta"]["document_id"]: t for t in _lines(again)}
    for task in tasks:
        other = by_doc[task["meta"]["document_id"]]
        assert other["_input_hash"] == task["_input_hash"]
        assert (other["_task_hash"] == task["_task_hash"]) == (other["spans"] == task["spans"])
    assert len({t["_input_hash"] for t in tasks}) == 2


def test_every_span_format_carries_the_same_span(sample, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    store, _ = sample
    run_export(store, "jsonl", tmp_path / "a.jsonl", status="accepted")
    run_export(store, "spacy", tmp_path / "sp", status="accepted")
    run_export(store, "brat", tmp_path / "brat", status="accepted")
    from_jsonl = {(t["meta"]["document_id"], s["start"], s["end"], s["label"])
                  for t in _lines(tmp_path / "a.jsonl") for s in t["spans"]}
    nlp = spacy.blank("en")
    from_docbin = set()
    for part in ("train", "dev"):
        for doc in DocBin().from_disk(tmp_path / "sp" / f"{part}.spacy").get_docs(nlp.vocab):
            info = doc.user_data["annotator"]
            from_docbin |= {(info["document_id"], info["offset"] + s.start_char, info["offset"] + s.end_char,
                             s.label_) for s in doc.spans["events"]}
    assert from_jsonl == from_docbin and from_jsonl
    from_brat = set()
    for ann in (tmp_path / "brat").glob("*.ann"):
        doc_id = int(ann.stem.rsplit("-", 1)[1])
        for line in ann.read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            label, offsets = line.split("\t")[1].split(" ", 1)
            if label in EVENT_TYPES:
                frags = [tuple(map(int, f.split())) for f in offsets.split(";")]
                from_brat.add((doc_id, frags[0][0], frags[-1][1], label))
    # BRAT keeps the exact characters; the token formats widen to whole tokens (same spans here).
    assert from_brat == from_jsonl


def _prodigy_output(store, doc_id, extra_spans):
    """A task as Prodigy's ner_manual saves it after a reviewer accepted the suggested spans."""
    import spacy

    from annotator.export.jsonl import input_hash, task_hash, tokens_of
    from annotator.export.spans import event_spans, span_of

    text = store.document_text(doc_id)
    doc = spacy.blank("en").make_doc(text)
    events = store.events(doc_id)
    carriers = event_spans(events)
    spans = []
    for ev in events:
        s = doc.char_span(*span_of(ev, carriers), alignment_mode="expand")
        spans.append({"start": s.start_char, "end": s.end_char, "token_start": s.start, "token_end": s.end - 1,
                      "label": ev.type})
    for start, end, label in extra_spans:
        s = doc.char_span(start, end, alignment_mode="expand")
        spans.append({"start": s.start_char, "end": s.end_char, "token_start": s.start, "token_end": s.end - 1,
                      "label": label})
    spans.sort(key=lambda x: (x["start"], x["end"]))
    h = input_hash(text)
    return {"text": text, "meta": {"id": "prodigy-demo"}, "tokens": tokens_of(doc), "spans": spans,
            "_input_hash": h, "_task_hash": task_hash(h, spans), "_view_id": "ner_manual", "answer": "accept",
            "_timestamp": 1760000000, "_annotator_id": "news-ana", "_session_id": "news-ana"}


def test_importing_prodigy_output_matches_candidates_and_names_unknown_labels(tmp_path):
    source = resources_dir() / "demo" / "reports" / "demo-coalition-112.txt"
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    runner = CliRunner()
    res = runner.invoke(main, ["import", str(source), "--db", str(first)])
    assert res.exit_code == 0, res.output
    from annotator.store import Store

    store = Store(first)
    doc_id = store.documents()[0].id
    candidates = store.events(doc_id)
    assert len(candidates) >= 3
    text = store.document_text(doc_id)
    # One span of a label we do not have, and one event the machine missed (a reviewer's own span).
    missed_at = text.index("Coalition")
    task = _prodigy_output(store, doc_id, [(0, 4, "WEAPON"), (missed_at, missed_at + 9, "patrol")])
    store.close()
    path = tmp_path / "prodigy-output.jsonl"
    path.write_text(json.dumps(task) + "\n", encoding="utf-8")

    res = runner.invoke(main, ["import", str(path), "--db", str(second)])
    assert res.exit_code == 1  # the unknown label is reported, not dropped silently
    assert "WEAPON (1)" in res.output and "prodigy-output.jsonl" in res.output
    store = Store(second)
    events = store.events(store.documents()[0].id)
    assert len(events) == len(candidates) + 1  # each candidate once, plus the reviewer's span
    matched = [e for e in events if e.origin != "import"]
    assert len(matched) == len(candidates)
    assert [(e.status, e.reviewer) for e in events if (e.status, e.reviewer) != ("accepted", "news-ana")] == []
    added = [e for e in events if e.origin == "import"]
    assert [(e.type, e.start) for e in added] == [("patrol", missed_at)]
    store.close()


def test_text_json_is_json_dumps_bytes():
    """The task's "text" is written by orjson: the bytes json.dumps(ensure_ascii=False) gives, every control
    character, quote, backslash, DEL, line separator and astral character included."""
    import pytest

    from annotator.export.jsonl import _text_json

    texts = ["", "plain", "Raid near Deir ez-Zor \u2013 \u201cquoted\u201d \u0627\u0644\u0631\u0642\u0629 \U0001F600",
             "".join(map(chr, range(0x100))) + "\u2028\u2029\ufeff"]
    for text in texts:
        assert _text_json(text) == json.dumps(text, ensure_ascii=False).encode("utf-8")
    with pytest.raises(UnicodeEncodeError):  # not valid Unicode: refused, as json's bytes were
        _text_json("lone \ud800 surrogate")
