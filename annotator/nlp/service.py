"""The extraction service: text in, candidate events and stated totals out, as domain objects. No Qt.

    ex = get_extractor().extract(text, published="2022-09-23", period=Period("2022-08-23", "2022-09-22"))
    for ex in get_extractor().extract_many(items, cancel=worker.is_cancelled): ...

The pipeline is built on first use (about a second). extract_many streams results in input order, stops
early when cancel() turns true, and can spread the work over processes (n_process > 1). A text over
bounded.CHUNK_CHARS is extracted by chunks cut at paragraph breaks, its offsets kept (spaCy refuses texts
over a million characters). extract_each is extract_many for callers that must go on past a failing text.
"""
from __future__ import annotations

import dataclasses
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..domain import Argument, Count, Event, Fact, Period
from .bounded import chunk_bounds, make_doc
from .config import resources_hash
from .docutil import doc_text, set_text, token_start_list, token_table

PIPELINE_VERSION: str = "rules-" + resources_hash()


@dataclass
class Extraction:
    events: list[Event] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


def _period_tuple(period: Period | dict | tuple | None) -> tuple[str, str] | None:
    if period is None:
        return None
    if isinstance(period, Period):
        return (period.start, period.end)
    if isinstance(period, dict):
        return (period["start"], period["end"])
    return (period[0], period[1])


_ORIGINAL = "annotator.original_text"  # Doc.user_data key: the text before unwrap.py, when it differs


def _texts_from(ex: Extraction, text: str) -> None:
    """Each span's text read again from `text`, the original of the unwrapped text the Doc holds (same offsets)."""
    for ev in ex.events:
        ev.evidence = text[ev.start:ev.end]
        for a in ev.arguments:
            a.text = text[a.start:a.end]
    for f in ex.facts:
        f.evidence = text[f.start:f.end]


class Extractor:
    proposer = None  # annotator.train.propose.Proposer: the active model's candidates join the rules' here

    def __init__(self, nlp=None):
        self._nlp = nlp
        self._lock = threading.Lock()

    @property
    def nlp(self):
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    from .pipeline import build_pipeline

                    self._nlp = build_pipeline()
        return self._nlp

    def _doc(self, text: str, published: str | None, period) -> Any:
        read = self._unwrap(text)
        doc = make_doc(self.nlp, read)
        set_text(doc, read)
        if read != text:  # a wrapped text, read with its paragraphs on a line each: its spans' text is the original's
            doc.user_data[_ORIGINAL] = text
        doc._.published = published
        doc._.period = _period_tuple(period)
        return doc

    def extract(self, text: str, *, published: str | None = None, period: Period | None = None) -> Extraction:
        return next(self.extract_many([(text, {"published": published, "period": period})], batch_size=1))

    def _unwrap(self, text: str) -> str:
        # the blocks component holds the thresholds (its configuration); looked up once, not for every text
        unwrap = self.__dict__.get("_unwrapper")
        if unwrap is None:
            blocks = self.nlp.get_pipe("blocks") if "blocks" in self.nlp.pipe_names else None
            unwrap = self._unwrapper = getattr(blocks, "unwrap", None) or (lambda t: t)
        return unwrap(text)

    def _result(self, doc) -> Extraction:
        ex = to_extraction(doc)
        if self.proposer is not None:
            ex = self.proposer(doc, ex)
        original = doc.user_data.get(_ORIGINAL)
        if original is not None:
            _texts_from(ex, original)
        return ex

    def extract_many(self, items: Iterable[tuple[str, dict]], *, n_process: int = 1, batch_size: int = 16,
                     cancel: Callable[[], bool] | None = None) -> Iterator[Extraction]:
        """(text, {"published": ..., "period": Period | None}) pairs -> Extractions, in order."""
        if n_process > 1 and self.proposer is None:
            yield from _extract_parallel(items, n_process, batch_size, cancel)
            return
        nlp = self.nlp
        chunk_starts: deque[list[int]] = deque()  # per text not yet finished: where its chunks start

        def docs():
            for text, meta in items:
                if cancel is not None and cancel():
                    return
                meta = meta or {}
                bounds = chunk_bounds(text)
                chunk_starts.append([start for start, _ in bounds])
                for start, end in bounds:
                    yield self._doc(text[start:end] if len(bounds) > 1 else text, meta.get("published"),
                                    meta.get("period"))

        parts: list[Extraction] = []
        for doc in nlp.pipe(docs(), batch_size=batch_size):
            parts.append(self._result(doc))
            if len(parts) < len(chunk_starts[0]):
                continue
            yield merge_chunks(parts, chunk_starts.popleft())
            parts = []
            if cancel is not None and cancel():
                return


