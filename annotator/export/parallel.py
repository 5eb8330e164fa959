"""The span exports (CoNLL, JSONL, BRAT, spaCy) and GeoJSON rendered by forked worker processes, written here in the selection's
order.

    result = write_blocks("conll", store, ids, "all", out_path, jobs=2, progress=on_document)

The selected reports are cut into contiguous blocks of BLOCK ids, in list order. Each worker opens its own
connection to the database (never the parent's: an SQLite connection must not cross a fork), made query-only,
reads its block with load_documents and renders it: CoNLL and JSONL into a part file, which this process appends
to the output in block order, so the file is the serial path's byte for byte; BRAT writes the block's .txt/.ann
files itself (each report has its own file names); spaCy's blocks are part files of both sides' examples that
spacy_docbin.BlockSink takes in order into train.spacy and dev.spacy; GeoJSON renders the block's features into a
part file, and this process writes the collection's opening, the separators between blocks and its close, as
write_geojson lays them. At most 2 x jobs blocks are in flight, so memory stays a few blocks. Only where workers
fork (Linux): a spawned worker would import spaCy again for each export.
A cancel (the progress callback raises) drops the queued blocks; the running ones end within one block.

Measured on the 2-core shared machine, 10,000 generated reports, 205,250 events, --status all, serial -> 2 jobs
(wall seconds; the load average from others was 0.4-2.8, so the figures move by +-20 %):
    conll  19.3-20.6 s -> 12.3-17.1 s   (10.0-10.6k -> 12.0-16.7k events/s)
    jsonl  23.8-32.5 s -> 18.7-27.1 s   (8.0k -> 10.7k events/s at best; the output is 1.25 GB: its blocks sent
                                         through the pipe cost this process 3.7 s CPU, as part files 1.1 s)
    brat   12.0-13.4 s -> 6.3-7.4 s     (15.3-17.1k -> 27.6-32.8k events/s)
Peak resident memory: this process 44-67 MB (113 MB serial), each worker 35-147 MB (mostly pages shared with
this process).
"""
from __future__ import annotations

import glob
import os
import shutil
from collections import deque
from contextlib import nullcontext
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .page_cache import DropBehind
from .selection import ExportResult, load_documents
from .spans import CARRIER_ROLES

FORMATS = ("conll", "jsonl", "brat", "spacy", "geojson")
SMALL = 200  # fewer reports than this: rendered here (starting the workers costs ~0.1 s)
BLOCK = 40  # reports per block: ~0.1-0.2 s of work and a few MB of JSONL, so a cancel is quick and memory small


@dataclass
class Block:
    part: str = ""  # CoNLL/JSONL: the file holding the block's lines, appended to the output here
    result: ExportResult = field(default_factory=lambda: ExportResult(""))
    last_title: str = ""


def worth_it(fmt: str, reports: int, jobs: int) -> bool:
    from ..extract_pool import start_method

    return fmt in FORMATS and jobs > 1 and reports >= SMALL and start_method() == "fork"


# -- in the worker -------------------------------------------------------------------------------------------
_store = None  # the worker's own Store, opened at its first block


def _init() -> None:
    import signal

    global _store
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    _store = None  # a forked worker inherits the parent's module state, never its connection


def _worker_store(db_path: str):
    global _store
    if _store is None:
        from ..store import Store

        _store = Store(db_path)
        _store.db.execute("PRAGMA query_only=ON")  # an export only reads
    return _store


def render_block(fmt: str, store, ids: list[int], status: str, reads: set[str], out: Path,
                 kwargs: dict[str, Any], part: Path | None = None) -> Block:
    """One block of reports, rendered as the serial writer renders them (CoNLL, JSONL: into the file `part`)."""
    block = Block(result=ExportResult(fmt))
    result = block.result
    docs = load_documents(store, ids, status, arguments="arguments" in reads, facts="facts" in reads,
                          tokens="tokens" in reads,
                          spans_only="event_spans" in reads, frames="frames" in reads,
                          roles=CARRIER_ROLES if "carrier_arguments" in reads else None)
    parts: list[str] = []
    if fmt == "conll":
        from .conll import document_text

        for ed in docs:
            parts.append(document_text(ed, result.skipped))
            result.documents += 1
            result.events += len(ed.events)
            block.last_title = ed.document.title
    elif fmt == "jsonl":  # written as bytes, straight into the part file (jsonl.write_lines)
        from .jsonl import write_lines

        with open(part, "wb") as fh:
            block.last_title = write_lines(docs, fh, result, **kwargs)
        block.part = str(part)
        return block
    elif fmt == "geojson":
        from .geojson import feature_json, iter_features

        seen: list[int] = []
        for f in iter_features(docs, result.skipped, seen):
            parts.append(feature_json(f))
            result.events += 1
        parts = [",\n  ".join(parts)] if parts else []  # the parent writes what comes between blocks
        result.documents = len(seen)
        block.last_title = "GeoJSON"
    elif fmt == "brat":
        from .brat import read_documents, write_report

        for ed in read_documents(store, ids, status):  # its own reader (`docs` is never started)
            write_report(ed, out, result)
            block.last_title = ed.document.title
    elif fmt == "spacy":  # both sides' examples in one part file, taken by spacy_docbin.BlockSink
        from .spacy_docbin import write_part

        block.last_title, block.part = write_part(docs, part, result), str(part)
        return block
    else:
        raise ValueError(f"{fmt} has no parallel writer")
    if part is not None:
        with part.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write("".join(parts))
        block.part = str(part)
    return block


