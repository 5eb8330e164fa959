"""A report's DocBin examples from its token arrays, computed for all its tokens and spans at once (numpy).

spacy_docbin.make_docs builds a Doc per piece of a report; spacy_docbin._report_rows writes the same bytes from
the report's one tokenisation. This is that function with the per-token and per-span Python loops replaced by
array operations: the report's stored tokens read as arrays (tokens.decode_arrays), their ORTH and NORM found
for all tokens at once (token_index.TokenIndex), the pieces found by bisection of the sentence starts against the
merged spans, every event's and argument's token range by one searchsorted, and each span's 40 bytes
(SpanGroup.to_bytes' struct ">QQQllll", packed as a msgpack bin) written by one structured array. A loop over
the events remains only to choose each event's carrier span (spans.event_spans) and order its arguments
(spans.role_arguments).

cProfile of a 10,000-report export before (205,250 events, 10 M tokens): cutting the token texts and looking
them up 9 s, the span loop 7 s, np.unique over the written hashes 3 s (of 45 s profiled).
"""
from __future__ import annotations

import re
from operator import attrgetter

import numpy as np

from .docbin_stream import DocBinWriter
from .spacy_docbin import ARGUMENTS_KEY, EVENTS_KEY, _clean_cut, _empty_groups, _PlainPath, blank_nlp
from .token_index import TokenIndex
from . import tokenizer_cases
from .tokens import stored_arrays, tokenize

# One span as SpanGroup.to_bytes packs it (struct ">QQQllll": id, kb_id, label, start, end, start_char,
# end_char) inside its msgpack bin header (40 bytes: bin 8, 0x28).
_SPAN = np.dtype([("bin", "S2"), ("id", ">u8"), ("kb_id", ">u8"), ("label", ">u8"), ("start", ">i4"),
                  ("end", ">i4"), ("start_char", ">i4"), ("end_char", ">i4")])
_SPAN_BIN = b"\xc4\x28"
_ARG_ORDER = attrgetter("start", "end", "role")  # spans.role_arguments' order
_NOT_SPACE = re.compile(r"\S")  # \s is str.isspace's whitespace, which str.strip() strips


def _array_header(n: int) -> bytes:
    """msgpack's header of a list of n items."""
    if n < 16:
        return bytes((0x90 | n,))
    if n < 1 << 16:
        return b"\xdc" + n.to_bytes(2, "big")
    return b"\xdd" + n.to_bytes(4, "big")


def _bin_header(n: int) -> bytes:
    if n < 1 << 8:
        return b"\xc4" + n.to_bytes(1, "big")
    if n < 1 << 16:
        return b"\xc5" + n.to_bytes(2, "big")
    return b"\xc6" + n.to_bytes(4, "big")


class _Packing:
    """The constant parts of a piece's Doc.spans.to_bytes(): {SpanGroup.to_bytes(): [name]} for the two groups,
    each group {"name": name, "attrs": {}, "spans": [...]}."""

    def __init__(self, pack) -> None:
        self.events_head = pack({"name": EVENTS_KEY, "attrs": {}, "spans": []})[:-1]  # less the empty list
        self.arguments_head = pack({"name": ARGUMENTS_KEY, "attrs": {}, "spans": []})[:-1]
        self.events_tail = pack([EVENTS_KEY])
        self.arguments_tail = pack([ARGUMENTS_KEY])

        # what goes before each group's spans, by (spans, their bytes): headers computed once per count, not
        # four header functions a piece (a tenth of a report's packing time, line_profiler)
        self._before_events: dict[tuple[int, int], bytes] = {}
        self._before_arguments: dict[tuple[int, int], bytes] = {}

    def groups(self, events: bytes, n_events: int, arguments: bytes, n_arguments: int) -> bytes:
        key = (n_events, len(events))
        before_events = self._before_events.get(key)
        if before_events is None:
            head = self.events_head + _array_header(n_events)
            before_events = self._before_events[key] = b"\x82" + _bin_header(len(head) + len(events)) + head
        key = (n_arguments, len(arguments))
        before_arguments = self._before_arguments.get(key)
        if before_arguments is None:
            head = self.arguments_head + _array_header(n_arguments)
            before_arguments = self._before_arguments[key] = (self.events_tail + _bin_header(len(head) + len(arguments))
                                                              + head)
        return b"".join((before_events, events, before_arguments, arguments, self.arguments_tail))


_state: dict = {}


