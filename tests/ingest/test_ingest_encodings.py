"""Files that are not UTF-8: read as cp1252 or cp1256 only when the result reads plausibly, repaired when a UTF-8
file has a few stray cp1252 bytes, refused with a message suggesting --encoding otherwise; never stored wrong."""
import random

import pytest
from conftest import read_all
from fuzz_inputs import _CENTRAL, _EXTRA_LATIN, arabic, prose

from annotator.ingest import read_paths
from annotator.ingest import readers
from annotator.ingest.decoding import decode_bytes
from annotator.ingest.errors import UnreadableInput

SEEDS = range(8)


def _western(seed: int) -> str:
    return prose(random.Random(seed), 14, _EXTRA_LATIN)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_western_single_byte_text_reads_as_cp1252(seed, encoding):
    text = _western(seed) if encoding == "cp1252" else prose(random.Random(seed), 14, _EXTRA_LATIN, typography=False)
    decoded, name, note = decode_bytes(text.encode(encoding))
    assert (decoded, name, note) == (text, "cp1252", None)


@pytest.mark.parametrize("seed", SEEDS)
def test_arabic_cp1256_reads_as_cp1256(seed):
    text = arabic(random.Random(seed), 12)
    assert decode_bytes(text.encode("cp1256"))[:2] == (text, "cp1256")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("encoding, words", [("mac-roman", _EXTRA_LATIN), ("cp1250", _CENTRAL)])
def test_other_code_pages_are_refused_not_guessed(seed, encoding, words):
    text = prose(random.Random(seed), 14, words, typography=encoding == "mac-roman")
    with pytest.raises(UnreadableInput, match="--encoding"):
        decode_bytes(text.encode(encoding))
    assert decode_bytes(text.encode(encoding), encoding=encoding)[0] == text


@pytest.mark.parametrize("seed", SEEDS)
def test_a_few_stray_cp1252_bytes_in_utf8_are_repaired_and_noted(seed):
    text = _western(seed)
    at = text.index(" ", len(text) // 2)
    data = text[:at].encode("utf-8") + "\u2019".encode("cp1252") + text[at:].encode("utf-8")
    decoded, name, note = decode_bytes(data)
    assert decoded == text[:at] + "\u2019" + text[at:] and name == "utf-8"
    assert f"at byte {len(text[:at].encode('utf-8'))}" in note and "cp1252" in note


def test_many_stray_bytes_are_not_repaired():
    text = _western(1)
    damaged = text.encode("utf-8").replace(b" ", b" \xe9", 40)  # forty of them: not a few strays
    with pytest.raises(UnreadableInput):
        decode_bytes(damaged)


def test_real_reports_saved_as_cp1252_come_back_exactly(corpus_dir, tmp_path):
    for report in sorted((corpus_dir / "reports").glob("*.txt")):
        text = report.read_text("utf-8")
        try:
            data = text.encode("cp1252")
        except UnicodeEncodeError:
            continue  # characters cp1252 lacks: such a file could not have been saved as cp1252
        (tmp_path / report.name).write_bytes(data)
    docs, errors = read_all(tmp_path)
    assert not errors and docs
    for doc in docs:
        assert doc.text == (corpus_dir / "reports" / f"{doc.key}.txt").read_text("utf-8").replace("\r\n", "\n")
        assert doc.meta["encoding"] == "cp1252"


def test_a_folder_that_cannot_be_listed_is_named(tmp_path, monkeypatch):
    def walk(top, onerror=None):
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
        yield str(top), [], ["ok.txt"]

    (tmp_path / "ok.txt").write_text("A report about a convoy.\n", encoding="utf-8")
    monkeypatch.setattr(readers.os, "walk", walk)
    items = list(read_paths([tmp_path]))
    assert [str(i) for i in items if not hasattr(i, "text")] == [f"{tmp_path / 'locked'}: folder cannot be read: "
                                                                 "Permission denied"]
    assert [i.key for i in items if hasattr(i, "text")] == ["ok"]
