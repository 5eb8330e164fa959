"""The BRAT export's own reader and writer (brat_rows.py, brat.py): the rows it reads are what the store's Events
and Facts hold, the .ann carries each event by the span spans.py chooses, and files are written whole or not at
all. The reports are fictional, written for these tests, with the awkward cases: events sharing a trigger (with
and without distinct dates), two triggers, repeated roles, empty and line-crossing spans, qualified counts, notes
with tabs and line breaks, list-valued totals, and reports that only some statuses keep."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.domain import Argument, Count, DocumentIn, Event, Fact
from annotator.export import load_documents, run_export
from annotator.export import brat
from annotator.export.brat import report_of, write_file
from annotator.export.brat_rows import read_reports
from annotator.export.spans import event_spans, role_arguments, span_of

REVIEWER = "brat-tester"

TEXT_A = """Week of patrols near Tall Tamr | Convoys and a raid

Convoys entered on the 3rd, 5th and 16th through Semalka crossing, 120 trucks in all.
A raid in the village of Abu Hamam
left four people detained; residents said SDF units and Coalition units took part.
Shots were fired near the checkpoint.
"""

TEXT_B = """A quiet week | One rejected candidate

Unverified reports spoke of a drone over Hajin.
"""

TEXT_C = """Monthly tally | Totals only

