"""Extraction for import, spread over worker processes when the cores are free: texts in, results out in order.

    for payload, result in extract_in_order(extractor, stream, text_of, jobs=2):
        ...  # result: an Extraction, or ExtractionFailed for that text alone; payloads in the stream's order

Why a pool of forked workers, each holding the pipeline once, and not spaCy's `nlp.pipe(n_process=2)`
(measured on the 2-core machine, 300 generated reports; CPU seconds, since the machine is shared):
- in this process: 3.6 s CPU;
- `nlp.pipe(n_process=2)` refuses our Docs (the components leave Python objects in `doc._`, which spaCy
  cannot serialise to send a Doc back); with one more component that turns each Doc into a pickled Extraction
  it runs, for 7.9 s CPU: every Doc is tokenised here and sent both ways as bytes (2.4 s here, 5.5 s in the
  workers), so two cores did less than one;
- this pool, sent (text, meta) chunks and sending back Extractions: 4.0 s CPU (0.35 s here), so two cores
  do nearly twice the work of one;
- the same pool started with `spawn`: 2.9 s CPU more, because each worker imports spaCy and builds the
  pipeline again (1.5 s); a forked worker inherits the built pipeline in a few milliseconds.
So fork where it is safe (Linux), spawn elsewhere; an import of SMALL texts or fewer (SPAWN_SMALL with spawn)
never starts a worker.
A worker that dies (killed, out of memory) costs nothing but speed: its chunk, and every later one, is
extracted here instead.

Why fork and not a "forkserver" (a fork copies only the forking thread, so a lock another thread held at that
moment stays held in the worker; the window's import process runs a second thread, its command reader, which is
why it reads a copy of stdin's descriptor, see gui/import_process.py). Measured 2026-11-29 (load 4.5), a 2-worker
pool extracting 16 generated reports, with a forkserver whose preloaded module builds the pipeline: 3.1 s to the
first result for the first pool of a process (the server starts Python, imports spaCy and builds the pipeline,
~1.5 s of CPU) against 0.1 s forked; later pools 0.1 s, as forked. Its costs beyond that: a second resident copy
of the pipeline for the process's life, an active trained model rebuilt in every worker (as spawned), and Python
3.11's forkserver ignores the parent's sys.path when preloading (only installed modules preload; a failed preload
is silent and every worker then builds its own pipeline, 2.5 s a pool, seen). Not worth it while the only known
lock is avoided where it is taken; where a fork is made from a process with more threads, start_method() is the
one place to change.
"""
from __future__ import annotations

import gc
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

P = TypeVar("P")
Meta = dict[str, Any]

SMALL = 20  # at most this many texts: extracted here, no worker started (a forked pool starts in ~0.1 s)
# A spawned worker builds its own pipeline (~1.5 s CPU each); at ~12 ms a report it pays off from a few hundred.
SPAWN_SMALL = 300
CHUNK = 8  # texts per task: ~0.1 s of work, so both workers stay busy to the end and a cancel is quick
SERIAL_BATCH = 32  # texts per nlp.pipe batch when extracting here (as import always did)

_extractor = None  # the worker's extractor: inherited from the parent (fork) or built by _init (spawn)


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def free_cores() -> int:
    """Cores not busy over the last minute: the cores less the whole part of the 1-minute load average, at
    least 1 (a core used 60 % of the time by someone else still gives a second worker most of a core)."""
    cores = available_cores()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average
        return cores
    return max(1, cores - int(load))


def start_method() -> str | None:
    """fork on Linux; spawn elsewhere (macOS's system libraries are not fork-safe); None in a frozen build off
    Linux, whose entry point would need multiprocessing.freeze_support() to start a spawned worker."""
    if sys.platform.startswith("linux"):
        return "fork"
    if getattr(sys, "frozen", False):
        return None
    return "spawn"


def default_jobs() -> int:
    """What `--jobs` means when not given: the free cores, or 1 where no worker can start."""
    return free_cores() if start_method() is not None else 1


# -- in the worker -------------------------------------------------------------------------------------------
def _init(model: tuple[str, int] | None) -> None:
    import signal

    global _extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    if _extractor is None:  # spawned: build the pipeline (and the model's proposer) once, here
        from .nlp.service import Extractor, get_extractor

        _extractor = get_extractor()
        if model is not None:
            from .train.model import load
            from .train.propose import Proposer

            _extractor = Extractor(get_extractor().nlp)
            _extractor.proposer = Proposer(load(model[0]), model_id=model[1])


def _extract_chunk(items: list[tuple[str, Meta]]) -> list[Any]:
    from .nlp.service import extract_each

    return list(extract_each(_extractor, items, batch_size=len(items)))


