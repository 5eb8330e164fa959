"""Each export read back with the library that consumes it (spaCy, csv, json) and checked against the database."""
import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.export import run_export
from annotator.export.spans import trigger_span

# The ACLED layout as issue 5 lists it, in that order.
ACLED = ("event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 "
         "inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 "
         "location latitude longitude geo_precision source source_scale notes fatalities tags timestamp").split()


def _events(store, status):
    return [e for e in store.events() if status == "all" or e.status == status]


def test_spacy_docbin_reads_back_with_spans_by_type_and_role(sample, tmp_path):
    import spacy
    from spacy.tokens import DocBin

    store, ids = sample
    result = run_export(store, "spacy", tmp_path / "sp", status="accepted")
    nlp = spacy.blank("en")
    seen_docs: dict[str, set[int]] = {}
    spans_by_event = {}
    for part in ("train", "dev"):
        for doc in DocBin().from_disk(tmp_path / "sp" / f"{part}.spacy").get_docs(nlp.vocab):
            info = doc.user_data["annotator"]
            seen_docs.setdefault(part, set()).add(info["document_id"])
            text = store.document_text(info["document_id"])
            assert text[info["offset"]:info["offset"] + len(doc.text)] == doc.text
            assert [s.label_ for s in doc.spans["events"]] == [store.event(i).type for i in info["event_ids"]]
            for span, event_id in zip(doc.spans["events"], info["event_ids"]):
                spans_by_event[event_id] = (info["offset"] + span.start_char, info["offset"] + span.end_char)
            for span in doc.spans["arguments"]:
                assert span.label_ in {"actor", "target", "location", "date", "killed", "injured", "arrested",
                                       "trucks"}
    accepted = _events(store, "accepted")
    assert {e.id: trigger_span(e) for e in accepted} == spans_by_event
    assert seen_docs["train"].isdisjoint(seen_docs.get("dev", set()))  # split by report
    assert seen_docs["train"] | seen_docs["dev"] == set(ids.values())
    assert result.events == len(accepted)
    config = spacy.util.load_config(tmp_path / "sp" / "config.cfg")
    assert config["components"]["spancat"]["spans_key"] == "events"


def test_spacy_split_is_the_same_on_every_run(sample, tmp_path):
    from annotator.export import load_documents
    from annotator.export.spacy_docbin import split_documents

    store, ids = sample
    docs = list(load_documents(store, list(ids.values()), "all"))
    first = {k: [d.document.id for d in v] for k, v in split_documents(docs).items()}
    again = {k: [d.document.id for d in v] for k, v in split_documents(list(reversed(docs))).items()}
    assert {k: sorted(v) for k, v in first.items()} == {k: sorted(v) for k, v in again.items()}
    assert first["train"] and first["dev"]


def test_conll_reads_back_with_spacy_as_the_non_overlapping_projection(sample, tmp_path):
    from spacy.training.converters import conll_ner_to_docs

    store, ids = sample
    for status in ("accepted", "all"):
        out = tmp_path / f"{status}.conll"
        result = run_export(store, "conll", out, status=status)
        text = out.read_text(encoding="utf-8")
        assert all(len(line.split()) == 4 for line in text.splitlines() if line)
        docs = list(conll_ner_to_docs(text, n_sents=100000, no_print=True))
        assert len(docs) == len(ids)
        # Tokens lose the spaces between them: compare the characters without whitespace.
        got = sorted((ent.label_, "".join(ent.text.split())) for doc in docs for ent in doc.ents)
        events = _events(store, status)
        expected = []
        for e in events:
            s, t = trigger_span(e)
            others = [trigger_span(o) for o in events if o is not e and o.document_id == e.document_id]
            if any(a <= s and t <= b and (b - a) > (t - s) for a, b in others):
                continue  # inside a longer span: the projection keeps the longer one
            doc_text = store.document_text(e.document_id)
            expected.append((e.type, "".join(doc_text[s:t].split())))
        assert got == sorted(expected)
        if status == "all":  # the rejected airstrike candidate lies inside the pending rocket attack
            airstrike = next(e for e in events if e.type == "airstrike")
            rocket = next(e for e in events if e.type == "rocket_attack")
            line = next(x for x in result.skipped if f"event {airstrike.id} " in x)
            assert "left out of the IOB" in line and f"event {rocket.id} (rocket_attack)" in line
            assert len(result.skipped) == len(events) - len(expected)  # one line per event left out


