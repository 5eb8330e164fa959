"""Prodigy JSONL: one task per reviewed report in Prodigy's span format, plus our event frames.

Each line is a Prodigy task as `ner_manual` / `spans_manual` write them:
    text, meta, tokens [{text, start, end, id, ws}], spans [{start, end, token_start, token_end, label}],
    _input_hash, _task_hash, answer ("accept" | "ignore")
- `spans` hold the ACCEPTED events only, each as its trigger span (the words that name the event; the evidence
  sentence when it has no trigger), labelled with the event type: the same span DocBin, CoNLL and BRAT carry
  (docs/export-formats.md). token_start / token_end are inclusive token indices, as in Prodigy; a span's
  offsets are widened to whole tokens.
- `answer` is the task's: "accept" when no event or stated total of the report is pending (the spans are then
  the complete annotation), "ignore" while review is unfinished, so that `prodigy train` skips it.
  Rejected events never appear in `spans`.
- `_input_hash` / `_task_hash` are computed the way Prodigy computes them: a signed 32-bit MurmurHash3 (spaCy's
  murmurhash) of the input key ("text") and of the input hash plus the task keys ("spans" as offsets and labels).
- Our extra keys (Prodigy keeps and ignores them): `events` (every exported event's full frame, whatever its
  status, with its own `answer`), `facts` (stated totals) and `_annotator` (format version, status filter,
  export time). `annotator import` reads them back and restores every decision (export/jsonl_import.py).
"""
from __future__ import annotations

import datetime as dt
import json
import operator
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from murmurhash.mrmr import hash as _murmur  # str or bytes: a str is hashed as its UTF-8
from orjson import dumps as _orjson_dumps

from ..domain import Event, Fact
from .jsonl_frames import EventFrame, FactFrame
from .jsonl_tokens import tokens_json_blocks
from .page_cache import DropBehind
from .selection import ANSWERS, ExportDocument, ExportResult
from .spans import event_spans, span_of, token_span
from .tokens import TokenSpan, token_offsets, tokens_for

# Imported with the writer rather than by the export's first run: run_export imports parallel and extract_pool at
# every export, and a period's selection imports summary.period, which the review window has loaded already
# (gui/summary_view.py). Compiled at each run under PYTHONDONTWRITEBYTECODE, they were ~0.025 s of a month's ~0.5 s.
from .. import extract_pool as _extract_pool  # noqa: E402,F401
from ..summary import period as _period  # noqa: E402,F401
from . import parallel as _parallel  # noqa: E402,F401

# Every event and total as its JSON (jsonl_frames.py) and the report's stored tokens (tokens.token_offsets).
READS = {"facts", "tokens", "frames"}
READS_AHEAD = True  # reports are taken a block at a time: run_export counts a report's read with its write
FORMAT_VERSION = 2  # 2: Prodigy tokens, spans with token indices, hashes, task-level answer only


def event_to_obj(ev: Event) -> dict[str, Any]:
    return {
        "type": ev.type, "start": ev.start, "end": ev.end, "evidence": ev.evidence,
        "date": ev.date, "date_precision": ev.date_precision, "end_date": ev.end_date, "in_period": ev.in_period,
        "location": ev.location, "location_name": ev.location_name, "admin1": ev.admin1, "lat": ev.lat,
        "lon": ev.lon, "location_precision": ev.location_precision,
        "actors": ev.actors, "actors_canonical": ev.actors_canonical, "targets": ev.targets,
        "counts": {k: {"value": c.value, "qualifier": c.qualifier} for k, c in ev.counts.items()},
        "direction": ev.direction, "origin": ev.origin, "rule": ev.rule, "confidence": ev.confidence,
        "answer": ANSWERS[ev.status], "status": ev.status, "reviewer": ev.reviewer, "reviewed_at": ev.reviewed_at,
        "reject_reason": ev.reject_reason, "note": ev.note,
        "arguments": [{"role": a.role, "start": a.start, "end": a.end, "text": a.text, "value": a.value,
                       "qualifier": a.qualifier} for a in ev.arguments],
    }


def fact_to_obj(f: Fact) -> dict[str, Any]:
    return {"kind": f.kind, "value": f.value, "qualifier": f.qualifier, "start": f.start, "end": f.end,
            "evidence": f.evidence, "origin": f.origin, "rule": f.rule, "confidence": f.confidence,
            "answer": ANSWERS[f.status], "status": f.status, "reviewer": f.reviewer, "reviewed_at": f.reviewed_at,
            "reject_reason": f.reject_reason}


