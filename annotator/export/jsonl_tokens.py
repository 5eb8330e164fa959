"""JSONL tasks' "tokens" arrays as UTF-8 bytes, built by numpy from the token offsets of several reports at once:
for each report, the bytes json.dumps(tokens, ensure_ascii=False).encode() gives for its
[{"text", "start", "end", "id", "ws"}, ...].

Why numpy: the tokens are nine tenths of a JSONL export's bytes (~1,260 tokens a report, ~65 bytes each). A
%-format over a tuple of five values a token (jsonl.tokens_json_of) costs ~460 ns a token, orjson over a dict per
token ~390 ns (and writes other separators); this ~170-200 ns (300 generated reports, process time). Reports are
done in blocks because a numpy call costs microseconds whatever its size: a report at a time cost ~480 ns a
token, two at a time ~290, eight or more ~190-230.

How: each token is one row of a uint8 matrix laid out as its record, every variable part (text, three numbers,
true/false) in a field as wide as its widest value, the unused bytes NUL. The constant parts are the record's
template repeated (bytearray * n), the texts rows of a sliding window over the reports' UTF-8 bytes, the numbers
rows of a table of decimal strings; the matrix's bytes with the NULs removed are the arrays. No JSON text holds a
NUL byte (a NUL character in a token is written as the escape \\u0000), so removing them removes padding only.
Tokens with a character JSON escapes (a quote, a backslash, a control character such as a newline token) are
escaped by json's own string encoder, one by one.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

_encode_str = json.encoder.encode_basestring  # json.dumps(..., ensure_ascii=False)'s string encoder

# The record around its variable fields (text, start, end, id, ws), and the separator after it.
_PARTS = (b'{"text": "', b'", "start": ', b', "end": ', b', "id": ', b', "ws": ', b"}, ")
_WS = np.array([b"false", b"true"], dtype="S5")
MAX_TOKEN_BYTES = 256  # a wider token would widen every row of its block: such blocks are done one report each
MAX_DIGITS = 9
_numbers = np.zeros((0, MAX_DIGITS), dtype=np.uint8)
_numbers_len = np.zeros(0, dtype=np.int64)
_escaped: dict[str, bytes] = {}  # a token with characters JSON escapes -> its escaped UTF-8 ("\n\n" recurs)


def _decimal(upto: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows k = 0..upto-1 (at least): str(k) in ASCII, NUL-padded to MAX_DIGITS, and len(str(k)). Grown by
    doubling and kept for the process (a report of 1,000,000 characters needs 17 MB)."""
    global _numbers, _numbers_len
    if len(_numbers) < upto:
        size = max(upto, 2 * len(_numbers), 1 << 14)
        _numbers = np.arange(size).astype(f"S{MAX_DIGITS}").view(np.uint8).reshape(size, MAX_DIGITS)
        _numbers_len = np.count_nonzero(_numbers, axis=1)
    return _numbers, _numbers_len


def _numbers_as(digits: int) -> np.ndarray:
    """_decimal's strings as one fixed-width bytes value each, `digits` wide (enough for the numbers asked)."""
    table = _numbers
    if _narrow.get(digits) is None or len(_narrow[digits]) != len(table):
        _narrow[digits] = np.ascontiguousarray(table[:, :digits]).view(f"S{digits}").reshape(-1)
    return _narrow[digits]


_narrow: dict[int, np.ndarray] = {}


@lru_cache(maxsize=8)
def _masks(width: int) -> np.ndarray:
    """Row L: 0xFF in its first L bytes of `width`, 0 after."""
    return np.where(np.arange(width) < np.arange(width + 1)[:, None], 0xFF, 0).astype(np.uint8)


def tokens_json_blocks(texts: Sequence[str], starts: Sequence[np.ndarray], ends: Sequence[np.ndarray]
                       ) -> list[bytes | None]:
    """For each report k, the tokens array of its tokens [starts[k][i], ends[k][i]) of texts[k] (character
    offsets, in text order), or None where it cannot be built here (a token of more than MAX_TOKEN_BYTES bytes,
    a text that is not valid Unicode): the caller formats that report the slow way, which behaves as before."""
    out: list[bytes | None] = [b"[]"] * len(texts)
    kept = [k for k in range(len(texts)) if len(starts[k])]
    if not kept:
        return out
    try:
        block = _block([texts[k] for k in kept], [starts[k] for k in kept], [ends[k] for k in kept])
    except _TooWide:
        if len(kept) == 1:
            out[kept[0]] = None
            return out
        block = [tokens_json_blocks([texts[k]], [starts[k]], [ends[k]])[0] for k in kept]
    for k, b in zip(kept, block):
        out[k] = b
    return out


class _TooWide(Exception):
    pass