def _parse_ann(path: Path):
    items = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        ident, rest = line.split("\t", 1)
        items[ident] = rest
    return items


def test_brat_standoff_follows_the_format_and_matches_the_database(sample, tmp_path):
    store, ids = sample
    run_export(store, "brat", tmp_path / "brat", status="all")
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    assert "[events]" in conf and "convoy\t" in conf
    for doc_id in ids.values():
        key = store.document(doc_id).key
        txt = (tmp_path / "brat" / f"{key}-{doc_id}.txt").read_bytes().decode("utf-8")
        assert txt == store.document_text(doc_id)
        ann = _parse_ann(tmp_path / "brat" / f"{key}-{doc_id}.ann")
        triggers = {}
        for ident, rest in ann.items():
            assert re.fullmatch(r"[TEAN#]\d+", ident)
            if ident.startswith("T"):
                head, span_text = rest.split("\t")
                label, offsets = head.split(" ", 1)
                frags = [tuple(map(int, f.split())) for f in offsets.split(";")]
                assert "\n" not in span_text
                assert span_text == " ".join(txt[a:b] for a, b in frags)
                triggers[ident] = (label, frags[0][0], frags[-1][1], len(frags))
            elif ident.startswith("E"):
                parts = rest.split(" ")
                assert all(p.split(":")[1] in triggers for p in parts)
            elif ident.startswith("A"):
                name, target, value = rest.split(" ")
                assert target in ann and value
            elif ident.startswith("N"):
                assert rest.split(" ")[1] in ann
            else:
                assert rest.startswith("AnnotatorNotes ") and rest.split("\t")[0].split(" ")[1] in ann
        events = store.events(doc_id)
        event_lines = {i: r for i, r in ann.items() if i.startswith("E")}
        assert len(event_lines) == len(events)
        notes = {r.split("\t")[0].split(" ")[1]: r.split("\t")[1] for i, r in ann.items() if i.startswith("#")}
        statuses = {r.split(" ")[1]: r.split(" ")[2] for i, r in ann.items()
                    if i.startswith("A") and r.startswith("Status ")}
        for eid, rest in event_lines.items():
            event_id = int(re.search(r"event_id=(\d+)", notes[eid]).group(1))
            ev = store.event(event_id)
            label, start, end, _ = triggers[rest.split(" ")[0].split(":")[1]]
            assert (label, start, end) == (ev.type, *trigger_span(ev))
            assert statuses[eid] == ev.status
    from export.brat_rules import check_folder

    assert check_folder(tmp_path / "brat") == []
    raid = next(e for e in store.events(ids["r120"]) if e.type == "security_operation")
    assert "\n" in raid.evidence  # its BRAT span is cut into two fragments
    ann = _parse_ann(tmp_path / "brat" / f"fixture-coalition-120-{ids['r120']}.ann")
    assert any(r.startswith(f"security_operation {raid.start} ") and ";" in r.split("\t")[0] for r in ann.values())