def _hash(value: str) -> int:
    return _murmur(value)


_encode_ascii = json.encoder.encode_basestring_ascii  # json.dumps' (ensure_ascii=True) string encoder


def input_hash(text: str) -> int:
    """_hash(json.dumps({"text": text}, sort_keys=True)), the string written directly: json.dumps with sort_keys
    makes a JSONEncoder at each call (~5 of ~23 us a generated report)."""
    return _hash('{"text": ' + _encode_ascii(text) + "}")


def _input_hash_of(text: str, text_json: bytes) -> int:
    """input_hash(text), from the text's JSON as _text_json wrote it (json.dumps(text, ensure_ascii=False)): that
    JSON with each non-ASCII character as \\uXXXX is json.dumps(text)'s. Python's backslashreplace writes
    \\xXX, \\uXXXX (lower-case hex, as json) or \\UXXXXXXXX: with no backslash in the text the only \\x are
    those, widened to \\u00XX; a \\U (a character beyond U+FFFF, which json writes as a surrogate pair) and DEL
    (which only json's ASCII encoder escapes) are left to input_hash. json's ASCII encoder was ~3 % of a JSONL
    export's instructions (callgrind, 237 generated reports); this a fifth of that."""
    if "\\" in text or "\x7f" in text:
        return input_hash(text)
    if text.isascii():
        return _murmur(b'{"text": ' + text_json + b"}")
    escaped = text_json.decode("utf-8").encode("ascii", "backslashreplace")
    if b"\\U" in escaped:
        return input_hash(text)
    return _murmur(b'{"text": ' + escaped.replace(b"\\x", b"\\u00") + b"}")


def task_hash(in_hash: int, spans: list[dict[str, Any]]) -> int:
    """_hash(f"{in_hash}" + json.dumps({"spans": [{start, end, label} of each span]}, sort_keys=True)), the string
    written directly (its keys in sorted order: end, label, start; integer offsets): json.dumps with sort_keys makes
    a JSONEncoder at each call. tests/export/test_jsonl_frames.py compares the two."""
    if any(type(s["start"]) is not int or type(s["end"]) is not int for s in spans):  # as json.dumps writes them
        key = [{"start": s["start"], "end": s["end"], "label": s["label"]} for s in spans]
        return _hash(f"{in_hash}" + json.dumps({"spans": key}, sort_keys=True))
    return _hash(f'{in_hash}{{"spans": [' + ", ".join([
        f'{{"end": {s["end"]}, "label": {_encode_ascii(s["label"])}, "start": {s["start"]}}}' for s in spans]) + "]}")


def tokens_of(doc) -> list[dict[str, Any]]:
    return [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
            for t in doc]


_encode_str = json.encoder.encode_basestring  # ensure_ascii=False's string encoder (the C one when available)
_TOKEN = '{"text": %s, "start": %d, "end": %d, "id": %d, "ws": %s}'
_WS = ("false", "true")


def tokens_json(doc, text: str | None = None) -> str:
    """json.dumps(tokens_of(doc), ensure_ascii=False), without a Token object or a dict per token.

    A token's text is the report's text at its offsets (a Doc always reproduces its text), so offsets, lengths
    and trailing spaces come from one Doc.to_array, and all tokens are one %-format over a flat tuple (pass
    `text`, the report's text: Doc.text joins every token again). tokens_of + json.dumps cost ~6 us a token,
    75% of a JSONL export (cProfile, 300 generated reports, ~1,250 tokens each); this ~0.7 us."""
    from spacy.attrs import IDX, LENGTH, SPACY

    n = len(doc)
    if not n:
        return "[]"
    starts, lengths, spaces = doc.to_array([IDX, LENGTH, SPACY]).T.tolist()
    ends = list(map(operator.add, starts, lengths))
    flat: list[Any] = [None] * (5 * n)
    flat[0::5] = map(_encode_str, map((doc.text if text is None else text).__getitem__, map(slice, starts, ends)))
    flat[1::5], flat[2::5], flat[3::5] = starts, ends, range(n)
    flat[4::5] = map(_WS.__getitem__, spaces)
    return "[" + ", ".join([_TOKEN] * n) % tuple(flat) + "]"