# -- in the importing process --------------------------------------------------------------------------------
def _here(extractor, items: list[tuple[str, Meta]]) -> list[Any]:
    from .nlp.service import extract_each

    return list(extract_each(extractor, items, batch_size=SERIAL_BATCH))


class _Pool:
    """`jobs` worker processes, each with the parent's extractor; chunks submitted and collected in order."""

    def __init__(self, extractor, jobs: int, method: str, model: tuple[str, int] | None):
        import multiprocessing

        global _extractor
        if method == "fork":
            extractor.nlp  # noqa: B018 - built here once; the forked workers inherit it built
        self.executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                                            initializer=_init, initargs=(None if method == "fork" else model,))
        if method == "fork":  # the workers fork at the first submit, after this
            _extractor = extractor
            # What lives now (the pipeline, modules) is left out of every later collection, here and in the
            # workers, whose collector then leaves those shared pages alone instead of copying them (as Python's
            # gc.freeze documentation advises before fork). Never unfrozen: the window's worker froze its
            # pipeline already, for good, and the garbage is collected first.
            gc.collect()
            gc.freeze()

    def submit(self, items: list[tuple[str, Meta]]) -> Future:
        return self.executor.submit(_extract_chunk, items)

    def close(self) -> None:
        global _extractor
        # cancel_futures: queued chunks are dropped; a running one ends within about one chunk's time
        self.executor.shutdown(wait=True, cancel_futures=True)
        _extractor = None


def extract_in_order(extractor, stream: Iterable[P], text_of: Callable[[P], tuple[str, Meta]], *,
                     jobs: int | None = None, model: tuple[str, int] | None = None
                     ) -> Iterator[tuple[P, Any]]:
    """(payload, Extraction | ExtractionFailed) for each payload of `stream`, in the stream's order.

    The stream is read lazily (a few chunks ahead of what is yielded). jobs=None: default_jobs(); with one job,
    or SMALL payloads or fewer (SPAWN_SMALL where workers are spawned), everything is extracted here in
    batches of SERIAL_BATCH, as import always did.
    `model` (path, id) is the active model, rebuilt in a spawned worker (a forked one inherits `extractor`).
    Closing the generator early (a cancel) stops the workers."""
    it = iter(stream)
    method = start_method()
    jobs = default_jobs() if jobs is None else max(1, jobs)
    if jobs == 1 or method is None:
        yield from _serial(extractor, it, text_of)
        return
    small = SMALL if method == "fork" else SPAWN_SMALL
    head: list[P] = []
    for payload in it:
        head.append(payload)
        if len(head) > small:
            break
    else:  # a small import: not worth a worker's start
        yield from _serial(extractor, head, text_of)
        return
    try:
        pool: _Pool | None = _Pool(extractor, jobs, method, model)
    except Exception:  # noqa: BLE001 - no worker could start (no fork, no semaphores): extract here, as ever
        pool = None
    waiting: deque[tuple[list[P], Future | None]] = deque()  # submitted chunks, in order; None: extract here
    chunks = _chunks(_chain(head, it), CHUNK)
    try:
        for chunk in chunks:
            waiting.append((chunk, pool.submit([text_of(p) for p in chunk]) if pool else None))
            while len(waiting) > 2 * jobs or (waiting and _finished(waiting[0][1])):
                chunk0, future = waiting.popleft()
                results, pool = _collect(extractor, chunk0, future, pool, text_of)
                yield from zip(chunk0, results)
        while waiting:
            chunk0, future = waiting.popleft()
            results, pool = _collect(extractor, chunk0, future, pool, text_of)
            yield from zip(chunk0, results)
    finally:
        if pool is not None:
            pool.close()


def _finished(future: Future | None) -> bool:
    return future is None or future.done()


def _collect(extractor, chunk: list[P], future: Future | None, pool: _Pool | None, text_of
             ) -> tuple[list[Any], _Pool | None]:
    """One chunk's results; when the pool failed (a worker died), the chunk is extracted here and the pool is
    closed, so this chunk and every later one are done in this process."""
    if future is not None:
        try:
            return future.result(), pool
        except Exception:  # noqa: BLE001 - BrokenProcessPool or a result that did not come back: redo it here
            if pool is not None:
                pool.close()
            pool = None
    return _here(extractor, [text_of(p) for p in chunk]), pool


def _serial(extractor, stream: Iterable[P], text_of) -> Iterator[tuple[P, Any]]:
    for chunk in _chunks(stream, SERIAL_BATCH):
        yield from zip(chunk, _here(extractor, [text_of(p) for p in chunk]))


def _chunks(items: Iterable[P], size: int) -> Iterator[list[P]]:
    from .nlp.service import chunks  # the extractor's own batching; loaded with it, so no cost here

    return chunks(items, size)


def _chain(head: list[P], rest: Iterator[P]) -> Iterator[P]:
    yield from head
    yield from rest


