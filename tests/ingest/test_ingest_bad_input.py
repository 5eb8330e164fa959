"""Every bad input gives a one-line ReadError naming the file (and line); the other files still go in."""
from __future__ import annotations

import json
import random

import pytest
from conftest import read_all

from annotator.ingest import MAX_BYTES, ReadError, read_paths

GOOD = "A good report\n\nOn May 3, a convoy of 20 trucks entered Syria through Semalka crossing.\n"

ENGLISH = ("SOHR\u2019s sources said the convoy \u201centered\u201d Syria through Al-Waleed crossing \u2013 "
           "twenty trucks carrying closed boxes, fuel tanks and cement blocks. Caf\u00e9 owners in the town of "
           "Al-Shaddadi watched the convoy pass towards the base. ") * 3
ARABIC = ("\u062f\u062e\u0644\u062a \u0642\u0627\u0641\u0644\u0629 \u0645\u0646 \u0639\u0634\u0631\u064a\u0646 "
          "\u0634\u0627\u062d\u0646\u0629 \u0625\u0644\u0649 \u0633\u0648\u0631\u064a\u0627 \u0639\u0628\u0631 "
          "\u0645\u0639\u0628\u0631 \u0627\u0644\u0648\u0644\u064a\u062f \u0642\u0627\u062f\u0645\u0629 \u0645\u0646 "
          "\u0625\u0642\u0644\u064a\u0645 \u0643\u0631\u062f\u0633\u062a\u0627\u0646 \u0627\u0644\u0639\u0631\u0627\u0642 "
          "\u0648\u062a\u0648\u062c\u0647\u062a \u0625\u0644\u0649 \u0642\u0627\u0639\u062f\u0629 "
          "\u0627\u0644\u0634\u062f\u0627\u062f\u064a. ") * 4


def run(tmp_path, name: str, content: bytes | None):
    """Read a bad file together with a good one; return (docs, errors) and check the good one went in."""
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    docs, errors = read_all(bad, good)
    assert any(d.key == "good" and d.text == GOOD for d in docs), "the good file of the same call must still go in"
    return [d for d in docs if d.key != "good"], errors


def only_error(errors, name) -> ReadError:
    assert len(errors) == 1, [str(e) for e in errors]
    error = errors[0]
    assert error.source.endswith(name)
    assert "\n" not in str(error)
    assert str(error).startswith(error.source + ":")
    return error


def test_empty_file(tmp_path):
    docs, errors = run(tmp_path, "empty.txt", b"")
    assert not docs and only_error(errors, "empty.txt").message == "empty file"


def test_whitespace_only_file(tmp_path):
    docs, errors = run(tmp_path, "blank.md", b" \n\r\n\t\n")
    assert not docs and "empty" in only_error(errors, "blank.md").message


def test_binary_file_with_nul_bytes(tmp_path):
    rng = random.Random(1)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(3000))
    docs, errors = run(tmp_path, "picture.txt", png)
    assert not docs and "binary" in only_error(errors, "picture.txt").message


def test_binary_garbage_without_nul_bytes(tmp_path):
    rng = random.Random(2)
    garbage = bytes(rng.randrange(1, 256) for _ in range(5000))
    docs, errors = run(tmp_path, "garbage.txt", garbage)
    message = only_error(errors, "garbage.txt").message
    assert not docs and ("binary" in message or "undecodable" in message)


def test_control_characters_are_binary(tmp_path):
    docs, errors = run(tmp_path, "controls.txt", b"text\x01\x02\x03\x04\x05\x06\x07\x08 more" * 50)
    assert not docs and "binary" in only_error(errors, "controls.txt").message


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: costs no disk and no reading
    from pathlib import Path

    def no_reading(self, *a, **k):
        raise AssertionError(f"{self} was read")
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    docs, errors = read_all(big)
    assert not docs and "too large" in only_error(errors, "huge.txt").message


def test_the_limit_is_inclusive(tmp_path, monkeypatch):
    import annotator.ingest.decoding as decoding

    monkeypatch.setattr(decoding, "MAX_BYTES", 1000)  # the same check without writing 20 MB
    at_limit, over = tmp_path / "limit.txt", tmp_path / "over.txt"
    at_limit.write_bytes((b"A convoy entered Syria. " * 50)[:1000])
    over.write_bytes((b"A convoy entered Syria. " * 50)[:1001])
    docs, errors = read_all(at_limit, over)
    assert [len(d.text) for d in docs] == [1000]
    assert "too large" in only_error(errors, "over.txt").message


def test_corrupted_utf8_is_undecodable(tmp_path):
    data = ARABIC.encode("utf-8")
    cut = len(ARABIC[:50].encode("utf-8"))
    data = data[:cut] + b"\xff\xfe" + data[cut:]  # invalid bytes inside an Arabic UTF-8 text
    docs, errors = run(tmp_path, "broken.txt", data)
    message = only_error(errors, "broken.txt").message
    assert not docs and "undecodable" in message and f"byte {cut}" in message


@pytest.mark.parametrize("encoding, expected", [
    ("utf-16", "utf-16-le"),  # Python's "utf-16" writes a little-endian BOM
    ("utf-16-le", "utf-16-le"),  # no BOM
    ("utf-16-be", "utf-16-be"),  # no BOM
])
def test_utf16_with_and_without_bom_is_accepted(tmp_path, encoding, expected):
    docs, errors = run(tmp_path, "wide.txt", ("Convoy report\r\n" + ENGLISH).encode(encoding))
    assert errors == []
    (doc,) = docs
    assert doc.text == "Convoy report\n" + ENGLISH
    assert doc.meta["encoding"] == expected
    assert doc.title == "Convoy report"