def tokens_json_of(toks) -> str:
    """tokens_json for the report's tokens.Tokens (stored or tokenised): the same characters, no Doc needed."""
    n = len(toks.starts)
    if not n:
        return "[]"
    starts, ends = toks.starts, toks.ends
    flat: list[Any] = [None] * (5 * n)
    flat[0::5] = map(_encode_str, map(toks.text.__getitem__, map(slice, starts, ends)))
    flat[1::5], flat[2::5], flat[3::5] = starts, ends, range(n)
    flat[4::5] = map(_WS.__getitem__, toks.trailing_spaces())
    return "[" + ", ".join([_TOKEN] * n) % tuple(flat) + "]"


def frame_spans(events: list[EventFrame]) -> dict[int, tuple[int, int]]:
    """spans.event_spans for EventFrames, from their trigger and date spans as read (not from ArgumentSpans made
    for it): id(event) -> the span that carries it (tests/export/test_jsonl_frames.py compares the two)."""
    by_span: dict[tuple[int, int], list[EventFrame]] = {}
    for ev in events:
        span = ev.trigger or (ev.start, ev.end)
        found = by_span.get(span)
        if found is None:
            by_span[span] = [ev]
        else:
            found.append(ev)
    out: dict[int, tuple[int, int]] = {}
    for span, group in by_span.items():
        if len(group) > 1:
            dates = [e.date for e in group]
            if all(dates) and len(set(dates)) == len(group):
                for ev, date in zip(group, dates):
                    out[id(ev)] = date
                continue
        for ev in group:
            out[id(ev)] = span
    return out


def prodigy_spans(doc, events: list[Event], skipped: list[str] | None = None, key: str = "") -> list[dict[str, Any]]:
    """Accepted events' trigger spans, widened to whole tokens, in text order (Prodigy wants them sorted).
    `doc`: a Doc, or the report's tokens.Tokens (its char_span is the Doc's)."""
    out = []
    carriers = frame_spans(events) if events and type(events[0]) is EventFrame else event_spans(events)
    for ev in events:
        if ev.status != "accepted":
            continue
        span = token_span(doc, ev, carriers, key, skipped)
        if span is None:
            continue
        out.append({"start": span.start_char, "end": span.end_char, "token_start": span.start,
                    "token_end": span.end - 1, "label": ev.type, "event_id": ev.id})
    return sorted(out, key=lambda s: (s["start"], s["end"], s["label"]))


def _meta(d) -> dict[str, Any]:
    meta = {k: v for k, v in (d.meta or {}).items() if k not in ("encoding",)}
    meta.update({"id": d.key, "title": d.title, "published": d.published, "source": d.source,
                 "series": d.series, "month_number": d.month_number,
                 "period": {"start": d.period_start, "end": d.period_end} if d.period_start else None,
                 "document_id": d.id})
    if d.source.startswith(("http://", "https://")):
        meta.setdefault("url", d.source)
    return meta


def _line_parts(ed: ExportDocument, *, status_filter: str, exported_at: str | None, nlp,
                skipped: list[str] | None) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """The report's tokens.Tokens (stored, else tokenised), the line's members before "tokens" and those after."""
    d = ed.document
    meta = _meta(d)
    toks = tokens_for(ed.text, ed.tokens, nlp)
    spans = prodigy_spans(toks, ed.events, skipped, d.key)
    finished = not any(e.status == "pending" for e in ed.events) and not any(f.status == "pending"
                                                                             for f in ed.facts)
    in_hash = input_hash(ed.text)
    return toks, {"text": ed.text, "meta": meta}, {
        "spans": spans, "_input_hash": in_hash, "_task_hash": task_hash(in_hash, spans),
        "answer": "accept" if finished else "ignore",
        "events": [event_to_obj(e) for e in ed.events], "facts": [fact_to_obj(f) for f in ed.facts],
        "_annotator": {"format": FORMAT_VERSION, "status_filter": status_filter, "span": "trigger",
                       "exported_at": exported_at or export_time()}}


def document_line(ed: ExportDocument, *, status_filter: str, exported_at: str | None = None, nlp=None,
                  skipped: list[str] | None = None) -> dict[str, Any]:
    from .tokens import blank_nlp

    toks, head, tail = _line_parts(ed, status_filter=status_filter, exported_at=exported_at, nlp=nlp,
                                   skipped=skipped)
    doc = toks.doc if toks.doc is not None else (nlp or blank_nlp()).make_doc(ed.text)
    return {**head, "tokens": tokens_of(doc), **tail}


