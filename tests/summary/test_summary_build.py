"""Aggregation and checks: built only from accepted decisions, pending work listed, stated totals checked."""
import json

import pytest

from annotator.domain import Count, Event, Fact
from annotator.store.rows import StoredDocument
from annotator.summary import PeriodError, PeriodSpec, SummaryInput, build_summary, render, resolve_period, summarise


def _check(summary, kind):
    return next(c for c in summary["checks"] if c["kind"] == kind)


def test_report_summary_uses_accepted_items_and_flags_what_does_not_add_up(sample):
    store, ids = sample
    s = summarise(store, "fixture-coalition-120")
    assert s["period"]["kind"] == "document"
    assert (s["period"]["start"], s["period"]["end"]) == ("2024-08-23", "2024-09-22")
    assert [r["type"] for r in s["timeline"]] == ["convoy", "convoy", "security_operation", "convoy",
                                                  "drone_strike"]
    assert [r["date"] for r in s["timeline"]] == sorted(r["date"] for r in s["timeline"])
    assert all(r["event_id"] in {e.id for e in store.events(ids["r120"], status="accepted")} for r in s["timeline"])

    trucks = _check(s, "trucks")
    assert (trucks["stated"], trucks["itemised"], trucks["status"], trucks["flagged"]) == (150, 100, "mismatch", True)
    assert trucks["message"].startswith("stated 150 trucks but 100 itemised")  # the 30 leaving are not counted
    assert _check(s, "batches")["message"] == "three batches stated, two dated"
    assert (_check(s, "joint_operations")["stated"], _check(s, "joint_operations")["itemised"]) == (4, 1)
    assert (_check(s, "arrested")["stated"], _check(s, "arrested")["itemised"]) == (7, 5)
    assert "killed" not in {c["kind"] for c in s["checks"]}  # that stated total is still pending

    assert s["documents"][0]["stated"] == {"trucks": 150, "batches": 3, "batch_dates": None,
                                           "joint_operations": 4, "arrested": 7, "killed": None}


def test_pending_candidates_make_it_unverified_and_are_listed_until_decided(sample):
    store, ids = sample
    s = summarise(store, "fixture-coalition-120")
    assert s["verified"] is False
    assert (s["pending"]["events"], s["pending"]["facts"]) == (1, 1)
    assert {(p["object"], p["type"]) for p in s["pending"]["items"]} == {("event", "rocket_attack"),
                                                                       ("fact", "killed")}
    assert "unverified" in s["headline"]["text"]
    for p in s["pending"]["items"]:
        (store.accept_event if p["object"] == "event" else store.accept_fact)(p["id"], reviewer="ana")
    after = summarise(store, "fixture-coalition-120")
    assert after["verified"] is True and after["pending"]["items"] == []
    assert "rocket_attack" in {r["type"] for r in after["timeline"]}
    assert _check(after, "killed")["itemised"] == 0 and _check(after, "killed")["status"] == "not_itemised"


def test_rejected_candidates_never_count(sample):
    store, ids = sample
    s = summarise(store, "fixture-coalition-120")
    assert "airstrike" not in {r["type"] for r in s["totals"]["by_type"]}
    rejected = store.events(ids["r120"], status="rejected")
    assert rejected and not {e.id for e in rejected} & {r["event_id"] for r in s["timeline"]}


def test_totals_by_type_and_direction(sample):
    store, _ = sample
    s = summarise(store, "fixture-coalition-120")
    by_type = {r["type"]: r for r in s["totals"]["by_type"]}
    # Trucks count entering convoys only (the 30 trucks of the leaving convoy are in the direction table).
    assert (by_type["convoy"]["events"], by_type["convoy"]["trucks"]) == (3, 100)
    assert s["totals"]["all"]["trucks"] == 100
    assert by_type["security_operation"]["arrested"] == 5
    assert by_type["drone_strike"]["killed"] == 2
    assert s["totals"]["all"]["events"] == 5
    directions = s["totals"]["convoys_by_direction"]
    assert {d: (v["events"], v["trucks"]) for d, v in directions.items()} == {"entering": (2, 100),
                                                                             "leaving": (1, 30)}
    assert s["strikes_by_actor"] == [{"actor": "International Coalition", "events": 1,
                                      "by_type": {"drone_strike": 1}, "killed": 2, "injured": 0,
                                      "refs": s["strikes_by_actor"][0]["refs"]}]


def test_every_figure_points_at_its_sentence(sample):
    store, _ = sample
    s = summarise(store, "fixture-coalition-120")
    texts = {}
    cited = {r for row in s["totals"]["by_type"] for r in row["refs"]}
    cited |= {r for c in s["checks"] for r in c["refs"]} | {r for x in s["headline"]["sentences"] for r in x["refs"]}
    assert cited and cited <= set(s["sources"])
    for label, src in s["sources"].items():
        text = texts.setdefault(src["document_id"], store.document_text(src["document_id"]))
        obj = store.event(src["id"]) if src["object"] == "event" else store.fact(src["id"])
        assert text[src["start"]:src["end"]] == obj.evidence
        assert src["uri"] == f"annotator://document/{src['document_id']}?start={src['start']}&end={src['end']}"
        # The published reference: the report's identity and the whole sentence at those offsets.
        doc = store.document(src["document_id"])
        assert src["cite"]["content_hash"] == f"sha256:{doc.content_hash}"
        assert src["cite"]["title"] == doc.title
        assert src["cite"]["sentence"] == " ".join(text[src["start"]:src["end"]].split())
    for row in s["timeline"]:
        assert s["sources"][row["ref"]]["id"] == row["event_id"]