def test_utf16_be_with_bom(tmp_path):
    docs, errors = run(tmp_path, "wide-be.txt", b"\xfe\xff" + ("Title\n" + ENGLISH).encode("utf-16-be"))
    assert errors == [] and docs[0].text == "Title\n" + ENGLISH and docs[0].meta["encoding"] == "utf-16-be"


def test_cp1252_curly_quotes_are_decoded(tmp_path):
    docs, errors = run(tmp_path, "windows.txt", ENGLISH.encode("cp1252"))
    assert errors == []
    assert docs[0].text == ENGLISH and docs[0].meta["encoding"] == "cp1252"


def test_cp1256_arabic_is_decoded(tmp_path):
    docs, errors = run(tmp_path, "arabic.txt", ARABIC.encode("cp1256"))
    assert errors == []
    assert docs[0].text == ARABIC and docs[0].meta["encoding"] == "cp1256"


def test_html_declared_charset_is_used_when_utf8_fails(tmp_path):
    page = ('<html><head><meta charset="windows-1256"><title>t</title></head><body><article><p>' + ARABIC +
            "</p></article></body></html>")
    docs, errors = run(tmp_path, "arabic.html", page.encode("cp1256"))
    assert errors == [] and ARABIC.strip() in docs[0].text and docs[0].meta["encoding"] == "cp1256"


def test_jsonl_non_utf8_file_notes_its_encoding(tmp_path):
    line = json.dumps({"text": ENGLISH, "meta": {"id": "w"}}, ensure_ascii=False)
    docs, errors = run(tmp_path, "windows.jsonl", line.encode("cp1252"))
    assert errors == [] and docs[0].text == ENGLISH and docs[0].meta == {"id": "w", "encoding": "cp1252"}


def test_html_without_article_text(tmp_path):
    page = b"<html><head><title>x</title><script>var a = 1;</script><style>p {}</style></head><body> </body></html>"
    docs, errors = run(tmp_path, "empty.html", page)
    assert not docs and "no article text" in only_error(errors, "empty.html").message


def test_jsonl_bad_lines_each_give_an_error_and_good_lines_go_in(tmp_path):
    lines = [
        json.dumps({"text": "good one", "meta": {"id": "g1"}}),                # 1
        '{"text": "unterminated',                                              # 2
        json.dumps({"meta": {"id": "no-text"}}),                               # 3
        json.dumps({"text": ""}),                                              # 4
        json.dumps({"text": "   \n "}),                                        # 5
        json.dumps({"text": 42}),                                              # 6
        json.dumps(["text", "in an array"]),                                   # 7
        json.dumps({"text": "bad meta", "meta": "not an object"}),             # 8
        json.dumps({"text": "bad date", "meta": {"published": "next week"}}),  # 9
        "",                                                                    # 10: blank lines are skipped
        json.dumps({"text": "good two", "meta": {"id": "g2"}}),                # 11
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, errors = read_all(path)
    assert [d.key for d in docs] == ["g1", "g2"]
    assert [e.line for e in errors] == [2, 3, 4, 5, 6, 7, 8, 9]
    messages = [e.message for e in errors]
    assert messages[0].startswith("malformed JSON")
    assert messages[1] == 'no "text" field'
    assert messages[2] == messages[3] == '"text" is empty'
    assert messages[4] == '"text" is a number, not a string'
    assert messages[5] == "expected a JSON object, got an array"
    assert messages[6] == '"meta" is a string, not an object'
    assert "next week" in messages[7] and "published" in messages[7]
    for error in errors:
        assert str(error).startswith(f"{path}:{error.line}: ")


def test_jsonl_with_only_blank_lines_is_empty(tmp_path):
    docs, errors = run(tmp_path, "blank.jsonl", b"\n\n  \n")
    assert not docs and "empty" in only_error(errors, "blank.jsonl").message


def test_missing_path(tmp_path):
    docs, errors = run(tmp_path, "missing.txt", None)
    assert not docs and only_error(errors, "missing.txt").message == "no such file or folder"


def test_explicit_file_with_unsupported_extension(tmp_path):
    docs, errors = run(tmp_path, "report.pdf", b"%PDF-1.4")
    assert not docs and "unsupported file type '.pdf'" in only_error(errors, "report.pdf").message


def test_folder_with_nothing_readable(tmp_path):
    folder = tmp_path / "nothing"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "image.png").write_bytes(b"\x89PNG")
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    docs, errors = read_all(folder, good)
    assert [d.key for d in docs] == ["good"]
    assert "no readable files" in only_error(errors, "nothing").message


def test_unreadable_file(tmp_path, monkeypatch):
    from pathlib import Path

    def denied(self, *a, **k):
        raise PermissionError(13, "Permission denied", str(self))
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    monkeypatch.setattr(Path, "read_bytes", denied)  # chmod 0 does not stop root, who runs CI here
    docs, errors = read_all(path)
    assert not docs and only_error(errors, "locked.txt").message == "Permission denied"


def test_errors_and_documents_keep_the_order_of_the_files(tmp_path):
    for name, content in [("a.txt", b"first\n"), ("b.txt", b""), ("c.txt", b"third\n")]:
        (tmp_path / name).write_bytes(content)
    items = list(read_paths([tmp_path]))
    assert [type(i).__name__ for i in items] == ["DocumentIn", "ReadError", "DocumentIn"]


def test_utf16_arabic_without_bom(tmp_path):
    docs, errors = run(tmp_path, "arabic16.txt", ARABIC.encode("utf-16-le"))
    assert errors == [] and docs[0].text == ARABIC and docs[0].meta["encoding"] == "utf-16-le"