def document_json(ed: ExportDocument, *, status_filter: str, exported_at: str | None = None, nlp=None,
                  skipped: list[str] | None = None) -> str:
    """json.dumps(document_line(...), ensure_ascii=False): the same characters, the tokens by tokens_json."""
    toks, head, tail = _line_parts(ed, status_filter=status_filter, exported_at=exported_at, nlp=nlp,
                                   skipped=skipped)
    return (json.dumps(head, ensure_ascii=False)[:-1] + ', "tokens": ' + tokens_json_of(toks) + ", "
            + json.dumps(tail, ensure_ascii=False)[1:])


def export_time() -> str:
    """The export's time, written in every line's _annotator.exported_at (one per export, so that the lines a
    parallel export renders in worker processes are the ones the serial path writes)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def write_jsonl(docs: Iterable[ExportDocument], out: Path, *, status_filter: str, exported_at: str | None = None,
                progress: Callable[[int, str], None] | None = None) -> ExportResult:
    result = ExportResult("jsonl", [out])
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as fh:
        write_lines(docs, fh, result, status_filter=status_filter, exported_at=exported_at, progress=progress)
    return result


# Reports are taken in blocks of about BLOCK_CHARS characters, whose tokens arrays numpy builds at once
# (jsonl_tokens.py): ~6 generated reports, ~2.5 MB of arrays; blocks of 2 reports cost 25 % more a token, of 32 no
# less. Bounded by characters, not reports, so that memory does not follow the longest reports of a selection.
BLOCK_CHARS = 40_000


def write_lines(docs: Iterable[ExportDocument], fh: BinaryIO, result: ExportResult, *, status_filter: str,
                exported_at: str | None = None, progress: Callable[[int, str], None] | None = None) -> str:
    """Write each report's line to the binary file `fh`, counting into `result`; returns the last report's title.
    The serial export and the parallel one's blocks (parallel.py) both write here, so their bytes are the same.

    Reports are rendered a block at a time (their tokens arrays by numpy at once), each block's lines written as
    one bytes object: a line is ~125 kB, and joining str pieces then encoding them cost copies (and page faults:
    sys time) that writing bytes once does not."""
    annotator = json.dumps({"format": FORMAT_VERSION, "status_filter": status_filter, "span": "trigger",
                            "exported_at": exported_at or export_time()}, ensure_ascii=False)
    done, title = 0, ""
    behind = DropBehind(fh)
    for block in _blocks(docs, BLOCK_CHARS):
        offsets = [token_offsets(ed.text, ed.tokens) for ed in block]
        arrays = tokens_json_blocks([ed.text for ed in block], [o[0] for o in offsets], [o[1] for o in offsets])
        pieces: list[bytes] = []
        for ed, (starts, ends), array in zip(block, offsets, arrays):
            head, tail = _head_tail(ed, _Offsets(ed.text, starts, ends), annotator, result.skipped)
            if array is None:  # a report numpy does not lay out (jsonl_tokens.tokens_json_blocks)
                array = tokens_json_of(tokens_for(ed.text, ed.tokens)).encode("utf-8")
            pieces += (head, array, tail.encode("utf-8"))
            result.documents += 1
            result.events += len(ed.events)
            result.facts += len(ed.facts)
        _write(fh, pieces)
        del pieces
        behind.wrote()
        for ed in block:
            done += 1
            title = ed.document.title
            if progress:
                progress(done, title)
    return title


def _blocks(docs: Iterable[ExportDocument], chars: int) -> Iterator[list[ExportDocument]]:
    block: list[ExportDocument] = []
    size = 0
    for ed in docs:
        block.append(ed)
        size += len(ed.text)
        if size >= chars:
            yield block
            block, size = [], 0
    if block:
        yield block


def _write(fh: BinaryIO, pieces: list) -> None:
    """fh.write(b"".join(pieces)) without the join's copy: one os.writev on the file's descriptor."""
    try:
        fd = fh.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (io.BytesIO): joined
        fh.write(b"".join(pieces))
        return
    fh.flush()
    views = [memoryview(p) for p in pieces]
    while views:
        written = os.writev(fd, views[:512])
        while views and written >= len(views[0]):
            written -= len(views.pop(0))
        if written:
            views[0] = views[0][written:]


class _Offsets:
    """A report's token offsets (int64 arrays) and char_span over them: tokens.Tokens.char_span's spans, found
    for all of a report's events by one numpy search (making lists of the offsets cost more than the search)."""
    __slots__ = ("text", "starts", "ends")

    def __init__(self, text: str, starts: np.ndarray, ends: np.ndarray) -> None:
        self.text, self.starts, self.ends = text, starts, ends

    def char_spans(self, pairs: list[tuple[int, int]], label: str = "") -> list[TokenSpan | None]:
        """[Tokens.char_span(start, end, label, "expand") for start, end in pairs] (tests compare them)."""
        if not pairs:
            return []
        starts, ends, n, chars = self.starts, self.ends, len(self.starts), len(self.text)
        wanted = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        wanted[:, 1] -= 1
        found = (np.searchsorted(starts, wanted, side="right") - 1) if n else np.full(wanted.shape, -1)
        found[(wanted < 0) | (wanted >= chars)] = -1  # the token whose text or trailing space holds the character
        at = np.clip(found, 0, max(n - 1, 0))
        token_ends = ends[at[:, 0]].tolist() if n else [0] * len(pairs)
        out: list[TokenSpan | None] = []
        for (start_idx, _), (start, end), token_end in zip(pairs, found.tolist(), token_ends):
            if start < 0 or end < 0:
                out.append(None)
                continue
            if start_idx == token_end:  # a trailing space does not count as part of its token
                start += 1
            end += 1
            if not 0 <= start <= end <= n:
                raise IndexError(f"[E035] Error creating span with start {start} and end {end} for Doc of length {n}.")
            start_char = int(starts[start]) if start < n else chars
            out.append(TokenSpan(start, end, start_char, start_char if start == end else int(ends[end - 1]), label))
        return out


