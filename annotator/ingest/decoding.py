"""Bytes to text: size limit, encoding detection, and the one normalisation every stored text gets.

Strict UTF-8 comes first because nearly every report is UTF-8; charset-normalizer only sees the files
that fail it. Text is normalised to NFC with LF line endings and nothing else, so that character offsets
taken at import stay valid through review and export.
"""
from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from pathlib import Path

import charset_normalizer

from .errors import UnreadableInput

MAX_BYTES = 20 * 1024 * 1024

_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# EBCDIC and other exotic code pages "decode" almost anything; no report arrives in them.
_IMPLAUSIBLE = ["cp037", "cp273", "cp424", "cp500", "cp875", "cp1006", "cp1026", "cp1140"]
_UTF16_32 = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"\r\n?")
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")  # C0/C1 controls other than \t \n \v \f \r
_MAX_CONTROL_SHARE = 0.02  # more control characters than this and it is not prose


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


def decode_bytes(data: bytes, *, html: bool = False) -> tuple[str, str]:
    """(text, encoding name) for the bytes of a text file, or UnreadableInput saying why not."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(encoding)), encoding
            except UnicodeDecodeError as e:
                raise UnreadableInput(f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                                      f"(byte {e.start + len(bom)})") from None
    if b"\x00" in data:
        return _decode_wide(data)
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = e.start
    if html:
        declared = _declared_charset(data)
        if declared:
            try:
                return _checked(data.decode(declared)), declared
            except (UnicodeDecodeError, UnreadableInput):
                pass
    guess = _best_guess(charset_normalizer.from_bytes(data, cp_exclusion=_IMPLAUSIBLE))
    if guess is None:
        raise UnreadableInput(f"undecodable bytes: not valid UTF-8 (byte {utf8_error}) and no other encoding fits")
    text, encoding = guess
    return _checked(text), encoding


def _decode_wide(data: bytes) -> tuple[str, str]:
    """NUL bytes mean UTF-16/32 without a byte-order mark, or a binary file."""
    best = charset_normalizer.from_bytes(data, cp_isolation=_UTF16_32).best()
    if best is None:
        raise UnreadableInput("binary file (contains NUL bytes)")
    return _checked(str(best)), _codec_name(best.encoding)


def _best_guess(matches: charset_normalizer.CharsetMatches) -> tuple[str, str] | None:
    best = matches.best()
    if best is None:
        return None
    # cp1250 and cp1252 often tie on Western text; cp1252 is by far the commoner, so ties go to it.
    # could_be_from_charset lists the code pages that give this very output.
    for m in matches:
        if (m.chaos, m.coherence) == (best.chaos, best.coherence) and "cp1252" in m.could_be_from_charset:
            return str(m), "cp1252"
    return str(best), _codec_name(best.encoding)


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


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
