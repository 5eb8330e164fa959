"""The JSON shape of `annotator extract` (DESIGN.md)."""
from annotator.domain import Period
from annotator.nlp.jsonout import document_json

EVENT_KEYS = {"type", "date", "location", "actors", "targets", "killed", "injured", "arrested", "trucks",
              "start", "end", "evidence", "confidence", "source"}


def test_document_shape(run):
    text = ("Coalition operations this month: 60 trucks crossed into Syria in two batches on the 4th and "
            "20th of March.\n\nOn March 9, a Turkish drone struck a car near Qamishli, killing two fighters.")
    period = Period("2024-03-01", "2024-03-31")
    doc = document_json("r1", "A report", "2024-04-01", period, run(text))
    assert set(doc) >= {"id", "title", "published", "period", "facts", "events"}
    assert doc["period"] == {"start": "2024-03-01", "end": "2024-03-31"}
    assert set(doc["facts"]) == {"trucks", "batches", "batch_dates", "joint_operations", "arrested", "killed"}
    assert doc["facts"]["joint_operations"] is None and doc["facts"]["trucks"] == 60
    for e in doc["events"]:
        assert EVENT_KEYS <= set(e)
        assert text[e["start"]:e["end"]] == e["evidence"]
        assert e["source"] == "rules"
        assert ("direction" in e) == (e["type"] == "convoy")
    drone = next(e for e in doc["events"] if e["type"] == "drone_strike")
    assert drone["killed"] == 2 and drone["date"] == "2024-03-09" and drone["location"] == "Qamishli"


def test_no_period(run):
    doc = document_json("x", "t", None, None, run("Nothing to report.", period=None))
    assert doc["period"] is None and doc["events"] == [] and all(v is None for v in doc["facts"].values())


def test_an_undated_event_is_flagged_no_date(run):
    text = ("US warplanes pounded the village of Tell Amer, killing 6 civilians.\n\n"
            "On March 9, a Turkish drone struck a car near Qamishli.")
    doc = document_json("u", "t", "2024-03-31", Period("2024-03-01", "2024-03-31"), run(text))
    by_type = {e["type"]: e for e in doc["events"]}
    assert by_type["airstrike"]["date"] is None and by_type["airstrike"]["flags"] == ["no_date"]
    assert by_type["airstrike"]["killed"] == 6
    assert by_type["drone_strike"]["date"] == "2024-03-09" and by_type["drone_strike"]["flags"] == []