def test_headline_speaks_the_reports_register(sample):
    store, _ = sample
    text = summarise(store, "fixture-coalition-120")["headline"]["text"]
    assert "150 trucks (100 itemised) into Syria in three batches, on August 25 and September 2" in text
    assert "four joint security operations, arresting seven" in text
    assert "International Coalition: one drone strike, killing two" in text


def test_calendar_month_spans_reports_and_keeps_each_reports_checks(sample):
    store, ids = sample
    s = summarise(store, "2024-09")
    assert s["period"]["kind"] == "month"
    assert {d["id"] for d in s["documents"]} == {ids["r120"], ids["r121"]}
    assert all(r["date"].startswith("2024-09") for r in s["timeline"])
    assert "airstrike" in {r["type"] for r in s["timeline"]}  # from report 121
    assert s["left_out"] == {"outside_period": 1, "undated": 1}  # the August convoy; the undated patrol
    # The check still covers report 120's whole window, August convoy included.
    assert _check(s, "trucks")["itemised"] == 100
    outside = [label for label in _check(s, "trucks")["refs"] if label not in {r["ref"] for r in s["timeline"]}]
    assert len(outside) == 2 and all(s["sources"][label]["document_id"] == ids["r120"] for label in outside)


def test_undated_events_are_left_out_and_listed_as_needing_a_date(sample):
    store, _ = sample
    s = summarise(store, "fixture-coalition-121")
    assert {r["type"]: r["date"] for r in s["timeline"]} == {"airstrike": "2024-09-25"}
    assert [(p["type"], p["date"]) for p in s["needs_date"]] == [("patrol", None)]
    assert s["totals"]["all"]["events"] == 1 and "patrol" not in {r["type"] for r in s["totals"]["by_type"]}
    # Nothing pending, but an accepted event cannot be placed: the report's summary is not verified.
    assert s["pending"]["items"] == [] and s["verified"] is False
    assert "without a date" in s["headline"]["text"]
    for fmt in ("md", "html"):
        page = render(s, fmt).decode("utf-8")
        assert "need a date (1)" in page and "without a date" in page
    assert s["checks"] == []


@pytest.mark.parametrize("query, kind, key", [
    ("120th month", "window", "fixture-coalition-120"),
    ("121st month of Coalition operations", "window", "fixture-coalition-121"),
    ("coalition 120th month", "window", "fixture-coalition-120"),
    ("fixture-coalition-121", "document", "fixture-coalition-121"),
])
def test_period_names_resolve(sample, query, kind, key):
    store, _ = sample
    spec = resolve_period(store, query)
    assert spec.kind == kind
    assert [store.document(i).key for i in spec.document_ids] == [key]


def test_month_and_range_periods(sample):
    store, _ = sample
    month = resolve_period(store, "2024-02")
    assert (month.start, month.end, month.document_ids) == ("2024-02-01", "2024-02-29", None)
    rng = resolve_period(store, "2024-09-10..2024-09-01")
    assert (rng.kind, rng.start, rng.end) == ("range", "2024-09-01", "2024-09-10")


@pytest.mark.parametrize("query", ["999th month", "2024-13", "no-such-report", "", "120th month isis"])
def test_unknown_periods_are_refused_with_a_reason(sample, query):
    store, _ = sample
    with pytest.raises(PeriodError):
        resolve_period(store, query)


def _doc(doc_id=1):
    return StoredDocument(id=doc_id, key="k", title="t", text="", source="s", source_kind="txt", content_hash="h",
                          published=None, published_source=None, series=None, month_number=None,
                          period_start="2024-01-01", period_end="2024-01-31", words=0, meta={},
                          imported_at="", extracted_at=None, pipeline_version=None)


def _convoy(i, direction, trucks, date="2024-01-05"):
    return Event(type="convoy", start=i, end=i + 1, evidence="x", date=date, direction=direction,
                 counts={"trucks": Count(trucks)} if trucks is not None else {}, status="accepted", id=i,
                 document_id=1)


def test_truck_check_counts_entering_convoys_only_without_a_database():
    events = [_convoy(1, "entering", 20), _convoy(2, "entering", None), _convoy(3, "leaving", 100),
              _convoy(4, "internal", 50), _convoy(5, None, 7)]
    facts = [Fact(kind="trucks", value=250, start=0, end=1, evidence="x", status="accepted", id=1, document_id=1),
             Fact(kind="batch_dates", value=["2024-01-05", "2024-01-09"], start=0, end=1, evidence="x",
                  status="accepted", id=2, document_id=1)]
    spec = PeriodSpec("k", "document", "t", "2024-01-01", "2024-01-31", [1])
    s = build_summary(SummaryInput(spec, [_doc()], events, facts))
    trucks = _check(s, "trucks")
    assert (trucks["stated"], trucks["itemised"]) == (250, 20)
    assert "one entering convoy without a truck count" in trucks["message"]
    assert "one convoy without a direction not counted" in trucks["message"]
    dates = _check(s, "batch_dates")
    assert dates["itemised"] == ["2024-01-05"] and "January 9" in dates["message"] and dates["flagged"]


def test_json_is_the_summary_and_its_keys_are_documented(sample):
    from pathlib import Path

    store, _ = sample
    s = summarise(store, "fixture-coalition-120", generated_at="2024-10-01T00:00:00+00:00")
    assert json.loads(render(s, "json")) == s
    doc = (Path(__file__).resolve().parents[2] / "docs" / "summary-json.md").read_text(encoding="utf-8")
    for key in s:
        assert f"`{key}`" in doc, f"top-level key {key!r} is not documented in docs/summary-json.md"
    for section in ("timeline", "checks", "stated"):
        for key in s[section][0]:
            assert f"`{key}`" in doc, f"{section}[].{key} is not documented"
