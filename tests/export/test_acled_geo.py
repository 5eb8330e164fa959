"""ACLED CSV and GeoJSON read back as their consumers would: ACLED's columns and interaction labels, actor names,
and every point inside the country its row names (countryinfo outlines checked with shapely)."""
import csv
import json

import pytest

from annotator.domain import Count, Event
from annotator.export.acled_csv import write_acled_csv
from annotator.export.geojson import write_geojson
from annotator.export.selection import ExportDocument
from annotator.store.rows import StoredDocument

# ACLED's actor categories and its interaction labels, written out from the codebook (not from our module):
# pairs in code order, or "<category> only" for an event with one actor.
CATEGORIES = ["State forces", "Rebel group", "Political militia", "Identity militia", "Rioters", "Protesters",
              "Civilians", "External/Other forces"]
ACLED_INTERACTIONS = {f"{c} only" for c in CATEGORIES} | {
    f"{a}-{b}" for i, a in enumerate(CATEGORIES) for b in CATEGORIES[i:]}
SOURCE_SCALES = {"Local", "Subnational", "National", "Regional", "International", "New media", "Other",
                 "National-International", "Local partner-Other", "Local partner-New media", ""}

TEXT = (
    "Summary of the 130th month.\n"
    "- **March 2**: a convoy of 30 trucks entered Syria from the Kurdistan Region of Iraq through the Al-Waleed "
    "crossing.\n"
    "March 5: another convoy of 20 trucks entered Syria from the Kurdistan Region of Iraq.\n"
    "March 8: Coalition Forces and the SDF carried out a raid in Al-Busayrah, arresting two ISIS members.\n"
    "March 9: a drone strike hit a vehicle near Al-Qaim in Iraq.\n"
    "Iranian-backed militias fired rockets at the US base in Al-Omar oil field.\n"
)


def _doc(series="sohr-coalition", meta=None):
    return StoredDocument(id=7, key="fiction-130", title="130th month: a [headline](x) here", text=TEXT,
                          source="fiction-130.txt", source_kind="txt", content_hash="h", published="2025-03-23",
                          published_source=None, series=series, month_number=130, period_start="2025-02-23",
                          period_end="2025-03-22", words=0, meta=meta or {}, imported_at="", extracted_at=None,
                          pipeline_version=None)


def _ev(i, type_, phrase, **kw):
    start = TEXT.index(phrase)
    return Event(type=type_, start=start, end=start + len(phrase), evidence=phrase, status="accepted", id=i,
                 document_id=7, **kw)


KRI = dict(location="Kurdistan Region of Iraq", location_name="Kurdistan Region of Iraq", admin1="Kurdistan Region",
           lat=36.4, lon=44.0, location_precision="region")


def _events():
    return [
        _ev(1, "convoy", TEXT.splitlines()[1], date="2025-03-02", date_precision="day", direction="entering",
            actors=["International Coalition"], actors_canonical=["International Coalition"],
            counts={"trucks": Count(30)}, **KRI),
        _ev(2, "convoy", TEXT.splitlines()[2], date="2025-03-05", date_precision="day", direction="entering",
            actors=["Coalition Forces"], counts={"trucks": Count(20)}, **KRI),
        _ev(3, "security_operation", TEXT.splitlines()[3], date="2025-03-08", date_precision="day",
            actors=["Coalition Forces", "SDF"], actors_canonical=["International Coalition Forces", "SDF"],
            targets=["two ISIS members"], counts={"arrested": Count(2)}, location="Al-Busayrah",
            location_name="Al-Busayrah", admin1="Deir ez-Zor", lat=35.1572, lon=40.4285, location_precision="town"),
        _ev(4, "drone_strike", TEXT.splitlines()[4], date="2025-03-09", date_precision="day", location="Al-Qaim",
            location_name="Al-Qaim", lat=34.3833, lon=41.0833, location_precision="town", targets=["a vehicle"]),
        _ev(5, "rocket_attack", TEXT.splitlines()[5], actors=["Iranian-backed militias"],
            targets=["the US base"], location="Al-Omar oil field", location_name="Al-Omar oil field",
            admin1="Deir ez-Zor", lat=35.05, lon=40.5, location_precision="oil_field"),  # undated
    ]


def _rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {int(r["event_id"]): r for r in csv.DictReader(fh)}


def _outline(country):
    from countryinfo import CountryInfo
    from shapely.geometry import shape

    return shape(CountryInfo(country).geo_json()["features"][0]["geometry"])


def _assert_points_in_their_country(points):
    """(country, lon, lat) triples: each inside its country's outline, within the exporter's stated tolerance."""
    from annotator.export.geo import OUTLINE_TOLERANCE
    from shapely.geometry import Point

    for country, lon, lat in points:
        assert _outline(country).buffer(OUTLINE_TOLERANCE).contains(Point(lon, lat)), (country, lon, lat)