def _shared(writer: DocBinWriter):
    """The vocabulary, label hashes, token index and packing constants: one for the process (as the tokenizer)."""
    if not _state:
        vocab = tokenizer_cases.vocab()
        _state["vocab"] = vocab
        _state["labels"], _state["label_names"] = {}, {}
        _state["index"] = TokenIndex(vocab, tokenizer_cases.special_norms())
        _state["packing"] = _Packing(writer._packer.pack)
    return _state["vocab"], _state["labels"], _state["index"], _state["packing"]


def prepare(writer: DocBinWriter) -> None:
    """What report_rows builds once, built now (before a parallel export's workers fork, they share it)."""
    tokenizer_cases.crossings()
    _shared(writer)


def _labels(vocab, labels: dict, names: list[str]) -> np.ndarray:
    """Each label's hash (StringStore.add); _state["label_names"] maps them back."""
    try:
        return np.array([labels[n] for n in names], dtype=np.uint64)
    except KeyError:
        back = _state["label_names"]
        for n in set(names) - labels.keys():
            back[labels.setdefault(n, vocab.strings.add(n))] = n
        return np.array([labels[n] for n in names], dtype=np.uint64)


def _carriers(events) -> tuple[list[tuple[int, int]], list[list]]:
    """Per event its carrier span (spans.event_spans, span_of) and its arguments in role_arguments' order."""
    spans, arguments = [], []
    add_span, add_arguments = spans.append, arguments.append
    for ev in events:
        args = ev.arguments
        rest = [a for a in args if a.role != "trigger"]
        if len(rest) < len(args):
            for a in args:  # the first trigger (a loop, not a generator: a tenth of this function's time)
                if a.role == "trigger":
                    add_span((a.start, a.end))
                    break
        else:
            add_span((ev.start, ev.end))
        if len(rest) > 1:
            rest.sort(key=_ARG_ORDER)
        add_arguments(rest)
    if len(set(spans)) < len(spans):  # events that share a trigger: each by its own date, when all differ
        by_span: dict[tuple[int, int], list[int]] = {}
        for i, span in enumerate(spans):
            by_span.setdefault(span, []).append(i)
        for group in by_span.values():
            if len(group) > 1:
                dates = [next(((a.start, a.end) for a in events[i].arguments
                               if a.role == "date" and a.end > a.start), None) for i in group]
                if all(dates) and len(set(dates)) == len(group):
                    for i, date in zip(group, dates):
                        spans[i] = date
    return spans, arguments


def uncut(cuts: np.ndarray, ranges_start: np.ndarray, ranges_end: np.ndarray) -> np.ndarray:
    """The cut positions no span of more than one character holds inside it (a cut at a span's start is kept)."""
    keep = ranges_end - ranges_start > 1
    if not (keep.any() and len(cuts)):
        return cuts
    a, b = ranges_start[keep], ranges_end[keep]
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    reach = np.maximum.accumulate(b)
    opens = np.ones(len(a), dtype=bool)
    opens[1:] = a[1:] >= reach[:-1]  # a span starting at or after every end before it opens a new run
    run_starts = a[opens]
    run_ends = reach[np.append(np.flatnonzero(opens)[1:] - 1, len(a) - 1)]
    k = np.searchsorted(run_starts, cuts, "left") - 1
    return cuts[~((k >= 0) & (cuts < run_ends[np.maximum(k, 0)]))]


def _pieces(text: str, starts: np.ndarray, sentences: np.ndarray, ranges_start: np.ndarray,
            ranges_end: np.ndarray, spaces: np.ndarray | None = None) -> list[tuple[int, int]]:
    """spacy_docbin.chunk_bounds from arrays: the text cut at each sentence start that no span (of more than one
    character) holds inside it, less the pieces of whitespace only."""
    cuts = uncut(starts[sentences[1:]] if len(sentences) > 1 else starts[:0], ranges_start, ranges_end)
    if spaces is not None:
        # `spaces`, the whitespace tokens' indices, given: a piece (from a token's start to the next piece's) holds
        # more than whitespace when it holds more tokens than whitespace tokens (each character is in a token or
        # is a token's trailing space); half the time of a search per piece
        edges = np.concatenate(([0], cuts, [len(text)]))
        tokens = np.searchsorted(starts, edges)
        nonspace = tokens - np.searchsorted(spaces, tokens)
        keep = nonspace[1:] > nonspace[:-1]
        return list(zip(edges[:-1][keep].tolist(), edges[1:][keep].tolist()))
    edges = [0, *cuts.tolist(), len(text)]
    seek = _NOT_SPACE.search  # text[a:b].strip() is not empty, without copying the piece
    return [(a, b) for a, b in zip(edges, edges[1:]) if seek(text, a, b)]


