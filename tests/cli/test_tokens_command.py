"""`annotator tokens [--fill]` through click's CliRunner, and export/token_fill.py's batches and cancel."""
import json
import sqlite3

from click.testing import CliRunner

from annotator.cli import main
from annotator.export.token_fill import fill_tokens, token_status
from annotator.export.tokens import decode_tokens, encode_tokens, tokenizer_key
from annotator.store import Store

REPORTS = [
    "{n}th month of Coalition operations in Syria | Patrols go on\n\nOn the {n}rd, SDF forces raided a house in "
    "Al-Suwar and arrested {n} suspects. A convoy of {n}0 trucks crossed at Al-Waleed.\n",
    "Monthly update {n}\n\nA drone struck a motorbike near Hajin on the {n}th; nobody was hurt. \"It was quiet,\" "
    "a shepherd said.\n\n\nTwo rockets hit the Green Village base.\n",
]
LONG_WORD = "Update 9\n\nA line of " + "%" * 80 + " marks.\n"  # a 64+ character word: never stored (worth_storing)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _db_without_tokens(tmp_path, n=5):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"r{i}.txt").write_text(REPORTS[i % 2].format(n=i + 2), encoding="utf-8")
    (folder / "long.txt").write_text(LONG_WORD, encoding="utf-8")
    db = tmp_path / "a.db"
    assert run("import", folder, "--no-extract", "--db", db, "-q").exit_code == 0
    with sqlite3.connect(db) as conn:  # as a database made before migration 0007 is
        conn.execute("DELETE FROM document_tokens")
    return db


def _rows(db):
    with sqlite3.connect(db) as conn:
        return {d: (tok, chars, data) for d, tok, chars, data in
                conn.execute("SELECT document_id, tokenizer, chars, data FROM document_tokens")}


def test_tokens_counts_then_fills_what_import_would_store(tmp_path):
    db = _db_without_tokens(tmp_path)
    before = run("tokens", "--db", db)
    assert before.exit_code == 0, before.output
    assert "0 of 6 reports have stored tokens" in before.output and "annotator tokens --fill" in before.output

    filled = run("tokens", "--fill", "--db", db, "--reviewer", "ana")
    assert filled.exit_code == 0, filled.output
    assert "stored tokens for 5 reports; 1 left to tokenise at export" in filled.output
    assert "5 of 6 reports have stored tokens" in filled.output
    rows = _rows(db)
    with Store(db) as store:
        texts = {d.id: store.document_text(d.id) for d in store.documents()}
        decisions = store.decisions(object_type="document")
    assert set(rows) == {i for i, t in texts.items() if "%" * 80 not in t}
    for doc_id, (tok, chars, data) in rows.items():  # what import writes: this tokenizer's, for this text
        assert (tok, chars) == (tokenizer_key(), len(texts[doc_id]))
        assert data == encode_tokens(texts[doc_id])
        assert decode_tokens(texts[doc_id], data).texts()
    logged = [d for d in decisions if d["action"] == "tokens"]
    assert len(logged) == 1 and logged[0]["reviewer"] == "ana"
    assert logged[0]["after"]["filled"] == 5

    again = json.loads(run("tokens", "--fill", "--db", db, "--json").output)
    assert (again["filled"], again["left"], again["stored"], again["missing"]) == (0, 1, 5, 1)


def test_tokens_on_a_missing_database_names_the_file(tmp_path):
    bad = tmp_path / "not-a-db.db"
    bad.write_text("this is not SQLite", encoding="utf-8")
    result = CliRunner().invoke(main, ["tokens", "--db", str(bad)])
    assert result.exit_code != 0
    assert str(bad) in result.output and "Traceback" not in result.output


def test_a_cancelled_fill_keeps_its_batches_and_goes_on(tmp_path):
    db = _db_without_tokens(tmp_path)
    seen = []
    with Store(db) as store:
        result = fill_tokens(store, reviewer="ana", batch=2, progress=seen.append, cancel=lambda: len(seen) >= 1)
        # the first batch: the long-word report (imported first), not stored, and one stored
        assert result.cancelled and (result.filled, result.left) == (1, 1)
        assert token_status(store).stored == 1
        rest = fill_tokens(store, reviewer="ana", batch=2)
        assert not rest.cancelled and (rest.filled, rest.left) == (4, 1)  # the long-word report seen again
        assert token_status(store).stored == 5
        assert [d["action"] for d in store.decisions(object_type="document")].count("tokens") == 4


def test_an_interrupted_batch_is_rolled_back(tmp_path, monkeypatch):
    import annotator.export.token_fill as token_fill

    db = _db_without_tokens(tmp_path)
    real, calls = token_fill.store_tokens, []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:  # the second report of the second batch (the first batch stores one of its two)
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(token_fill, "store_tokens", interrupted)
    with Store(db) as store:
        try:
            fill_tokens(store, reviewer="ana", batch=2)
        except KeyboardInterrupt:
            pass
        assert token_status(store).stored == 1  # the first batch's; the second's first report was rolled back
