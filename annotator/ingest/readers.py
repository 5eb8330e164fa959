"""Files and folders to DocumentIn objects, one reader per format; bad input becomes a ReadError.

The caller (the store) writes each file's documents in one transaction, so a reader yields what it
can and reports the rest; it never raises for bad input.
"""
from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.domain import DocumentIn

from .annotations import check_annotations
from .decoding import decode_bytes, read_limited
from .errors import ReadError, UnreadableInput
from .html import html_to_document_parts
from .metadata import parse_date, read_text_document

# Keys of a JSONL line that carry annotations (Prodigy spans, answer and reviewer; our exported events and totals).
ANNOTATION_KEYS = ("spans", "events", "facts", "answer", "_annotator", "_annotator_id")
KINDS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


def read_paths(paths: Iterable[str | Path], *, published: str | None = None,
               encoding: str | None = None) -> Iterator[DocumentIn | ReadError]:
    """Documents (and ReadErrors) from files and folders, folders walked recursively in sorted order.

    Inside folders, files of other extensions and hidden files or folders are skipped silently; a file
    named explicitly with an unsupported extension is a ReadError. `published` (an ISO date) overrides
    every document's publication date, and `encoding` (a Python codec name) replaces the detection for
    every file; a malformed value of either raises ValueError at once, as it is a usage error.
    """
    if published is not None:
        published = parse_date(published)
    if encoding is not None:
        encoding = check_encoding(encoding)
    return _read_all(list(paths), published, encoding)


def check_encoding(name: str) -> str:
    """The codec's canonical name, or ValueError naming the unknown one."""
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError, TypeError):
        raise ValueError(f"unknown encoding {name!r} (examples: utf-8, cp1252, cp1256, mac-roman, latin-1)") from None