class ExtractionFailed(Exception):
    """What extract_each yields in place of one text's Extraction when extracting that text raised."""


def extract_each(extractor: Extractor, items: Iterable[tuple[str, dict]], *, batch_size: int = 16,
                 cancel: Callable[[], bool] | None = None) -> Iterator[Extraction | ExtractionFailed]:
    """extract_many, but an exception while extracting one text yields ExtractionFailed for that text only.

    Texts go through the pipeline in batches as usual; when a batch raises, its texts are run again one at a
    time, so the failure is pinned to its own text and the others still get their Extraction.
    """
    batch: list[tuple[str, dict]] = []

    def run(batch):
        try:
            yield from list(extractor.extract_many(batch, batch_size=batch_size))
        except Exception:  # noqa: BLE001 - retried text by text below, and reported per text
            for text, meta in batch:
                meta = meta or {}
                try:
                    yield extractor.extract(text, published=meta.get("published"), period=meta.get("period"))
                except Exception as exc:  # noqa: BLE001 - any bug in any component fails this text only
                    yield ExtractionFailed(f"{type(exc).__name__}: {exc}".splitlines()[0][:300])

    for item in items:
        if cancel is not None and cancel():
            return
        batch.append(item)
        if len(batch) >= batch_size:
            yield from run(batch)
            batch = []
    if batch:
        yield from run(batch)


def merge_chunks(parts: list[Extraction], starts: list[int]) -> Extraction:
    """One Extraction from the Extractions of a text's chunks: offsets shifted to the whole text; for each kind
    of stated total the first chunk that states it wins (totals are stated near the top of a report)."""
    if len(parts) == 1:
        return parts[0]
    merged = Extraction()
    kinds: set[str] = set()
    for part, shift in zip(parts, starts):
        for ev in part.events:
            args = [dataclasses.replace(a, start=a.start + shift, end=a.end + shift) for a in ev.arguments]
            merged.events.append(dataclasses.replace(ev, start=ev.start + shift, end=ev.end + shift, arguments=args))
        for f in part.facts:
            if f.kind not in kinds:
                kinds.add(f.kind)
                merged.facts.append(dataclasses.replace(f, start=f.start + shift, end=f.end + shift))
    return merged


_shared: Extractor | None = None
_shared_lock = threading.Lock()


