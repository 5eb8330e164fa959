"""The regression sets of our own (tests/nlp/fixtures/<set>/: texts.jsonl and gold/*.json in the corpus format)."""
from __future__ import annotations

import json
from pathlib import Path


def fixture_set(folder: Path) -> list[tuple[dict, dict]]:
    """(text row, gold) per gold file, in file-name order."""
    texts = {}
    for line in (folder / "texts.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts[row["meta"]["id"]] = row
    return [(texts[g["id"]], g) for g in (json.loads(p.read_text(encoding="utf-8"))
                                          for p in sorted((folder / "gold").glob("*.json")))]
