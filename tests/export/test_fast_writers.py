"""The span formats' fast paths write what spaCy's own objects give: token arrays for Token objects, sentence starts
for the Sentencizer, the streaming DocBin writer for DocBin.to_bytes. Each is checked against the plain path on
awkward texts (quotes after full stops, whitespace runs, non-Latin sentence marks, line breaks inside spans)."""
from __future__ import annotations

import json
import random
import re

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.domain import Argument, Event, Fact
from annotator.export.conll import DOCSTART

from .conll_reference import document_lines, projected_spans
from annotator.export.docbin_stream import DocBinWriter
from annotator.export.jsonl import document_json, document_line, tokens_json, tokens_of
from annotator.export.selection import ExportDocument
from annotator.export.spacy_docbin import make_docs
from annotator.export.tokens import tokenize
from annotator.store.rows import StoredDocument

TEXTS = [
    "",
    " ",
    "\n\n",
    "Convoy.",
    "  Leading spaces. Then a sentence!  Two spaces before this one?\tTab.",
    'The patrol entered Tall Hamis. "It was quiet," a resident said. (Nobody was hurt.) Then: more...',
    "Forces raided Al-Busayrah on the 3rd.\n\nSix people were arrested. \n A convoy of 40 trucks crossed.",
    "U.S. forces and the S.D.F. met at 10 a.m. on Oct. 4. A drone struck a car near Al-Shaddadi!!! Why?",
    "Mixed\u00a0space and\u2003em space. Done.\u3002Next\u0964 danda \u0964 end",
    "Trailing sentence without a stop",
    "Line one\r\nLine two. \r\n\r\nLine three.\u2028Line four.",
    "“Quoted.” ‘Single.’ — Dash. 5.5 km away. ok",
]


def _random_texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    parts = ["a", "Raid", ".", "!", "?", " ", "  ", "\n", "\n\n", '"', ")", "(", "x.", "U.S.", "…", "\u0964",
             "--", ",", "'s", "12", "3.5", "\t", "\u00a0", "km", ":", ";", "Al-Omar"]
    return ["".join(rng.choice(parts) for _ in range(rng.randint(1, 80))) for _ in range(n)]


ALL_TEXTS = TEXTS + _random_texts(60)


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def sentencizer():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_sentence_starts_and_tokens_are_spacys(sentencizer, text):
    doc = sentencizer(text)
    toks = tokenize(text)
    assert toks.sentence_starts() == ([s.start for s in doc.sents] if len(doc) else [])
    assert toks.texts() == [t.text for t in doc]
    assert toks.space.tolist() == [t.is_space for t in doc]


def _export_doc(text: str, i: int = 1) -> ExportDocument:
    """Events over the text's words: some sharing a trigger, one across a line break, some not accepted."""
    words = [m.span() for m in re.finditer(r"\S+", text)]
    events, facts = [], []
    for k, (a, b) in enumerate(words[::3]):
        end = words[min(len(words) - 1, 3 * k + 2)][1]
        events.append(Event(type=("convoy", "airstrike", "arrest")[k % 3], start=a, end=end, evidence=text[a:end],
                            status=("accepted", "pending", "rejected")[k % 3], id=100 * i + k, document_id=i,
                            date=f"2022-09-{k % 28 + 1:02d}",
                            arguments=[Argument("actor", a, b, text[a:b], "SDF"),
                                       Argument("date", a, b, text[a:b], f"2022-09-{k % 28 + 1:02d}")]))
    if words:
        a, b = words[0]
        events.append(Event(type="patrol", start=a, end=b, evidence=text[a:b], status="accepted", id=100 * i + 99,
                            document_id=i))
        facts.append(Fact(kind="trucks", value=40, start=a, end=b, evidence=text[a:b], id=i, document_id=i))
    doc = StoredDocument(id=i, key=f"report-{i}", title=f"Report {i}", text=text, source="generated",
                         source_kind="txt", content_hash=str(i), published="2022-09-30", published_source=None,
                         series=None, month_number=None, period_start="2022-08-23", period_end="2022-09-22",
                         words=len(words), meta={"outlet": "test \u00e9"}, imported_at="2022-10-01",
                         extracted_at=None, pipeline_version=None)
    return ExportDocument(doc, events, facts)


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_jsonl_line_is_json_dumps_of_the_task(nlp, text):
    ed = _export_doc(text)
    assert tokens_json(nlp.make_doc(text), text) == json.dumps(tokens_of(nlp.make_doc(text)), ensure_ascii=False)
    line = document_json(ed, status_filter="all", exported_at="2022-10-01T00:00:00+00:00", nlp=nlp)
    assert line == json.dumps(document_line(ed, status_filter="all", exported_at="2022-10-01T00:00:00+00:00",
                                            nlp=nlp), ensure_ascii=False)
    assert json.loads(line)["text"] == text


