"""The datelines component alone, and the events that must not take a dateline's date or place.
Texts are our own, fictional."""
import pytest
import spacy

import annotator.nlp.datelines  # noqa: F401  (registers the factory)


@pytest.fixture(scope="module")
def dl_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("annotator_datelines")
    return nlp


def marked(nlp, text, published=None):
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    dl = doc._.dateline
    if dl is None:
        return None, doc
    return [(doc[s:e].text, kind) for (s, e), kind in zip(dl.ranges, dl.kinds)], doc


@pytest.mark.parametrize("text, opening, place", [
    ("BEIRUT, March 3 (Reuters) - Gunmen killed four soldiers.", "BEIRUT, March 3 (Reuters) -", "BEIRUT"),
    ("QAMISHLI, Syria — A car bomb went off in the market.", "QAMISHLI, Syria —", "QAMISHLI"),
    ("Deir Ezzor, Syria — A car bomb went off in the market.", "Deir Ezzor, Syria —", "Deir Ezzor"),
    ("Raqqa (SANA) - Shells fell on a school.", "Raqqa (SANA) -", "Raqqa"),
    ("MANBIJ — Two fighters were killed.", "MANBIJ —", "MANBIJ"),
])
def test_the_opening_of_an_item_is_its_dateline(dl_nlp, text, opening, place):
    ranges, doc = marked(dl_nlp, text)
    assert ranges == [(opening, "dateline")]
    assert doc._.dateline.place == place


@pytest.mark.parametrize("text", [
    "Movement of forces: On 9 March 2024, regime forces brought reinforcements.",
    "Regime forces - shelled the town on 9 March 2024.",
    "ISIS — the group claimed the attack.",  # an acronym before a dash is no place
    "Coalition forces, SDF — a joint raid took place.",  # a region needs a long dash and capitals or a date
    "On 9 March 2024, unidentified warplanes struck near Al-Bukamal.",
])
def test_sentences_that_only_look_like_datelines(dl_nlp, text):
    assert marked(dl_nlp, text)[0] is None


def test_date_line_and_byline_after_a_headline(dl_nlp):
    text = ("Drone hits car in north-west Syria\nPublished: Sunday 3 March 2024, 10:32 GMT\n"
            "By Jane Doe and Omar Haddad\n\nIDLIB (AFP) -- A drone struck a car on Saturday.")
    ranges, doc = marked(dl_nlp, text)
    assert ranges == [("Published: Sunday 3 March 2024, 10:32 GMT", "date_line"),
                      ("By Jane Doe and Omar Haddad", "byline"), ("IDLIB (AFP) --", "dateline")]
    # the item's date becomes its publication date when the caller gave none
    assert doc._.dateline.date == doc._.published == "2024-03-03"


def test_a_given_publication_date_is_kept(dl_nlp):
    _, doc = marked(dl_nlp, "ALEPPO, Syria, March 3, 2024 — Shelling hit the city.", published="2024-03-04")
    assert doc._.dateline.date == "2024-03-03" and doc._.published == "2024-03-04"


def test_a_yearless_dateline_sets_no_date(dl_nlp):
    _, doc = marked(dl_nlp, "BEIRUT, March 3 (Reuters) - Gunmen killed four soldiers.")
    assert doc._.dateline.date is None and doc._.published is None


def test_an_update_line_is_metadata(dl_nlp):
    ranges, _ = marked(dl_nlp, "Monthly report | a headline\n\nLast Update: 2024-03-31 00:00:00 - Source: X\n\nBody.")
    assert ranges == [("Last Update: 2024-03-31 00:00:00 - Source: X", "date_line")]


def test_only_the_top_of_the_text_is_read(dl_nlp):
    text = "A long first paragraph without any dateline. " * 40 + "\nHOMS, Syria — Shelling resumed."
    assert marked(dl_nlp, text)[0] is None


# -- through the whole pipeline --------------------------------------------------------------------------------
def test_the_weekday_counts_back_from_publication_and_the_place_is_the_sentences(run):
    ex = run("BEIRUT, March 3 (Reuters) - Gunmen killed four soldiers on Tuesday near Deraa.",
             period=None, published="2024-03-03")
    assert [(e.date, e.location) for e in ex.events] == [("2024-02-27", "Deraa")]