def display_path(path: str | Path) -> str:
    """A path as it can be printed and stored: bytes that are not UTF-8 and line breaks shown as escapes."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return text.replace("\r", "\\r").replace("\n", "\\n")


def _read_all(paths: list[str | Path], published: str | None, encoding: str | None
              ) -> Iterator[DocumentIn | ReadError]:
    seen: set[str] = set()
    for given in paths:
        shown = display_path(given)
        if str(given) == "":  # Path("") would be the current folder, which nobody means
            yield ReadError('""', None, "empty path: name a file or folder")
            continue
        path = Path(given)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as e:  # a name too long for the file system, and the like
            yield ReadError(shown, None, e.strerror or str(e))
            continue
        if is_dir:
            problems: list[ReadError] = []
            files = list(_walk(path, problems))
            yield from problems
            if not files and not problems:
                yield ReadError(shown, None, "folder holds no readable files (" + ", ".join(KINDS) + ")")
            for file in files:
                yield from _read_once(file, display_path(file), published, encoding, seen)
        elif exists:
            if path.suffix.lower() not in KINDS:
                yield ReadError(shown, None, f"unsupported file type {path.suffix or '(no extension)'!r}; "
                                             "expected one of " + ", ".join(KINDS))
                continue
            yield from _read_once(path, shown, published, encoding, seen)
        elif path.is_symlink():
            yield ReadError(shown, None, "symbolic link to nothing (broken, or a loop)")
        else:
            yield ReadError(shown, None, "no such file or folder")


def _walk(folder: Path, problems: list[ReadError]) -> Iterator[Path]:
    """Supported files under folder. Symbolic links to folders are not followed (no loops); a folder that
    cannot be listed is reported in `problems`."""
    def failed(error: OSError) -> None:
        problems.append(ReadError(display_path(error.filename or folder), None,
                                  f"folder cannot be read: {error.strerror or error}"))

    for root, dirs, files in os.walk(folder, onerror=failed):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in KINDS:
                yield Path(root) / name


def _read_once(path: Path, shown: str, published, encoding, seen: set[str]) -> Iterator[DocumentIn | ReadError]:
    resolved = os.path.realpath(path)  # never raises, even on a symbolic link loop
    if resolved in seen:  # the same file named twice, or inside a folder also given
        return
    seen.add(resolved)
    yield from read_file(path, published=published, shown=shown, encoding=encoding)


def read_file(path: str | Path, *, published: str | None = None, shown: str | None = None,
              encoding: str | None = None) -> Iterator[DocumentIn | ReadError]:
    """The documents of one supported file (a JSONL file may hold many), or ReadErrors; never raises."""
    shown = shown or display_path(path)
    try:
        yield from _read_file(Path(path), published, shown, encoding)
    except Exception as e:  # noqa: BLE001 - a bug on one file must not stop the others; say which file
        yield ReadError(shown, None, f"could not be read: {type(e).__name__}: {' '.join(str(e).split())[:200]}")


def _read_file(path: Path, published, shown: str, encoding: str | None) -> Iterator[DocumentIn | ReadError]:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        yield ReadError(shown, None, f"unsupported file type {path.suffix!r}")
        return
    try:
        data = read_limited(path)
        text, encoding, note = decode_bytes(data, html=kind == "html", encoding=encoding)
        if not text.strip():
            raise UnreadableInput("empty file (only whitespace)")
    except UnreadableInput as e:
        yield ReadError(shown, None, str(e))
        return
    except OSError as e:
        yield ReadError(shown, None, e.strerror or str(e))
        return
    source = display_path(path.absolute())
    if kind == "jsonl":
        yield from _jsonl_documents(text, encoding, path, shown, source, published, note)
        return
    meta = {"encoding": encoding}
    if note:
        meta["decoding_note"] = note
    title = None
    if kind == "html":
        text, title, page_date = html_to_document_parts(text)
        if not text.strip():
            yield ReadError(shown, None, "no article text found in the HTML")
            return
        if page_date:
            meta["published"] = page_date
    try:
        yield read_text_document(text, source=source, key=display_path(path.stem), kind=kind, title=title,
                                 published=published, meta=meta)
    except ValueError as e:
        yield ReadError(shown, None, str(e))


def _jsonl_documents(text: str, encoding: str, path: Path, shown: str, source: str, published, note: str | None
                     ) -> Iterator[DocumentIn | ReadError]:
    """One document per line ({"text": ..., "meta": {"id", "title", "url", "published"}}); blank lines skipped."""
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            doc = _jsonl_document(line, line_no, encoding, path, source, published)
            if note:
                doc.meta["decoding_note"] = note
            yield doc
        except UnreadableInput as e:
            yield ReadError(shown, line_no, str(e))
        except RecursionError:
            yield ReadError(shown, line_no, "JSON nested too deeply")
        except ValueError as e:  # json's own limits, e.g. an integer of more than 4,300 digits
            yield ReadError(shown, line_no, f"malformed JSON: {' '.join(str(e).split())[:200]}")


def _jsonl_document(line: str, line_no: int, encoding: str, path: Path, source: str, published) -> DocumentIn:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise UnreadableInput(f"malformed JSON: {e.msg} (column {e.colno})") from None
    if not isinstance(record, dict):
        raise UnreadableInput(f"expected a JSON object, got {_json_type(record)}")
    try:  # "\ud800" is valid JSON but no valid text: nothing could store or export it
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as e:
        raise UnreadableInput(f"a lone surrogate ({e.object[e.start]!a}) is not a character") from None
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
    key = str(key) if key not in (None, "") else f"{display_path(path.stem)}-{line_no}"
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    url = meta.get("url") if isinstance(meta.get("url"), str) and meta.get("url").strip() else None
    try:
        doc = read_text_document(record["text"], source=url or source, key=key, kind="jsonl", title=title,
                                 published=published, meta=meta)
    except ValueError as e:
        raise UnreadableInput(f"meta.published: {e}") from None
    carried = {k: record[k] for k in ANNOTATION_KEYS if k in record}
    if carried:
        check_annotations(carried, len(record["text"]))
        if doc.text != record["text"]:
            # Offsets in the line point into the text as written; normalising it (CRLF, NFC) would move them.
            raise UnreadableInput("annotated line whose text is not NFC with LF line endings: offsets would shift")
        doc.annotations = carried
    return doc


def _json_type(value) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)
