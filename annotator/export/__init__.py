"""Exports of reviewed data, one module per format; Qt-free.

    result = run_export(store, "jsonl", Path("out.jsonl"), status="all",
                        progress=lambda p: print(p.done, p.total, p.message), cancel=lambda: False)
    print(result.summary())

The writers (write_jsonl, write_spacy, ...) are pure functions over ExportDocument lists, so they are testable
without a database; run_export reads the selection from the store and drives them.
"""
from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..importing import Progress
from ..store import Store
from .spans import CARRIER_ROLES
from .selection import STATUS_FILTERS, ExportDocument, ExportResult, load_documents, select_document_ids

# format -> (module, writer, whether the output is a folder)
FORMATS: dict[str, tuple[str, str, bool]] = {
    "spacy": ("spacy_docbin", "write_spacy", True),
    "jsonl": ("jsonl", "write_jsonl", False),
    "conll": ("conll", "write_conll", False),
    "brat": ("brat", "write_brat", True),
    "acled-csv": ("acled_csv", "write_acled_csv", False),
    "geojson": ("geojson", "write_geojson", False),
}
SUFFIX = {"jsonl": ".jsonl", "conll": ".conll", "acled-csv": ".csv", "geojson": ".geojson"}


class Cancelled(Exception):
    pass


def writer(fmt: str) -> Callable[..., ExportResult]:
    import importlib

    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module, name, _ = FORMATS[fmt]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


def run_export(store: Store, fmt: str, out: Path, *, status: str = "accepted", period: str | None = None,
               documents: Iterable[str | int] | None = None, progress: Callable[[Progress], None] | None = None,
               cancel: Callable[[], bool] | None = None, jobs: int | None = None) -> ExportResult:
    """Read the selection, then write it; progress gets Progress(done, total, message) with total = twice the
    number of documents (reading, then writing). A cancel is honoured between reports; the result says so.
    jobs > 1 (None: the free cores): spaCy, CoNLL, JSONL and BRAT exports of parallel.SMALL reports or more are rendered
    by that many forked workers, block by block, into the same bytes (parallel.py)."""
    write = writer(fmt)
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt][0]}")
    # Writers that never read events' arguments or stated totals say so (READS = {...}), and those rows are not read.
    reads = getattr(module, "READS", {"arguments", "facts"})
    ahead = getattr(module, "READS_AHEAD", False)  # a writer that takes reports in blocks (jsonl)
    # A writer with its own reader (read_documents(store, ids, status): brat) gets the same reports from it.
    read = getattr(module, "read_documents", None)
    if status not in STATUS_FILTERS:
        raise ValueError(f"unknown status {status!r}; choose one of {', '.join(STATUS_FILTERS)}")
    ids = select_document_ids(store, period=period, documents=documents)
    total = 2 * len(ids)

    # Streamed: each report is read when the writer asks for it and dropped once written, so an export holds one
    # report at a time, not the whole selection (issue 13: 1.1 GB peak for 145,000 events when all were read
    # first). Progress still counts a read and a write per report.
    def stream() -> Iterator[ExportDocument]:
        docs = read(store, ids, status) if read else load_documents(
            store, ids, status, arguments="arguments" in reads, facts="facts" in reads, tokens="tokens" in reads,
            spans_only="event_spans" in reads, roles=CARRIER_ROLES if "carrier_arguments" in reads else None,
            frames="frames" in reads)
        for i, ed in enumerate(docs, 1):
            if cancel and cancel():
                raise Cancelled
            if progress and not ahead:
                progress(Progress(2 * i - 1, total, f"reading {ed.document.title[:60]}"))
            yield ed

    def on_document(done: int, message: str) -> None:
        if cancel and cancel():
            raise Cancelled
        if progress:
            if ahead:  # the read is counted with the write, so that the count never goes back
                progress(Progress(2 * done - 1, total, f"reading {message[:60]}"))
            progress(Progress(2 * done, total, f"writing {message[:60]}"))

    kwargs = {"status_filter": status} if fmt == "jsonl" else {}
    out = Path(out)
    # Written beside the target first and moved in at the end: a cancel or an error never leaves half a file.
    partial = out.parent / f".{out.name}.partial-{os.getpid()}"
    # parallel.py (and multiprocessing) not imported when one process is asked for: ~20 ms of a --jobs 1 export,
    # as its source is compiled every run where no bytecode is written (PYTHONDONTWRITEBYTECODE). With the
    # default (the free cores, which vary with the load) it is always imported, so no run imports it mid-way.
    parallel = None
    if jobs is None or jobs > 1:
        from . import parallel
    if jobs is None:
        from ..extract_pool import default_jobs

        jobs = default_jobs()
    jobs = max(1, jobs)
    try:
        if parallel is not None and parallel.worth_it(fmt, len(ids), jobs):
            result = parallel.write_blocks(fmt, store, ids, status, partial, jobs=jobs, reads=reads,
                                           kwargs=kwargs, progress=on_document)
        else:
            result = write(stream(), partial, progress=on_document, **kwargs)
    except Cancelled:
        _remove(partial)
        return ExportResult(fmt, cancelled=True)
    except BaseException:
        _remove(partial)
        raise
    if partial.is_dir() and out.exists():
        for item in partial.iterdir():
            os.replace(item, out / item.name)
        partial.rmdir()
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, out)  # a new folder moves in whole (a BRAT export of 10,000 reports is 20,000 files)
    inside = len(str(partial))
    result.paths = [out if p == partial else Path(str(out) + str(p)[inside:]) for p in result.paths]
    return result


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()


__all__ = ["FORMATS", "STATUS_FILTERS", "ExportDocument", "ExportResult", "Progress", "load_documents",
           "run_export", "select_document_ids", "writer"]