def get_extractor() -> Extractor:
    """The process-wide extractor (its pipeline is built once, on first use)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Extractor()
        return _shared


# -- several processes ---------------------------------------------------------------------------------
def _worker_chunk(chunk: list[tuple[str, dict]]) -> list[Extraction]:
    return list(get_extractor().extract_many(chunk, batch_size=max(1, len(chunk))))


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items in order, the last maybe shorter (the import's worker pool batches with it too)."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _extract_parallel(items, n_process: int, batch_size: int, cancel) -> Iterator[Extraction]:
    """Chunks of `batch_size` documents go to worker processes; results come back in order."""
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context("spawn")
    # Build the pipeline before forking, so the workers inherit it instead of building their own.
    if ctx.get_start_method() == "fork":
        get_extractor().nlp  # noqa: B018
    with ctx.Pool(n_process) as pool:
        try:
            for results in pool.imap(_worker_chunk, chunks(items, max(1, batch_size))):
                for ex in results:
                    yield ex
                    if cancel is not None and cancel():
                        return
        finally:
            pool.terminate()


# -- spaCy Doc -> domain objects ----------------------------------------------------------------------------
class _Chars:
    """Token ranges of one Doc as character offsets and text, without making Span objects."""

    def __init__(self, doc) -> None:
        self.text = doc_text(doc)
        self.starts = token_start_list(doc)
        self.orths = token_table(doc)["ORTH"]
        self.strings = doc.vocab.strings

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        last = end - 1
        return self.starts[start], self.starts[last] + len(self.strings[self.orths[last]])

    def arg(self, role: str, start: int, end: int, value=None, qualifier=None) -> Argument:
        s, e = self.bounds(start, end)
        return Argument(role, s, e, self.text[s:e], None if value is None else str(value), qualifier)


def to_event(doc, ev, chars: _Chars | None = None) -> Event:
    chars = chars or _Chars(doc)
    start, end = chars.bounds(ev.start, ev.end)
    date = ev.date
    e = Event(type=ev.type, start=start, end=end, evidence=chars.text[start:end], origin="rules", rule=ev.rule,
              confidence=round(max(0.05, min(0.99, ev.confidence)), 2))
    args: list[Argument] = []
    for t in ev.triggers:
        args.append(chars.arg("trigger", t.start, t.end, t.rule.id))
    if date is not None and date.iso:
        e.date = date.iso
        e.date_precision = date.precision
        e.in_period = date.in_period
        e.end_date = ev.end_date
        if ev.date_span is not None:
            args.append(chars.arg("date", ev.date_span.start, ev.date_span.end, date.iso))
    if ev.location is not None:
        m = ev.location
        e.location = m.text
        if m.place is not None:
            e.location_name, e.admin1 = m.place.name, m.place.admin1
            e.lat, e.lon = m.place.lat, m.place.lon
            # "near": the place as written is unknown or part of a settlement; name and point are the enclosing
            # place's ("X in rural Y" -> Y)
            e.location_precision = "near" if m.via == "near" else m.place.kind
        else:
            e.location_precision = "unresolved"
            if m.via == "admin1":  # "X in Y province": only the governorate is known
                e.admin1 = m.via_place.admin1
        args.append(chars.arg("location", m.span.start, m.span.end, m.place.name if m.place is not None else m.text,
                              "enclosing" if m.via else None))
    for a in ev.actors:
        actor = a.value
        arg = chars.arg("actor", a.start, a.end, actor.name)
        _add_unique(e.actors, arg.text)
        _add_unique(e.actors_canonical, actor.name)
        args.append(arg)
    for a in ev.targets:
        arg = chars.arg("target", a.start, a.end, a.value.name)
        _add_unique(e.targets, arg.text)
        args.append(arg)
    for role, hit in ev.counts.items():
        e.counts[role] = Count(hit.value, hit.qualifier)
        args.append(chars.arg(role, hit.start, hit.end, hit.value, hit.qualifier))
    if ev.type == "convoy":
        e.direction = ev.direction
    e.arguments = args
    return e


def _add_unique(seq: list[str], item: str) -> None:
    if item not in seq:
        seq.append(item)


def to_facts(doc) -> list[Fact]:
    from .facts import FACT_ORDER, chosen_facts

    chosen = chosen_facts(doc._.facts or [])
    out = []
    chars = None
    for kind in FACT_ORDER:
        f = chosen.get(kind)
        if f is None:
            continue
        chars = chars or _Chars(doc)
        start, end = chars.bounds(f.sentence.start, f.sentence.end)
        out.append(Fact(kind=kind, value=f.value, start=start, end=end, evidence=chars.text[start:end],
                        qualifier=f.qualifier, origin="rules", rule=f.rule,
                        confidence=f.confidence - (0.2 if f.in_heading else 0.0)))
    return out


def to_extraction(doc) -> Extraction:
    events = doc._.events or []
    chars = _Chars(doc) if events else None
    return Extraction(events=[to_event(doc, ev, chars) for ev in events], facts=to_facts(doc))
