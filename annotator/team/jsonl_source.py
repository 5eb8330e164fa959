"""A colleague's JSONL export (annotator export -f jsonl --status all) as a merge source: imported into a
temporary database of its own under the colleague's name (the reports, fresh candidates, then the decisions
the lines carry, by annotator.export.jsonl_import), which is then merged like a reviewer's file."""
from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

from .sources import MergeError

FINGERPRINT = "jsonl"  # a colleague's exports are one source however often re-exported


def line_reviewer(path: Path) -> str:
    """The reviewer named on most decided events and totals of the export."""
    names: Counter[str] = Counter()
    try:
        with path.open(encoding="utf-8") as fh:
            for n, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                line = json.loads(raw)
                for obj in (line.get("events") or []) + (line.get("facts") or []):
                    if obj.get("reviewer") and obj.get("status", "pending") != "pending":
                        names[obj["reviewer"]] += 1
    except (OSError, UnicodeDecodeError) as exc:
        raise MergeError(f"{path}: cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise MergeError(f"{path}: line {n} is not JSON: {exc.msg}") from exc
    if not names:
        raise MergeError(f"{path}: no reviewed events in it (export with --status all)")
    if len(names) > 1:
        raise MergeError(f"{path}: decisions of several reviewers ({', '.join(sorted(names))}); "
                         "merge each reviewer's own export")
    return next(iter(names))


def jsonl_to_database(path: Path) -> tuple[Path, tempfile.TemporaryDirectory, str]:
    from ..importing import ImportReport, import_paths
    from ..store import Store

    reviewer = line_reviewer(path)
    tmp = tempfile.TemporaryDirectory(prefix="annotator-merge-jsonl-")
    db = Path(tmp.name) / f"{path.stem}.db"
    report = None
    with Store(db) as store:
        for item in import_paths(store, [path], reviewer=reviewer, extract=True):
            if isinstance(item, ImportReport):
                report = item
    if report is None or report.errors:
        tmp.cleanup()
        raise MergeError(f"{path}: cannot import: {'; '.join(report.errors[:2]) if report else 'nothing read'}")
    return db, tmp, reviewer
