"""A block of reports' DocBin examples computed at once: docbin_rows.report_rows for many reports with one numpy
call per step for the whole block instead of one per report.

report_rows made ~80 numpy calls a report (searchsorted, the pieces, the token look-up, the stored tokens'
decoding), each costing a few microseconds whatever its size, on arrays of ~1,000 tokens and ~120 spans. Here the
block's texts are joined (each report's offsets shifted by where its text starts, its token indices by where its
tokens start) and every step runs over the joined arrays; each report's rows are then taken back out, in the
same order, for its side's writer. Per report semantics are kept exactly: spans are clipped to their report
before the cut test, a span is placed only in a piece of its own report, a special case's tokens must lie in one
report. A report the block cannot take (no stored tokens, a cut that is not clean, a special case's norm, a span
spaCy refuses) goes through spacy_docbin.add_report alone, in its turn.

Measured on a 10,000-report database (205,250 events; /work/notes/expbench.py, CPU, medians of 3 alternated with
the report-by-report path on a loaded 2-core machine): everything 10.25 -> 6.92 s (20.0k -> 29.7k events/s), six
months (1,000 reports) 1.27 -> 0.86 s, one month (500) 0.55 -> 0.42 s; the same bytes. The writer alone (reports
read beforehand) 0.71 -> 0.42 s for the six months.

Blocks hold at most BLOCK_CHARS characters: a block's arrays take ~30 bytes a character, and a 64-report block
(~10 MB) broke tests/scale/test_streaming_exports.py's bound on peak memory (a 120-report export may not peak
above a 15-report one by more than half a text a report). ~15 generated reports a block cost ~0.03 s more CPU
per 1,000 reports than 64.
"""
from __future__ import annotations

import zlib
from itertools import chain
from operator import attrgetter

import numpy as np

from . import tokenizer_cases
from .docbin_rows import _array_header, _bin_header, _carriers, _labels, _shared, _span_bytes, _user_data_parts, uncut
from .docbin_stream import DocBinWriter
from .token_index import code_points
from .tokens import FORMAT, tokenizer_key

_START, _END, _ROLE, _TYPE, _ID, _ARGUMENTS = (attrgetter(name) for name in ("start", "end", "role", "type", "id",
                                                                           "arguments"))

BLOCK_REPORTS = 64  # reports per block at most (what a spaCy export hands over at once)
BLOCK_CHARS = 96_000  # and about so many characters at most (memory; see above)

_SPACE_TOP = 0x3001  # U+3000 is the last character str.isspace() accepts (tests/export/test_docbin_block.py)
_IS_SPACE = np.array([chr(c).isspace() for c in range(_SPACE_TOP)], dtype=bool)
_CROSSING_KEYS: dict[int, np.ndarray] = {}


def _is_space(chars: np.ndarray) -> np.ndarray:
    return _IS_SPACE[np.minimum(chars, _SPACE_TOP - 1)] & (chars < _SPACE_TOP)


def _crossing_keys(crossings: dict) -> np.ndarray:
    """The character pairs (before, after a single space) some special case crosses, as sorted int64 keys."""
    found = _CROSSING_KEYS.get(id(crossings))
    if found is None:
        found = np.array(sorted({ord(a) << 21 | ord(b) for (a, b), cases in crossings.items() if cases}),
                         dtype=np.int64)
        _CROSSING_KEYS.clear()
        _CROSSING_KEYS[id(crossings)] = found
    return found


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """np.concatenate([np.arange(s, s + n) for s, n in zip(starts, lengths)]) in four calls."""
    ends = np.cumsum(lengths)
    return np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(starts - (ends - lengths), lengths)


def _segment_cumsum(values: np.ndarray, counts: np.ndarray, plus: np.ndarray) -> np.ndarray:
    """Each segment's (counts) running sum of `values`, plus that segment's `plus`."""
    total = np.cumsum(values)
    before = np.concatenate(([0], total))[np.cumsum(counts) - counts]
    return total - np.repeat(before - plus, counts)