def _task_spans(toks: _Offsets, events: list, skipped: list[str] | None, key: str) -> list[dict[str, Any]]:
    """prodigy_spans(toks, events, skipped, key), every span found by one _Offsets.char_spans."""
    carriers = frame_spans(events) if events and type(events[0]) is EventFrame else event_spans(events)
    accepted = [ev for ev in events if ev.status == "accepted"]
    wanted = [span_of(ev, carriers) for ev in accepted]
    out = []
    for ev, (start, end), span in zip(accepted, wanted, toks.char_spans(wanted)):
        if span is None or len(span) == 0:
            if skipped is not None:
                skipped.append(f"{key}: event {ev.id} ({ev.type} {start}..{end}) covers no token")
            continue
        out.append({"start": span.start_char, "end": span.end_char, "token_start": span.start,
                    "token_end": span.end - 1, "label": ev.type, "event_id": ev.id})
    return sorted(out, key=lambda s: (s["start"], s["end"], s["label"]))


def _text_json(text: str) -> bytes:
    """json.dumps(text, ensure_ascii=False).encode("utf-8"): orjson writes the same bytes (it escapes the same
    characters the same way: \\" \\\\ \\b \\f \\n \\r \\t, \\u00xx for the other control characters; tests compare
    them) ~3 times as fast: 8.5 against 26 us for a generated report's ~6,800 characters (timeit, 200 reports).
    A text that is not valid Unicode (a lone surrogate), which orjson refuses, fails in json as it did."""
    try:
        return _orjson_dumps(text)
    except TypeError:  # orjson.JSONEncodeError
        return _encode_str(text).encode("utf-8")  # raises there, as before


def _head_tail(ed: ExportDocument, toks, annotator: str, skipped: list[str] | None) -> tuple[bytes, str]:
    """The line before its tokens array (UTF-8) and after it: document_json's characters, with each event and
    total as its JSON (EventFrame / FactFrame, or an Event / Fact dumped here)."""
    d = ed.document
    spans = _task_spans(toks, ed.events, skipped, d.key)
    finished = not any(e.status == "pending" for e in ed.events) and not any(f.status == "pending"
                                                                             for f in ed.facts)
    text = ed.text
    text_json = _text_json(text)
    head = b'{"text": ' + text_json + b', "meta": ' + json.dumps(_meta(d), ensure_ascii=False).encode(
        "utf-8") + b', "tokens": '
    in_hash = _input_hash_of(text, text_json)
    tail = "".join((
        ', "spans": ', json.dumps(spans, ensure_ascii=False), ', "_input_hash": ', str(in_hash),
        ', "_task_hash": ', str(task_hash(in_hash, spans)), ', "answer": ', '"accept"' if finished else '"ignore"',
        ', "events": [', ", ".join([e.json if type(e) is EventFrame else json.dumps(event_to_obj(e), ensure_ascii=False)
                                    for e in ed.events]),
        '], "facts": [', ", ".join([f.json if type(f) is FactFrame else json.dumps(fact_to_obj(f), ensure_ascii=False)
                                    for f in ed.facts]),
        '], "_annotator": ', annotator, "}\n"))
    return head, tail
