"""spaCy training data: DocBin files with events as spans, split into train and dev by document.

- doc.spans["events"]: each event's span (spans.py: its trigger, else its evidence; its date where events share
  one), labelled with its type;
- doc.spans["arguments"]: each argument span (actor, target, location, date, counts), labelled with its role;
- doc.user_data["annotator"]: document id and key, the Doc's character offset in the report, and the event ids in
  span order, so that every span can be traced back.
Each Doc is a sentence-sized piece of a report (sentences are joined where a span would be cut). A report goes
wholly to train or wholly to dev, decided by a hash of its key, so the split is the same on every run. config.cfg
beside them is a spancat config on spans_key "events" that `python -m spacy debug data` and `spacy train` accept
(run them from the export folder).

make_docs builds those Docs; the export writes the same bytes without them (_report_rows: each piece's rows of the
report's one tokenisation), a block of reports at a time (docbin_block.py: each numpy step once a block, not once
a report), and in blocks on several cores (write_part, BlockSink; export/parallel.py).
"""
from __future__ import annotations

import hashlib
import struct
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from .selection import ExportDocument, ExportResult
from .docbin_stream import DocBinWriter, close_all
from .spans import event_spans, role_arguments, span_of
from .tokens import Tokens, tokenize

# events' arguments, as EventSpans (selection.py), and stored tokens; never stated totals (not read for "all")
READS = {"arguments", "tokens", "event_spans"}
SIDES = ("train", "dev")
EVENTS_KEY = "events"
ARGUMENTS_KEY = "arguments"
DEV_SHARE = 20  # percent of the reports that go to dev


def blank_nlp():
    """tokens.blank_nlp(): building another spacy.blank("en") cost 0.14-0.2 s of every export."""
    from .tokens import blank_nlp as shared

    return shared()


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


def _span_ranges(ed: ExportDocument, carriers: dict[int, tuple[int, int]] | None = None,
                 arguments: list[list] | None = None) -> list[tuple[int, int]]:
    out = []
    carriers = event_spans(ed.events) if carriers is None else carriers
    for k, ev in enumerate(ed.events):
        out.append(span_of(ev, carriers))
        out += [(a.start, a.end) for a in (role_arguments(ev) if arguments is None else arguments[k])]
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


def chunk_bounds(tokens: Tokens, ed: ExportDocument, carriers: dict[int, tuple[int, int]] | None = None,
                 arguments: list[list] | None = None) -> list[tuple[int, int]]:
    """Sentence-sized pieces of the report (character ranges), joined wherever a span would be cut.

    spaCy trains on many short examples better than on a few long ones, and `spacy debug data` asks for at
    least 100 training examples, which a handful of whole reports never gives. `tokens` is the report tokenised
    (tokens.tokenize); its sentences are the Sentencizer's. `carriers` (event_spans(ed.events)) and `arguments`
    (each event's role_arguments), when at hand."""
    text = ed.text
    starts = [tokens.starts[i] for i in tokens.sentence_starts()][1:]
    inside = _inside_a_span(_span_ranges(ed, carriers, arguments))
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


class _PlainPath(Exception):
    """A report that _report_rows leaves to make_docs (a piece whose own tokenisation could differ from the
    report's, or a span spaCy would refuse)."""


