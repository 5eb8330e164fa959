"""Each report's tokens as the span exports tokenise it, kept beside the report (table document_tokens, migration
0007): an export of CoNLL or JSONL then reads them instead of tokenising the report again.

A row is (document_id, tokenizer, chars, data): `tokenizer` names the tokenizer that made it (a row made by
another spaCy version is ignored and the report tokenised again), `chars` the length of the text it covers,
`data` the zlib'd arrays (annotator.export.tokens.encode_tokens writes and reads them). The rows are a cache
derived from the text, which never changes: a report without one is tokenised at export, as before.
"""
from __future__ import annotations

from typing import Any

TABLE = "document_tokens"


def save(db: Any, document_id: int, tokenizer: str, chars: int, data: bytes) -> None:
    """db: the store's sqlite-utils Database or a sqlite3 connection (inside the caller's transaction)."""
    db.execute(f"INSERT OR REPLACE INTO {TABLE} (document_id, tokenizer, chars, data) VALUES (?, ?, ?, ?)",
               [document_id, tokenizer, chars, data])


def load(db: Any, document_id: int) -> tuple[str, int, bytes] | None:
    row = db.execute(f"SELECT tokenizer, chars, data FROM {TABLE} WHERE document_id = ?", [document_id]).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def load_many(db: Any, document_ids: list[int]) -> dict[int, tuple[str, int, bytes]]:
    """load() for several reports in one query: report id -> its row, for those that have one."""
    marks = ", ".join("?" * len(document_ids))
    return {r[0]: (r[1], r[2], r[3]) for r in db.execute(
        f"SELECT document_id, tokenizer, chars, data FROM {TABLE} WHERE document_id IN ({marks})", document_ids)}


def missing(db: Any, tokenizer: str, limit: int = 500, after: int = 0) -> list[int]:
    """Ids above `after` of reports with no row for `tokenizer` (at most `limit`), lowest first."""
    return [r[0] for r in db.execute(
        f"SELECT d.id FROM documents d LEFT JOIN {TABLE} t ON t.document_id = d.id "
        "WHERE d.id > ? AND (t.document_id IS NULL OR t.tokenizer <> ?) ORDER BY d.id LIMIT ?",
        [after, tokenizer, limit])]