def _conll_by_tokens(sentencizer, ed: ExportDocument) -> list[str]:
    """The CoNLL lines as walking spaCy's Tokens gives them (the writer's way before it read arrays)."""
    doc = sentencizer(ed.text)
    tags = ["O"] * len(doc)
    for span in projected_spans(doc, ed):
        tags[span.start] = f"B-{span.label_}"
        for i in range(span.start + 1, span.end):
            tags[i] = f"I-{span.label_}"
    lines, open_sentence = [DOCSTART, ""], False
    for tok in doc:
        if tok.is_sent_start and open_sentence and not tags[tok.i].startswith("I-"):
            lines.append("")
            open_sentence = False
        if tok.is_space or not tok.text.strip():
            continue
        lines.append(f"{re.sub(chr(92) + 's', '_', tok.text)} -X- _ {tags[tok.i]}")
        open_sentence = True
    return lines + [""]


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_conll_lines_are_the_token_walk(nlp, sentencizer, text):
    ed = _export_doc(text)
    assert document_lines(nlp, ed) == _conll_by_tokens(sentencizer, ed)


def test_conll_breaks_before_a_trailing_sentence_of_whitespace(sentencizer):
    ed = _export_doc("One raid. \n")  # the sentence after the stop is the "\n" token alone: a blank line still
    assert document_lines(spacy.blank("en"), ed) == _conll_by_tokens(sentencizer, ed)
    assert document_lines(spacy.blank("en"), ed)[-2:] == ["", ""]


def _docs_with_everything():
    nlp = spacy.blank("en")
    docs = []
    for i, text in enumerate(TEXTS + _random_texts(40, seed=3)):
        for ed_doc in make_docs(nlp, _export_doc(text, i + 1)):
            docs.append(ed_doc)
    odd = nlp.make_doc("Lemmas and tags set by hand here .")
    odd[0].lemma_, odd[1].tag_ = "lemma", "NN"
    odd[2].set_morph("Number=Sing")
    odd[3].ent_type_ = "GPE"
    odd.cats = {"CONVOY": 1.0}
    odd.spans["events"] = [odd.char_span(0, 6, label="convoy", kb_id="Q1", span_id="e1")]
    docs.append(odd)
    return docs


@pytest.mark.parametrize("store_user_data", [True, False])
@pytest.mark.parametrize("how_many", [0, 1, 15, 17, None])  # fixarray, array16 headers; None: every doc
def test_docbin_writer_writes_docbins_bytes(tmp_path, store_user_data, how_many):
    docs = _docs_with_everything()[:how_many]
    expected = DocBin(attrs=["ORTH"], store_user_data=store_user_data, docs=docs).to_bytes()
    writer = DocBinWriter(tmp_path / "out.spacy", attrs=["ORTH"], store_user_data=store_user_data)
    for doc in docs:
        writer.add(doc)
    writer.close()
    assert (tmp_path / "out.spacy").read_bytes() == expected
    assert [p.name for p in tmp_path.iterdir()] == ["out.spacy"]  # the spool files are gone


def test_docbin_writer_with_more_attributes_and_a_long_doc(tmp_path):
    nlp = spacy.blank("en")
    long_doc = nlp.make_doc(" ".join(f"word{i}." for i in range(9000)))  # bin 32 for tokens, array16 strings
    docs = [long_doc, nlp.make_doc("short one")]
    expected = DocBin(attrs=["ORTH", "LEMMA", "SHAPE"], docs=docs).to_bytes()
    writer = DocBinWriter(tmp_path / "x.spacy", attrs=["ORTH", "LEMMA", "SHAPE"])
    for doc in docs:
        writer.add(doc)
    writer.close()
    assert (tmp_path / "x.spacy").read_bytes() == expected


@pytest.mark.parametrize("status", ["all", "accepted", "pending", "rejected"])
@pytest.mark.parametrize("arguments", [True, False])
def test_export_reads_the_stores_events(sample, status, arguments):
    from annotator.export.selection import load_documents

    store, ids = sample
    wanted = None if status == "all" else status
    read = list(load_documents(store, list(ids.values()), status, arguments=arguments))
    assert read
    if not arguments or status == "all":
        assert any(ev.arguments for ed in read for ev in ed.events) == arguments
    for ed in read:
        assert ed.events == store.events(ed.document.id, status=wanted, arguments=arguments)
        assert ed.facts == store.facts(ed.document.id, status=wanted)
        assert ed.document == store.document(ed.document.id)
