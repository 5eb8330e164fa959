"""The spaCy export's examples come from each report's one tokenisation (spacy_docbin._report_rows), not from a Doc
per piece: checked against the plain path (make_docs, then spaCy's own DocBin) byte for byte, on awkward texts, and
the cut rule it rests on (each piece tokenises alone into the report's tokens) on every token start of random
texts built from the tokenizer's own special cases."""
from __future__ import annotations

import random
import re

import pytest
from spacy.tokens import DocBin

from annotator.domain import Argument, Event
from annotator.export import spacy_docbin as sd
from annotator.export.docbin_stream import DocBinWriter
from annotator.export.selection import ExportDocument
from annotator.store.rows import StoredDocument

PIECES = ["a", "Raid", ".", "!", "?", " ", " ", " ", "  ", "\n", "\n\n", " \n", '"', ")", "(", "x.", "U.S.", "…",
          "\u0964", "--", ",", "'s", "12", "3.5", "\t", "\u00a0", "km", ":", ";", "Al-Omar", "o", "O", "D.", "Ph",
          "'", "\u2019", ":)", "<", ">", "_", "=", "^", "\r\n", "\u2028", "\x1c", " \u00a0 ", "\u3000"]


def _texts(n: int, seed: int) -> list[str]:
    nlp = sd.blank_nlp()
    specials = sorted(s for s in nlp.tokenizer.rules if not any(c.isspace() for c in s))
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        pool = PIECES + [rng.choice(specials) for _ in range(10)]
        out.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 60))))
    return out


def test_a_clean_cut_splits_the_text_into_the_same_tokens():
    nlp = sd.blank_nlp()
    crossings = sd._crossings(nlp.tokenizer)
    assert crossings  # English has special cases the matcher finds across a space (":-)" as ": -)")
    checked = 0
    for text in _texts(600, seed=11):
        doc = nlp.make_doc(text)
        whole = [(t.idx, t.text, t.whitespace_) for t in doc]
        for t in doc:
            if sd._clean_cut(text, t.idx, crossings):
                left = [(u.idx, u.text, u.whitespace_) for u in nlp.make_doc(text[:t.idx])]
                right = [(u.idx + t.idx, u.text, u.whitespace_) for u in nlp.make_doc(text[t.idx:])]
                assert left + right == whole, (text, t.idx)
                checked += 1
    assert checked > 2000


def test_without_the_crossing_rule_some_cuts_would_differ():
    """The special-case rule is needed: with it left out, some cuts between runs tokenise differently."""
    nlp = sd.blank_nlp()
    differ = 0
    for text in _texts(1500, seed=2):
        doc = nlp.make_doc(text)
        whole = [(t.idx, t.text) for t in doc]
        for t in doc:
            if sd._clean_cut(text, t.idx, {}):
                left = [(u.idx, u.text) for u in nlp.make_doc(text[:t.idx])]
                right = [(u.idx + t.idx, u.text) for u in nlp.make_doc(text[t.idx:])]
                differ += left + right != whole
    assert differ > 0


def _export_doc(text: str, i: int) -> ExportDocument:
    """Events over sentences and words: one across a line break, some sharing a trigger, one out of the text's
    range, arguments inside and outside their event's piece."""
    words = [m.span() for m in re.finditer(r"\S+", text)]
    events = []
    for k, (a, b) in enumerate(words[::2]):
        end = words[min(len(words) - 1, 2 * k + 3)][1]
        other = words[(3 * k + 5) % len(words)]
        events.append(Event(type=("convoy", "airstrike", "arrest")[k % 3], start=a, end=end, evidence=text[a:end],
                            status="accepted", id=1000 * i + k, document_id=i, date=f"2022-09-{k % 28 + 1:02d}",
                            arguments=[Argument("actor", a, b, text[a:b], "SDF"),
                                       Argument("location", *other, text[slice(*other)], "X"),
                                       Argument("date", a, b, text[a:b], f"2022-09-{k % 28 + 1:02d}")]))
    if words:
        a, b = words[-1]
        events.append(Event(type="patrol", start=b - 1, end=b + 5, evidence="", status="accepted",
                            id=1000 * i + 998, document_id=i))
        events.append(Event(type="patrol", start=a, end=a, evidence="", status="pending", id=1000 * i + 999,
                            document_id=i))
    doc = StoredDocument(id=i, key=f"report-{i}", title=f"Report {i}", text=text, source="generated",
                         source_kind="txt", content_hash=str(i), published="2022-09-30", published_source=None,
                         series=None, month_number=None, period_start="2022-08-23", period_end="2022-09-22",
                         words=len(words), meta={}, imported_at="2022-10-01", extracted_at=None,
                         pipeline_version=None)
    return ExportDocument(doc, events, [])