def _all_clean(text: str, points, crossings: dict) -> bool:
    """all(_clean_cut(text, p, crossings) for p in points), with its commonest cases (a cut before or after a line
    break, or after a single space between words where no special case crosses) decided here."""
    n = len(text)
    for p in points:
        if 0 < p < n:
            before, at = text[p - 1], text[p]
            if at.isspace():
                if at != " " and not before.isspace():  # a cut before a line break (most pieces end so): clean
                    continue
            elif before == " ":
                if p < 2 or text[p - 2].isspace() or not crossings.get((text[p - 2], at)):
                    continue
            elif before.isspace():  # a cut after a line break: clean
                continue
        if 0 < p < n and not _clean_cut(text, p, crossings):
            return False
    return True


def _token_range(starts: np.ndarray, ends: np.ndarray, s: np.ndarray, e: np.ndarray, lo: np.ndarray,
                 hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Doc.char_span(s, e, alignment_mode="expand") of a piece holding tokens lo..hi-1: first and last+1 token
    (bisect_right(starts, x, lo, hi) is the whole array's searchsorted clipped to [lo, hi])."""
    first = np.minimum(np.maximum(np.searchsorted(starts, s, "right"), lo), hi) - 1
    last = np.minimum(np.maximum(np.searchsorted(starts, e - 1, "right"), lo), hi)
    first += s == ends[first]  # a start in the first token's trailing space: the next token
    return first, last


def report_rows(ed, writer: DocBinWriter, skipped: list[str]) -> tuple[int, int]:
    """spacy_docbin._report_rows: the report's examples added to `writer`; (events, longest event in tokens).
    Raises _PlainPath (before adding anything) where the pieces must be tokenised alone."""
    from spacy.attrs import NORM, ORTH, SPACY

    text = ed.text
    crossings = tokenizer_cases.crossings()
    if crossings is None or writer.attrs != [ORTH]:
        raise _PlainPath
    vocab, labels, index, packing = _shared(writer)
    arrays = stored_arrays(text, ed.tokens)
    toks = None
    if arrays is None:  # no stored tokens: tokenised here
        toks = tokenize(text)
        starts, ends = np.asarray(toks.starts, dtype=np.int64), np.asarray(toks.ends, dtype=np.int64)
        sentences = np.asarray(toks.sentence_starts(), dtype=np.int64)
    else:
        starts, ends, sentences, spaces = arrays

    events = ed.events
    spans, arguments = _carriers(events)
    n_ev = len(events)
    flat = [a for args in arguments for a in args]
    # every span at once: the events' carriers, then their arguments
    span_start = np.array([s for s, _ in spans] + [a.start for a in flat], dtype=np.int64)
    span_end = np.array([e for _, e in spans] + [a.end for a in flat], dtype=np.int64)
    bounds = _pieces(text, starts, sentences, span_start, span_end, None if toks is not None else spaces)
    if not _all_clean(text, {p for bound in bounds for p in bound}, crossings):
        raise _PlainPath
    key = ed.document.key
    if not bounds:
        skipped += [f"{key}: event {ev.id} ({ev.type} {ev.start}..{ev.end}) fits no token" for ev in events]
        return 0, 0

    pieces = np.array(bounds, dtype=np.int64)
    piece_a = pieces[:, 0]
    firsts, lasts = np.searchsorted(starts, pieces, "left").T
    # each event to the piece that holds its span's start (make_docs), each argument to its event's piece
    owner = np.repeat(np.arange(n_ev), [len(args) for args in arguments])
    k = np.searchsorted(piece_a, span_start[:n_ev], "right") - 1
    k = np.concatenate((k, k[owner]))
    kk = np.maximum(k, 0)
    a, b = piece_a[kk], pieces[kk, 1]
    inside = (k >= 0) & (a <= span_start) & (span_start < b) & (a < span_end) & (span_end <= b)
    first, last = _token_range(starts, ends, span_start, span_end, firsts[kk], lasts[kk])
    placed = inside & (first < last)
    beside = np.concatenate((np.ones(n_ev, dtype=bool), placed[owner]))  # arguments count beside a placed event
    if (inside & (first > last) & beside).any():
        raise _PlainPath  # Span() raises IndexError there: make_docs shows it
    placed &= beside

    # the columns of the pieces' tokens (whitespace between pieces left out)
    if len(bounds) == 1 or (lasts[:-1] == firsts[1:]).all():
        rows = slice(int(firsts[0]), int(lasts[-1]))
    else:
        rows = np.concatenate([np.arange(i0, i1) for i0, i1 in zip(firsts.tolist(), lasts.tolist())])
    numbers = columns = None
    if toks is None:
        numbers = index.ids(text, starts, ends)
        if index.special_norm_applies(numbers, starts, ends):
            numbers = None
    if numbers is None:  # tokenised, or a tokenizer special case may have set a token's norm: the Doc has it
        columns = (toks if toks is not None else tokenize(text)).doc.to_array([ORTH, SPACY, NORM])[rows]
    # nothing is added to the writer before this point: a _PlainPath above leaves it as it was

    # by piece, each piece's events (in the events' order) before its arguments (in theirs)
    order = np.flatnonzero(placed)
    slot = kk[order] * 2 + (order >= n_ev)
    order = order[np.argsort(slot, kind="stable")]
    counts = np.bincount(slot, minlength=2 * len(bounds)).tolist()
    ev_order = order[order < n_ev]
    label_hashes = _labels(vocab, labels, [ev.type for ev in events] + [a.role for a in flat])
    buffer = _span_bytes(label_hashes, first, last, firsts[kk], a, starts, ends, order)
    ids = [events[i].id for i in ev_order.tolist()]

    pack = writer._packer.pack
    empty = _empty_groups(writer)
    head, middle, no_ids = _user_data_parts(pack, ed.document.id, key)
    groups, user_data = [], []
    at = e_at = 0
    group = packing.groups
    for start, ne, na in zip(piece_a.tolist(), counts[::2], counts[1::2]):
        if ne:
            mid = at + ne * 42
            groups.append(group(buffer[at:mid], ne, buffer[mid:mid + na * 42], na))
            at = mid + na * 42
            user_data.append(b"".join((head, pack(start), middle, pack(ids[e_at:e_at + ne]))))
            e_at += ne
        else:
            groups.append(empty)
            user_data.append(head + pack(start) + no_ids)

    strings = set()
    if len(order):
        names = _state["label_names"]
        strings.update(names[h] for h in set(label_hashes[order].tolist()))
        strings.add("")  # each span's kb_id_ and id_: 0, the empty string
    lengths = (lasts - firsts).tolist()
    if numbers is not None:
        written = numbers[rows]
        table, store = index.table, vocab.strings
        new = writer.first_seen(written)
        if len(new):
            texts = index.texts
            strings.update(texts[i] for i in new.tolist())
            strings.update(store[h] for h in table.norm[new].tolist())
        # A tokenizer's Doc sets no tag, lemma, morphology, dependency or entity: their hash, 0, is the empty
        # string, which DocBin.add stores for each token as it stores the text and the norm.
        strings.add("")
        following = np.append(starts[1:], len(text))
        writer.add_rows(table.orth[written], (ends < following)[rows], [], store, lengths, groups, user_data,
                        strings)
    else:
        writer.add_rows(columns[:, :1], columns[:, 1], [columns[:, ::2], [0]], blank_nlp().vocab.strings,
                        lengths, groups, user_data, strings)
    if len(ev_order) < n_ev:
        skipped += [f"{key}: event {ev.id} ({ev.type} {ev.start}..{ev.end}) fits no token"
                    for ev in (events[i] for i in np.flatnonzero(~placed[:n_ev]).tolist())]
    return len(ev_order), int((last - first)[ev_order].max()) if len(ev_order) else 0


def _user_data_parts(pack, doc_id: int, key: str) -> tuple[bytes, bytes, bytes]:
    """pack({"annotator": {"document_id": doc_id, "key": key, "offset": offset, "event_ids": ids}}) is
    head + pack(offset) + middle + pack(ids) (msgpack writes a map's items one after another): the report's
    constant parts packed once, not a nested map per piece (half the piece's packing time); with no_ids the
    last two for ids = []."""
    middle = pack("event_ids")
    full = pack({"annotator": {"document_id": doc_id, "key": key, "offset": 0, "event_ids": []}})
    tail = pack(0) + middle + pack([])
    assert full.endswith(tail)
    return full[:-len(tail)], middle, middle + pack([])


def _span_bytes(labels: np.ndarray, first: np.ndarray, last: np.ndarray, piece_first: np.ndarray,
                piece_start: np.ndarray, starts: np.ndarray, ends: np.ndarray, order: np.ndarray) -> bytes:
    """The spans `order` picks, each as its packed SpanGroup.to_bytes entry, one after another."""
    out = np.zeros(len(order), dtype=_SPAN)
    if len(order):
        f, la, i0, a = first[order], last[order], piece_first[order], piece_start[order]
        out["bin"] = _SPAN_BIN
        out["label"] = labels[order]
        out["start"] = f - i0
        out["end"] = la - i0
        out["start_char"] = starts[f] - a
        out["end_char"] = ends[la - 1] - a
    return out.tobytes()