def test_acled_values_follow_the_codebook(tmp_path):
    out = tmp_path / "a.csv"
    result = write_acled_csv([ExportDocument(_doc(), _events(), [])], out)
    rows = _rows(out)
    assert all(r["interaction"] in ACLED_INTERACTIONS for r in rows.values() if r["interaction"])
    assert all(r["source_scale"] in SOURCE_SCALES for r in rows.values())
    # One canonical ACLED actor, whatever the spelling in the text.
    assert rows[1]["actor1"] == rows[2]["actor1"] == rows[3]["actor1"] == "Global Coalition Against Daesh"
    assert (rows[1]["inter1"], rows[1]["interaction"], rows[1]["interaction_code"]) == \
        ("External/Other forces", "External/Other forces only", "80")
    # SDF as associate of the coalition; ISIS members as actor2: the pair in ACLED's code order (2 before 8).
    assert rows[3]["assoc_actor_1"] == "SDF: Syrian Democratic Forces"
    assert rows[3]["actor2"] == "Islamic State (Syria)"
    assert rows[3]["interaction"] == "Rebel group-External/Other forces"
    # A base names the forces in it (ACLED codes them as actor2); "a vehicle" names no actor.
    assert rows[5]["actor2"] == "Military Forces of the United States (2021-)"
    assert rows[5]["interaction"] == "Political militia-External/Other forces"
    assert rows[4]["actor1"] == rows[4]["actor2"] == "" and rows[4]["interaction"] == ""
    # Source is the organisation, never the headline; notes without markdown.
    assert {r["source"] for r in rows.values()} == {"SOHR"} and rows[1]["source_scale"] == "National"
    assert rows[1]["notes"].startswith("March 2: a convoy") and "**" not in rows[1]["notes"]
    # Undated: no date, no year, still exported.
    assert (rows[5]["event_date"], rows[5]["year"], rows[5]["time_precision"]) == ("", "", "")
    assert result.events == 5


def test_no_point_outside_the_country_its_row_names(tmp_path):
    out = tmp_path / "a.csv"
    result = write_acled_csv([ExportDocument(_doc(), _events(), [])], out)
    rows = _rows(out)
    # The convoy from the Kurdistan Region that names its crossing is coded at the crossing, in Syria.
    assert (rows[1]["country"], rows[1]["location"], rows[1]["iso"]) == ("Syria", "Al-Waleed", "760")
    assert rows[1]["admin1"] != "Kurdistan Region"
    # The one that names none keeps Syria and no coordinates, and the export says so.
    assert (rows[2]["country"], rows[2]["latitude"], rows[2]["longitude"], rows[2]["location"]) == \
        ("Syria", "", "", "")
    assert any("event 2" in line and "coordinates left empty" in line for line in result.skipped)
    # A strike in Iraq is coded as Iraq, not as Syria.
    assert (rows[4]["country"], rows[4]["iso"], rows[4]["event_id_cnty"]) == ("Iraq", "368", "IRQ4")
    _assert_points_in_their_country([(r["country"], float(r["longitude"]), float(r["latitude"]))
                                     for r in rows.values() if r["latitude"]])


def test_geojson_is_valid_and_every_point_lies_in_its_country(tmp_path):
    import geojson

    out = tmp_path / "a.geojson"
    result = write_geojson([ExportDocument(_doc(), _events(), [])], out)
    data = geojson.loads(out.read_text(encoding="utf-8"))
    assert data.is_valid, data.errors()
    ids = {f["properties"]["event_id"] for f in data["features"]}
    assert ids == {1, 3, 4, 5}  # event 2 has no place inside Syria to stand on
    assert any("event 2" in line for line in result.skipped)
    _assert_points_in_their_country([(f["properties"]["country"], *f["geometry"]["coordinates"])
                                     for f in data["features"]])


def test_outside_point_is_dropped_even_without_a_gazetteer_place(tmp_path):
    ev = _ev(9, "patrol", TEXT.splitlines()[3], date="2025-03-08", location="somewhere", lat=36.19, lon=44.01)
    out = tmp_path / "a.csv"
    write_acled_csv([ExportDocument(_doc(), [ev], [])], out)
    row = _rows(out)[9]
    assert row["country"] == "Iraq" and row["latitude"] == "36.19"  # coded with the country that holds it


@pytest.mark.corpus
def test_corpus_export_never_codes_a_point_outside_its_country(corpus_dir, tmp_path):
    from annotator.export import run_export
    from annotator.store import Store
    from helpers.gold_review import review_corpus

    store = Store(tmp_path / "c.db")
    review_corpus(store, corpus_dir)
    run_export(store, "acled-csv", tmp_path / "c.csv")
    run_export(store, "geojson", tmp_path / "c.geojson")
    store.close()
    rows = list(_rows(tmp_path / "c.csv").values())
    assert len(rows) == 50
    assert all(r["interaction"] in ACLED_INTERACTIONS for r in rows if r["interaction"])
    assert sum(1 for r in rows if r["interaction"]) >= 45
    assert all(r["source"] and r["source"] not in r["document_title"] for r in rows)
    assert not any(r["admin1"] == "Kurdistan Region" and r["country"] == "Syria" for r in rows)
    _assert_points_in_their_country([(r["country"], float(r["longitude"]), float(r["latitude"]))
                                     for r in rows if r["latitude"]])
    features = json.loads((tmp_path / "c.geojson").read_text(encoding="utf-8"))["features"]
    _assert_points_in_their_country([(f["properties"]["country"], *f["geometry"]["coordinates"])
                                     for f in features])