SENTENCES = [
    "Forces raided Al-Busayrah on the 3rd.\n\nSix people were arrested. \n A convoy of 40 trucks crossed.",
    'The patrol entered Tall Hamis. "It was quiet," a resident said. (Nobody was hurt.) Then: more...',
    "U.S. forces and the S.D.F. met at 10 a.m. on Oct. 4. A drone struck a car near Al-Shaddadi!!! Why?",
    "  Leading spaces. Then a sentence!  Two spaces before this one?\tTab.\u3002Next\u0964 danda \u0964 end",
    "He left.' Cause unknown. She said.:-) Then o.O went. Ph. D. came. Trailing sentence without a stop",
    "One raid. \n",
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fast_examples_are_the_docbins_bytes(tmp_path, seed):
    nlp = sd.blank_nlp()
    rng = random.Random(seed)
    texts = SENTENCES + [" ".join(rng.choice(SENTENCES + _texts(30, seed)) for _ in range(3)) for _ in range(40)]
    fast = 0
    for i, text in enumerate(texts, 1):
        ed = _export_doc(text, i)
        expected_notes: list[str] = []
        expected = DocBin(attrs=["ORTH"], store_user_data=True, docs=sd.make_docs(nlp, ed, expected_notes)).to_bytes()
        writer = DocBinWriter(tmp_path / f"{i}.spacy", attrs=["ORTH"], store_user_data=True)
        notes: list[str] = []
        try:
            events, longest = sd._report_rows(ed, writer, notes)
        except sd._PlainPath:
            writer.discard()
            continue
        fast += 1
        writer.close()
        assert (tmp_path / f"{i}.spacy").read_bytes() == expected, text
        assert notes == expected_notes
        docs = list(DocBin().from_bytes(expected).get_docs(nlp.vocab))
        assert events == sum(len(d.spans["events"]) for d in docs)
        assert longest == max([0] + [len(s) for d in docs for s in d.spans["events"]])
    assert fast >= len(texts) // 2  # most reports take the fast path


def test_add_report_falls_back_to_docs_where_a_cut_is_not_clean(tmp_path):
    nlp = sd.blank_nlp()
    text = 'It ended."Next one started.\u201dAnd another. Fine.'  # sentences that start right after a quote
    ed = _export_doc(text, 7)
    ed.events = ed.events[-2:]  # no event joins the sentences into one piece
    with pytest.raises(sd._PlainPath):
        sd._report_rows(ed, DocBinWriter(tmp_path / "x.spacy", attrs=["ORTH"], store_user_data=True), [])
    writer = DocBinWriter(tmp_path / "y.spacy", attrs=["ORTH"], store_user_data=True)
    sd.add_report(writer, ed, [])
    writer.close()
    expected = DocBin(attrs=["ORTH"], store_user_data=True, docs=sd.make_docs(nlp, ed)).to_bytes()
    assert (tmp_path / "y.spacy").read_bytes() == expected


def test_writer_blocks_give_one_writers_bytes(tmp_path):
    """Examples added to in-memory writers block by block, then taken by add_part: one writer's file."""
    nlp = sd.blank_nlp()
    eds = [_export_doc(t, i) for i, t in enumerate(SENTENCES * 3, 1)]
    whole = DocBinWriter(tmp_path / "whole.spacy", attrs=["ORTH"], store_user_data=True)
    joined = DocBinWriter(tmp_path / "joined.spacy", attrs=["ORTH"], store_user_data=True)
    for start in range(0, len(eds), 4):
        block = DocBinWriter(None, attrs=["ORTH"], store_user_data=True)
        for ed in eds[start:start + 4]:
            sd.add_report(whole, ed, [])
            sd.add_report(block, ed, [])
        part = tmp_path / f"part-{start}"
        with part.open("wb") as fh:
            block.write_part(fh)
        with part.open("rb") as fh:
            joined.add_part(fh)
    whole.close()
    joined.close()
    expected = DocBin(attrs=["ORTH"], store_user_data=True,
                      docs=[d for ed in eds for d in sd.make_docs(nlp, ed)]).to_bytes()
    assert (tmp_path / "whole.spacy").read_bytes() == expected
    assert (tmp_path / "joined.spacy").read_bytes() == expected
