"""Files and folders to DocumentIn objects, one reader per format; bad input becomes a ReadError.

The caller (the store) writes each file's documents in one transaction, so a reader yields what it
can and reports the rest; it never raises for bad input.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.domain import DocumentIn

from .decoding import decode_bytes, read_limited
from .errors import ReadError, UnreadableInput
from .html import html_to_document_parts
from .metadata import parse_date, read_text_document

# Keys of a JSONL line that carry annotations (Prodigy spans, answer and reviewer; our exported events and totals).
ANNOTATION_KEYS = ("spans", "events", "facts", "answer", "_annotator", "_annotator_id")
KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


def read_paths(paths: Iterable[str | Path], *, published: str | None = None) -> Iterator[DocumentIn | ReadError]:
    """Documents (and ReadErrors) from files and folders, folders walked recursively in sorted order.

    Inside folders, files of other extensions and hidden files or folders are skipped silently; a file
    named explicitly with an unsupported extension is a ReadError. `published` (an ISO date) overrides
    every document's publication date; a malformed one raises ValueError at once, as it is a usage error.
    """
    if published is not None:
        published = parse_date(published)
    return _read_all(list(paths), published)


def _read_all(paths: list[str | Path], published: str | None) -> Iterator[DocumentIn | ReadError]:
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = list(_walk(path))
            if not files:
                yield ReadError(str(given), None, "folder holds no readable files (" + ", ".join(KINDS) + ")")
            for file in files:
                yield from _read_once(file, str(file), published, seen)
        elif path.exists():
            if path.suffix.lower() not in KINDS:
                yield ReadError(str(given), None, f"unsupported file type {path.suffix or '(no extension)'!r}; "
                                                  "expected one of " + ", ".join(KINDS))
                continue
            yield from _read_once(path, str(given), published, seen)
        else:
            yield ReadError(str(given), None, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in KINDS:
                yield Path(root) / name


def _read_once(path: Path, shown: str, published, seen: set[Path]) -> Iterator[DocumentIn | ReadError]:
    resolved = path.resolve()
    if resolved in seen:  # the same file named twice, or inside a folder also given
        return
    seen.add(resolved)
    yield from read_file(path, published=published, shown=shown)


def read_file(path: str | Path, *, published: str | None = None, shown: str | None = None
              ) -> Iterator[DocumentIn | ReadError]:
    """The documents of one supported file (a JSONL file may hold many), or ReadErrors."""
    path = Path(path)
    shown = shown or str(path)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        yield ReadError(shown, None, f"unsupported file type {path.suffix!r}")
        return
    try:
        data = read_limited(path)
        text, encoding = decode_bytes(data, html=kind == "html")
        if not text.strip():
            raise UnreadableInput("empty file (only whitespace)")
    except UnreadableInput as e:
        yield ReadError(shown, None, str(e))
        return
    except OSError as e:
        yield ReadError(shown, None, e.strerror or str(e))
        return
    source = str(path.absolute())
    if kind == "jsonl":
        yield from _jsonl_documents(text, encoding, path, shown, source, published)
        return
    meta = {"encoding": encoding}
    title = None
    if kind == "html":
        text, title, page_date = html_to_document_parts(text)
        if not text.strip():
            yield ReadError(shown, None, "no article text found in the HTML")
            return
        if page_date:
            meta["published"] = page_date
    try:
        yield read_text_document(text, source=source, key=path.stem, kind=kind, title=title,
                                 published=published, meta=meta)
    except ValueError as e:
        yield ReadError(shown, None, str(e))


def _jsonl_documents(text: str, encoding: str, path: Path, shown: str, source: str, published
                     ) -> Iterator[DocumentIn | ReadError]:
    """One document per line ({"text": ..., "meta": {"id", "title", "url", "published"}}); blank lines skipped."""
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield _jsonl_document(line, line_no, encoding, path, source, published)
        except UnreadableInput as e:
            yield ReadError(shown, line_no, str(e))


def _jsonl_document(line: str, line_no: int, encoding: str, path: Path, source: str, published) -> DocumentIn:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise UnreadableInput(f"malformed JSON: {e.msg} (column {e.colno})") from None
    if not isinstance(record, dict):
        raise UnreadableInput(f"expected a JSON object, got {_json_type(record)}")
    if "text" not in record:
        raise UnreadableInput('no "text" field')
    if not isinstance(record["text"], str):
        raise UnreadableInput(f'"text" is {_json_type(record["text"])}, not a string')
    if not record["text"].strip():
        raise UnreadableInput('"text" is empty')
    meta = record.get("meta", {})
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise UnreadableInput(f'"meta" is {_json_type(meta)}, not an object')
    meta = dict(meta)
    if encoding != "utf-8":
        meta["encoding"] = encoding
    key = meta.get("id", record.get("id"))
    key = str(key) if key not in (None, "") else f"{path.stem}-{line_no}"
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    url = meta.get("url") if isinstance(meta.get("url"), str) and meta.get("url").strip() else None
    try:
        doc = read_text_document(record["text"], source=url or source, key=key, kind="jsonl", title=title,
                                 published=published, meta=meta)
    except ValueError as e:
        raise UnreadableInput(f"meta.published: {e}") from None
    carried = {k: record[k] for k in ANNOTATION_KEYS if k in record}
    if carried:
        if doc.text != record["text"]:
            # Offsets in the line point into the text as written; normalising it (CRLF, NFC) would move them.
            raise UnreadableInput("annotated line whose text is not NFC with LF line endings: offsets would shift")
        doc.annotations = carried
    return doc


def _json_type(value) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)
