"""Bytes to text: size limit, encoding detection, and the one normalisation every stored text gets.

Strict UTF-8 comes first because nearly every report is UTF-8; then the encodings users actually have,
each only when its text reads plausibly (see decode_bytes); charset-normalizer only sorts out UTF-16/32
without a byte-order mark. Text is normalised to NFC with LF line endings and nothing else, so that character offsets
taken at import stay valid through review and export.
"""
from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path

import charset_normalizer

from . import plausibility
from .errors import UnreadableInput

MAX_BYTES = 20 * 1024 * 1024

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF16_32 = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"\r\n?")
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")  # C0/C1 controls other than \t \n \v \f \r
_MAX_CONTROL_SHARE = 0.02  # more control characters than this and it is not prose
_HIGH_BYTES = bytes(range(0x80, 0x100))
MAX_STRAY = 16  # more bytes than this that are not UTF-8 and it is not a UTF-8 file with a few strays
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def normalise_text(text: str) -> str:
    """NFC, CRLF and lone CR to LF, and no leading BOM: the only changes made to a report's text."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", text))


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalised text; the store keeps one copy per hash."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def read_limited(path: Path) -> bytes:
    """The file's bytes, refusing empty files and files over MAX_BYTES before reading them."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableInput(f"file too large ({size / 1024 / 1024:.1f} MiB; the limit is {MAX_BYTES // 1024 // 1024} MiB)")
    if size == 0:
        raise UnreadableInput("empty file")
    return path.read_bytes()


def decode_bytes(data: bytes, *, html: bool = False, encoding: str | None = None) -> tuple[str, str, str | None]:
    """(text, encoding name, note or None) for the bytes of a text file, or UnreadableInput saying why not.

    `encoding` (the --encoding option) is used strictly and alone. Otherwise: a byte-order mark; UTF-16/32
    (NUL bytes); strict UTF-8; an HTML page's declared charset; UTF-8 with a few stray cp1252 bytes (repaired,
    and the note says so); cp1252 when it reads as Latin prose; cp1256 when it reads as Arabic. Anything else
    is refused, with the suggestion to name the encoding: a guess among the many single-byte code pages that
    decode any bytes at all is what stored reports wrongly before (cp1252 reports came out as cp852).
    """
    if encoding is not None:
        try:
            return _checked(data.decode(encoding)), encoding, None
        except UnicodeDecodeError as e:
            raise UnreadableInput(f"not valid {encoding} (byte {e.start}); name the right one with --encoding") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(name)), name, None
            except UnicodeDecodeError as e:
                raise UnreadableInput(f"starts with a {name} byte-order mark but is not valid {name} "
                                      f"(byte {e.start + len(bom)})") from None
    if b"\x00" in data:
        return (*_decode_wide(data), None)
    try:
        return _checked(data.decode("utf-8")), "utf-8", None
    except UnicodeDecodeError as e:
        utf8_error = e.start
    if html:
        declared = _declared_charset(data)
        if declared:
            try:
                text = _checked(data.decode(declared))
                if plausibility.reads_as(text, declared):
                    return text, declared, None
            except (UnicodeDecodeError, UnreadableInput):
                pass
    repaired = _repair_utf8(data)
    if repaired is not None:
        return repaired
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if sum(len(m) for m in _UTF8_MULTIBYTE.findall(data)) > high / 2:
        # mostly UTF-8 with damage that is not a few stray characters: a single-byte reading would be mojibake
        raise UnreadableInput(f"undecodable bytes: UTF-8 damaged at byte {utf8_error} (too much to repair); "
                              "if it is in another encoding, give it with --encoding")
    for name in ("cp1252", "cp1256"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if plausibility.reads_as(text, name):
            return _checked(text), name, None
    raise UnreadableInput(f"undecodable bytes: not valid UTF-8 (byte {utf8_error}) and do not read clearly as "
                          "cp1252 (Western) or cp1256 (Arabic); if you know its encoding, give it with --encoding "
                          "(e.g. --encoding mac-roman)")


def _repair_utf8(data: bytes) -> tuple[str, str, str] | None:
    """UTF-8 with a few bytes that are not (a cp1252 "é" or "’" typed into a UTF-8 file): those bytes read as
    cp1252. Only when the file also holds real UTF-8 multi-byte characters, there are at most MAX_STRAY
    strays, and each reads as a Latin character in Latin context; else it is not a UTF-8 file with strays."""
    if not _UTF8_MULTIBYTE.search(data):
        return None  # no UTF-8 character at all: a cp1252 (or other) file, judged as a whole by the caller
    parts: list[str] = []
    strays: list[tuple[int, int]] = []  # (byte offset, character offset)
    length, pos = 0, 0
    while True:
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as e:
            good = data[pos:pos + e.start].decode("utf-8")
            try:
                char = data[pos + e.start:pos + e.end].decode("cp1252")
            except UnicodeDecodeError:
                return None  # one of the five bytes cp1252 leaves undefined
            parts += [good, char]
            length += len(good)
            strays.append((pos + e.start, length))
            length += len(char)
            pos += e.end
            if len(strays) > MAX_STRAY:
                return None
    text = "".join(parts)
    for _, i in strays:
        before, after = text[i - 1:i] or " ", text[i + 1:i + 2] or " "
        if any(c.isalpha() and c > "\u024f" for c in (before, text[i], after)) or \
                plausibility.misplaced(text[i], before, after):
            return None  # "ÿþ" inside Arabic words: not a stray Western character
    where = ", ".join(str(b) for b, _ in strays)
    note = (f"{len(strays)} byte{'s' if len(strays) > 1 else ''} that are not UTF-8 (at byte {where}) read as "
            "cp1252; check those characters, or give the encoding with --encoding")
    return _checked(text), "utf-8", note


def _decode_wide(data: bytes) -> tuple[str, str]:
    """NUL bytes mean UTF-16/32 without a byte-order mark, or a binary file."""
    best = charset_normalizer.from_bytes(data, cp_isolation=_UTF16_32).best()
    if best is None:
        raise UnreadableInput("binary file (contains NUL bytes)")
    return _checked(str(best)), _codec_name(best.encoding)


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    # Browsers read a page declared latin-1 or ascii as cp1252 (WHATWG), and so do their authors' tools.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _codec_name(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


def _checked(text: str) -> str:
    """Reject decodings that are not prose: NUL characters or many other control characters."""
    if "\x00" in text:
        raise UnreadableInput("binary file (contains NUL characters)")
    controls = sum(1 for _ in _CONTROL.finditer(text))
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        raise UnreadableInput("binary file (too many control characters)")
    return text
