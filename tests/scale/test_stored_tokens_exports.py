"""Reports' stored tokens (migration 0007): written by the benchmark's fill and by import, read by the CoNLL, JSONL
and spaCy exports, which write the same bytes with them, without them, and in one or two processes; GeoJSON too is
the same in one or two processes; the export's reads use indexes."""
import re

import pytest

from annotator.export import parallel, run_export
from annotator.export.tokens import decode_tokens, encode_tokens, tokenize, tokenizer_key
from annotator.store import Store, doc_tokens

from .conftest import build


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("tokens") / "tokens.db", 30)


@pytest.fixture
def fixed_time(monkeypatch):
    import annotator.export.jsonl as jsonl

    monkeypatch.setattr(jsonl, "export_time", lambda: "2026-01-01T00:00:00+00:00")


def _bytes(path):
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return path.read_bytes()


def test_the_fill_stores_every_reports_tokens_as_tokenising_gives_them(db):
    with Store(db) as store:
        assert doc_tokens.missing(store.db, tokenizer_key()) == []
        for doc in store.documents()[:5] + store.documents()[-5:]:
            key, chars, data = doc_tokens.load(store.db, doc.id)
            text = store.document_text(doc.id)
            assert (key, chars) == (tokenizer_key(), len(text))
            stored, plain = decode_tokens(text, data), tokenize(text)
            assert (stored.starts, stored.ends, stored.sentence_starts()) == \
                (plain.starts, plain.ends, plain.sentence_starts())


@pytest.mark.parametrize("fmt", ["conll", "jsonl", "spacy"])
def test_exports_write_the_same_bytes_with_and_without_stored_tokens(db, tmp_path, fixed_time, fmt):
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    with Store(copy) as store:
        with_tokens = run_export(store, fmt, tmp_path / "with", status="all", jobs=1)
        store.db.execute("DELETE FROM document_tokens WHERE document_id % 2 = 0")  # half of them tokenised
        half = run_export(store, fmt, tmp_path / "half", status="all", jobs=1)
        store.db.execute("DELETE FROM document_tokens")
        without = run_export(store, fmt, tmp_path / "without", status="all", jobs=1)
    assert with_tokens.events == without.events > 0 and with_tokens.skipped == without.skipped
    assert _bytes(tmp_path / "with") == _bytes(tmp_path / "half") == _bytes(tmp_path / "without")


@pytest.mark.parametrize("fmt", ["conll", "jsonl", "brat", "geojson"])
def test_two_processes_write_what_one_writes(db, tmp_path, fixed_time, monkeypatch, fmt):
    monkeypatch.setattr(parallel, "SMALL", 2)  # the fixture is small: blocks of 4 reports in two workers
    monkeypatch.setattr(parallel, "BLOCK", 4)
    if not parallel.worth_it(fmt, 30, 2):
        pytest.skip("worker processes are forked only on Linux")
    with Store(db) as store:
        one = run_export(store, fmt, tmp_path / "one", status="all", jobs=1)
        two = run_export(store, fmt, tmp_path / "two", status="all", jobs=2)
        none = run_export(store, fmt, tmp_path / "none", status="rejected", jobs=2)
        none_serial = run_export(store, fmt, tmp_path / "none1", status="rejected", jobs=1)
    assert one.events == two.events > 0 and one.documents == two.documents and one.skipped == two.skipped
    assert _bytes(tmp_path / "one") == _bytes(tmp_path / "two")
    assert none.events == none_serial.events and _bytes(tmp_path / "none") == _bytes(tmp_path / "none1")


def test_import_stores_the_tokens_of_each_report_it_extracts(tmp_path):
    from annotator.importing import import_paths
    from annotator.ingest.generate import generate_reports

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in generate_reports(2, seed=5):
        (folder / name).write_text(text, encoding="utf-8")
    with Store(tmp_path / "i.db") as store:
        list(import_paths(store, [folder], reviewer="t", jobs=1))
        docs = store.documents()
        assert len(docs) == 2
        for d in docs:
            text = store.document_text(d.id)
            assert doc_tokens.load(store.db, d.id) == (tokenizer_key(), len(text), encode_tokens(text))


def test_a_months_export_reads_through_indexes(db):
    """The period is selected in SQL and each report's rows by its document id: no table is scanned."""
    with Store(db) as store:
        month = store.db.execute("SELECT period_start FROM documents WHERE period_start IS NOT NULL "
                                 "ORDER BY id LIMIT 1").fetchone()[0][:7]
        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        try:
            for fmt in ("conll", "jsonl", "geojson"):
                assert run_export(store, fmt, db.parent / f"month.{fmt}", status="all", period=month,
                                  jobs=1).documents
        finally:
            store.db.conn.set_trace_callback(None)
        plans = {sql: [r[3] for r in store.db.conn.execute("EXPLAIN QUERY PLAN " + sql)]
                 for sql in set(statements) if sql.lstrip().upper().startswith("SELECT")}
    assert any("document_tokens" in sql for sql in plans)
    scans = {sql: steps for sql, steps in plans.items()
             if any(re.match(r"SCAN (documents|d|events|e|event_arguments|a|facts|document_tokens)\b", s)
                    for s in steps) and "LIMIT 0" not in sql}
    assert scans == {}


def test_import_leaves_texts_that_tokenise_slowly_to_the_export(tmp_path):
    """A word of punctuation thousands of characters long costs spaCy's tokenizer length x punctuation: import
    stores no tokens for it (nor for a text spaCy refuses), so it stays bounded; the export tokenises it."""
    from annotator.export.tokens import STORE_MAX_CHARS, store_tokens, worth_storing

    slow = "A convoy entered. " + "%" * 5000 + " Then it left."
    assert not worth_storing(slow) and not worth_storing("word " * (STORE_MAX_CHARS // 5 + 1))
    assert worth_storing("A convoy entered via https://example.org/a/b. Then it left.")
    with Store(tmp_path / "s.db") as store:
        store.db.execute("INSERT INTO documents (key, title, text, source, source_kind, content_hash, words, "
                         "imported_at) VALUES ('k', 't', ?, 's', 'txt', 'h', 3, 'now')", [slow])
        doc_id = store.db.execute("SELECT id FROM documents").fetchone()[0]
        assert store_tokens(store.db, doc_id, slow) is False
        assert doc_tokens.load(store.db, doc_id) is None
        assert doc_tokens.missing(store.db, tokenizer_key()) == [doc_id]
        assert doc_tokens.missing(store.db, tokenizer_key(), after=doc_id) == []