def _decode(blobs: list[bytes], text_at: np.ndarray):
    """tokens.decode_arrays of each report's stored row, joined: token starts and ends (characters of the joined
    text), sentence starts and whitespace tokens (indices among the joined tokens), and each report's first
    token."""
    raw = [zlib.decompress(b) for b in blobs]
    arr = np.frombuffer(b"".join(raw), dtype="<i4").astype(np.int64)
    size = np.fromiter(map(len, raw), dtype=np.int64, count=len(raw)) >> 2
    base = np.cumsum(size) - size
    head = arr[base[:, None] + np.arange(4)]
    if (head[:, 0] != FORMAT).any():
        raise ValueError(f"stored tokens of a format other than {FORMAT}")
    n, n_sent, n_space = head[:, 1], head[:, 2], head[:, 3]
    token_at = np.cumsum(n) - n
    gaps = arr[_ranges(base + 4, n)]
    lengths = arr[_ranges(base + 4 + n, n)]
    ends = _segment_cumsum(gaps + lengths, n, text_at)
    sentences = _segment_cumsum(arr[_ranges(base + 4 + 2 * n, n_sent)], n_sent, token_at)
    spaces = _segment_cumsum(arr[_ranges(base + 4 + 2 * n + n_sent, n_space)], n_space, token_at)
    first_sentence = (np.cumsum(n_sent) - n_sent)[n_sent > 0]  # each report's own first (its token 0)
    return ends - lengths, ends, sentences, first_sentence, spaces, token_at, n


