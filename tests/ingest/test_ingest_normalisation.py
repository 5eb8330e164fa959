"""Text is normalised to NFC and LF only, so offsets stay stable from import to export."""
from __future__ import annotations

import unicodedata

from conftest import read_one

from annotator.ingest import content_hash, normalise_text

LINES = ["Last Update: 2023-07-23", "", "On July 11, a convoy of 60 trucks entered through Al-Waleed crossing.",
         "Caf\u00e9 \u201cquoted\u201d\u00a0text with a non-breaking space.", ""]


def test_crlf_file_gives_lf_text_with_the_offsets_of_the_lf_version(tmp_path):
    lf_text = "\n".join(LINES)
    path = tmp_path / "crlf.txt"
    path.write_bytes("\r\n".join(LINES).encode("utf-8"))
    doc = read_one(path)
    assert "\r" not in doc.text
    assert doc.text == lf_text
    needle = "a convoy of 60 trucks"
    start = doc.text.index(needle)
    assert start == lf_text.index(needle)
    assert doc.text[start:start + len(needle)] == needle


def test_lone_cr_becomes_lf(tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes(b"Title line\rsecond line\r\rthird\r\n")
    assert read_one(path).text == "Title line\nsecond line\n\nthird\n"


def test_text_is_nfc_and_nothing_else_changes(tmp_path):
    decomposed = "Cafe\u0301 in Deir ez-Zor\u00a0\u2013 \u201ctext\u201d\tend  \n"
    path = tmp_path / "nfd.txt"
    path.write_text(decomposed, encoding="utf-8")
    doc = read_one(path)
    assert doc.text == unicodedata.normalize("NFC", decomposed)
    assert doc.text.startswith("Caf\u00e9 in")
    assert "\u00a0" in doc.text and "\t" in doc.text and doc.text.endswith("  \n")  # no NFKC, no stripping


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfTitle\nBody\n")
    doc = read_one(path)
    assert doc.text == "Title\nBody\n"
    assert doc.title == "Title"


def test_content_hash_is_of_the_normalised_text():
    assert content_hash("a\r\nb") == content_hash("a\nb") == content_hash("\ufeffa\rb")
    assert content_hash("Cafe\u0301") == content_hash("Caf\u00e9")
    assert content_hash("a\nb") != content_hash("a\nb ")
    assert len(content_hash("x")) == 64


def test_normalise_is_idempotent():
    text = "\ufeffa\r\nb\rc\u0301"
    once = normalise_text(text)
    assert normalise_text(once) == once == "a\nb\nc\u0301".replace("c\u0301", "\u0107")