@lru_cache(maxsize=4)
def _crossings(tokenizer) -> dict[tuple[str, str], list[tuple[tuple[str, ...], tuple[str, ...]]]] | None:
    """The tokenizer's special-case patterns cut in two at each token boundary, (tokens before, tokens after), by
    the characters either side of the cut.

    The tokenizer matches its special cases again over the whole Doc (Tokenizer._apply_special_cases, a
    PhraseMatcher on the affix-split tokens, blind to single spaces), and a match across a single space between
    two pieces of the report, though never applied, still keeps an overlapping one from applying: the pieces cut
    there could then be tokenised differently on their own. None when a pattern holds whitespace (no piece is
    then taken from the report's tokens)."""
    from spacy.tokenizer import Tokenizer

    bare = Tokenizer(tokenizer.vocab, rules={}, prefix_search=tokenizer.prefix_search,
                     suffix_search=tokenizer.suffix_search, infix_finditer=tokenizer.infix_finditer,
                     token_match=tokenizer.token_match, url_match=tokenizer.url_match)
    cuts: dict[tuple[str, str], list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for special in tokenizer.rules or {}:
        if tokenizer.faster_heuristics and " " not in special and not (
                tokenizer.find_prefix(special) or tokenizer.find_infix(special) or tokenizer.find_suffix(special)):
            continue  # as Tokenizer.add_special_case: not a pattern of the matcher
        orths = tuple(t.text for t in bare(special))  # the pattern: the special case split by the affix rules
        if len(orths) > 1 and any(c.isspace() for c in "".join(orths)):
            return None
        for k in range(1, len(orths)):
            cuts.setdefault((orths[k - 1][-1], orths[k][0]), []).append((orths[:k], orths[k:]))
    return cuts


def _ends_with(text: str, end: int, orths: tuple[str, ...]) -> bool:
    """Whether the tokens can end at `end`, one after another or a single space apart."""
    last = orths[-1]
    if not text.endswith(last, 0, end):
        return False
    at = end - len(last)
    return len(orths) == 1 or _ends_with(text, at, orths[:-1]) or (
        at > 0 and text[at - 1] == " " and _ends_with(text, at - 1, orths[:-1]))


def _starts_with(text: str, start: int, orths: tuple[str, ...]) -> bool:
    first = orths[0]
    if not text.startswith(first, start):
        return False
    at = start + len(first)
    return len(orths) == 1 or _starts_with(text, at, orths[1:]) or (
        at < len(text) and text[at] == " " and _starts_with(text, at + 1, orths[1:]))


def _clean_cut(text: str, p: int, crossings: dict) -> bool:
    """Whether text[:p] and text[p:] tokenise, each on its own, into the report's tokens before and after p.

    spaCy's tokenizer cuts the text into runs of whitespace and of other characters and tokenises each run
    alone, except that a whitespace run opened by ' ' gives that ' ' to the token before as its trailing space
    (and the leading run of a text keeps it). So a cut where the report's tokenizer started a run's tokens
    changes nothing, but for special-case matches across a single space (see _crossings)."""
    if p == 0 or p == len(text):
        return True
    before, at = text[p - 1], text[p]
    if before.isspace() == at.isspace():  # inside a run: only just after the ' ' opening a whitespace run
        return at.isspace() and before == " " and p >= 2 and not text[p - 2].isspace()
    if at.isspace():
        return at != " "
    if before == " " and p >= 2 and not text[p - 2].isspace():  # words on both sides of a single space
        return not any(_ends_with(text, p - 1, left) and _starts_with(text, p, right)
                       for left, right in crossings.get((text[p - 2], at), ()))
    return True


def _report_rows(ed: ExportDocument, writer: DocBinWriter, skipped: list[str]) -> tuple[int, int]:
    """The report's examples (make_docs' Docs) added to `writer` from the report's one tokenisation, without a Doc
    per piece: its rows of the report's token arrays, and span groups and user data packed as spaCy packs them.
    Returns (events, longest event in tokens); raises _PlainPath where the pieces must be tokenised alone.

    A piece cut where _clean_cut allows holds exactly the report's tokens from its first to its last, so its
    Doc's arrays are those rows, its character offsets the report's less the piece's start, and
    Doc.char_span(alignment_mode="expand") is found by bisection over the report's token starts. make_docs
    (a Doc, Spans and to_array per piece) was 85 % of the export's time (cProfile). The work is done for all the
    report's tokens and spans at once in docbin_rows.py."""
    return docbin_rows.report_rows(ed, writer, skipped)


def _empty_groups(writer: DocBinWriter) -> bytes:
    """Doc.spans.to_bytes() of a piece with neither events nor arguments."""
    found = writer.__dict__.get("_empty_groups")
    if found is None:
        pack = writer._packer.pack
        found = writer._empty_groups = pack({pack({"name": n, "attrs": {}, "spans": []}): [n]
                                            for n in (EVENTS_KEY, ARGUMENTS_KEY)})
    return found


def add_report(writer: DocBinWriter, ed: ExportDocument, skipped: list[str]) -> tuple[int, int]:
    """The report's examples added to `writer` (make_docs' Docs, as DocBin.add adds them). Returns (events, longest
    event in tokens)."""
    try:
        return _report_rows(ed, writer, skipped)
    except _PlainPath:
        pass
    events = longest = 0
    for doc in make_docs(blank_nlp(), ed, skipped):
        writer.add(doc)
        spans = doc.spans[EVENTS_KEY]
        events += len(spans)
        longest = max([longest] + [len(s) for s in spans])
    return events, longest


@lru_cache(maxsize=1)
def _spancat_template() -> Any:
    """spaCy's init_config for a spancat pipeline: 0.2-0.5 s (it builds the pipeline to fill in the defaults),
    the same every time in a process, so built once."""
    from spacy.cli.init_config import init_config

    return init_config(lang="en", pipeline=["spancat"], optimize="efficiency", gpu=False, pretraining=False,
                       silent=True)


def spancat_config(max_span_tokens: int) -> Any:
    """spaCy's own efficiency spancat template, pointed at our span key; the suggester covers our longest span."""
    config = _spancat_template().copy()
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


class _Block:
    """Reports gathered for docbin_block.add_block (BLOCK_REPORTS, or fewer of BLOCK_CHARS characters in all):
    each numpy step of the examples then runs once a block, not once a report."""

    def __init__(self) -> None:
        self.items: list[tuple[DocBinWriter, ExportDocument]] = []
        self.chars = 0

    def add(self, writer: DocBinWriter, ed: ExportDocument) -> bool:
        """Whether the block is now full."""
        self.items.append((writer, ed))
        self.chars += len(ed.text)
        return len(self.items) >= docbin_block.BLOCK_REPORTS or self.chars >= docbin_block.BLOCK_CHARS

    def take(self, skipped: list[str]) -> list[tuple[DocBinWriter, ExportDocument, int, int]]:
        """The block's reports added to their writers, each with its (events, longest); the block is then empty."""
        items, self.items, self.chars = self.items, [], 0
        return [(w, ed, events, most) for (w, ed), (events, most) in zip(items, docbin_block.add_block(items, skipped))]


def write_spacy(docs: Iterable[ExportDocument], out: Path, *,
                progress: Callable[[int, str], None] | None = None) -> ExportResult:
    """out is a folder: train.spacy, dev.spacy and config.cfg go into it.

    Reports go into their side's file as they are read; only while one side is still empty are they held (the
    rare move split_documents makes needs them), so the reports are not all kept. Each side is written by a
    DocBinWriter (docbin_stream.py): the bytes spaCy's DocBin writes, with each example packed as it is added
    rather than all held until the end (1.2 GB for 10,000 reports before)."""
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult("spacy")
    writers = {name: DocBinWriter(out / f"{name}.spacy", attrs=["ORTH"], store_user_data=True) for name in SIDES}
    longest = 1
    block = _Block()

    def flush() -> None:
        nonlocal longest
        for _, ed, events, most in block.take(result.skipped):
            result.events += events
            longest = max(longest, most)
            result.documents += 1
            if progress:
                progress(result.documents, ed.document.title)

    def add(name: str, ed: ExportDocument) -> None:
        if block.add(writers[name], ed):
            flush()

    try:
        with _msgpack_plugins_read_once():
            _fill(docs, add)
            flush()
            close_all([writers[name] for name in SIDES])
            result.paths += [writers[name].path for name in SIDES]
    finally:
        for w in writers.values():
            w.discard()
    result.paths.append(_write_config(out, longest))
    return result


def _write_config(out: Path, longest: int) -> Path:
    """spancat_config(longest).to_disk(out / "config.cfg"), from the text kept for these versions of spaCy when
    it can (spancat_template.py)."""
    from .spancat_template import config_text

    config_path = out / "config.cfg"
    text = config_text(longest)
    if text is None:
        spancat_config(longest).to_disk(config_path)
    else:
        with config_path.open("w", encoding="utf8") as fh:  # as Config.to_disk writes
            fh.write(text)
    return config_path


# -- blocks of reports rendered by parallel.py's workers ---------------------------------------------------------
def write_part(docs: Iterable[ExportDocument], part: Path, result: ExportResult) -> str:
    """A block of reports as a part file for BlockSink.take_part: each report's examples on its side, as
    write_spacy adds them. Fills `result`; returns the last report's title."""
    writers = {name: DocBinWriter(None, attrs=["ORTH"], store_user_data=True) for name in SIDES}
    reports = dict.fromkeys(SIDES, 0)
    longest, title = 1, ""
    block = _Block()

    def flush() -> None:
        nonlocal longest, title
        for w, ed, events, most in block.take(result.skipped):
            result.events += events
            result.documents += 1
            reports[SIDES[w is writers["dev"]]] += 1
            longest, title = max(longest, most), ed.document.title

    with _msgpack_plugins_read_once():
        for ed in docs:
            if block.add(writers[split_of(ed)], ed):
                flush()
        flush()
    with part.open("wb") as fh:
        header = writers["train"]._packer.pack([reports[name] for name in SIDES] + [longest])
        fh.write(struct.pack("<I", len(header)) + header)
        for name in SIDES:
            writers[name].write_part(fh)
    return title


class BlockSink:
    """The parts write_part wrote, taken in block order into train.spacy and dev.spacy in the folder `out`: the
    files write_spacy writes for the same reports, unless one side got no report at all, which write_spacy
    mends by moving one (split_documents): close() then returns None and the export is written again by
    write_spacy (with 200 reports or more, about 0.8^200 likely)."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.writers = {name: DocBinWriter(out / f"{name}.spacy", attrs=["ORTH"], store_user_data=True)
                        for name in SIDES}
        docbin_rows.prepare(self.writers["train"])  # built here, before the workers fork, they have them
        self.reports = dict.fromkeys(SIDES, 0)
        self.longest = 1

    def take_part(self, path: str | Path) -> None:
        import srsly

        from .spancat_template import usable

        if not usable():
            _spancat_template()  # built while the workers render the next blocks, not after the last
        with open(path, "rb") as fh:
            (size,) = struct.unpack("<I", fh.read(4))
            *reports, longest = srsly.msgpack_loads(fh.read(size))
            for name, n in zip(SIDES, reports):
                self.reports[name] += n
                self.writers[name].add_part(fh)
        self.longest = max(self.longest, longest)

    def close(self) -> list[Path] | None:
        try:
            if sum(self.reports.values()) >= 2 and not all(self.reports.values()):
                return None
            close_all([self.writers[name] for name in SIDES])
            return [self.writers[name].path for name in SIDES] + [_write_config(self.out, self.longest)]
        finally:
            self.discard()

    def discard(self) -> None:
        for w in self.writers.values():
            w.discard()


# The array path, imported with this module as its code was when it lived here (it imports the names above).
from . import docbin_block, docbin_rows  # noqa: E402