def add_block(items: list[tuple[DocBinWriter, object]], skipped: list[str]) -> list[tuple[int, int]]:
    """spacy_docbin.add_report(writer, ed, skipped) for each (writer, report) in turn, the same bytes in each
    writer and the same notes; returns each report's (events, longest event in tokens)."""
    from spacy.attrs import ORTH

    from .spacy_docbin import _clean_cut, add_report

    crossings = tokenizer_cases.crossings()
    key = tokenizer_key()
    take = [crossings is not None and w.attrs == [ORTH] and ed.tokens is not None and ed.tokens[0] == key
            and ed.tokens[1] == len(ed.text) for w, ed in items]
    fast = [i for i, t in enumerate(take) if t]
    if len(fast) < 2:
        return [add_report(w, ed, skipped) for w, ed in items]
    eds = [items[i][1] for i in fast]
    writer0 = items[fast[0]][0]
    vocab, labels, index, packing = _shared(writer0)
    R = len(eds)
    texts = [ed.text for ed in eds]
    text_len = np.fromiter(map(len, texts), dtype=np.int64, count=R)
    text_at = np.cumsum(text_len) - text_len
    text_end = text_at + text_len
    joined = "".join(texts)
    chars = code_points(joined)
    starts, ends, sentences, first_sentence, spaces, token_at, n_tokens = _decode([ed.tokens[2] for ed in eds],
                                                                                  text_at)
    N = len(starts)
    token_report = np.repeat(np.arange(R), n_tokens)

    # the events' carriers and arguments (docbin_rows._carriers) for the whole block
    events = [ev for ed in eds for ev in ed.events]
    ev_count = np.fromiter((len(ed.events) for ed in eds), dtype=np.int64, count=R)
    n_ev = len(events)
    ev_report = np.repeat(np.arange(R), ev_count)
    ev_local_s, ev_local_e, arg_owner, arg_local_s, arg_local_e, arg_hashes = _carrier_arrays(
        events, ev_report, eds, vocab, labels)
    ids = list(map(_ID, events))
    span_report = np.concatenate((ev_report, ev_report[arg_owner]))
    local_s = np.concatenate((ev_local_s, arg_local_s))
    local_e = np.concatenate((ev_local_e, arg_local_e))
    shift = text_at[span_report]
    span_start, span_end = local_s + shift, local_e + shift

    # the pieces (docbin_rows._pieces, each report's spans clipped to its text: the same cuts survive)
    cut_mask = np.ones(len(sentences), dtype=bool)
    cut_mask[first_sentence] = False
    cuts = starts[sentences[cut_mask]]
    length = text_len[span_report]
    a = np.minimum(np.maximum(local_s, 0), length) + shift
    b = np.minimum(np.maximum(local_e, 0), length) + shift
    cuts = uncut(cuts, a, b)
    # edges: each report's start, its cuts, the end of the last; a piece from one edge to the next
    edges = np.concatenate((text_at, cuts, text_end[-1:]))
    is_cut = np.concatenate((np.zeros(R, dtype=bool), np.ones(len(cuts), dtype=bool), [False]))
    order = np.argsort(edges, kind="stable")  # a report's start before the cuts of the one before it? never: cuts
    edges, is_cut = edges[order], is_cut[order]  # lie strictly inside their report's text
    tok = np.searchsorted(starts, edges)
    nonspace = tok - np.searchsorted(spaces, tok)
    kept = nonspace[1:] > nonspace[:-1]
    piece_a, piece_b = edges[:-1][kept], edges[1:][kept]
    firsts, lasts = tok[:-1][kept], tok[1:][kept]
    piece_report = np.searchsorted(text_at, piece_a, "right") - 1
    # an empty report's start equals the next one's: searchsorted above gives the later, the one with text
    n_pieces = np.bincount(piece_report, minlength=R)

    bad = np.zeros(R, dtype=bool)  # reports left to add_report
    # every cut a kept piece starts or ends at must be clean (docbin_rows._all_clean)
    at_edge = np.zeros(len(edges), dtype=bool)
    at_edge[:-1] |= kept
    at_edge[1:] |= kept
    points = edges[at_edge & is_cut]
    if len(points):
        bad |= _unclean(points, chars, text_at, texts, crossings, _clean_cut, R)

    # the tokens' numbers (token_index.TokenIndex) for the whole block, and the special cases' norms
    numbers = index.ids(joined, starts, ends, chars)
    hit = index.special_norm_reports(numbers, starts, ends, token_report)
    if hit:
        bad[list(hit)] = True

    # each span in its piece (docbin_rows.report_rows), a piece of its own report
    k = np.searchsorted(piece_a, span_start[:n_ev], "right") - 1
    if len(piece_a):
        k[(k >= 0) & (piece_report[np.maximum(k, 0)] != ev_report)] = -1
    k = np.concatenate((k, k[arg_owner]))
    kk = np.maximum(k, 0)
    pa, pb = (piece_a[kk], piece_b[kk]) if len(piece_a) else (span_start * 0, span_start * 0)
    inside = (k >= 0) & (pa <= span_start) & (span_start < pb) & (pa < span_end) & (span_end <= pb)
    lo, hi = (firsts[kk], lasts[kk]) if len(piece_a) else (kk, kk)
    first = np.minimum(np.maximum(np.searchsorted(starts, span_start, "right"), lo), hi) - 1
    last = np.minimum(np.maximum(np.searchsorted(starts, span_end - 1, "right"), lo), hi)
    if N:
        first += span_start == ends[first]
    placed = inside & (first < last)
    beside = np.concatenate((np.ones(n_ev, dtype=bool), placed[arg_owner]))
    refused = inside & (first > last) & beside
    if refused.any():
        bad[span_report[refused]] = True
    placed &= beside

    # rows: the kept pieces' tokens; spaces: whether a token is followed by a space within its report
    cover = np.cumsum(np.bincount(firsts, minlength=N + 1) - np.bincount(lasts, minlength=N + 1))[:N] > 0
    following = np.empty(N, dtype=np.int64)
    following[:-1] = starts[1:]
    has = n_tokens > 0
    following[(token_at + n_tokens - 1)[has]] = text_end[has]
    spaced = ends < following
    row_report = token_report[cover]
    rows = numbers[cover]
    spaced = spaced[cover]

    # spans by piece, each piece's events (in order) before its arguments (in theirs)
    span_order = np.flatnonzero(placed)
    slot = kk[span_order] * 2 + (span_order >= n_ev)
    span_order = span_order[np.argsort(slot, kind="stable")]
    label_hashes = np.concatenate((_labels(vocab, labels, list(map(_TYPE, events))), arg_hashes))
    buffer = _span_bytes(label_hashes, first, last, lo, pa, starts, ends, span_order)
    ev_order = span_order[span_order < n_ev]
    span_bytes_report = span_report[span_order]

    pack = writer0._packer.pack
    heads = [_user_data_parts(pack, ed.document.id, ed.document.key)[0] for ed in eds]
    middle = pack("event_ids")
    ne, na = np.bincount(slot, minlength=2 * len(piece_a)).reshape(-1, 2).T if len(piece_a) else (kk[:0], kk[:0])
    starts_local = piece_a - text_at[piece_report]
    streams = _piece_bytes(pack, packing, heads, middle, piece_report, starts_local, ne, na, buffer, ids, ev_order)

    # per report: its events placed, its longest, its notes
    placed_ev = placed[:n_ev]
    events_of = np.bincount(ev_report[placed_ev], minlength=R).tolist()
    longest = np.zeros(R, dtype=np.int64)
    np.maximum.at(longest, ev_report[placed_ev], (last - first)[:n_ev][placed_ev])
    longest = longest.tolist()
    notes: list[list[str]] = [[] for _ in range(R)]
    if not placed_ev.all():
        for i in np.flatnonzero(~placed_ev).tolist():
            r = int(ev_report[i])
            ed, ev = eds[r], events[i]
            notes[r].append(f"{ed.document.key}: event {ev.id} ({ev.type} {ev.start}..{ev.end}) fits no token")

    piece_at = np.concatenate(([0], np.cumsum(n_pieces))).tolist()
    lengths = lasts - firsts
    names_of = _state_names()
    table, store = index.table, vocab.strings

    (group_bytes, group_at), (data_bytes, data_at) = streams

    def flush(writer: DocBinWriter, reports: list[int]) -> None:
        first_piece, end_piece = np.array([piece_at[r] for r in reports]), np.array([piece_at[r + 1] for r in reports])
        if not (end_piece - first_piece).any():
            return
        chosen = np.zeros(R, dtype=bool)
        chosen[reports] = True
        mine = chosen[row_report]
        written = rows[mine]
        strings = {""}
        spans_mine = chosen[span_bytes_report]
        if spans_mine.any():
            strings.update(names_of[h] for h in set(label_hashes[span_order[spans_mine]].tolist()))
        new = writer.first_seen(written)
        if len(new):
            texts_of = index.texts
            strings.update(texts_of[i] for i in new.tolist())
            strings.update(store[h] for h in table.norm[new].tolist())
        pieces = _ranges(first_piece, end_piece - first_piece)
        # each report's bytes are one run of each stream: joined by slices (a fancy index was a byte at a time)
        groups = b"".join([group_bytes[a:b] for a, b in zip(group_at[first_piece].tolist(),
                                                            group_at[end_piece].tolist())])
        data = b"".join([data_bytes[a:b] for a, b in zip(data_at[first_piece].tolist(), data_at[end_piece].tolist())])
        writer.add_packed(table.orth[written], spaced[mine], lengths[pieces].tolist(), groups, data, strings)

    out: list[tuple[int, int]] = []
    pending: dict[int, tuple[DocBinWriter, list[int]]] = {}
    at_fast = dict(zip(fast, range(R)))
    for i, (w, ed) in enumerate(items):
        r = at_fast.get(i)
        if r is None or bad[r]:
            waiting = pending.pop(id(w), None)
            if waiting:
                flush(*waiting)
            out.append(add_report(w, ed, skipped))
            continue
        pending.setdefault(id(w), (w, []))[1].append(r)
        skipped += notes[r]
        out.append((events_of[r], longest[r]))
    for waiting in pending.values():
        flush(*waiting)
    return out