def _block(texts: list[str], starts: list[np.ndarray], ends: list[np.ndarray]) -> list[bytes]:
    counts = np.array([len(s) for s in starts])
    lengths = np.array([len(t) for t in texts])
    n = int(counts.sum())
    base = np.zeros(len(texts), dtype=np.int64)  # each report's first character in the joined text
    np.cumsum(lengths[:-1], out=base[1:])
    first = np.zeros(len(texts), dtype=np.int64)  # each report's first token row
    np.cumsum(counts[:-1], out=first[1:])
    last = first + counts - 1
    local_starts = np.concatenate(starts).astype(np.int64, copy=False)
    local_ends = np.concatenate(ends).astype(np.int64, copy=False)
    shift = np.repeat(base, counts)
    gs, ge = local_starts + shift, local_ends + shift
    ids = np.arange(n) - np.repeat(first, counts)
    text = "".join(texts)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 for it
        raise _TooWide from None
    if len(data) != len(text):  # character offsets to byte offsets: add the extra bytes of the characters before
        cps = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
        wide = np.flatnonzero(cps >= 0x80)
        extra = np.zeros(len(wide) + 1, dtype=np.int64)
        np.cumsum((cps[wide] >= 0x80).astype(np.int64) + (cps[wide] >= 0x800) + (cps[wide] >= 0x10000),
                  out=extra[1:])
        bs = gs + extra[np.searchsorted(wide, gs)]
        be = ge + extra[np.searchsorted(wide, ge)]
    else:
        bs, be = gs, ge
    raw = np.frombuffer(data + b"\0", dtype=np.uint8)  # the NUL at the end pads the gathered texts
    size = be - bs
    width = int(size.max())
    # Tokens holding a character that JSON escapes: a quote, a backslash or a control character (below 0x20).
    escape = raw[:-1] < 0x20
    escape |= raw[:-1] == 0x22
    escape |= raw[:-1] == 0x5C
    special: list[int] = []
    escaped: list[bytes] = []
    at = np.flatnonzero(escape)
    if len(at):  # the tokens holding them: the last token starting at or before each (whitespace is a token too)
        holder = np.searchsorted(bs, at, side="right") - 1  # sorted: each token once where it changes
        special = holder[np.concatenate(([True], holder[1:] != holder[:-1]))].tolist()
        cache = _escaped
        for s, e in zip(gs[special].tolist(), ge[special].tolist()):
            token = text[s:e]
            found = cache.get(token)
            if found is None:
                if len(cache) > 4096:
                    cache.clear()
                found = cache[token] = _encode_str(token)[1:-1].encode("utf-8")
            escaped.append(found)
        width = max(width, max(map(len, escaped)))
    top = max(int(local_ends.max()), int(counts.max()))
    digits = len(str(top))
    if width > MAX_TOKEN_BYTES or digits > MAX_DIGITS:
        raise _TooWide
    numbers, digit_counts = _decimal(top + 1)

    numbers = _numbers_as(digits)
    # One record a token: constant parts and fields, unaligned, as the bytes lie in the array.
    record = np.dtype([("p0", "S11"), ("text", np.uint8, (width,)), ("p1", "S12"), ("start", f"S{digits}"),
                       ("p2", "S9"), ("end", f"S{digits}"), ("p3", "S8"), ("id", f"S{digits}"), ("p4", "S8"),
                       ("ws", "S5"), ("p5", "S3")])
    template = np.zeros(1, dtype=record)
    template[["p0", "p1", "p2", "p3", "p4", "p5"]] = _PARTS
    buf = bytearray(template.tobytes()) * n  # translated in place of a tobytes() copy
    out = np.frombuffer(buf, dtype=record)
    # Each token's bytes and what follows it (rows of a sliding window over the text), then all bytes past its
    # end masked to NUL: row copies and a bitwise and, not a gather of every byte.
    window = np.lib.stride_tricks.sliding_window_view(np.concatenate((raw, np.zeros(width, np.uint8))), width)
    texts_ = window[bs]
    texts_ &= _masks(width)[size]
    if special:
        texts_[special] = np.frombuffer(b"".join(x.ljust(width, b"\0") for x in escaped),
                                        dtype=np.uint8).reshape(len(special), width)
    out["text"] = texts_
    out["start"] = numbers[local_starts]
    out["end"] = numbers[local_ends]
    out["id"] = numbers[ids]
    # A token is followed by a space when the next one starts after its end (the last: before the text's end).
    following = np.empty(n, dtype=np.int64)
    following[:-1] = gs[1:]
    following[last] = base + lengths
    spaces = ge < following
    out["ws"] = _WS[spaces.view(np.int8)]
    out["p0"][first] = b'[{"text": "'  # a report's array opens before its first token
    out["p5"][last] = b"}]"  # and closes after its last (no ", ")
    if special:
        size[special] = [len(x) for x in escaped]
    # Each row's bytes less its padding, summed per report: where each report's array ends in the joined bytes.
    used = (record.itemsize - 3 * digits - width - 1) + size  # the constant parts: p0 has a byte of padding
    used += digit_counts[local_starts]
    used += digit_counts[local_ends]
    used += digit_counts[ids]
    used -= spaces  # "true" is a byte shorter than "false"
    used[first] += 1
    used[last] -= 1
    ends_at = np.cumsum(np.add.reduceat(used, first)).tolist()
    del out
    joined = memoryview(buf.translate(None, b"\0"))
    begins = [0] + ends_at[:-1]
    return [joined[a:b] for a, b in zip(begins, ends_at)]