def test_the_date_line_dates_the_weekday_not_the_event(run):
    text = ("Drone hits car in north-west Syria\nPublished: Sunday 3 March 2024, 10:32 GMT\nBy Jane Doe\n\n"
            "IDLIB (AFP) -- A Turkish drone struck a car on Saturday in Sarmada, killing two fighters.")
    ex = run(text, period=None)
    assert [(e.type, e.date, e.location) for e in ex.events] == [("drone_strike", "2024-03-02", "Sarmada")]


def test_a_dateline_never_gives_an_event_its_date_or_place(run):
    # without the dateline marked, the written day (March 3) and HASAKAH would win over "on Friday"
    ex = run("HASAKAH, Syria, March 3, 2024 — A car bomb exploded on Friday in a crowded market, killing five.",
             period=None)
    assert [(e.date, e.location) for e in ex.events] == [("2024-03-01", None)]


def test_configured_from_a_resources_file(tmp_path):
    import json

    from annotator.nlp.config import load_json

    cfg = load_json("", "dates.json")
    cfg = {**cfg, "datelines": {**cfg["datelines"], "search_chars": 10}}
    path = tmp_path / "dates.json"
    path.write_text(json.dumps(cfg), encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("annotator_datelines", config={"config_path": str(path)})
    # the dateline starts past the first ten characters: not read
    assert nlp("Headline\n\nBEIRUT (AP) — Shelling resumed.")._.dateline is None
    default = spacy.blank("en")
    default.add_pipe("annotator_datelines")
    assert default("Headline\n\nBEIRUT (AP) — Shelling resumed.")._.dateline.place == "BEIRUT"


def test_an_imported_item_takes_its_publication_date_from_its_date_line():
    from annotator.ingest.metadata import read_text_document

    text = ("Shelling resumes in the east\nPublished: Saturday 30 March 2024, 09:15 GMT\n\n"
            "HOMS, Syria (AFP) — Shelling hit the outskirts of the city in March 2024, residents said.")
    d = read_text_document(text, source="x.txt", key="x")
    # the date line is exact to the day; "March 2024" in the body would have given the 31st
    assert (d.published, d.published_source) == ("2024-03-30", "dateline")


@pytest.mark.parametrize("line, iso", [
    ("Mon 4 Mar 2024 14.32 GMT", "2024-03-04"),
    ("March 4, 2024 at 2:32 p.m. EST", "2024-03-04"),
    ("Updated 11:45 AM ET, Mon March 4, 2024", "2024-03-04"),
    ("2024-03-04T10:00:00Z", "2024-03-04"),
    ("Wednesday 6 March 2024 / 10:32", "2024-03-06"),
])
def test_date_line_formats(dl_nlp, line, iso):
    ranges, doc = marked(dl_nlp, f"A headline\n{line}\n\nThe body of the item follows here.")
    assert ranges == [(line, "date_line")] and doc._.dateline.date == iso


@pytest.mark.parametrize("line, is_byline", [
    ("By Jane Doe | March 4, 2024", True),
    ("By Jane Doe, Reuters", True),
    ("By JANE DOE", True),
    ("By Monday, the SDF had arrested five men.", False),
    ("By March 5, Coalition forces had left.", False),
    ("By Jane Doe, the SDF had arrested five men.", False),
])
def test_bylines_and_sentences_that_open_with_by(dl_nlp, line, is_byline):
    ranges, _ = marked(dl_nlp, f"{line}\n\nThe body of the item follows here.")
    assert (ranges == [(line, "byline")]) is is_byline


def test_a_markdown_date_line(dl_nlp):
    ranges, doc = marked(dl_nlp, "# A report\n\n*Last Update: 2024-03-31*\n\nThe body of the report follows here.")
    assert ranges == [("Last Update: 2024-03-31", "date_line")] and doc._.dateline.date == "2024-03-31"