def _carrier_arrays(events: list, ev_report: np.ndarray, eds: list, vocab, labels: dict):
    """docbin_rows._carriers for all the block's events at once: each event's carrier span (its first trigger, else
    its own span; events of a report that share one by their dates, in Python as before), and its arguments
    other than triggers in spans.role_arguments' order (start, end, role), each with its owner (the event's
    index) and its role's label hash."""
    n_ev = len(events)
    lists = list(map(_ARGUMENTS, events))
    flat = list(chain.from_iterable(lists))
    n_args = np.fromiter(map(len, lists), dtype=np.int64, count=n_ev)
    owner = np.repeat(np.arange(n_ev), n_args)
    a_s = np.fromiter(map(_START, flat), dtype=np.int64, count=len(flat))
    a_e = np.fromiter(map(_END, flat), dtype=np.int64, count=len(flat))
    roles = list(map(_ROLE, flat))
    role_names = sorted(set(roles))  # codes in the names' order: sorting by code is sorting by role
    rank = {r: k for k, r in enumerate(role_names)}
    code = np.fromiter(map(rank.__getitem__, roles), dtype=np.int64, count=len(flat))
    trigger = code == rank.get("trigger", -1)
    ev_s = np.fromiter(map(_START, events), dtype=np.int64, count=n_ev)
    ev_e = np.fromiter(map(_END, events), dtype=np.int64, count=n_ev)
    t = np.flatnonzero(trigger)
    if len(t):
        t_owner = owner[t]
        first = np.ones(len(t), dtype=bool)
        first[1:] = t_owner[1:] != t_owner[:-1]
        ev_s[t_owner[first]] = a_s[t[first]]
        ev_e[t_owner[first]] = a_e[t[first]]
    if n_ev > 1:  # events of one report sharing a carrier: that report's carriers chosen by _carriers
        order = np.lexsort((ev_e, ev_s, ev_report))
        same = ((ev_report[order][1:] == ev_report[order][:-1]) & (ev_s[order][1:] == ev_s[order][:-1])
                & (ev_e[order][1:] == ev_e[order][:-1]))
        if same.any():
            for r in sorted(set(ev_report[order][1:][same].tolist())):
                at = np.flatnonzero(ev_report == r)
                spans, _ = _carriers(eds[r].events)
                ev_s[at] = [s for s, _ in spans]
                ev_e[at] = [e for _, e in spans]
    rest = np.flatnonzero(~trigger)
    rest = rest[np.lexsort((code[rest], a_e[rest], a_s[rest], owner[rest]))]  # stable, as list.sort
    hashes = _labels(vocab, labels, role_names)[code[rest]] if len(rest) else np.zeros(0, dtype=np.uint64)
    return ev_s, ev_e, owner[rest], a_s[rest], a_e[rest], hashes


