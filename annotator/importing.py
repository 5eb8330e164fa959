"""Import and re-extraction as Qt-free generators: the CLI drives them directly, the GUI in a worker thread.

Each report goes in with its candidates in one transaction, so a failure or a cancel never leaves half a
report behind; a report whose text is already stored is skipped and counted as a duplicate.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .domain import DocumentIn
from .store import Store, StoredDocument

Cancel = Callable[[], bool]


@dataclass
class Progress:
    done: int  # items handled so far
    total: int | None  # None while the total is unknown
    message: str


@dataclass
class ImportReport:
    imported: list[int] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (source, existing id)
    errors: list[str] = field(default_factory=list)  # one line each, naming file (and line) and problem
    notes: list[str] = field(default_factory=list)  # stored, but the reviewer should know (a repaired byte)
    events: int = 0
    cancelled: bool = False
    bytes: int = 0
    reextracted: int = 0  # known reports whose candidates a newer pipeline replaced
    carried: int = 0  # already-present reports whose line carries review decisions (not applied here)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        parts = [f"{len(self.imported)} imported", f"{len(self.duplicates)} already present",
                 f"{len(self.errors)} failed"]
        if self.events:
            parts.append(f"{self.events} candidate events")
        if self.reextracted:
            parts.append(f"{self.reextracted} re-extracted with the current pipeline")
        if self.carried:  # a colleague's decisions: kept by a team merge, never overwriting this file's
            parts.append(f"{self.carried} carry another review (keep it: annotator merge THIS.db EXPORT.jsonl "
                         "--out TEAM.db)")
        return ", ".join(parts) + (" (cancelled)" if self.cancelled else "")


def import_paths(store: Store, paths: Iterable[str | Path], *, reviewer: str, published: str | None = None,
                 extract: bool = True, cancel: Cancel | None = None, encoding: str | None = None,
                 jobs: int | None = None) -> Iterator[Progress | ImportReport]:
    """Yields Progress after each report, then the ImportReport last. `encoding` overrides detection.

    Anything that goes wrong with one report (reading, extracting, storing) is one line in report.errors,
    naming the file; that report's transaction is rolled back and the others go on.

    `jobs`: extraction processes (None: the free cores; see annotator.extract_pool). Reports are still read,
    checked and written here, one transaction each, in the order they are read, so the rows are the same
    whatever `jobs` is; only the extraction runs in the workers, a few chunks ahead of the writing."""
    from .ingest import ReadError, content_hash, read_paths

    report = ImportReport()
    done = 0

    def stopped() -> bool:
        if cancel is not None and cancel():
            report.cancelled = True
        return report.cancelled

    def new_reports() -> Iterator[tuple[DocumentIn, str]]:
        """The reports not yet stored, with their content hash; errors and known texts are handled here."""
        nonlocal done
        for item in read_paths(paths, published=published, encoding=encoding):
            if stopped():
                return
            if isinstance(item, ReadError):
                report.errors.append(str(item))
                continue
            text_hash = content_hash(item.text)
            existing = store.document_id_for_hash(text_hash)
            if existing is not None:
                # Known text: stored once. If the pipeline changed since, re-extract it, keeping every decision.
                report.duplicates.append((item.source, existing))
                report.carried += bool(item.annotations)
                if extract:
                    try:
                        report.reextracted += _reextract_if_stale(store, existing, reviewer)
                    except Exception as exc:  # noqa: BLE001 - the stored report and its decisions stay as they were
                        report.errors.append(f"{item.source} ({item.key}): not re-extracted: {_one_line(exc)}")
                done += 1
                continue
            yield item, text_hash

    if extract:
        results = _extracted(store, new_reports(), jobs)
    else:
        results = ((new, None) for new in new_reports())
    try:
        for (doc, text_hash), ex in results:
            if stopped():  # the reports extracted ahead are not written: whole reports only
                break
            if _store_one(store, doc, text_hash, ex, reviewer, report):
                done += 1
                yield Progress(done, None, f"{doc.title[:60]}")
    finally:
        results.close()  # stops the extraction workers, on a cancel too
    yield report


def _extracted(store: Store, reports: Iterator[tuple[DocumentIn, str]], jobs: int | None):
    """(report, Extraction | ExtractionFailed) pairs in order, from the store's extractor (rules, and the active
    model if any), in worker processes when `jobs` and the number of reports make it worth it."""
    from .extract_pool import extract_in_order
    from .train.propose import extractor_for

    row = store.active_model()
    model = (row["path"], row["id"]) if row is not None else None
    return extract_in_order(extractor_for(store), reports,
                            lambda new: (new[0].text, {"published": new[0].published, "period": new[0].period}),
                            jobs=jobs, model=model)


def _store_one(store: Store, doc: DocumentIn, text_hash: str, ex, reviewer: str, report: ImportReport) -> bool:
    """Writes one report with its candidates (and any carried decisions) in one transaction; False when it
    failed (named in report.errors, nothing of it written)."""
    from .export.jsonl_import import restore_decisions
    from .nlp.service import PIPELINE_VERSION, ExtractionFailed

    if isinstance(ex, ExtractionFailed):
        report.errors.append(f"{doc.source} ({doc.key}): not stored: extraction failed: {ex}")
        return False
    try:
        with store.transaction():  # the report, its candidates and any carried decisions, or nothing
            doc_id, created = store.add_document(doc, text_hash, reviewer=reviewer, extraction=ex,
                                                 pipeline_version=PIPELINE_VERSION if ex is not None else None)
            if created and ex is not None:  # its tokens for the span exports (spaCy is loaded for extraction)
                from .export.tokens import store_tokens

                store_tokens(store.db, doc_id, doc.text)
            if created and doc.annotations:
                restored = restore_decisions(store, doc_id, doc.annotations, reviewer)
                unknown = restored.get("unknown_labels")
                if unknown:  # the report is stored; the spans it cannot map are named, not dropped silently
                    report.errors.append(
                        f"{doc.source} ({doc.key}): spans left out, labels that are no event type: "
                        + ", ".join(f"{k} ({n})" for k, n in sorted(unknown.items())))
    except Exception as exc:  # noqa: BLE001 - one report fails, alone; its transaction rolled back
        report.errors.append(f"{doc.source} ({doc.key}): not stored: {_one_line(exc)}")
        return False
    if created:
        if doc.meta.get("decoding_note"):
            report.notes.append(f"{doc.source}: {doc.meta['decoding_note']}")
        report.imported.append(doc_id)
        report.events += len(ex.events) if ex is not None else 0
        report.bytes += len(doc.text.encode("utf-8"))
    else:
        report.duplicates.append((doc.source, doc_id))
    return True


def _one_line(exc: BaseException) -> str:
    """An exception as one short line: its message, or its type when the message is empty."""
    text = " ".join(str(exc).split())
    return text[:300] if text else type(exc).__name__


def _reextract_one(store: Store, doc: StoredDocument, reviewer: str) -> dict[str, int]:
    from .domain import Period
    from .nlp.service import PIPELINE_VERSION
    from .train.propose import extractor_for  # the rules, with the store's active model if any

    period = Period(doc.period_start, doc.period_end) if doc.period_start else None
    ex = extractor_for(store).extract(store.document_text(doc.id), published=doc.published, period=period)
    return store.replace_candidates(doc.id, ex, reviewer=reviewer, pipeline_version=PIPELINE_VERSION)


def _reextract_if_stale(store: Store, document_id: int, reviewer: str) -> int:
    from .nlp.service import PIPELINE_VERSION

    doc = store.document(document_id)
    if doc.pipeline_version == PIPELINE_VERSION:
        return 0
    _reextract_one(store, doc, reviewer)
    return 1


def reextract(store: Store, document_ids: list[int] | None = None, *, reviewer: str,
              cancel: Cancel | None = None) -> Iterator[Progress | dict[str, int]]:
    """Re-run the pipeline over stored reports, keeping every decision (see Store.replace_candidates)."""
    docs = store.documents(ids=document_ids) if document_ids is not None else store.documents()
    totals = {"documents": 0, "kept": 0, "removed": 0, "added": 0, "suppressed": 0, "failed": 0}
    for i, d in enumerate(docs, 1):
        if cancel and cancel():
            totals["cancelled"] = 1
            break
        try:
            result = _reextract_one(store, d, reviewer)
        except Exception as exc:  # noqa: BLE001 - this report keeps its candidates; the others go on
            totals["failed"] += 1
            yield Progress(i, len(docs), f"error: {d.key}: not re-extracted: {_one_line(exc)}")
            continue
        totals["documents"] += 1
        for k in ("kept", "removed", "added", "suppressed"):
            totals[k] += result[k]
        yield Progress(i, len(docs), d.title[:60])
    yield totals
