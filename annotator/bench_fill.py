"""A database of N generated reports with their candidates, fast enough for 100,000 (`annotator benchmark --scale`).

Extraction runs at ~30 reports/s, so 100,000 reports would take an hour. Instead a pool of generated reports is
imported the ordinary way (Store.add_document with the real extraction: the rows extraction writes), and every
further report is a copy of a pool report made in SQL: its text gets one closing reference line (after every
candidate's span, so offsets hold; the content hash and the full-text index differ per report), and its events,
argument spans, stated totals and import/extract decision-log rows are copied from the pool report's own rows,
and its tokens row (store/doc_tokens.py) is made from its own text, as import makes it.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .domain import DocumentIn
from .store.rows import now
from .store import Store

POOL = 40  # distinct extracted reports; their months spread over the generator's 71-month range

_EVENT_COLUMNS = (
    "type, start, \"end\", evidence, date, date_precision, end_date, location, location_name, admin1, lat, lon, "
    "location_precision, actors, actors_canonical, targets, killed, killed_q, injured, injured_q, arrested, "
    "arrested_q, trucks, trucks_q, direction, note, origin, rule, confidence, status, reject_reason, reviewer, "
    "reviewed_at, created_at, version")
_FACT_COLUMNS = ("kind, value, qualifier, start, \"end\", evidence, origin, rule, confidence, status, reject_reason, "
                 "reviewer, reviewed_at, created_at, version")


def _pool_documents(n: int, extract: Callable[[list[DocumentIn]], list]) -> list[tuple[DocumentIn, object]]:
    from .ingest import read_text_document
    from .ingest.generate import generate_reports

    docs = [read_text_document(text, source=f"generated/{name}", key=Path(name).stem)
            for name, text in generate_reports(n, seed=13)]
    return list(zip(docs, extract(docs)))


def _rules_extraction(docs: list[DocumentIn]) -> list:
    from .nlp.service import get_extractor

    return list(get_extractor().extract_many([(d.text, {"published": d.published, "period": d.period})
                                              for d in docs]))


def fill(db_path: Path, n: int, *, pool: int = POOL, extract: Callable[[list[DocumentIn]], list] | None = None,
         progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Bring the database at db_path up to n generated reports (an existing one is topped up, never shrunk).
    `extract` maps DocumentIns to extraction results (default: the rules pipeline); tests pass a cheap one."""
    from .export.tokens import store_tokens
    from .ingest import content_hash
    from .nlp.service import PIPELINE_VERSION

    store = Store(db_path)
    try:
        have = store.count_documents()
        pool_ids = [r[0] for r in store.db.execute(
            "SELECT id FROM documents WHERE source LIKE 'generated/%' ORDER BY id LIMIT ?", [pool])]
        if len(pool_ids) < min(pool, n) and have < n:
            made = _pool_documents(min(pool, n), extract or _rules_extraction)
            for doc, ex in made[len(pool_ids):]:
                with store.transaction():
                    doc_id, _ = store.add_document(doc, content_hash(doc.text), reviewer="benchmark",
                                                   extraction=ex, pipeline_version=PIPELINE_VERSION)
                    store_tokens(store.db, doc_id, doc.text)
                pool_ids.append(doc_id)
            have = store.count_documents()
        db = store.db.conn
        i = have
        while i < n:
            # Bounded transactions: a few hundred reports each, so the journal stays small.
            with store.transaction():
                for _ in range(min(500, n - i)):
                    _copy(db, pool_ids[i % len(pool_ids)], i, content_hash)
                    i += 1
            if progress:
                progress(i)
        _fill_tokens(store)
        counts = {"documents": store.count_documents(),
                  "events": db.execute("SELECT COUNT(*) FROM events").fetchone()[0],
                  "arguments": db.execute("SELECT COUNT(*) FROM event_arguments").fetchone()[0]}
    finally:
        store.close()
    return counts


def _copy(db, source_id: int, number: int, content_hash: Callable[[str], str]) -> int:
    src = db.execute("SELECT text, key, title, words FROM documents WHERE id = ?", [source_id]).fetchone()
    from .export.tokens import store_tokens

    text = f"{src[0]}\n\nReference {number:06d}."
    stamp = now()
    cur = db.execute(
        "INSERT INTO documents (key, title, text, source, source_kind, content_hash, published, published_source, "
        "series, month_number, period_start, period_end, words, meta, imported_at, extracted_at, pipeline_version) "
        "SELECT ?, title, ?, ?, source_kind, ?, published, published_source, series, month_number, period_start, "
        "period_end, ?, meta, ?, ?, pipeline_version FROM documents WHERE id = ?",
        [f"{src[1]}-{number:06d}", text, f"generated/copy-{number:06d}.txt", content_hash(text), src[3] + 2,
         stamp, stamp, source_id])
    doc_id = cur.lastrowid
    first, last = db.execute("SELECT MIN(id), MAX(id) FROM events WHERE document_id = ?", [source_id]).fetchone()
    new_ids: list[int] = []
    if first is not None:
        shift = db.execute("SELECT MAX(id) FROM events").fetchone()[0] + 1 - first
        db.execute(f"INSERT INTO events (id, document_id, {_EVENT_COLUMNS}) "
                   f"SELECT id + ?, ?, {_EVENT_COLUMNS} FROM events WHERE document_id = ? ORDER BY id",
                   [shift, doc_id, source_id])
        db.execute("INSERT INTO event_arguments (event_id, role, start, \"end\", text, value, qualifier) "
                   "SELECT event_id + ?, role, start, \"end\", text, value, qualifier FROM event_arguments "
                   "WHERE event_id BETWEEN ? AND ? ORDER BY id", [shift, first, last])
        new_ids = [r[0] for r in db.execute("SELECT id FROM events WHERE document_id = ? ORDER BY id", [doc_id])]
    db.execute(f"INSERT INTO facts (document_id, {_FACT_COLUMNS}) SELECT ?, {_FACT_COLUMNS} FROM facts "
               "WHERE document_id = ? ORDER BY id", [doc_id, source_id])
    row = db.execute("SELECT key, title, source, content_hash, period_start, period_end, pipeline_version "
                     "FROM documents WHERE id = ?", [doc_id]).fetchone()
    log = "INSERT INTO decisions (at, reviewer, object_type, object_id, document_id, action, before, after) " \
          "VALUES (?, 'benchmark', 'document', ?, ?, ?, ?, ?)"
    db.execute(log, [stamp, doc_id, doc_id, "import", None, json.dumps(dict(zip(
        ("key", "title", "source", "content_hash", "period_start", "period_end"), row[:6])))])
    db.execute(log, [stamp, doc_id, doc_id, "extract", json.dumps({"pending_removed": 0, "facts_removed": 0}),
                     json.dumps({"added_event_ids": new_ids, "suppressed": 0, "pipeline_version": row[6]})])
    store_tokens(db, doc_id, text)
    return doc_id


def _fill_tokens(store: Store) -> None:
    """Tokens rows for reports that lack them (a database filled before migration 0007), as import writes them."""
    from .export.tokens import store_tokens, tokenizer_key
    from .store import doc_tokens

    after = 0
    while True:
        ids = doc_tokens.missing(store.db, tokenizer_key(), after=after)
        if not ids:
            return
        with store.transaction():
            for doc_id in ids:
                store_tokens(store.db, doc_id, store.document_text(doc_id))  # not for a text import skips
        after = ids[-1]