def _state_names() -> dict:
    from .docbin_rows import _state

    return _state["label_names"]


def _unclean(points: np.ndarray, chars: np.ndarray, text_at: np.ndarray, texts: list[str], crossings: dict,
             clean_cut, R: int) -> np.ndarray:
    """The reports with a cut (among `points`, in joined-text characters, each strictly inside its report) that
    spacy_docbin._clean_cut refuses: docbin_rows._all_clean's common cases decided for all points at once."""
    report = np.searchsorted(text_at, points, "right") - 1
    local = points - text_at[report]
    before, at = chars[points - 1].astype(np.int64), chars[points].astype(np.int64)
    before2 = chars[np.maximum(points - 2, 0)].astype(np.int64)
    at_space, before_space = _is_space(at), _is_space(before)
    clean = at_space & (at != 32) & ~before_space  # a cut before a line break
    after_single = ~at_space & (before == 32)
    keys = _crossing_keys(crossings)
    pair = (before2 << 21) | at
    found = np.minimum(np.searchsorted(keys, pair), max(len(keys) - 1, 0))
    crossed = keys[found] == pair if len(keys) else np.zeros(len(pair), dtype=bool)
    clean |= after_single & ((local < 2) | _is_space(before2) | ~crossed)
    clean |= ~at_space & (before != 32) & before_space  # a cut after a line break
    bad = np.zeros(R, dtype=bool)
    for r, p in zip(report[~clean].tolist(), local[~clean].tolist()):
        if not bad[r] and not clean_cut(texts[r], p, crossings):
            bad[r] = True
    return bad


