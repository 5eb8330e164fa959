"""Stored tokens for the reports that lack them (`annotator tokens --fill`).

Import stores each report's tokens (store/doc_tokens.py, migration 0007), and the span exports read them instead of
tokenising the report again. A database made before that migration, or by another spaCy version (a row names
its tokenizer), has reports without them: their exports tokenise every report, about twice the CPU (CoNLL,
10,000 generated reports). Filling costs ~1 ms a report, once.

Work goes in batches of BATCH reports, each one transaction with its decision-log row, so the journal stays small,
a cancel (between batches) or an interrupt (the batch under way rolls back) keeps every batch already done, and a
second run goes on where the first stopped. Reports import does not tokenise (tokens.worth_storing: a text spaCy
refuses, or a word of 64+ characters) are left as they are, tokenised at export as before.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..importing import Progress
from ..store import Store, doc_tokens
from .tokens import store_tokens, tokenizer_key

BATCH = 200  # reports a transaction: ~0.2 s of work, so a cancel is quick and the journal a few hundred kB


@dataclass
class TokenStatus:
    reports: int
    stored: int  # reports with a row for this tokenizer
    tokenizer: str

    @property
    def missing(self) -> int:
        return self.reports - self.stored


@dataclass
class FillResult:
    filled: int = 0  # rows written
    left: int = 0  # reports left to tokenise at export (not worth storing)
    cancelled: bool = False

    def summary(self) -> str:
        text = f"stored tokens for {self.filled} {'report' if self.filled == 1 else 'reports'}"
        if self.left:
            text += f"; {self.left} left to tokenise at export (a text spaCy refuses, or a 64-character word)"
        return text + (" (cancelled: run it again to go on)" if self.cancelled else "")


def token_status(store: Store) -> TokenStatus:
    key = tokenizer_key()
    db = store.db.conn
    reports = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    stored = db.execute(f"SELECT COUNT(*) FROM {doc_tokens.TABLE} WHERE tokenizer = ?", [key]).fetchone()[0]
    return TokenStatus(reports, stored, key)


def fill_tokens(store: Store, *, reviewer: str, progress: Callable[[Progress], None] | None = None,
                cancel: Callable[[], bool] | None = None, batch: int = BATCH) -> FillResult:
    """Store the tokens of every report that has none for this tokenizer; see the module's docstring."""
    from .tokens import blank_nlp

    key = tokenizer_key()
    result = FillResult()
    total = token_status(store).missing
    nlp = blank_nlp()
    after = 0
    while True:
        if cancel and cancel():
            result.cancelled = True
            return result
        ids = doc_tokens.missing(store.db, key, limit=batch, after=after)
        if not ids:
            return result
        filled = []
        with store.transaction():
            for doc_id in ids:
                if store_tokens(store.db, doc_id, store.document_text(doc_id), nlp):
                    filled.append(doc_id)
            store._log(reviewer, "document", None, None, "tokens", None,
                       {"tokenizer": key, "filled": len(filled), "first": ids[0], "last": ids[-1]})
        result.filled += len(filled)
        result.left += len(ids) - len(filled)
        after = ids[-1]
        if progress:
            done = result.filled + result.left
            progress(Progress(done, max(total, done), f"stored tokens up to report {after}"))
