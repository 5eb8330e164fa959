"""A database of N generated reports with their candidates, fast enough for 100,000 (`annotator benchmark --scale`).

Extraction runs at ~30 reports/s, so 100,000 reports would take an hour. Instead a pool of generated reports is
imported the ordinary way (Store.add_document with the real extraction: the rows extraction writes), and every
further report is a copy of a pool report made in SQL: its text gets one closing reference line (after every
candidate's span, so offsets hold; the content hash and the full-text index differ per report), and its events,
argument spans, stated totals and import/extract decision-log rows are copied from the pool report's own rows,
and its tokens row (store/doc_tokens.py) is made from its own text, as import makes it.

The database grows as a team's does, by adding months: PER_MONTH reports in each month of the series (report
number i is in series month FIRST_MONTH + i // PER_MONTH), so 100,000 reports span ten years (120 months of 834),
10,000 a year and 1,000 a month and a fifth. A copy is its pool report moved to its own month: its month number,
period, publication date, every event's date and end date and the stated batch dates shift by whole months; its
text and title keep the pool report's wording (only the closing reference differs), which no measured operation
reads for dates. (Earlier fills kept each copy in its pool report's month, 40 reports over a fixed 71-month span:
a month then held 25 reports at 1,000 and 2,500 at 100,000, so a month's summary did 100 times the work.)
So a calendar month's summary covers the same reports at 10,000 as at 100,000 (1,668: it overlaps two of the
series' 23rd-to-22nd months), but 834 at 1,000 (the middle month has none before it); a year's covers the whole
1,000, 7,498 of 10,000 (a year of series months does not fill a calendar year) and 10,842 at 100,000.
`benchmark --scale` prints each summary's reports and its cost per report.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .domain import DocumentIn
from .store.rows import now
from .store import Store

POOL = 40  # distinct extracted reports, all in the first month (the copies are moved to theirs)
PER_MONTH = 834  # reports a month: 100,000 over ten years (several series, ~28 reports a day)
FIRST_MONTH = 1  # series month number of the first report (the Coalition series' first month, 2014-09-23)

_EVENT_COLUMNS = (
    "type, start, \"end\", evidence, date, date_precision, end_date, location, location_name, admin1, lat, lon, "
    "location_precision, actors, actors_canonical, targets, killed, killed_q, injured, injured_q, arrested, "
    "arrested_q, trucks, trucks_q, direction, note, origin, rule, confidence, status, reject_reason, reviewer, "
    "reviewed_at, created_at, version")
_FACT_COLUMNS = ("kind, value, qualifier, start, \"end\", evidence, origin, rule, confidence, status, reject_reason, "
                 "reviewer, reviewed_at, created_at, version")


def month_of(number: int, per_month: int = PER_MONTH) -> int:
    """The series month number of report `number` (0-based): PER_MONTH reports in each month, in order."""
    return FIRST_MONTH + number // per_month


def _pool_documents(n: int, extract: Callable[[list[DocumentIn]], list], per_month: int
                    ) -> list[tuple[DocumentIn, object]]:
    import random

    from .ingest import read_text_document
    from .ingest.generate import _report  # the generator's report of a given month (generate_reports draws it)

    rng = random.Random(13)
    named = [(f"synthetic-13-{i:05d}-month-{month_of(i, per_month)}",
              _report(rng, month_of(i, per_month), f"13-{i:05d}")) for i in range(n)]
    docs = [read_text_document(text, source=f"generated/{name}.txt", key=name) for name, text in named]
    return list(zip(docs, extract(docs)))


def _rules_extraction(docs: list[DocumentIn]) -> list:
    from .nlp.service import get_extractor

    return list(get_extractor().extract_many([(d.text, {"published": d.published, "period": d.period})
                                              for d in docs]))


def fill(db_path: Path, n: int, *, pool: int = POOL, extract: Callable[[list[DocumentIn]], list] | None = None,
         progress: Callable[[int], None] | None = None, per_month: int = PER_MONTH) -> dict[str, int]:
    """Bring the database at db_path up to n generated reports (an existing one is topped up, never shrunk), per_month
    reports in each month. `extract` maps DocumentIns to extraction results (default: the rules pipeline); tests
    pass a cheap one."""
    from .export.tokens import store_tokens
    from .ingest import content_hash
    from .nlp.service import PIPELINE_VERSION

    store = Store(db_path)
    try:
        have = store.count_documents()
        pool_ids = [r[0] for r in store.db.execute(
            "SELECT id FROM documents WHERE source LIKE 'generated/%' ORDER BY id LIMIT ?", [pool])]
        if len(pool_ids) < min(pool, n) and have < n:
            made = _pool_documents(min(pool, n), extract or _rules_extraction, per_month)
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
                    _copy(db, pool_ids[i % len(pool_ids)], i, content_hash, month_of(i, per_month))
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


def _moved(column: str) -> str:
    """SQL moving an ISO day (or a YYYY-MM month) in `column` by the :m months; anything else kept."""
    return (f"CASE WHEN length({column}) = 10 THEN date({column}, :m) "
            f"WHEN length({column}) = 7 THEN substr(date({column} || '-01', :m), 1, 7) ELSE {column} END")


def _shifted(columns: str, shifted: dict[str, str]) -> str:
    """The column list as a SELECT list, with the named columns replaced by their expressions."""
    return ", ".join(shifted.get(c.strip(), c.strip()) for c in columns.split(","))


def _copy(db, source_id: int, number: int, content_hash: Callable[[str], str], month: int) -> int:
    """Report `number`: a copy of pool report source_id moved to series month `month` (see the module's doc)."""
    src = db.execute("SELECT text, words, month_number FROM documents WHERE id = ?", [source_id]).fetchone()
    text = f"{src[0]}\n\nReference {number:06d}."
    months = f"{month - (src[2] if src[2] is not None else month):+d} months"  # SQLite's date modifier
    move = "date({0}, ?)"
    stamp = now()
    cur = db.execute(
        "INSERT INTO documents (key, title, text, source, source_kind, content_hash, published, published_source, "
        "series, month_number, period_start, period_end, words, meta, imported_at, extracted_at, pipeline_version) "
        f"SELECT ?, title, ?, ?, source_kind, ?, {move.format('published')}, published_source, series, ?, "
        f"{move.format('period_start')}, {move.format('period_end')}, ?, meta, ?, ?, pipeline_version "
        "FROM documents WHERE id = ?",
        [f"synthetic-13-copy-{number:06d}-month-{month}", text, f"generated/copy-{number:06d}.txt",
         content_hash(text), months, month, months, months, src[1] + 2, stamp, stamp, source_id])
    doc_id = cur.lastrowid
    first, last = db.execute("SELECT MIN(id), MAX(id) FROM events WHERE document_id = ?", [source_id]).fetchone()
    new_ids: list[int] = []
    if first is not None:
        shift = db.execute("SELECT MAX(id) FROM events").fetchone()[0] + 1 - first
        columns = _shifted(_EVENT_COLUMNS, {"date": _moved("date"), "end_date": _moved("end_date")})
        db.execute(f"INSERT INTO events (id, document_id, {_EVENT_COLUMNS}) "
                   f"SELECT id + :shift, :doc, {columns} FROM events WHERE document_id = :src ORDER BY id",
                   {"shift": shift, "doc": doc_id, "src": source_id, "m": months})
        db.execute("INSERT INTO event_arguments (event_id, role, start, \"end\", text, value, qualifier) "
                   "SELECT event_id + ?, role, start, \"end\", text, value, qualifier FROM event_arguments "
                   "WHERE event_id BETWEEN ? AND ? ORDER BY id", [shift, first, last])
        new_ids = [r[0] for r in db.execute("SELECT id FROM events WHERE document_id = ? ORDER BY id", [doc_id])]
    # stated batch dates are a JSON list of days: each moved as the events are
    value = (f"CASE WHEN kind = 'batch_dates' AND json_valid(value) THEN "
             f"(SELECT json_group_array({_moved('j.value')}) FROM json_each(facts.value) j) ELSE value END")
    columns = _shifted(_FACT_COLUMNS, {"value": value})
    db.execute(f"INSERT INTO facts (document_id, {_FACT_COLUMNS}) SELECT :doc, {columns} "
               "FROM facts WHERE document_id = :src ORDER BY id", {"doc": doc_id, "src": source_id, "m": months})
    row = db.execute("SELECT key, title, source, content_hash, period_start, period_end, pipeline_version "
                     "FROM documents WHERE id = ?", [doc_id]).fetchone()
    log = "INSERT INTO decisions (at, reviewer, object_type, object_id, document_id, action, before, after) " \
          "VALUES (?, 'benchmark', 'document', ?, ?, ?, ?, ?)"
    db.execute(log, [stamp, doc_id, doc_id, "import", None, json.dumps(dict(zip(
        ("key", "title", "source", "content_hash", "period_start", "period_end"), row[:6])))])
    db.execute(log, [stamp, doc_id, doc_id, "extract", json.dumps({"pending_removed": 0, "facts_removed": 0}),
                     json.dumps({"added_event_ids": new_ids, "suppressed": 0, "pipeline_version": row[6]})])
    from .export.tokens import store_tokens

    store_tokens(db, doc_id, text)
    return doc_id


def _fill_tokens(store: Store) -> None:
    """Tokens rows for reports that lack them (a database filled before migration 0007), as import writes them
    (export/token_fill.py, `annotator tokens --fill`)."""
    from .export.token_fill import fill_tokens

    fill_tokens(store, reviewer="benchmark")