def _render(fmt: str, db_path: str, ids: list[int], status: str, reads: set[str], out: str,
            kwargs: dict[str, Any], part: str | None) -> Block:
    return render_block(fmt, _worker_store(db_path), ids, status, reads, Path(out), kwargs,
                        Path(part) if part else None)


# -- in the exporting process --------------------------------------------------------------------------------
def write_blocks(fmt: str, store, ids: list[int], status: str, out: Path, *, jobs: int,
                 reads: set[str] = frozenset({"arguments", "facts"}), kwargs: dict[str, Any] | None = None,
                 progress: Callable[[int, str], None] | None = None) -> ExportResult:
    """The export of `ids` from `store` to `out` (a file, or BRAT's folder), rendered by `jobs` forked workers,
    each with its own connection to store.path. progress(done, title) counts the selected reports handled so far;
    an exception it raises (a cancel) stops the workers and propagates. Should a worker die (killed, out of
    memory), its block and every later one are rendered here, with `store`."""
    import multiprocessing

    kwargs = dict(kwargs or {})
    if fmt == "jsonl":
        from .jsonl import export_time

        kwargs.setdefault("exported_at", export_time())
    total = ExportResult(fmt, [] if fmt in ("brat", "spacy") else [out])
    sink = None
    if fmt == "brat":
        from .brat import write_conf

        conf = write_conf(out)
    elif fmt == "spacy":
        from .spacy_docbin import BlockSink

        sink = BlockSink(out)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "geojson":
        from .geojson import FOOTER, FOOTER_EMPTY, HEADER
    executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_init)
    pool = [executor]  # emptied when the pool broke
    waiting: deque[tuple[list[int], str | None, Future | None]] = deque()
    handled = [0]  # selected reports handled so far (a block's reports with nothing matching are left out)
    job = (fmt, store, status, set(reads), out, kwargs)
    try:
        with (out.open("wb") if fmt not in ("brat", "spacy") else nullcontext(sink)) as fh:
            if fmt == "geojson":
                fh.write(HEADER.encode())
            behind = DropBehind(fh)  # page_cache.py: the blocks copied in are dropped behind the end
            for i, block_ids in enumerate(_blocks(ids, BLOCK)):
                part = None if fmt == "brat" else str(out.parent / f"{out.name}.block-{i}")
                future = None
                if pool:
                    try:
                        future = executor.submit(_render, fmt, str(store.path), block_ids, status, set(reads),
                                                 str(out), kwargs, part)
                    except BrokenProcessPool:
                        pool.clear()
                waiting.append((block_ids, part, future))
                while len(waiting) > 2 * jobs:
                    _take(waiting.popleft(), job, pool, fh, total, handled, progress, behind)
            while waiting:
                _take(waiting.popleft(), job, pool, fh, total, handled, progress, behind)
            if fmt == "geojson":
                fh.write((FOOTER if total.events else FOOTER_EMPTY).encode())
        if sink is not None:
            total.paths = sink.close()
            if total.paths is None:  # one side got no report: the serial writer moves one there
                from .spacy_docbin import write_spacy

                return write_spacy(load_documents(store, ids, status, arguments=True, facts=False), out)
    finally:
        if sink is not None:
            sink.discard()
        # cancel_futures: queued blocks are dropped; a running one ends within one block's time
        executor.shutdown(wait=True, cancel_futures=True)
        for left in out.parent.glob(f"{glob.escape(out.name)}.block-*"):  # a cancel's or a failure's blocks
            left.unlink(missing_ok=True)
    if fmt == "brat":
        total.paths += conf
    return total


def _take(item: tuple[list[int], str | None, Future | None], job: tuple, pool: list, fh, total: ExportResult,
          handled: list[int], progress, behind: DropBehind | None = None) -> None:
    ids, part, future = item
    block: Block | None = None
    if future is not None:
        try:
            block = future.result()
        except BrokenProcessPool:  # a worker died: this block and the later ones are rendered here
            pool.clear()
    if block is None:
        fmt, store, status, reads, out, kwargs = job
        block = render_block(fmt, store, ids, status, reads, out, kwargs, Path(part) if part else None)
    if block.part and job[0] == "geojson" and block.result.events:
        fh.write(b",\n  " if total.events else b"\n  ")  # between features, as write_geojson separates them
    if block.part:
        if hasattr(fh, "take_part"):
            fh.take_part(block.part)
        else:
            with open(block.part, "rb") as src:
                shutil.copyfileobj(src, fh, 1 << 20)
            if behind is not None:
                fh.flush()
                behind.wrote()
        os.unlink(block.part)
    r = block.result
    total.paths += r.paths
    total.documents += r.documents
    total.events += r.events
    total.facts += r.facts
    total.skipped += r.skipped
    handled[0] += len(ids)
    if progress:
        progress(handled[0], block.last_title)


def _blocks(ids: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i:i + size]
