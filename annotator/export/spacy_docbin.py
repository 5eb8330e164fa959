"""spaCy training data: DocBin files with events as spans, split into train and dev by document.

- doc.spans["events"]: each event's span (spans.py: its trigger, else its evidence; its date where events share
  one), labelled with its type;
- doc.spans["arguments"]: each argument span (actor, target, location, date, counts), labelled with its role;
- doc.user_data["annotator"]: document id and key, the Doc's character offset in the report, and the event ids in
  span order, so that every span can be traced back.
Each Doc is a sentence-sized piece of a report (sentences are joined where a span would be cut). A report goes wholly to train or wholly to dev, decided by a hash of its key, so the split is the same on every
run. config.cfg beside them is a spancat config on spans_key "events" that `python -m spacy debug data` and
`spacy train` accept (run them from the export folder).
"""
from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .selection import ExportDocument, ExportResult
from .docbin_stream import DocBinWriter
from .spans import event_spans, role_arguments, span_of
from .tokens import Tokens, tokenize

EVENTS_KEY = "events"
ARGUMENTS_KEY = "arguments"
DEV_SHARE = 20  # percent of the reports that go to dev


def blank_nlp():
    import spacy

    return spacy.blank("en")


def split_of(ed: ExportDocument) -> str:
    digest = hashlib.sha1(ed.document.key.encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % 100 < DEV_SHARE else "train"


def split_documents(docs: Sequence[ExportDocument]) -> dict[str, list[ExportDocument]]:
    """Hash split, then one report moved when a side would be empty (training needs both sides)."""
    parts: dict[str, list[ExportDocument]] = {"train": [], "dev": []}
    for ed in docs:
        parts[split_of(ed)].append(ed)
    if len(docs) >= 2:
        for empty, full in (("dev", "train"), ("train", "dev")):
            if not parts[empty]:
                moved = min(parts[full], key=lambda e: hashlib.sha1(e.document.key.encode("utf-8")).hexdigest())
                parts[full].remove(moved)
                parts[empty].append(moved)
    return parts


def _span_ranges(ed: ExportDocument) -> list[tuple[int, int]]:
    out = []
    carriers = event_spans(ed.events)
    for ev in ed.events:
        out.append(span_of(ev, carriers))
        out += [(a.start, a.end) for a in role_arguments(ev)]
    return out


def _inside_a_span(ranges: list[tuple[int, int]]):
    """A test "a < p < b for some range": the ranges merged into disjoint open intervals, found by bisection (a
    report's ~45 sentence starts against its ~120 spans one by one was a fifth of the export's time)."""
    merged: list[list[int]] = []
    for a, b in sorted(r for r in ranges if r[1] - r[0] > 1):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [m[0] for m in merged]

    def inside(p: int) -> bool:
        k = bisect_left(starts, p) - 1
        return k >= 0 and p < merged[k][1]
    return inside


def chunk_bounds(tokens: Tokens, ed: ExportDocument) -> list[tuple[int, int]]:
    """Sentence-sized pieces of the report (character ranges), joined wherever a span would be cut.

    spaCy trains on many short examples better than on a few long ones, and `spacy debug data` asks for at
    least 100 training examples, which a handful of whole reports never gives. `tokens` is the report tokenised
    (tokens.tokenize); its sentences are the Sentencizer's."""
    text = ed.text
    starts = [tokens.starts[i] for i in tokens.sentence_starts()][1:]
    inside = _inside_a_span(_span_ranges(ed))
    cuts = [p for p in starts if not inside(p)]
    edges = [0] + cuts + [len(text)]
    return [(a, b) for a, b in zip(edges, edges[1:]) if text[a:b].strip()]


def make_docs(nlp, ed: ExportDocument, skipped: list[str] | None = None) -> list:
    """The report as spaCy Docs, one per chunk, each with the two span groups and its offset in the report."""
    text = ed.text
    docs, placed = [], set()
    carriers = event_spans(ed.events)
    bounds = chunk_bounds(tokenize(text, nlp), ed)
    chunk_starts = [a for a, _ in bounds]
    per_chunk: list[list] = [[] for _ in bounds]
    for ev in ed.events:  # each event to the chunk that holds its span, in the events' order
        start, end = span_of(ev, carriers)
        k = bisect_right(chunk_starts, start) - 1
        if k >= 0 and end <= bounds[k][1]:
            per_chunk[k].append((ev, start, end))
    for (c_start, c_end), chunk_events in zip(bounds, per_chunk):
        doc = nlp.make_doc(text[c_start:c_end])
        events, arguments, event_ids = [], [], []
        for ev, start, end in chunk_events:
            span = doc.char_span(start - c_start, end - c_start, label=ev.type, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            placed.add(ev.id)
            events.append(span)
            event_ids.append(ev.id)
            for arg in role_arguments(ev):
                if c_start <= arg.start and arg.end <= c_end:
                    a = doc.char_span(arg.start - c_start, arg.end - c_start, label=arg.role,
                                      alignment_mode="expand")
                    if a is not None and len(a):
                        arguments.append(a)
        doc.spans[EVENTS_KEY] = events
        doc.spans[ARGUMENTS_KEY] = arguments
        doc.user_data["annotator"] = {"document_id": ed.document.id, "key": ed.document.key, "offset": c_start,
                                      "event_ids": event_ids}
        docs.append(doc)
    if skipped is not None:
        for ev in ed.events:
            if ev.id not in placed:
                skipped.append(f"{ed.document.key}: event {ev.id} ({ev.type} {ev.start}..{ev.end}) fits no token")
    return docs


def spancat_config(max_span_tokens: int) -> Any:
    """spaCy's own efficiency spancat template, pointed at our span key; the suggester covers our longest span."""
    from spacy.cli.init_config import init_config

    config = init_config(lang="en", pipeline=["spancat"], optimize="efficiency", gpu=False, pretraining=False,
                         silent=True)
    config["paths"]["train"] = "train.spacy"
    config["paths"]["dev"] = "dev.spacy"
    spancat = config["components"]["spancat"]
    spancat["spans_key"] = EVENTS_KEY
    spancat["suggester"] = {"@misc": "spacy.ngram_range_suggester.v1", "min_size": 1,
                            "max_size": max(3, max_span_tokens)}
    # The template scores "spans_sc_*", the default key's names; spancat reports spans_<key>_*, so without this
    # every checkpoint scores 0 and `spacy train` keeps the first.
    config["training"]["score_weights"] = {f"spans_{EVENTS_KEY}_f": 1.0, f"spans_{EVENTS_KEY}_p": 0.0,
                                           f"spans_{EVENTS_KEY}_r": 0.0, "spans_sc_f": None, "spans_sc_p": None,
                                           "spans_sc_r": None}
    return config


@contextmanager
def _msgpack_plugins_read_once() -> Iterator[None]:
    """srsly builds a msgpack packer for every DocBin.add (user data) and each packer looks its encoders up again:
    the installed packages' entry points and every catalogue registration (spaCy has thousands). That was 80-90%
    of the export's time (cProfile: 77 s of 90 for 20,525 events). The encoders are looked up once here and the
    same ones are used, so the bytes do not change."""
    import srsly

    registries = (srsly.msgpack_encoders, srsly.msgpack_decoders)
    for r in registries:
        found = r.get_all()
        r.get_all = lambda found=found: found  # an instance attribute over the method, removed below
    try:
        yield
    finally:
        for r in registries:
            r.__dict__.pop("get_all", None)


def _fill(docs: Iterable[ExportDocument], add: Callable[[str, ExportDocument], None]) -> None:
    """Each report to its side as read; held only while one side is still empty (see split_documents)."""
    held: list[ExportDocument] | None = []  # None once both sides have a report
    for ed in docs:
        if held is None:
            add(split_of(ed), ed)
            continue
        held.append(ed)
        if len({split_of(h) for h in held}) == 2:
            for h in held:
                add(split_of(h), h)
            held = None
    if held:
        for name, part in split_documents(held).items():
            for h in part:
                add(name, h)


def write_spacy(docs: Iterable[ExportDocument], out: Path, *,
                progress: Callable[[int, str], None] | None = None) -> ExportResult:
    """out is a folder: train.spacy, dev.spacy and config.cfg go into it.

    Reports go into their side's file as they are read; only while one side is still empty are they held (the
    rare move split_documents makes needs them), so the reports are not all kept. Each side is written by a
    DocBinWriter (docbin_stream.py): the bytes spaCy's DocBin writes, with each example packed as it is added
    rather than all held until the end (1.2 GB for 10,000 reports before)."""
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult("spacy")
    nlp = blank_nlp()
    writers = {name: DocBinWriter(out / f"{name}.spacy", attrs=["ORTH"], store_user_data=True)
               for name in ("train", "dev")}
    longest = 1

    def add(name: str, ed: ExportDocument) -> None:
        nonlocal longest
        for doc in make_docs(nlp, ed, result.skipped):
            writers[name].add(doc)
            spans = doc.spans[EVENTS_KEY]
            if spans:
                longest = max([longest] + [len(s) for s in spans])
            result.events += len(spans)
        result.documents += 1
        if progress:
            progress(result.documents, ed.document.title)

    try:
        with _msgpack_plugins_read_once():
            _fill(docs, add)
            for name in ("train", "dev"):
                writers[name].close()
                result.paths.append(writers[name].path)
    finally:
        for w in writers.values():
            w.discard()

    config_path = out / "config.cfg"
    spancat_config(longest).to_disk(config_path)
    result.paths.append(config_path)
    return result