def _piece_bytes(pack, packing, heads: list[bytes], middle: bytes, piece_report: np.ndarray, starts: np.ndarray,
                 ne: np.ndarray, na: np.ndarray, buffer: bytes, ids: list, ev_order: np.ndarray):
    """Each piece's pack(Doc.spans.to_bytes()) (docbin_rows._Packing.groups) and pack(packed Doc.user_data)
    (docbin_rows._user_data_parts), as DocBinWriter.add_rows packs them, each stream joined once, with where each
    piece's bytes begin (and the end). A piece's span bytes are views of `buffer`, the headers before them kept by
    (events, arguments): about 1 us a piece. (The same packing by numpy for all pieces at once, 40 calls a block,
    cost more at the blocks' size.)"""
    id_list = [ids[i] for i in ev_order.tolist()]
    kept = packing.__dict__.setdefault("_packed_prefixes", {})
    tail = packing.arguments_tail
    view = memoryview(buffer)
    groups: list = []
    group_sizes, data = [], []
    at = e_at = 0
    empty = kept.get((0, 0))
    if empty is None:
        empty = kept[(0, 0)] = _prefixes(pack, packing, 0, 0)
    empty_groups, empty_size = empty[0] + empty[1] + tail, empty[2]
    no_ids = middle + pack([])
    for start, r, e, a in zip(starts.tolist(), piece_report.tolist(), ne.tolist(), na.tolist()):
        if not e:  # no event (so no argument): the empty groups, no ids (half the pieces)
            groups.append(empty_groups)
            group_sizes.append(empty_size)
            data.append(pack(b"".join((heads[r], pack(start), no_ids))))
            continue
        found = kept.get((e, a))
        if found is None:
            found = kept[(e, a)] = _prefixes(pack, packing, e, a)
        before, between, size = found
        mid = at + 42 * e
        end = mid + 42 * a
        groups += (before, view[at:mid], between, view[mid:end], tail)
        group_sizes.append(size)
        at = end
        data.append(pack(b"".join((heads[r], pack(start), middle, pack(id_list[e_at:e_at + e])))))
        e_at += e
    data_sizes = np.fromiter(map(len, data), dtype=np.int64, count=len(data))
    return ((b"".join(groups), np.concatenate(([0], np.cumsum(group_sizes)))),
            (b"".join(data), np.concatenate(([0], np.cumsum(data_sizes)))))


def _prefixes(pack, packing, ne: int, na: int) -> tuple[bytes, bytes, int]:
    """pack(packing.groups(events, ne, arguments, na)) is before + events + between + arguments + the arguments'
    tail, for any ne and na spans' bytes: (before, between, the whole's size)."""
    events, arguments = b"\0" * 42 * ne, b"\0" * 42 * na
    whole = pack(packing.groups(events, ne, arguments, na))
    tail = packing.arguments_tail
    head = packing.arguments_head + _array_header(na)  # as _Packing.groups lays the part between
    between = packing.events_tail + _bin_header(len(head) + len(arguments)) + head
    before = whole[:len(whole) - len(tail) - len(arguments) - len(between) - len(events)]
    assert before + events + between + arguments + tail == whole
    return before, between, len(whole)