def test_acled_csv_has_the_acled_columns_then_ours_and_no_formula_cells(sample, tmp_path):
    store, _ = sample
    out = tmp_path / "events.csv"
    run_export(store, "acled-csv", out, status="accepted")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames
        rows = list(reader)
    assert header[:len(ACLED)] == ACLED
    assert {"annotator_event_type", "killed", "trucks", "review_status", "reviewer", "document_id", "start",
            "end"} <= set(header[len(ACLED):])
    accepted = {e.id: e for e in _events(store, "accepted")}
    assert {int(r["event_id"]) for r in rows} == set(accepted)
    for r in rows:
        ev = accepted[int(r["event_id"])]
        assert r["event_id_cnty"] == f"SYR{ev.id}" and r["event_date"] == (ev.date or "")
        assert int(r["fatalities"]) == (ev.count("killed") or 0)
        assert r["review_status"] == "accepted" and r["reviewer"] == ev.reviewer
        assert (int(r["start"]), int(r["end"])) == (ev.start, ev.end)
        assert r["annotator_event_type"] == ev.type
        if ev.lat is not None:
            assert (float(r["latitude"]), float(r["longitude"])) == (ev.lat, ev.lon)
        for value in r.values():
            assert not value.startswith(("=", "+", "-", "@")), value
    convoy = next(r for r in rows if r["event_date"] == "2024-08-25")
    assert convoy["notes"].startswith("August 25")  # notes are plain text: the list mark is gone
    assert (convoy["event_type"], convoy["sub_event_type"]) == ("Strategic developments", "Other")
    strike = next(r for r in rows if r["annotator_event_type"] == "drone_strike")
    assert (strike["event_type"], strike["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert strike["inter1"] == "External/Other forces"


def test_geojson_has_a_point_per_located_event_in_lon_lat_order(sample, tmp_path):
    store, _ = sample
    out = tmp_path / "events.geojson"
    result = run_export(store, "geojson", out, status="all")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    located = {e.id: e for e in _events(store, "all") if e.lat is not None}
    assert {f["properties"]["event_id"] for f in data["features"]} == set(located)
    for f in data["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        ev = located[f["properties"]["event_id"]]
        assert (lon, lat) == (ev.lon, ev.lat)
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert len(result.skipped) == len(_events(store, "all")) - len(located)


def test_filters_by_status_period_and_documents(sample, tmp_path):
    store, ids = sample
    out = tmp_path / "x.jsonl"
    res = run_export(store, "jsonl", out, status="rejected")
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert res.documents == 1 and [e["answer"] for e in lines[0]["events"]] == ["reject"]
    run_export(store, "jsonl", out, status="all", period="121st month")
    assert [json.loads(x)["meta"]["id"] for x in out.read_text(encoding="utf-8").splitlines()] == \
        ["fixture-coalition-121"]
    run_export(store, "jsonl", out, status="all", documents=[str(ids["r120"])])
    assert [json.loads(x)["meta"]["document_id"] for x in out.read_text(encoding="utf-8").splitlines()] == \
        [ids["r120"]]


def test_progress_and_cancel(sample, tmp_path):
    store, ids = sample
    seen = []
    run_export(store, "jsonl", tmp_path / "a.jsonl", status="all", progress=seen.append)
    assert [p.done for p in seen] == [1, 2, 3, 4] and {p.total for p in seen} == {4}
    calls = []
    out = tmp_path / "b.jsonl"
    res = run_export(store, "jsonl", out, status="all", progress=calls.append, cancel=lambda: len(calls) >= 2)
    assert res.cancelled and not out.exists() and not list(tmp_path.glob(".b.jsonl*"))


@pytest.mark.parametrize("fmt, name", [("spacy", "sp"), ("jsonl", "a.jsonl"), ("conll", "a.conll"),
                                       ("brat", "brat"), ("acled-csv", "a.csv"), ("geojson", "a.geojson")])
def test_export_command(sample, db_path, tmp_path, fmt, name):
    store, _ = sample
    store.close()
    out = tmp_path / name
    res = CliRunner().invoke(main, ["export", "--db", str(db_path), "--format", fmt, "--out", str(out),
                                    "--status", "all", "-q"])
    assert res.exit_code == 0, res.output
    assert out.exists() and (out.is_dir() or out.stat().st_size > 0)
    assert res.output.startswith(f"{fmt}: 2 documents")


def test_export_command_refuses_a_bad_selection(sample, db_path, tmp_path):
    store, _ = sample
    store.close()
    res = CliRunner().invoke(main, ["export", "--db", str(db_path), "-f", "jsonl", "-o", str(tmp_path / "x.jsonl"),
                                    "--period", "999th month"])
    assert res.exit_code == 1 and "999th month" in res.output
    res = CliRunner().invoke(main, ["export", "--db", str(db_path), "-f", "jsonl", "-o", str(tmp_path),
                                    "--status", "all"])
    assert res.exit_code == 2 and "folder" in res.output


@pytest.mark.parametrize("cell, expected", [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"),
                                            ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
                                            ("Al-Omar", "Al-Omar"), (-12.5, -12.5), (0, 0), ("", "")])
def test_spreadsheet_formulas_are_neutralised_but_numbers_are_not(cell, expected):
    from annotator.export.acled_csv import neutralise

    assert neutralise(cell) == expected
