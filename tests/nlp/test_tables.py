"""tables.py alone: the cells of a row under a header line, by the role its header word gives the column."""
import spacy

from annotator.nlp.config import load_json
from annotator.nlp.tables import TableColumns

COLUMNS = TableColumns(load_json("", "events.json")["tables"])
NLP = spacy.blank("en")


def _cells(text: str, word: str) -> dict[str, str]:
    doc = NLP(text)
    token = next(t.i for t in doc if t.text == word)
    got = COLUMNS.cells(doc, token)
    return None if got is None else {role: doc[a:b].text.strip() for role, (a, b) in got.items()}


def test_a_tabbed_row_under_its_header():
    text = "Date\tArea\tLocation\tPerpetrator\tDetails\tKilled\tInjured\n04/05\tRaqqa\tHazima\tGunmen\tShot a man\t1\t0\n"
    assert _cells(text, "Shot") == {"place": "Hazima", "actor": "Gunmen", "killed": "1", "injured": "0"}


def test_a_piped_row_under_a_markdown_header_and_its_rule_line():
    text = ("| Date | Village | Event | Wounded |\n|---|---|---|---|\n"
            "| 03/04 | Al-Jurdi | IED under a truck | 2 |\n")
    assert _cells(text, "IED") == {"place": "Al-Jurdi", "injured": "2"}


def test_no_header_no_cells():
    assert _cells("03/04 | Al-Jurdi | IED under a truck | 2\n", "IED") is None
    assert _cells("An IED went off under a truck in Al-Jurdi.\n", "IED") is None


def test_a_count_cell_reads_its_first_number():
    doc = NLP("3 (incl. a child)")
    assert COLUMNS.number(doc, (0, len(doc))) == 3
    doc = NLP("n/a")
    assert COLUMNS.number(doc, (0, len(doc))) is None