The monthly tally stated 75 trucks over two batches.
"""


def _at(text: str, phrase: str, after: str = "") -> tuple[int, int]:
    start = text.index(phrase, text.index(after) if after else 0)
    return start, start + len(phrase)


def _arg(text: str, role: str, phrase: str, after: str = "", length: int | None = None) -> Argument:
    start, end = _at(text, phrase, after)
    end = start + length if length is not None else end
    return Argument(role, start, end, text[start:end], phrase)


def _event(text: str, type_: str, evidence: str, args: list[Argument], **kw) -> Event:
    start, end = _at(text, evidence)
    return Event(type=type_, start=start, end=end, evidence=text[start:end], arguments=args, origin="rules",
                 rule="test", **kw)


def _extraction_a(t: str):
    from types import SimpleNamespace

    batch = "Convoys entered on the 3rd, 5th and 16th through Semalka crossing"
    raid = "A raid in the village of Abu Hamam\nleft four people detained"
    events = [
        # three convoys sharing their trigger, each with its own date: carried by the dates
        *[_event(t, "convoy", batch, [_arg(t, "trigger", "Convoys"), _arg(t, "date", day),
                                      _arg(t, "location", "Semalka crossing")],
                 date=f"2024-05-{day[:-2].zfill(2)}", direction="entering", location="Semalka",
                 location_name="Semalka", counts={"trucks": Count(40, "approx")})
          for day in ("3rd", "5th", "16th")],
        # two triggers (the first by offset carries it), repeated actors, an empty span, a line-crossing target
        _event(t, "security_operation", raid,
               [_arg(t, "trigger", "detained"), _arg(t, "trigger", "raid"), _arg(t, "actor", "SDF units"),
                _arg(t, "actor", "Coalition units"), _arg(t, "arrested", "four"),
                # the target before the place it starts with: written after it, by (start, end, role)
                _arg(t, "target", "Abu Hamam\nleft four people"), _arg(t, "location", "Abu Hamam"),
                _arg(t, "date", "took part", length=0)],
               date="2024-05-09", counts={"arrested": Count(4, "at_least"), "killed": Count(0)},
               actors=["SDF units", "Coalition units"], actors_canonical=["SDF", "International Coalition"],
               note="seen\tby two\nwitnesses", location_name="Nowhere Known"),
        # two events on one evidence span, no trigger and no date: they share it
        _event(t, "shooting", "Shots were fired near the checkpoint.", []),
        _event(t, "clash", "Shots were fired near the checkpoint.", [], actors=["residents"]),
    ]
    facts = [Fact("trucks", 120, *_at(t, "120 trucks"), "120 trucks"),
             Fact("batch_dates", ["2024-05-03", "2024-05-05", "2024-05-16"], *_at(t, "3rd, 5th and 16th"),
                  "3rd, 5th and 16th"),
             Fact("batches", 3, 5, 5, "")]  # an empty span: left out of the .ann
    return SimpleNamespace(events=events, facts=facts)


@pytest.fixture
def awkward(store):
    from types import SimpleNamespace

    ids = {}
    for key, text, extraction in [
            ("week-a", TEXT_A, _extraction_a(TEXT_A)),
            ("quiet week", TEXT_B, SimpleNamespace(events=[_event(TEXT_B, "drone_strike", "a drone over Hajin", [])],
                                                   facts=[])),
            ("tally", TEXT_C, SimpleNamespace(events=[], facts=[Fact("trucks", 75, *_at(TEXT_C, "75 trucks"),
                                                                     "75 trucks")]))]:
        ids[key], _ = store.add_document(DocumentIn(text=text, title=text.split("\n")[0], source=f"{key}.txt",
                                                    source_kind="txt", key=key), f"hash-{key}",
                                         reviewer=REVIEWER, extraction=extraction)
    a_events = store.events(ids["week-a"])
    store.accept_event(a_events[0].id, reviewer=REVIEWER)
    store.reject_event(a_events[1].id, reviewer=REVIEWER, reason="duplicate")
    store.reject_event(store.events(ids["quiet week"])[0].id, reviewer=REVIEWER, reason="not an event")
    store.accept_fact(store.facts(ids["week-a"])[0].id, reviewer=REVIEWER)
    return store, ids


@pytest.mark.parametrize("status", ["all", "accepted", "pending", "rejected"])
def test_rows_are_what_the_stores_events_and_facts_hold(awkward, status):
    store, ids = awkward
    order = [ids["tally"], ids["week-a"], ids["quiet week"]]
    rows = list(read_reports(store, order, status))
    expected = [report_of(ed) for ed in load_documents(store, order, status)]
    assert rows == expected
    kept = {"all": 3, "accepted": 1, "pending": 2, "rejected": 2}[status]  # B only rejected, C one pending total
    assert len(rows) == kept and all(r.events or r.facts or status == "all" for r in rows)


def test_a_missing_report_is_named(awkward):
    from annotator.store.errors import NotFound

    store, ids = awkward
    with pytest.raises(NotFound, match="document 999"):
        list(read_reports(store, [ids["week-a"], 999], "all"))


def _ann(path: Path) -> dict[str, str]:
    return dict(line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines())


def test_each_event_is_carried_by_the_span_spans_py_chooses(awkward, tmp_path):
    store, ids = awkward
    result = run_export(store, "brat", tmp_path / "b", status="all")
    assert result.documents == 3 and result.events == 7 and result.facts == 4
    text = store.document_text(ids["week-a"])
    ann = _ann(tmp_path / "b" / f"week-a-{ids['week-a']}.ann")
    events = store.events(ids["week-a"])
    carriers = event_spans(events)
    t_lines = {k: v for k, v in ann.items() if k.startswith("T")}

    def span(tid: str) -> tuple[str, int, int]:
        label, offsets = t_lines[tid].split("\t")[0].split(" ", 1)
        pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
        return label, pieces[0][0], pieces[-1][1]

    e_lines = [v for k, v in ann.items() if k.startswith("E")]
    assert len(e_lines) == len(events)
    for ev, line in zip(events, e_lines):
        trigger, *roles = line.split(" ")
        assert span(trigger.split(":")[1]) == (ev.type, *span_of(ev, carriers))
        expected = [(a.role.capitalize(), a.start, a.end) for a in role_arguments(ev) if a.end > a.start]
        assert [span(r.split(":")[1]) for r in roles] == expected
        assert [re.sub(r"\d+$", "", r.split(":")[0]) for r in roles] == [r for r, _, _ in expected]
    convoys = [span_of(ev, carriers) for ev in events if ev.type == "convoy"]
    assert [text[a:b] for a, b in convoys] == ["3rd", "5th", "16th"]  # carried by their dates
    shared = [span_of(ev, carriers) for ev in events if ev.type in ("shooting", "clash")]
    assert shared[0] == shared[1]  # no dates to tell them apart: each gets its own T line on the same span
    raid = next(v for v in e_lines if v.startswith("security_operation"))
    assert "Actor2:" in raid and span(raid.split(" ")[0].split(":")[1])[1:] == _at(text, "raid")
    assert any(";" in v.split("\t")[0] for v in t_lines.values())  # the target crosses a line break
    notes = [v for k, v in ann.items() if k.startswith("#")]
    assert any("killed=0; arrested=4 (at_least)" in n and "note=seen by two witnesses" in n
               and "actors=SDF, International Coalition" in n for n in notes)
    assert any("trucks=40 (approx)" in n for n in notes)
    assert any("batch_dates=2024-05-03, 2024-05-05, 2024-05-16" in n for n in notes)
    assert sum(v.startswith("Stated_") for v in t_lines.values()) == 2  # the empty total is left out
    n_lines = [v for k, v in ann.items() if k.startswith("N")]
    assert n_lines and all(v.startswith("Reference ") and "Gazetteer:Semalka" in v for v in n_lines)


def test_a_place_with_a_geonames_id_gets_both_references(awkward, tmp_path, monkeypatch):
    store, ids = awkward
    monkeypatch.setattr(brat, "gazetteer", lambda: {"semalka": {"name": "Semalka  crossing", "geonames_id": 77}})
    brat._references.cache_clear()
    try:
        run_export(store, "brat", tmp_path / "b", status="accepted")
    finally:
        brat._references.cache_clear()
    ann = _ann(tmp_path / "b" / f"week-a-{ids['week-a']}.ann")
    refs = [v.split("\t")[0].split(" ")[2] for k, v in ann.items() if k.startswith("N")]
    assert refs == ["Gazetteer:Semalka_crossing", "GeoNames:77"]
    assert {v.split("\t")[1] for k, v in ann.items() if k.startswith("N")} == {"Semalka crossing"}


def test_write_file_finishes_a_short_write(tmp_path, monkeypatch):
    import os

    real, calls = os.write, []

    def short(fd, data):  # a write that takes at most 5 bytes, as a pipe or a full disk may
        calls.append(len(data))
        return real(fd, bytes(data[:5]))

    monkeypatch.setattr(os, "write", short)
    write_file(tmp_path, "a.ann", "T1\tActor 0 3\tSDF\n".encode())
    assert (tmp_path / "a.ann").read_bytes() == "T1\tActor 0 3\tSDF\n".encode() and len(calls) > 3
    monkeypatch.setattr(os, "write", real)
    (tmp_path / "b.ann").write_text("x", encoding="utf-8")  # same permissions as Path.write_text gives
    assert (tmp_path / "a.ann").stat().st_mode == (tmp_path / "b.ann").stat().st_mode


def test_write_file_replaces_an_older_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"a much longer older text")
    write_file(tmp_path, "a.txt", b"new")
    assert (tmp_path / "a.txt").read_bytes() == b"new"


@pytest.mark.parametrize("how", ["cancel", "error"])
def test_a_stopped_export_leaves_nothing(awkward, tmp_path, monkeypatch, how):
    store, _ = awkward
    (tmp_path / "exports").mkdir()
    out = tmp_path / "exports" / "out"
    if how == "error":
        real, seen = brat.ann_text, []

        def failing(report, skipped=None):  # the disk fills up at the second report
            seen.append(report)
            if len(seen) == 2:
                raise OSError(28, "No space left on device")
            return real(report, skipped)

        monkeypatch.setattr(brat, "ann_text", failing)
        with pytest.raises(OSError, match="No space"):
            run_export(store, "brat", out, status="all")
    else:
        calls = []
        result = run_export(store, "brat", out, status="all", progress=calls.append,
                            cancel=lambda: len(calls) >= 3)
        assert result.cancelled
    assert list(out.parent.iterdir()) == []  # neither the folder nor its partial twin


def test_a_new_export_into_an_existing_folder_replaces_its_reports(awkward, tmp_path):
    store, ids = awkward
    out = tmp_path / "exports" / "b"
    run_export(store, "brat", out, status="all")
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    store.accept_event(store.events(ids["week-a"])[2].id, reviewer=REVIEWER)
    run_export(store, "brat", out, status="all")
    second = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(first) == set(second) and [p.name for p in out.parent.iterdir()] == ["b"]
    changed = [name for name in first if first[name] != second[name]]
    assert changed == [f"week-a-{ids['week-a']}.ann"]


def test_the_readers_queries_use_indexes(awkward):
    """Each statement the reader runs finds its rows through an index: no table is scanned."""
    store, ids = awkward
    for status in ("all", "accepted"):
        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        try:
            list(read_reports(store, list(ids.values()), status))
        finally:
            store.db.conn.set_trace_callback(None)
        assert len({s.split(" WHERE ")[0] for s in statements}) == 5
        for sql in set(statements):
            plan = " | ".join(r[3] for r in store.db.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", ""), (sql, plan)


def _spans_past_the_text(store, ids):
    """Rows another program (or a text edited outside annotator) left pointing past the end of week-a's text: an
    argument, a trigger and a stated total."""
    size = len(store.document_text(ids["week-a"]))
    events = store.events(ids["week-a"])
    actor = next(a for a in events[3].arguments if a.role == "actor")
    trigger = next(a for a in events[0].arguments if a.role == "trigger")
    fact = store.facts(ids["week-a"])[0]
    with store.db.conn:
        store.db.execute('UPDATE event_arguments SET start = ?, "end" = ? WHERE event_id = ? AND role = ? AND start = ?',
                         [size + 5, size + 20, events[3].id, "actor", actor.start])
        store.db.execute('UPDATE event_arguments SET "end" = ? WHERE event_id = ? AND role = ? AND start = ?',
                         [size + 3, events[0].id, "trigger", trigger.start])
        store.db.execute('UPDATE facts SET "end" = ? WHERE id = ?', [size + 1, fact.id])
    return size, events


def test_spans_past_the_end_of_the_text_are_left_out_and_named(awkward, tmp_path):
    store, ids = awkward
    size, events = _spans_past_the_text(store, ids)
    result = run_export(store, "brat", tmp_path / "b", status="all", jobs=1)
    notes = [n for n in result.skipped if "outside the text" in n]
    assert len(notes) == 3 and all(n.startswith("week-a: ") and f"({size} characters)" in n for n in notes)
    assert any(f"event {events[0].id} (convoy)" in n for n in notes)
    assert any(f"event {events[3].id}'s actor" in n for n in notes)
    text = store.document_text(ids["week-a"])
    ann = (tmp_path / "b" / f"week-a-{ids['week-a']}.ann").read_text(encoding="utf-8")
    for line in ann.splitlines():
        if line.startswith("T"):
            _, label, quoted = line.split("\t")
            pieces = [tuple(map(int, p.split()[-2:])) for p in label.split(";")]
            assert all(0 <= s < e <= size for s, e in pieces)
            assert quoted == " ".join(text[s:e] for s, e in pieces)
    assert ann.count("\tconvoy ") == 2  # the convoy whose trigger runs past the text is left out, the others kept


@pytest.mark.parametrize("fmt", ["spacy", "jsonl", "conll", "acled-csv", "geojson"])
def test_other_formats_export_a_report_with_spans_past_its_text(awkward, tmp_path, fmt):
    store, ids = awkward
    _spans_past_the_text(store, ids)
    result = run_export(store, fmt, tmp_path / "out", status="all", jobs=1)
    assert result.documents == 3
